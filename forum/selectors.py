"""Read queries of the forum, shared by its pages, the API and the admin, each in a fixed number of queries."""
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchQuery
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from cms.object_visibility import visible_queryset
from cms.search import SEARCH_CONFIG, normalise_apostrophes
from cms.visibility import public
from participation.models import Comment

from .models import ForumCategory, ForumPage, ForumTopic

PUBLIC_STATUSES = [ForumTopic.Status.PUBLISHED, ForumTopic.Status.CLOSED]


def cached_addresses() -> tuple[list[str], list[str]]:
    """What the anonymous page cache keeps that shows topics (cms.modules.CachedPages): every forum's list and its
    topics' pages."""
    return [], [page.url for page in ForumPage.objects.live() if page.url]


def categories() -> list[ForumCategory]:
    return list(ForumCategory.objects.order_by("order", "name"))


def _with_comment_count(queryset: QuerySet) -> QuerySet:
    """Each topic's number of public comments, counted in the same query (a correlated subquery)."""
    counted = (
        Comment.objects.filter(content_type=ContentType.objects.get_for_model(ForumTopic),
                               object_id=OuterRef("pk"), status=Comment.Status.PUBLISHED, is_deleted=False)
        .order_by().values("object_id").annotate(total=Count("pk")).values("total")
    )
    return queryset.annotate(comment_count=Coalesce(Subquery(counted, output_field=IntegerField()), Value(0)))


def public_topics(*, forum=None, category: ForumCategory | None = None, query: str = "") -> QuerySet:
    """Published and closed topics, most recent activity first, with category, author and comment count."""
    queryset = visible_queryset(ForumTopic).select_related("category", "author", "forum")
    if forum is not None:
        queryset = queryset.filter(forum=forum)
    if category is not None:
        queryset = queryset.filter(category=category)
    queryset = search_topics(queryset, query)
    return _with_comment_count(queryset).order_by("-last_activity_at", "-pk")


def search_topics(queryset: QuerySet, query: str) -> QuerySet:
    """Topics whose title or text matches (Ukrainian full-text search)."""
    query = normalise_apostrophes(query.replace("\x00", " ")).strip()
    if not query:
        return queryset
    search = SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")
    return queryset.filter(search_vector=search)  # the stored vector (title A, text B), GIN-indexed


def visible_topic(*, topic_id: int, viewer=None, forum=None) -> ForumTopic | None:
    """The topic if ``viewer`` may see it: public ones to all, pending and hidden ones to the author and moderators."""
    queryset = visible_queryset(ForumTopic, viewer=viewer).select_related("category", "author", "forum")
    if forum is not None:
        queryset = queryset.filter(forum=forum)
    return queryset.filter(pk=topic_id).first() if 0 < topic_id < 2**63 else None


def own_unpublished_topics(user, *, forum=None) -> list[ForumTopic]:
    """The author's topics still waiting for a moderator or hidden (shown to them alone, with a note)."""
    if user is None or not user.is_authenticated:
        return []
    queryset = ForumTopic.objects.filter(author=user, status__in=[ForumTopic.Status.PENDING,
                                                                  ForumTopic.Status.HIDDEN])
    if forum is not None:
        queryset = queryset.filter(forum=forum)
    return list(queryset.select_related("category").order_by("-created_at")[:20])


def pending_topics() -> QuerySet:
    return ForumTopic.objects.filter(status=ForumTopic.Status.PENDING).select_related(
        "category", "author", "forum").order_by("created_at", "pk")


def search_public_topics(query: str) -> QuerySet:
    """Public topics of live public forums matching the words, most recent activity first: what site search shows
    (title, address, date, the start of the text; the lists' author, category and comment count are not read)."""
    queryset = visible_queryset(ForumTopic).filter(forum__in=public(ForumPage.objects.live())).select_related("forum")
    return search_topics(queryset, query).order_by("-last_activity_at", "-pk")
