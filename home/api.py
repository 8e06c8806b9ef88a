"""JSON API of the city site (/api/v3/home/): news, events, categories, search."""
import datetime
from typing import Literal

from django.db.models import OuterRef, Subquery
from django.db.models.functions import Length, Substr
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from wagtail.models import Page, Site

from cms.api_helpers import Pagination, absolute_page_url, get_or_404, image_renditions, public, shaped
from cms.errors import ApiProblem
from cms.page_api import IMAGE_RENDITIONS, ImageValue, PageLink
from cms.search import CountedSearch

from . import selectors
from .models import NewsCategory, StandardPage

router = Router(tags=["city site"])


class CategorySchema(Schema):
    id: int
    name: str
    slug: str


class SiteRenditionOut(Schema):
    url: str
    width: int
    height: int


class NewsImageOut(Schema):
    alt: str
    renditions: dict[str, SiteRenditionOut]


# Built by news_items for a whole page of articles: resolvers, one call per item and field, cost more than the rest
# of the list. (A comment, not a docstring: a docstring would change the OpenAPI document.)
class NewsListItem(Schema):
    id: int
    title: str
    url: str | None
    date: datetime.datetime
    lead: str
    is_official: bool
    categories: list[CategorySchema]
    tags: list[str]
    image: NewsImageOut | None


class RelatedPageSchema(Schema):
    id: int
    title: str
    url: str | None


class NewsDetail(NewsListItem):
    body_html: str
    related_pages: list[RelatedPageSchema]
    last_published_at: datetime.datetime | None


# Built by event_items for a whole page of events.
class EventItem(Schema):

    id: int
    title: str
    url: str | None
    start: datetime.datetime
    end: datetime.datetime | None
    location_name: str
    address: str
    organiser: str
    lead: str
    registration_url: str
    # Null with ``url``: an event in a page tree no site serves has no address.
    ical_url: str | None
    image: NewsImageOut | None


class EventDetail(EventItem):
    body_html: str


class StandardPageItem(Schema):
    id: int
    title: str
    url: str | None
    intro: str
    parent_id: int | None
    last_published_at: datetime.datetime | None

    @staticmethod
    def resolve_url(obj, context):
        return absolute_page_url(obj, context["request"])

    @staticmethod
    def resolve_parent_id(obj):
        # The list annotates parent_id in one query; the detail view asks the tree.
        if hasattr(obj, "parent_id"):
            return obj.parent_id
        return obj.get_parent().pk


class StandardPageDetail(StandardPageItem):
    body_html: str
    breadcrumbs: list[RelatedPageSchema]

    @staticmethod
    def resolve_body_html(obj):
        return str(obj.body)

    @staticmethod
    def resolve_breadcrumbs(obj, context):
        ancestors = obj.get_ancestors().filter(depth__gt=1)
        return [{"id": page.pk, "title": page.title, "url": absolute_page_url(page, context["request"])}
                for page in ancestors]


class SearchResult(Schema):
    id: int
    title: str
    url: str | None
    type: str
    summary: str

    @staticmethod
    def resolve_url(obj, context):
        return absolute_page_url(obj, context["request"])

    @staticmethod
    def resolve_type(obj):
        return obj._meta.label

    @staticmethod
    def resolve_summary(obj):
        return getattr(obj, "lead", "") or getattr(obj, "intro", "") or obj.search_description or ""


def _image_value(image, alt: str, renditions: dict[int, dict | None]) -> dict | None:
    found = renditions.get(image.pk) if image is not None else None
    return {"alt": alt, "renditions": found} if found else None


def news_items(pages, request) -> list[dict]:
    """API values of a page of articles from ``selectors.news_list_queryset`` rows (categories and tags read with
    them, renditions for all the images at once)."""
    renditions = image_renditions([page.main_image for page in pages], IMAGE_RENDITIONS, request)
    return [{"id": page.pk, "title": page.title, "url": absolute_page_url(page, request), "date": page.date,
             "lead": page.lead, "is_official": page.is_official, "categories": page.category_values,
             "tags": page.tag_names, "image": _image_value(page.main_image, page.image_alt, renditions)}
            for page in pages]


def event_items(pages, request) -> list[dict]:
    renditions = image_renditions([page.image for page in pages], IMAGE_RENDITIONS, request)
    items = []
    for page in pages:
        url = absolute_page_url(page, request)
        items.append({"id": page.pk, "title": page.title, "url": url, "start": page.start, "end": page.end,
                      "location_name": page.location_name, "address": page.address, "organiser": page.organiser,
                      "lead": page.lead, "registration_url": page.registration_url,
                      "ical_url": f"{url}ical/" if url else None,
                      "image": _image_value(page.image, page.image_description, renditions)})
    return items


class FrameSite(Schema):
    id: int
    hostname: str
    port: int
    name: str
    root_url: str
    home_page: PageLink | None


class FrameIdentity(Schema):
    city_name: str
    council_name: str
    primary_colour: str = Field(description="#RRGGBB; white text on it has a contrast of at least 4.5:1")
    coat_of_arms: ImageValue | None


class FrameContacts(Schema):
    address: str
    phone: str
    email: str
    working_hours: str
    footer_text: str


class FrameLink(Schema):
    label: str
    url: str


class FrameSocialLink(Schema):
    network: str
    name: str
    url: str


class FrameLanguage(Schema):
    code: str
    name: str
    default: bool


class SiteFrame(Schema):
    site: FrameSite
    identity: FrameIdentity
    contacts: FrameContacts
    menu: list[FrameLink]
    footer: list[FrameLink]
    social: list[FrameSocialLink]
    language: str
    languages: list[FrameLanguage]
    search_url: str


class NewsFilters(Schema):
    category: str | None = Field(None, max_length=100, pattern=r"^[-a-zA-Z0-9_]+$", description="Category slug")
    tag: str | None = Field(None, max_length=100, pattern=r"^[-\w]+$", description="Tag slug")
    month: str | None = Field(None, pattern=r"^(19|[2-9]\d)\d{2}-(0[1-9]|1[0-2])$", description="YYYY-MM, from 1900")
    year: int | None = Field(None, ge=1900, le=9999, description="Calendar year (Kyiv time); ignored with month")
    official: bool | None = None


@router.get("/news/", response=list[NewsListItem], auth=public, url_name="home_news_list",
            summary="List news articles")
@paginate(Pagination)
def list_news(request: HttpRequest, filters: NewsFilters = Query(...)):  # noqa: B008
    category = None
    if filters.category:
        category = NewsCategory.objects.filter(slug=filters.category).first()
        if category is None:
            raise ApiProblem(400, "unknown_category", _("There is no such news category."))
    month = None
    if filters.month:
        year, number = filters.month.split("-")
        month = datetime.date(int(year), int(number), 1)
    queryset = selectors.filter_news(selectors.news_list_queryset(), category=category, tag=filters.tag or "",
                                     month=month, year=filters.year, official=filters.official)
    queryset.portal_count_key = selectors.news_count_key(category=category, tag=filters.tag or "", month=month,
                                                         year=filters.year, official=filters.official, api=True)
    return shaped(queryset, lambda pages: news_items(pages, request))


@router.get("/news/{news_id}/", response=NewsDetail, auth=public, url_name="home_news_detail",
            summary="News article")
def news_detail(request: HttpRequest, news_id: int):
    page = get_or_404(selectors.news_detail_queryset(), news_id)
    related = [{"id": other.pk, "title": other.title, "url": absolute_page_url(other, request)}
               for other in selectors.related_pages(page)]
    return {**news_items([page], request)[0], "body_html": str(page.body), "related_pages": related,
            "last_published_at": page.last_published_at}


@router.get("/news-categories/", response=list[CategorySchema], auth=public, summary="News categories")
def list_categories(request: HttpRequest):
    return list(NewsCategory.objects.order_by("name"))


@router.get("/events/", response=list[EventItem], auth=public, url_name="home_events_list",
            summary="List events")
@paginate(Pagination)
def list_events(request: HttpRequest, period: Literal["upcoming", "past"] = "upcoming"):
    queryset = selectors.upcoming_events() if period == "upcoming" else selectors.past_events()
    return shaped(queryset.only(*selectors.EVENT_LIST_FIELDS), lambda pages: event_items(pages, request))


@router.get("/events/{event_id}/", response=EventDetail, auth=public, summary="Event")
def event_detail(request: HttpRequest, event_id: int):
    page = get_or_404(selectors.events_queryset(), event_id)
    return {**event_items([page], request)[0], "body_html": str(page.body)}


@router.get("/pages/", response=list[StandardPageItem], auth=public, summary="List standard pages")
@paginate(Pagination)
def list_standard_pages(request: HttpRequest, child_of: int | None = Query(None, ge=1)):  # noqa: B008
    queryset = StandardPage.objects.live().public().order_by("path")
    if child_of is not None:
        parent = Page.objects.live().public().filter(pk=child_of).first()
        if parent is None:
            raise Http404
        queryset = queryset.child_of(parent)
    return queryset.annotate(parent_id=Subquery(
        Page.objects.filter(path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Page.steplen))
        .values("pk")[:1]
    ))


@router.get("/pages/{page_id}/", response=StandardPageDetail, auth=public, summary="Standard page")
def standard_page_detail(request: HttpRequest, page_id: int):
    return get_or_404(StandardPage.objects.live().public(), page_id)


@router.get("/site/", response=SiteFrame, auth=public, url_name="home_site_frame",
            summary="The frame of every page: identity, menu, footer, social links, languages")
def site_frame(request: HttpRequest, response: HttpResponse,
               site: str | None = Query(None, max_length=255, pattern=r"^[-a-zA-Z0-9.]+(:\d{1,5})?$",  # noqa: B008
                                        description="hostname[:port] of another site; default: the request's")):

    if site:
        hostname, _sep, port = site.partition(":")
        found = Site.objects.filter(hostname=hostname, **({"port": int(port)} if port else {})).first()
        if found is None:
            raise ApiProblem(404, "unknown_site", _("There is no site with this address."))
    else:
        found = Site.find_for_request(request)
        if found is None:
            raise ApiProblem(404, "unknown_site", _("There is no site with this address."))
    # Cached by the portal until an editor changes it; a front end or CDN may keep it a minute.
    response["Cache-Control"] = "public, max-age=60"
    return selectors.site_frame(request, found)


@router.get("/search/", response=list[SearchResult], auth=public, summary="Search the site")
@paginate(Pagination)
def search(request: HttpRequest, q: str = Query(..., min_length=1, max_length=200)):  # noqa: B008
    return CountedSearch(selectors.search_pages(q))


