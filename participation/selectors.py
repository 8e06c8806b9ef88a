"""Read queries of discussions, shared by the page include and the API, in a fixed number of queries."""
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q, QuerySet
from wagtail.models import Page

from cms.object_visibility import has_visibility_rule, visible_object, visible_queryset

from .discussion import Discussion
from .models import Comment, Follow, Notification


def resolve_target(target_type: str, target_id: int, *, viewer=None):
    """The discussable object for "app_label.model" and its id, or None (unknown, not discussable, or not visible
    to ``viewer`` by its type's one visibility rule, cms.object_visibility)."""
    try:
        model = apps.get_model(target_type)
    except (LookupError, ValueError):
        return None
    if not issubclass(model, Discussion):
        return None
    return visible_object(model, target_id, viewer=viewer)


def target_label(target) -> str:
    """"app_label.model" of the object's own type (e.g. "home.newspage"), as forms and the API name it."""
    content_type = ContentType.objects.get_for_model(target)
    return f"{content_type.app_label}.{content_type.model}"


def visible_to(viewer) -> Q:
    """Published and hidden (shown as a placeholder) comments, and the viewer's own pending ones."""
    shown = Q(status__in=[Comment.Status.PUBLISHED, Comment.Status.HIDDEN])
    if viewer is not None and viewer.is_authenticated:
        shown |= Q(status=Comment.Status.PENDING, author=viewer)
    return shown


def discussion_threads(target, *, viewer=None) -> QuerySet:
    """Root comments of ``target`` with their replies, authors joined: three queries whatever the length."""
    content_type = ContentType.objects.get_for_model(target)
    replies = Comment.objects.filter(visible_to(viewer)).select_related("author").order_by("created_at", "pk")
    return (
        Comment.objects.filter(visible_to(viewer), content_type=content_type, object_id=target.pk,
                               parent__isnull=True)
        .select_related("author")
        .prefetch_related(Prefetch("replies", queryset=replies))
        .order_by("created_at", "pk")
    )


def visible_comments_count(target, *, viewer=None) -> int:
    content_type = ContentType.objects.get_for_model(target)
    return Comment.objects.filter(visible_to(viewer), content_type=content_type, object_id=target.pk).count()


def notifications_for(user) -> QuerySet:
    """The resident's inbox, newest first: only notifications whose object the resident may still see."""
    return Notification.objects.filter(still_visible_to(user), user=user).order_by("-created_at", "-pk")


def still_visible_to(user, notifications: QuerySet | None = None) -> Q:
    """Notifications about objects ``user`` may still see by their type's one visibility rule.

    An object hidden, withdrawn or unpublished after the event leaves the inbox, the unread count and the digest,
    like every other path to it. Staff notifications are exempt: they point staff at work in the admin, which has
    its own permissions. One query for the kinds of objects, then one subquery per kind."""
    notifications = Notification.objects.filter(user=user) if notifications is None else notifications
    content_type_ids = (notifications.filter(content_type__isnull=False).exclude(kind=Notification.Kind.STAFF)
                        .order_by().values_list("content_type_id", flat=True).distinct())
    allowed = Q(content_type__isnull=True) | Q(kind=Notification.Kind.STAFF)
    for content_type_id in content_type_ids:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None or not has_visibility_rule(model):
            continue  # a removed module or a type without a rule: nothing of it is shown
        allowed |= Q(content_type_id=content_type_id,
                     object_id__in=visible_queryset(model, viewer=user).order_by().values("pk"))
    return allowed


def follows_for(user) -> list:
    """What the resident follows, with the objects themselves (one query per kind of object, not per row)."""
    follows = list(Follow.objects.filter(user=user).select_related("content_type").order_by("-created_at"))
    by_type: dict[int, list[Follow]] = {}
    for item in follows:
        by_type.setdefault(item.content_type_id, []).append(item)
    for items in by_type.values():
        model = items[0].content_type.model_class()
        if model is None:
            continue
        if not has_visibility_rule(model):
            continue
        # Only what the resident may still see (a topic hidden later, a petition withdrawn: gone from the list).
        queryset = visible_queryset(model, viewer=user).select_related(*getattr(model, "discussion_url_related", ()))
        if issubclass(model, Page):
            queryset = queryset.specific()
        objects = queryset.in_bulk([item.object_id for item in items])
        for item in items:
            item.followed = objects.get(item.object_id)
    return [item for item in follows if getattr(item, "followed", None) is not None]
