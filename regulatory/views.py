"""Public views of regulatory acts: the registry with filters and search, and the open-data downloads."""
from django.conf import settings
from django.core.paginator import EmptyPage, Paginator
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from cms import pagecache

from . import opendata, selectors, services
from .forms import RegistryFilterForm

PER_PAGE = getattr(settings, "REGULATORY_ACTS_PER_PAGE", 20)


def registry(request, index_page):
    form = RegistryFilterForm(request.GET, years=selectors.registry_years(index_page),
                              departments=selectors.departments_in_use())
    context = index_page.get_context(request)
    context.update(filter_form=form, plans=selectors.plans(index_page))
    status = 200
    if form.is_valid():
        data = form.cleaned_data
        queryset = selectors.filter_acts(
            selectors.acts_queryset(index=index_page), status=data["status"], year=data["year"],
            department=data["department"], kind=data["kind"], query=data["q"],
        )
        try:
            context["acts_page"] = Paginator(queryset, PER_PAGE).page(data["page"] or 1)
        except EmptyPage:
            context["errors"], status = [_("There is no such page in this list.")], 404
        else:
            # «Comments are taken until …» is shown while a comment period lasts: it ends at a local midnight.
            today = timezone.localdate()
            if any(act.comment_period_pending(today) for act in context["acts_page"].object_list):
                pagecache.changes_at(request, pagecache.next_local_midnight())
        context["filtered"] = any(data[name] for name in ("q", "status", "kind", "department", "year"))
    else:
        context["errors"] = [message for messages in form.errors.values() for message in messages]
        status = 400
    return TemplateResponse(request, "regulatory/regulatory_act_index_page.html", context, status=status)


def acts_open_data(request, index_page, fmt: str):
    """Acts in force (adopted or tracked) under this register, in the national structure."""
    acts = selectors.acts_queryset(index=index_page, detail=True).filter(
        status__in=[services.Status.ADOPTED, services.Status.TRACKING]).order_by("decision_date", "pk")
    rows = [opendata.act_row(act, index=index_page, request=request) for act in acts]
    if fmt == "csv":
        return opendata.csv_response(rows, opendata.ACT_COLUMNS, "regulatory-acts")
    return opendata.json_response(rows, "regulatory-acts")


def plan_open_data(request, plan_page, fmt: str):
    index = plan_page.get_parent().specific
    rows = [opendata.plan_row(uid, item, index=index, request=request)
            for uid, item in selectors.numbered_plan_items(selectors.plan_items(plan_page))]
    filename = f"regulatory-plan-{plan_page.year}"
    if fmt == "csv":
        return opendata.csv_response(rows, opendata.PLAN_COLUMNS, filename)
    return opendata.json_response(rows, filename)
