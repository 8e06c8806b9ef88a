"""JSON API of discussions (/api/v3/participation/): public comments, posting and reporting by residents."""
import datetime

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from cms.api_helpers import MAX_DB_INT, Pagination, get_or_404, public, resident_auth
from cms.errors import ApiProblem

from . import notifications, selectors, services
from .models import Comment, Report
from .templatetags.participation_tags import comment_text

router = Router(tags=["participation"])


class TargetQuery(Schema):
    target_type: str = Field(..., max_length=100, description='"app_label.model", e.g. "home.newspage"')
    target_id: int = Field(..., ge=1, le=MAX_DB_INT)


class CommentOut(Schema):
    id: int
    parent_id: int | None
    author_name: str | None
    state: str = Field(..., description='"published", "pending" (your own), "hidden" or "deleted"')
    body: str
    body_html: str
    created_at: datetime.datetime
    edited_at: datetime.datetime | None

    @staticmethod
    def resolve_state(obj):
        return "deleted" if obj.is_deleted else obj.status

    @staticmethod
    def _shown(obj, context) -> bool:
        if obj.is_deleted:
            return False
        if obj.status != Comment.Status.HIDDEN:
            return True
        user = context["request"].user
        return bool(obj.author_id and user.is_authenticated and obj.author_id == user.pk)

    @staticmethod
    def resolve_body(obj, context):
        return obj.body if CommentOut._shown(obj, context) else ""

    @staticmethod
    def resolve_body_html(obj, context):
        return str(comment_text(obj.body)) if CommentOut._shown(obj, context) else ""

    @staticmethod
    def resolve_author_name(obj, context):
        return obj.author_name if CommentOut._shown(obj, context) else None


class ThreadOut(CommentOut):
    replies: list[CommentOut]

    @staticmethod
    def resolve_replies(obj):
        return list(obj.replies.all())


class CommentIn(Schema):
    target_type: str = Field(..., max_length=100)
    target_id: int = Field(..., ge=1, le=MAX_DB_INT)
    body: str = Field(..., max_length=20000)
    parent_id: int | None = Field(None, ge=1, le=MAX_DB_INT)


class ReportIn(Schema):
    reason: str = Field(..., description=", ".join(Report.Reason.values))
    text: str = Field("", max_length=500)


class CommentReportOut(Schema):
    id: int
    comment_id: int
    reason: str


def _target(target_type: str, target_id: int):
    target = selectors.resolve_target(target_type, target_id)
    if target is None:
        raise ApiProblem(404, "not_found", _("This discussion was not found."))
    return target


@router.get("/comments/", response=list[ThreadOut], auth=public, url_name="participation_comments",
            summary="Comments on a discussable object, oldest first, replies nested")
@paginate(Pagination)
def list_comments(request: HttpRequest, query: TargetQuery = Query(...)):  # noqa: B008
    target = _target(query.target_type, query.target_id)
    if not target.comments_enabled:
        return Comment.objects.none()
    return selectors.discussion_threads(target, viewer=request.user)


@router.post("/comments/", response={201: CommentOut}, auth=resident_auth, summary="Post a comment or a reply")
def post_comment(request: HttpRequest, data: CommentIn):
    target = _target(data.target_type, data.target_id)
    parent = None
    if data.parent_id:
        parent = Comment.objects.select_related("parent").filter(pk=data.parent_id).first()
        if parent is None:
            raise ApiProblem(422, "invalid_parent", _("You can only reply to a comment in this discussion."))
    comment = services.comment_post(target=target, author=request.user, body=data.body, parent=parent)
    return Status(201, comment)


@router.post("/comments/{comment_id}/reports/", response={201: CommentReportOut}, auth=resident_auth,
             summary="Report a comment to the moderators")
def report_comment(request: HttpRequest, comment_id: int, data: ReportIn):
    comment = get_or_404(Comment.objects.filter(status=Comment.Status.PUBLISHED), comment_id)
    report = services.comment_report(comment=comment, reporter=request.user, reason=data.reason, text=data.text)
    return Status(201, report)


class CommentEdit(Schema):
    body: str = Field(..., max_length=20000)


def _own_comment_or_404(comment_id: int) -> Comment:
    return get_or_404(Comment.objects.select_related("author"), comment_id)


@router.patch("/comments/{comment_id}/", response=CommentOut, auth=resident_auth,
              summary="Edit my comment (within the edit window)")
def edit_comment(request: HttpRequest, comment_id: int, data: CommentEdit):
    return services.comment_edit(comment=_own_comment_or_404(comment_id), user=request.user, body=data.body)


@router.delete("/comments/{comment_id}/", response={204: None}, auth=resident_auth,
               summary="Delete my comment (a tombstone keeps the replies in place)")
def delete_comment(request: HttpRequest, comment_id: int):
    services.comment_delete(comment=_own_comment_or_404(comment_id), user=request.user)
    return Status(204, None)


# --- following and notifications -------------------------------------------------------------------------------
class FollowIn(Schema):
    target_type: str = Field(..., max_length=100, description='"app_label.model", e.g. "home.newspage"')
    target_id: int = Field(..., ge=1, le=MAX_DB_INT)


class FollowOut(Schema):
    target_type: str
    target_id: int
    title: str
    url: str
    reason: str
    since: datetime.datetime

    @staticmethod
    def resolve_target_type(obj):
        return f"{obj.content_type.app_label}.{obj.content_type.model}"

    @staticmethod
    def resolve_target_id(obj):
        return obj.object_id

    @staticmethod
    def resolve_title(obj):
        return str(obj.followed)

    @staticmethod
    def resolve_url(obj):
        return obj.followed.get_discussion_url()

    @staticmethod
    def resolve_since(obj):
        return obj.created_at


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    url: str
    created_at: datetime.datetime
    read: bool

    @staticmethod
    def resolve_read(obj):
        return obj.read_at is not None


class ReadOut(Schema):
    marked_read: int


@router.get("/follows/", response=list[FollowOut], auth=resident_auth, summary="What I follow")
@paginate(Pagination)
def my_follows(request: HttpRequest):
    return selectors.follows_for(request.user)


@router.post("/follows/", response={201: FollowOut, 200: FollowOut}, auth=resident_auth,
             summary="Follow a discussable object (idempotent)")
def follow(request: HttpRequest, data: FollowIn):
    target = selectors.resolve_target(data.target_type, data.target_id, viewer=request.user)
    if target is None:
        raise ApiProblem(404, "not_found", _("This page was not found."))
    already = notifications.is_following(request.user, target)
    item = notifications.follow(request.user, target)
    item.followed = target
    return Status(200 if already else 201, item)


@router.delete("/follows/", response={204: None}, auth=resident_auth, summary="Stop following (idempotent)")
def unfollow(request: HttpRequest, query: FollowIn = Query(...)):  # noqa: B008
    target = selectors.resolve_target(query.target_type, query.target_id, viewer=request.user)
    if target is None:
        raise ApiProblem(404, "not_found", _("This page was not found."))
    notifications.unfollow(request.user, target)
    return Status(204, None)


@router.get("/notifications/", response=list[NotificationOut], auth=resident_auth,
            summary="My notifications, newest first")
@paginate(Pagination)
def my_notifications(request: HttpRequest, unread: bool = False):
    items = selectors.notifications_for(request.user)
    return items.filter(read_at__isnull=True) if unread else items


@router.post("/notifications/read/", response=ReadOut, auth=resident_auth, summary="Mark all my notifications read")
def read_notifications(request: HttpRequest):
    return {"marked_read": notifications.mark_all_read(request.user)}
