"""Public pages of appeals (served by AppealIndexPage): list and map of public appeals, an appeal with its timeline,
the form, "my appeals", the author's clarification and rating, statistics.
Thin wrappers over appeals.services and the visibility rule; every page works without JavaScript."""
import json
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import EmptyPage, Paginator
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from cms import maps, pagecache
from cms.errors import problem
from cms.services import user_has_verified_email

from . import selectors, services, visibility
from .forms import AppealFilterForm, AppealForm, ClarifyForm, RateForm
from .models import Appeal, choice_labels

PER_PAGE = 20
MAP_POINTS = 500  # the map shows the newest points of the filtered list; the list pages through all of them
# The map's points of the filtered list, under the index page (AppealIndexPage.points_route): the page cache and the
# HTTP cache in front keep them per filter, whatever the list's page, and purge them with the list.
POINTS_ROUTE = "tochky/"
# The list's filters in the order of the points' query string (the page number is not one: every page of a list
# shares its points, so they are fetched and cached once per filter).
POINT_FILTERS = ("q", "category", "status", "district", "date_from", "date_to")


def _errors(form) -> list[str]:
    return [message for messages_ in form.errors.values() for message in messages_]


def _page(queryset, number):
    try:
        return Paginator(queryset, PER_PAGE).page(number or 1)
    except EmptyPage:
        return None


def map_features(queryset, base_url: str) -> dict:
    """GeoJSON of public appeals with a point (the portal's map component draws it); the list beside it is the
    alternative without JavaScript. One query, the newest points first."""
    rows = queryset.filter(latitude__isnull=False).order_by("-registered_at", "-pk").values_list(
        "pk", "number", "latitude", "longitude", "status", "category__name")[:MAP_POINTS]
    labels = choice_labels(Appeal.Status)  # translated once, not per point
    return maps.feature_collection(
        maps.point_feature(latitude=float(lat), longitude=float(lon), feature_id=pk,
                           properties={"title": f"№ {number}: {category}", "subtitle": labels[status],
                                       "url": f"{base_url}{pk}/"})
        for pk, number, lat, lon, status, category in rows)


def appeals_map(*, data: dict | None = None, url: str | None = None) -> dict:
    """The map of appeals: its points inline (``data``, one appeal's page) or from an address (``url``, the list)."""
    return maps.map_config(layers=[maps.layer(layer_id="appeals", name=_("Public appeals"), data=data, url=url,
                                              cluster=True)])


def _filtered(data: dict):
    """Public appeals matching the list's filters (the one visibility rule first): the list and its points."""
    return selectors.filter_appeals(visibility.public_appeals(), category=data["category"], status=data["status"],
                                    district=data["district"].strip(), date_from=data["date_from"],
                                    date_to=data["date_to"], query=data["q"].replace("\x00", "").strip())


def points_url(index_url: str, data: dict) -> str:
    """The address of the points of the list filtered by ``data`` (the filter form's clean values): one address per
    filter, the same for every page of the list and however the filters were written."""
    values = {"category": data["category"].slug if data["category"] else "",
              "date_from": data["date_from"].isoformat() if data["date_from"] else "",
              "date_to": data["date_to"].isoformat() if data["date_to"] else "",
              "q": data["q"].replace("\x00", "").strip(), "district": data["district"].strip(),
              "status": data["status"]}
    query = urlencode([(name, values[name]) for name in POINT_FILTERS if values[name]])
    return f"{index_url}{POINTS_ROUTE}" + (f"?{query}" if query else "")


def appeal_list(request, index_page):
    form = AppealFilterForm(request.GET, districts=selectors.districts_in_use())
    context = index_page.get_context(request)
    context["filter_form"] = form
    status = 200
    index_url = selectors.index_url()
    if form.is_valid():
        data = form.cleaned_data
        page = _page(selectors.list_page_queryset(_filtered(data)).order_by("-registered_at", "-pk"), data["page"])
        if page is None:
            context["errors"], status = [_("There is no such page in this list.")], 404
        context["appeals_page"] = page
        # The points load from their own address (map.js): the list's HTML carries its 20 rows only.
        context["map_config"] = appeals_map(url=points_url(index_url, data))
    else:
        context["errors"], status = _errors(form), 400
    context["index_url"] = index_url
    return TemplateResponse(request, "appeals/appeal_index_page.html", context, status=status)


def appeal_points(request, index_page):
    """GeoJSON of the newest MAP_POINTS public appeals with a point among those the list shows with the same filters
    (``points_url``). Anonymous readers get it from the page cache, as the list."""
    form = AppealFilterForm(request.GET)  # the district menu's options are not needed to read a district
    if not form.is_valid():
        return problem(status=400, code="invalid_filters", detail=" ".join(_errors(form)))
    document = map_features(_filtered(form.cleaned_data), selectors.index_url())
    return HttpResponse(json.dumps(document, ensure_ascii=False, separators=(",", ":")),
                        content_type="application/geo+json")


def _visible(request, pk: int) -> Appeal:
    appeal = selectors.with_related(visibility.visible_appeals(request.user)).filter(pk=pk).first()
    if appeal is None:
        raise Http404  # confidential, another service's, or missing: the same answer
    return appeal


def appeal_detail(request, index_page, pk: int):
    appeal = _visible(request, pk)
    is_author = visibility.is_author(request.user, appeal)
    days_left = appeal.days_left()
    if days_left is not None:  # «N days left» (or «overdue») turns over at local midnight
        pagecache.changes_at(request, pagecache.next_local_midnight())
    context = index_page.get_context(request)
    context.update(
        appeal=appeal, is_author=is_author, timeline=selectors.timeline(appeal),
        photos=list(appeal.photos.all()), documents=list(appeal.answer_documents.all()),
        clarifications=list(appeal.clarifications.all()) if is_author else [],
        clarify_form=ClarifyForm() if is_author and appeal.awaiting_clarification else None,
        rate_form=RateForm() if is_author and appeal.status == Appeal.Status.ANSWERED else None,
        days_left=days_left, index_url=selectors.index_url(),
        map_config=appeals_map(data=maps.feature_collection([maps.point_feature(
            latitude=float(appeal.latitude), longitude=float(appeal.longitude), feature_id=appeal.pk,
            properties={"title": f"№ {appeal.number}", "subtitle": appeal.address})])) if appeal.has_point else None,
    )
    return TemplateResponse(request, "appeals/appeal_page.html", context)


def appeal_author_action(request, index_page, pk: int, action: str):
    """POST only: the author's clarification ("utochnennia") or rating ("otsinka")."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.is_authenticated:
        return redirect_to_login(request.path, settings.LOGIN_URL)
    appeal = _visible(request, pk)
    form = (ClarifyForm if action == "utochnennia" else RateForm)(request.POST)
    try:
        if not form.is_valid():
            raise services.AppealError("invalid", " ".join(_errors(form)))
        if action == "utochnennia":
            services.appeal_clarify(appeal=appeal, author=request.user, answer=form.cleaned_data["answer"])
            messages.success(request, _("Thank you: your clarification is passed to the executor."))
        else:
            data = form.cleaned_data
            services.appeal_rate(appeal=appeal, author=request.user, satisfied=data["satisfied"],
                                 comment=data["comment"], reopen=data["reopen"])
            messages.success(request, _("Thank you for your rating."))
    except services.AppealError as error:
        messages.error(request, error.message)
    return HttpResponseRedirect(f"{selectors.index_url()}{appeal.pk}/")


def appeal_create(request, index_page):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
    deputy = request.GET.get("deputy", "")
    initial = {"addressee": f"deputy-{deputy}"} if deputy.isascii() and deputy.isdigit() and len(deputy) < 19 else {}
    form = AppealForm(request.POST or None, request.FILES or None, initial=initial)
    errors = []
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                appeal = services.appeal_submit(
                    author=request.user, kind=data["kind"], category=data["category"], text=data["text"],
                    is_public=data["is_public"], deputy_id=form.deputy_id, latitude=data["latitude"],
                    longitude=data["longitude"], address=data["address"], photos=data["photos"])
            except services.AppealError as error:
                errors, status = [error.message], 422
            else:
                messages.success(request, _("Your appeal is registered under number %(number)s. The confirmation "
                                            "is sent to your e-mail.") % {"number": appeal.number})
                return HttpResponseRedirect(f"{selectors.index_url()}{appeal.pk}/")
        else:
            errors, status = _errors(form), 422
    context = index_page.get_context(request)
    context.update(form=form, errors=errors, can_submit=user_has_verified_email(request.user),
                   has_name=len((request.user.full_name or "").split()) >= 2, bounds=maps.city_bounds())
    return TemplateResponse(request, "appeals/appeal_form.html", context, status=status)


def my_appeals(request, index_page):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
    number = request.GET.get("page", "1")
    if not (number.isascii() and number.isdigit()) or len(number) > 6:
        raise Http404
    page = _page(selectors.my_appeals(request.user), int(number))
    if page is None:
        raise Http404
    context = index_page.get_context(request)
    context.update(appeals_page=page, index_url=selectors.index_url())
    return TemplateResponse(request, "appeals/my_appeals.html", context)


def appeal_statistics(request, index_page):
    form = AppealFilterForm(request.GET)
    context = index_page.get_context(request)
    status = 200
    if form.is_valid():
        data = form.cleaned_data
        stats = selectors.statistics(date_from=data["date_from"], date_to=data["date_to"],
                                     category=data["category"])
        context["stats"] = stats
        context["max_category"] = max([row["count"] for row in stats.by_category], default=0)
        context["max_month"] = max([row["count"] for row in stats.by_month], default=0)
    else:
        context["errors"], status = _errors(form), 400
    context.update(filter_form=form, index_url=selectors.index_url())
    return TemplateResponse(request, "appeals/statistics.html", context, status=status)
