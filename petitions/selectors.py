"""Read queries of petitions, shared by pages, the API, open data and the admin, in a bounded number of queries."""
import datetime

from django.contrib.auth import get_user_model
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.core.cache import cache
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone
from wagtail.models import Site

from cms.search import SEARCH_CONFIG, searchable_text

from .models import Petition, PetitionCategory, PetitionIndexPage, PetitionSettings, Signature

SETTINGS_CACHE_KEY = "petitions:settings"
INDEX_URL_CACHE_KEY = "petitions:index-url"

# Rejected petitions were never published: they sort by the day they were submitted.
NEWEST = Coalesce("published_at", "submitted_at").desc(nulls_last=True)
SORTS = {
    "newest": (NEWEST, "-pk"),
    "most_signed": ("-signature_count", NEWEST, "-pk"),
    "ending_soon": (F("collection_ends_at").asc(nulls_last=True), "-pk"),
}


def petition_settings() -> PetitionSettings:
    """The default site's petition settings, cached briefly (they are read on every signature)."""
    found = cache.get(SETTINGS_CACHE_KEY)
    if found is None:
        site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
        found = PetitionSettings.for_site(site) if site else PetitionSettings()
        cache.set(SETTINGS_CACHE_KEY, found, 60)
    return found


def index_page() -> PetitionIndexPage | None:
    return PetitionIndexPage.objects.live().public().first()


def index_url() -> str:
    url = cache.get(INDEX_URL_CACHE_KEY)
    if url is None:
        page = index_page()
        url = (page.url if page else None) or "/petytsii/"
        cache.set(INDEX_URL_CACHE_KEY, url, 300)
    return url


def cached_addresses() -> tuple[list[str], list[str]]:
    """What the anonymous page cache keeps that shows petition categories and settings (cms.modules.CachedPages):
    everything under the index (the list with its category filter, each petition, open data; the settings decide
    whether rejected petitions are listed and whether petitions take comments). Read afresh, not through
    ``index_url``: a change made before the index exists must not keep its stand-in address."""
    page = index_page()
    return [], [page.url] if page is not None and page.url else []


def public_statuses() -> list[str]:
    statuses = list(Petition.PUBLIC_STATUSES)
    if not petition_settings().list_rejected:
        statuses.remove(Petition.Status.REJECTED)
    return statuses


def visible_petitions(viewer=None) -> QuerySet:
    """The visibility rule of petitions (cms.object_visibility): the public statuses to everyone; a draft only to
    its author (the form promises that only they see it); a submitted petition also to its author, and to
    moderators from the moment it reaches moderation."""
    shown = Q(status__in=public_statuses())
    if viewer is not None and viewer.is_authenticated:
        shown |= Q(author=viewer)
        from .services import MODERATE

        if viewer.has_perm(MODERATE):
            shown |= ~Q(status=Petition.Status.DRAFT)
    return Petition.objects.filter(shown)


def public_petitions() -> QuerySet:
    return visible_petitions().select_related("category")


def filter_petitions(queryset: QuerySet, *, status: str = "", category: PetitionCategory | None = None,
                     query: str = "", sort: str = "newest") -> QuerySet:
    if status:
        queryset = queryset.filter(status=status)
    if category is not None:
        queryset = queryset.filter(category=category)
    if query:
        query = searchable_text(query)
        search = SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")
        queryset = queryset.filter(search_vector=search)  # the stored vector (title A, text B)
    return queryset.order_by(*SORTS.get(sort, SORTS["newest"]))


def similar_petitions(title: str, *, exclude_pk: int | None = None, limit: int = 5) -> list[Petition]:
    """Published petitions whose titles share words with ``title`` (Ukrainian full-text, any word matches)."""
    words = [word for word in searchable_text(title).split() if len(word) > 2][:12]
    if not words:
        return []
    search = None
    for word in words:
        term = SearchQuery(word, config=SEARCH_CONFIG, search_type="plain")
        search = term if search is None else search | term
    vector = SearchVector("title", config=SEARCH_CONFIG)
    queryset = (public_petitions().annotate(search=vector, rank=SearchRank(vector, search))
                .filter(search=search).exclude(status=Petition.Status.REJECTED))
    if exclude_pk:
        queryset = queryset.exclude(pk=exclude_pk)
    return list(queryset.order_by("-rank", "-published_at")[:limit])


def public_signatures(petition: Petition) -> QuerySet:
    """Names and dates only: the e-mail and address are never loaded for public lists."""
    return (Signature.objects.filter(petition=petition, is_valid=True)
            .only("pk", "name", "created_at", "petition_id").order_by("created_at", "pk"))


def timeline(petition: Petition) -> QuerySet:
    return petition.status_changes.order_by("at", "pk")


def petitions_by_author(user) -> QuerySet:
    return Petition.objects.filter(author=user).select_related("category").order_by("-created_at")


def petitions_signed_by(user) -> QuerySet:
    return (Petition.objects.filter(signatures__user=user).select_related("category")
            .order_by("-signatures__created_at"))


def has_signed(petition: Petition, user) -> bool:
    return bool(user.is_authenticated) and Signature.objects.filter(petition=petition, user=user).exists()


def waiting_for_moderation() -> QuerySet:
    return Petition.objects.filter(status=Petition.Status.MODERATION).order_by("submitted_at")


def overdue_for_moderation(today=None) -> QuerySet:
    return waiting_for_moderation().filter(publication_due__lt=today or timezone.localdate())


def awaiting_answer() -> QuerySet:
    return Petition.objects.filter(status=Petition.Status.CONSIDERATION).order_by("response_due")


def signing_bursts(*, since, limit: int = 50) -> dict[str, list[dict]]:
    """Where many valid signatures came from the same IP address or e-mail domain since ``since``."""
    recent = Signature.objects.filter(created_at__gte=since, is_valid=True)
    by_ip = (recent.exclude(ip_address=None).values("ip_address", "petition_id", "petition__title")
             .annotate(signatures=Count("pk")).filter(signatures__gt=1).order_by("-signatures")[:limit])
    by_domain = (recent.exclude(email_domain="").annotate(domain=Lower("email_domain"))
                 .values("domain", "petition_id", "petition__title")
                 .annotate(signatures=Count("pk")).filter(signatures__gt=1).order_by("-signatures")[:limit])
    return {"ip": list(by_ip), "domain": list(by_domain)}


def staff_to_notify():
    """Active staff who answer petitions (their role has the permission) and superusers."""
    User = get_user_model()
    permission = Q(groups__permissions__codename="answer_petition",
                   groups__permissions__content_type__app_label="petitions")
    return User.objects.filter(permission | Q(is_superuser=True), is_active=True).distinct()


def search_public_petitions(query: str) -> QuerySet:
    """Public petitions matching the words, newest first: what site search shows of petitions (cms.search)."""
    return filter_petitions(public_petitions(), query=query)


def days_left_changes_at(petitions) -> datetime.datetime | None:
    """The first moment one of these (loaded) petitions shows a day fewer left to sign: a list showing them is kept
    by the page caches until then (cms.pagecache.changes_at). No query."""
    now = timezone.now()
    return min(filter(None, (petition.days_left_changes_at(now) for petition in petitions)), default=None)
