"""JSON API of the forum (/api/v3/participation/forum/): categories, topics by activity, starting a topic.

A topic's comments come from the discussion API: /api/v3/participation/comments/?target_type=forum.forumtopic."""
import datetime

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from cms.api_helpers import Pagination, in_id_range, public, resident_auth
from cms.errors import ApiProblem
from participation.templatetags.participation_tags import comment_text

from . import selectors, services
from .models import ForumCategory, ForumPage

router = Router(tags=["forum"])
TARGET_TYPE = "forum.forumtopic"


class ForumCategoryOut(Schema):
    id: int
    name: str
    slug: str
    description: str


class TopicItem(Schema):
    id: int
    title: str
    url: str
    category: ForumCategoryOut
    author_name: str
    status: str = Field(..., description='"published" or "closed"; your own: also "pending" or "hidden"')
    comment_count: int
    created_at: datetime.datetime
    last_activity_at: datetime.datetime
    comments_url: str

    @staticmethod
    def resolve_url(obj, context):
        return context["request"].build_absolute_uri(obj.get_url(context["request"]))

    @staticmethod
    def resolve_comment_count(obj):
        return getattr(obj, "comment_count", 0)

    @staticmethod
    def resolve_comments_url(obj, context):
        return context["request"].build_absolute_uri(
            f"/api/v3/participation/comments/?target_type={TARGET_TYPE}&target_id={obj.pk}")


class TopicDetail(TopicItem):
    body: str
    body_html: str
    hide_reason: str
    comments_closed: bool

    @staticmethod
    def resolve_body_html(obj):
        return str(comment_text(obj.body))

    @staticmethod
    def resolve_hide_reason(obj, context):
        user = context["request"].user
        return obj.hide_reason if obj.author_id and user.is_authenticated and obj.author_id == user.pk else ""


class TopicFilters(Schema):
    category: str | None = Field(None, max_length=100, pattern=r"^[-a-zA-Z0-9_]+$", description="Category slug")
    q: str | None = Field(None, max_length=200, description="Words to find in titles and texts")


class TopicIn(Schema):
    category: str = Field(..., max_length=100, description="Category slug")
    title: str = Field(..., max_length=2000)
    body: str = Field(..., max_length=50000)


def _forum() -> ForumPage:
    forum = ForumPage.objects.live().public().order_by("path").first()
    if forum is None:
        raise ApiProblem(404, "not_found", _("The forum is not open on this site."))
    return forum


@router.get("/categories/", response=list[ForumCategoryOut], auth=public, summary="Forum categories")
def list_categories(request: HttpRequest):
    return selectors.categories()


@router.get("/topics/", response=list[TopicItem], auth=public, url_name="forum_topics",
            summary="Published forum topics, most recent activity first")
@paginate(Pagination)
def list_topics(request: HttpRequest, filters: TopicFilters = Query(...)):  # noqa: B008
    category = None
    if filters.category:
        category = ForumCategory.objects.filter(slug=filters.category).first()
        if category is None:
            raise ApiProblem(400, "unknown_category", _("There is no such forum category."))
    return selectors.public_topics(forum=_forum(), category=category, query=filters.q or "")


@router.get("/topics/{topic_id}/", response=TopicDetail, auth=public, summary="Forum topic")
def topic_detail(request: HttpRequest, topic_id: int):
    topic = selectors.visible_topic(topic_id=topic_id, viewer=request.user, forum=_forum()) \
        if in_id_range(topic_id) else None
    if topic is None:
        raise ApiProblem(404, "not_found", _("Nothing was found at this address."))
    return topic


@router.post("/topics/", response={201: TopicDetail}, auth=resident_auth,
             summary="Start a topic (it is published after moderation)")
def create_topic(request: HttpRequest, data: TopicIn):
    forum = _forum()
    category = ForumCategory.objects.filter(slug=data.category).first()
    topic = services.topic_create(forum=forum, author=request.user, category=category, title=data.title,
                                  body=data.body)
    return Status(201, topic)

