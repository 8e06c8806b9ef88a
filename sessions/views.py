"""Public pages of the council: deputies, factions, sessions and votes, drafts, decisions, find my deputy."""
from django.apps import apps
from django.conf import settings
from django.core.paginator import EmptyPage, Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from cms import pagecache
from cms.api_helpers import in_id_range

from . import selectors
from .forms import (
    DecisionFilterForm,
    DeputyFilterForm,
    DraftFilterForm,
    FindDeputyForm,
    SessionFilterForm,
    VoteRecordFilterForm,
)
from .geo import districts_geojson
from .models import Choice, Committee, DecisionTopic, ElectoralDistrict, Faction, VoteEvent
from .names import ukrainian_sort_key


def _paginate(items, page_number, per_page, *, count: int | None = None):
    """``count``: the number of items when the caller knows it already (no COUNT query)."""
    paginator = Paginator(items, per_page)
    if count is not None:
        paginator.count = count  # a cached_property: set, it is not computed
    try:
        return paginator.page(page_number or 1), None
    except EmptyPage:
        return None, _("There is no such page in this list.")


def _form_errors(form) -> list[str]:
    return [message for messages in form.errors.values() for message in messages]


# --- deputies ---------------------------------------------------------------------------------------
def deputy_index(request, index_page):
    form = DeputyFilterForm(request.GET)
    context = index_page.get_context(request)
    context.update(filter_form=form, factions=Faction.objects.all(), committees=Committee.objects.all(),
                   districts=ElectoralDistrict.objects.all())
    status = 200
    if form.is_valid():
        deputies = selectors.filter_deputies(selectors.deputies_queryset().child_of(index_page),
                                             **form.cleaned_data)
        context["deputies"] = sorted(deputies, key=lambda deputy: ukrainian_sort_key(deputy.full_name))
    else:
        context["errors"], status = _form_errors(form), 400
    return TemplateResponse(request, "council/deputy_index_page.html", context, status=status)


def faction_list(request, index_page):
    context = index_page.get_context(request)
    context["faction_list"] = list(selectors.factions_with_members())
    context["outside"] = list(selectors.deputies_queryset().child_of(index_page).filter(faction__isnull=True)
                              .order_by("family_name"))
    return TemplateResponse(request, "council/faction_list.html", context)


def _appeal_url(deputy) -> str:
    """«Write to this deputy»: the appeals module's form for this deputy (its named interface), or the address the
    setting gives; empty: the page offers the deputy's e-mail instead."""
    if settings.COUNCIL_APPEAL_URL:
        return settings.COUNCIL_APPEAL_URL.format(id=deputy.pk)
    if apps.is_installed("appeals"):
        from appeals.interface import deputy_appeal_url

        return deputy_appeal_url(deputy.pk)
    return ""


DEPUTY_VOTES_PER_PAGE = 20


def deputy_context(request, deputy) -> dict:
    # The per-session summaries decide the filter's choices, the statistics and the list's count: kept for every
    # anonymous reader like the page's fragment (cms.pagecache), renewed with it by every purge.
    name = f"council:deputy-session-summaries:{deputy.pk}"
    summaries = pagecache.shared_values(request, {name: lambda: selectors.deputy_session_summaries(deputy)})[name]
    data = request.GET.copy()
    if "session" not in data and summaries:
        data["session"] = str(summaries[0].session_id)  # the latest session first; "All sessions" sends session=
    form = VoteRecordFilterForm(data, sessions=summaries)
    context = {"record_form": form, "session_summaries": summaries, "choices": Choice.values,
               # Added up from the summaries: the same counts without another pass over the deputy's votes.
               "statistics": selectors.statistics_of_summaries(summaries),
               # Read only when the page's cached fragment is rendered (cms.pagecache.cached_fragment).
               "profile": SimpleLazyObject(lambda: selectors.deputy_profile(deputy)), "vote_base_url": "",
               "appeal_url": SimpleLazyObject(lambda: _appeal_url(deputy))}
    if form.is_valid():
        filters = {"choice": form.cleaned_data["choice"] or None, "session_id": form.cleaned_data["session"]}
        records = selectors.deputy_vote_records(deputy, **filters)
        # 20 votes a page: on a phone each wraps to several lines (the whole history was ~5,000 px long)
        page, error = _paginate(records, form.cleaned_data["page"], DEPUTY_VOTES_PER_PAGE,
                                count=selectors.records_count_of_summaries(summaries, **filters))
        if page is not None:
            context["vote_base_url"] = SimpleLazyObject(lambda: _vote_base_url(page.object_list))
        context["records_page"] = page
        if error:
            context["errors"] = [error]
    else:
        context["errors"] = _form_errors(form)
    return context


def _vote_base_url(records) -> str:
    return selectors.vote_base_url(records[0].event.session) if records else ""


def deputy_serve(request, deputy, serve, *args, **kwargs):
    response = serve(request, *args, **kwargs)
    if getattr(response, "context_data", None) and response.context_data.get("errors"):
        response.status_code = 400 if not response.context_data.get("records_page") else response.status_code
    return response


# --- sessions and votes ----------------------------------------------------------------------------
def session_index(request, index_page):
    form = SessionFilterForm(request.GET)
    context = index_page.get_context(request)
    context["filter_form"] = form
    status = 200
    if form.is_valid():
        data = form.cleaned_data
        sessions = selectors.filter_sessions(selectors.sessions_queryset().child_of(index_page), **data)
        page, error = _paginate(sessions, data["page"], 20)
        if error:
            context["errors"], status = [error], 404
        context.update(sessions_page=page, period=data["period"] or "upcoming")
        if page is not None:
            now = timezone.now()
            for session in page:  # a listed session going live or ending changes the list's badges
                pagecache.changes_at(request, session.next_status_change(now))
            if data["period"] == "past" or page.number > 1:
                # A session that ends joins the past list, or moves the later upcoming pages up, unlisted here.
                pagecache.changes_at(request, selectors.next_session_end(index=index_page, now=now))
    else:
        context["errors"], status = _form_errors(form), 400
    return TemplateResponse(request, "council/session_index_page.html", context, status=status)


def session_ical(request, index_page):
    from .ical import sessions_calendar_response

    sessions = selectors.sessions_queryset().child_of(index_page).order_by("-start")[:200]
    return sessions_calendar_response(sessions, request, filename="sesii.ics")


def vote_event(request, index_page, event_id: int):
    if not in_id_range(event_id):
        raise Http404
    event = get_object_or_404(VoteEvent.objects.select_related("session", "agenda_item"), pk=event_id,
                              session__live=True)
    context = index_page.get_context(request)
    context.update(event=event, **selectors.vote_event_table(event))
    return TemplateResponse(request, "council/vote_event.html", context)


def draft_index(request, index_page):
    form = DraftFilterForm(request.GET)
    context = index_page.get_context(request)
    context["filter_form"] = form
    status = 200
    if form.is_valid():
        drafts = selectors.filter_drafts(selectors.drafts_queryset().child_of(index_page), **form.cleaned_data)
        page, error = _paginate(drafts, form.cleaned_data["page"], 20)
        if error:
            context["errors"], status = [error], 404
        context["drafts_page"] = page
    else:
        context["errors"], status = _form_errors(form), 400
    return TemplateResponse(request, "council/draft_index_page.html", context, status=status)


def decision_index(request, index_page):
    form = DecisionFilterForm(request.GET)
    context = index_page.get_context(request)
    context.update(filter_form=form, topics=DecisionTopic.objects.all(),
                   sessions=selectors.sessions_queryset().order_by("-start"))
    status = 200
    if form.is_valid():
        decisions = selectors.filter_decisions(selectors.decisions_queryset().child_of(index_page),
                                               **form.cleaned_data)
        page, error = _paginate(decisions, form.cleaned_data["page"], 20)
        if error:
            context["errors"], status = [error], 404
        context["decisions_page"] = page
    else:
        context["errors"], status = _form_errors(form), 400
    return TemplateResponse(request, "council/decision_index_page.html", context, status=status)


def find_my_deputy(request, index_page):
    """Works as a plain form; where JavaScript runs, a button fills the coordinates from the device."""
    form = FindDeputyForm(request.GET or None)
    context = index_page.get_context(request)
    districts = list(ElectoralDistrict.objects.all())
    context.update(form=form, districts=districts)
    status = 200
    if request.GET:
        if form.is_valid() and form.cleaned_data["mode"]:
            data = form.cleaned_data
            answer = (selectors.district_by_address(street=data["street"], house=data["house"])
                      if data["mode"] == "address"
                      else selectors.district_by_point(longitude=data["lon"], latitude=data["lat"]))
            context["answer"] = answer
            if answer.district is None:
                context["errors"], status = [answer.error], 404
            else:
                context["district_deputies"] = list(selectors.deputies_of_district(answer.district))
        elif form.is_valid():
            context["errors"], status = [_("Give a street and house number, or coordinates.")], 400
        else:
            context["errors"], status = _form_errors(form), 400
    context["districts_map"] = _districts_map(request, index_page, districts, current=getattr(
        context.get("answer"), "district", None))
    return TemplateResponse(request, "council/find_my_deputy.html", context, status=status)


def _districts_map(request, index_page, districts, *, current):
    """The map component's configuration: the districts, each with its deputies (one query for all of them)."""
    from cms.maps import layer, map_config

    deputies_by_district: dict[int, list[dict]] = {}
    deputies = selectors.deputies_queryset().filter(district__isnull=False).order_by("family_name", "given_name")
    for deputy in deputies:
        deputies_by_district.setdefault(deputy.district_id, []).append(
            {"title": deputy.full_name, "url": deputy.get_url(request)})
    data = districts_geojson(districts, deputies_by_district=deputies_by_district,
                             page_url=index_page.get_url(request) + index_page.reverse_subpage("find_route"),
                             current=current)
    if data is None:
        return None
    return map_config(layers=[layer(layer_id="districts", name=_("Electoral districts"), data=data)])

