"""JSON API of the city site (/api/v3/home/): news, events, categories, search."""
import datetime
import logging
from typing import Literal

from django.db.models import OuterRef, Prefetch, Subquery, prefetch_related_objects
from django.db.models.functions import Length, Substr
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from wagtail.images import get_image_model
from wagtail.images.models import Filter, SourceImageIOError
from wagtail.models import Page, Site

from cms.api_helpers import Pagination, absolute_page_url, get_or_404, public, serialized_with
from cms.errors import ApiProblem
from cms.page_api import ImageValue, PageLink
from cms.search import CountedSearch

from . import selectors
from .models import NewsCategory, NewsPage, NewsPageTag, StandardPage

logger = logging.getLogger(__name__)
router = Router(tags=["city site"])

IMAGE_RENDITIONS = {"thumbnail": "fill-400x250", "large": "width-1200"}


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

    @staticmethod
    def resolve_url(obj, context):
        return absolute_page_url(obj, context["request"])

    @staticmethod
    def resolve_categories(obj):
        return list(obj.categories.all())

    @staticmethod
    def resolve_tags(obj):
        return [tag.name for tag in obj.tags.all()]

    @staticmethod
    def resolve_image(obj, context):
        return image_payload(obj.main_image, obj.image_alt, context["request"])


class RelatedPageSchema(Schema):
    id: int
    title: str
    url: str | None


class NewsDetail(NewsListItem):
    body_html: str
    related_pages: list[RelatedPageSchema]
    last_published_at: datetime.datetime | None

    @staticmethod
    def resolve_body_html(obj):
        return str(obj.body)

    @staticmethod
    def resolve_related_pages(obj, context):
        return [{"id": page.pk, "title": page.title, "url": absolute_page_url(page, context["request"])}
                for page in selectors.related_pages(obj)]


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
    ical_url: str
    image: NewsImageOut | None

    @staticmethod
    def resolve_url(obj, context):
        return absolute_page_url(obj, context["request"])

    @staticmethod
    def resolve_ical_url(obj, context):
        return absolute_page_url(obj, context["request"]) + "ical/"

    @staticmethod
    def resolve_image(obj, context):
        return image_payload(obj.image, obj.image_description, context["request"])


class EventDetail(EventItem):
    body_html: str

    @staticmethod
    def resolve_body_html(obj):
        return str(obj.body)


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


# Parsed once: a Filter made from its spec string on every call parses its operations again.
_RENDITION_FILTERS = {name: Filter(spec=spec) for name, spec in IMAGE_RENDITIONS.items()}


def _prefetch_missing_renditions(images) -> None:
    """Renditions come from the renditions cache (each worker's memory); the images some of whose renditions are
    not there get theirs in one query, so a cold worker does not read them image by image."""
    rendition_model = get_image_model().get_rendition_model()
    keys = {image.pk: [rendition_model.construct_cache_key(image, filter_.get_cache_key(image), filter_.spec)
                       for filter_ in _RENDITION_FILTERS.values()] for image in images}
    cached = rendition_model.cache_backend.get_many([key for image_keys in keys.values() for key in image_keys])
    missing = [image for image in images if any(key not in cached for key in keys[image.pk])]
    if missing:
        prefetch_related_objects(missing, Prefetch("renditions", queryset=rendition_model.objects.filter(
            filter_spec__in=[filter_.spec for filter_ in _RENDITION_FILTERS.values()])))


def image_payload(image, alt: str, request) -> dict | None:
    if image is None:
        return None
    renditions = {}
    for name, filter_ in _RENDITION_FILTERS.items():
        try:
            rendition = image.get_rendition(filter_)
        except SourceImageIOError:  # a lost file must not break the whole list
            logger.warning("Image %s has no source file; left out of the API response", image.pk)
            return None
        renditions[name] = {"url": request.build_absolute_uri(rendition.url),
                            "width": rendition.width, "height": rendition.height}
    return {"alt": alt, "renditions": renditions}


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


def _news_api_queryset():
    return selectors.news_queryset().prefetch_related("main_image__renditions")


def news_list_items(pages: list, request: HttpRequest) -> list[dict]:
    """``NewsListItem`` of each article (same keys, order and values), with the categories, tags and renditions of
    all of them read at once: no queryset is built per article."""
    ids = [page.pk for page in pages]
    categories: dict[int, list[dict]] = {pk: [] for pk in ids}
    for page_id, pk, name, slug in (NewsPage.categories.through.objects.filter(newspage_id__in=ids)
                                    .order_by("newscategory__name")
                                    .values_list("newspage_id", "newscategory_id", "newscategory__name",
                                                 "newscategory__slug")):
        categories[page_id].append({"id": pk, "name": name, "slug": slug})
    tags: dict[int, list[str]] = {pk: [] for pk in ids}
    # In the order they were given (taggit's own prefetch has no order; the database gave this one).
    for page_id, name in (NewsPageTag.objects.filter(content_object_id__in=ids).order_by("pk")
                          .values_list("content_object_id", "tag__name")):
        tags[page_id].append(name)
    _prefetch_missing_renditions(list({page.main_image_id: page.main_image for page in pages
                                       if page.main_image_id}.values()))
    return [{"id": page.pk, "title": page.title, "url": absolute_page_url(page, request), "date": page.date,
             "lead": page.lead, "is_official": page.is_official, "categories": categories[page.pk],
             "tags": tags[page.pk], "image": image_payload(page.main_image, page.image_alt, request)}
            for page in pages]


@router.get("/news/", response=list[NewsListItem], auth=public, url_name="home_news_list",
            summary="List news articles")
@serialized_with(news_list_items)
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
    # Categories, tags and renditions are read for the page's articles only, by news_list_items.
    queryset = selectors.filter_news(selectors.news_queryset().prefetch_related(None), category=category,
                                     tag=filters.tag or "", month=month, year=filters.year, official=filters.official)
    queryset.portal_count_key = selectors.news_count_key(category=category, tag=filters.tag or "", month=month,
                                                         year=filters.year, official=filters.official, api=True)
    return queryset


@router.get("/news/{news_id}/", response=NewsDetail, auth=public, url_name="home_news_detail",
            summary="News article")
def news_detail(request: HttpRequest, news_id: int):
    return get_or_404(_news_api_queryset(), news_id)


@router.get("/news-categories/", response=list[CategorySchema], auth=public, summary="News categories")
def list_categories(request: HttpRequest):
    return list(NewsCategory.objects.order_by("name"))


@router.get("/events/", response=list[EventItem], auth=public, url_name="home_events_list",
            summary="List events")
@paginate(Pagination)
def list_events(request: HttpRequest, period: Literal["upcoming", "past"] = "upcoming"):
    queryset = selectors.upcoming_events() if period == "upcoming" else selectors.past_events()
    return queryset.prefetch_related("image__renditions")


@router.get("/events/{event_id}/", response=EventDetail, auth=public, summary="Event")
def event_detail(request: HttpRequest, event_id: int):
    return get_or_404(selectors.events_queryset(), event_id)


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


