"""Pages of consultations: the filtered list, the consultation with its questionnaire, and answering it.
Thin: rules live in services, reads in selectors; everything works without JavaScript."""
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import EmptyPage, Paginator
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from cms import pagecache
from cms.services import user_has_verified_email

from . import selectors, services
from .forms import ConsultationFilterForm
from .opendata import OPEN_DATA_COLUMNS

PER_PAGE = 10


def consultation_index(request, index_page):
    form = ConsultationFilterForm(request.GET, years=selectors.consultation_years(index_page))
    # Statuses (and what a status filter lists) turn over by the clock: the list is kept until the next turnover.
    pagecache.changes_at(request, selectors.next_status_change(index=index_page))
    context = index_page.get_context(request)
    context.update(filter_form=form, open_data_columns=OPEN_DATA_COLUMNS)
    status = 200
    if form.is_valid():
        data = form.cleaned_data
        queryset = selectors.filter_consultations(
            selectors.consultations_queryset(), index=index_page, status=data["status"], year=data["year"],
            query=data["q"])
        try:
            context["consultations"] = Paginator(queryset, PER_PAGE).page(data["page"] or 1)
        except EmptyPage:
            context["errors"], status = [_("There is no such page in this list.")], 404
        context["active_filters"] = data
    else:
        context["errors"] = [message for errors in form.errors.values() for message in errors]
        status = 400
    return TemplateResponse(request, "consultations/consultation_index_page.html", context, status=status)


def _shown(page) -> dict:
    """What the page shows everyone: documents, report, questionnaire and, once closed, its results."""
    questions = selectors.questionnaire(page)
    return {"documents": selectors.documents(page), "questions": questions,
            "proposals": list(page.proposals.order_by("sort_order", "pk")) if page.has_report else [],
            "results": selectors.results(page, questions) if questions and page.results_visible else None}


def _page_context(request, page, *, selected=None, errors=()):
    context = page.get_context(request)
    user = request.user
    # Read only when the page's cached fragment is rendered (cms.pagecache.cached_fragment), which is kept per status.
    context.update(pagecache.lazy_values(lambda: _shown(page), ("documents", "questions", "proposals", "results")))
    context.update(
        errors=list(errors), selected=selected or {},
        answered=selectors.has_answered(page, user),
        verified=user.is_authenticated and user_has_verified_email(user),
    )
    return context


def consultation_page(request, page):
    # The status, the questionnaire (or its results) and the comment form change when the consultation opens or closes.
    pagecache.changes_at(request, page.next_status_change())
    return TemplateResponse(request, "consultations/consultation_page.html", _page_context(request, page))


def _posted_choices(request, questions) -> dict[int, list[int]] | None:
    """{question id: [option ids]} from the form, or None when a value is not even a number."""
    choices = {}
    for question in questions:
        try:
            choices[question.pk] = [int(value) for value in request.POST.getlist(f"question-{question.pk}")]
        except ValueError:
            return None
    return choices


def consultation_respond(request, page):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.is_authenticated:
        return redirect_to_login(page.url + "#questionnaire", settings.LOGIN_URL)
    questions = selectors.questionnaire(page)
    choices = _posted_choices(request, questions)
    try:
        if choices is None:
            raise services.ConsultationError("invalid_answer", _("Choose the answers among the given options."))
        services.consultation_answer(consultation=page, user=request.user, choices=choices)
    except services.ConsultationError as error:
        if error.code in ("already_answered", "consultation_not_open", "no_questionnaire", "not_verified"):
            messages.error(request, error.message)
            return HttpResponseRedirect(page.url + "#questionnaire")
        context = _page_context(request, page, selected=choices or {}, errors=[error.message])
        return TemplateResponse(request, "consultations/consultation_page.html", context, status=error.status)
    messages.success(request, _("Thank you, your answers have been recorded. The results will be published "
                                "when the consultation closes."))
    return HttpResponseRedirect(page.url + "#questionnaire")
