"""{% discussion object %}: the thread, the form or what the visitor must do first, the closed note."""
from django import template
from django.conf import settings
from django.template.defaultfilters import linebreaks_filter, urlize
from django.utils import timezone
from django.utils.safestring import SafeString

from cms.pagecache import cached_fragment
from cms.pagination import FirstPagePaginator
from cms.services import user_has_verified_email

from ..forms import CommentForm
from ..notifications import is_following
from ..selectors import discussion_threads, target_label, visible_comments_count
from ..services import active_suspension, edit_window
from ..views import DRAFT_SESSION_KEY

register = template.Library()
PAGE_PARAMETER = "comments_page"


@register.filter
def comment_text(body: str) -> SafeString:
    """Plain text as typed, escaped; paragraphs and links (rel="nofollow") made readable."""
    return linebreaks_filter(urlize(body, autoescape=True), autoescape=False)


@register.simple_tag(takes_context=True)
def discussion(context, target) -> SafeString:
    """The discussion under ``target``, rendered as an inclusion of participation/discussion.html. Anonymous readers
    share it as a cached fragment (cms.pagecache), renewed by every purge, which every change of a comment makes
    (participation.signals); it is kept per page of the thread and per closed state and note, which may turn over
    by the clock (a consultation's end)."""
    request = context.get("request")

    def render() -> str:
        new_context = context.new(discussion_context(context, target))
        csrf_token = context.get("csrf_token")
        if csrf_token is not None:
            new_context["csrf_token"] = csrf_token
        return context.template.engine.get_template("participation/discussion.html").render(new_context)

    if request is None:
        return SafeString(render())
    closed = bool(target.comments_enabled and target.comments_closed)
    parts = [target_label(target), target.pk, request.path, request.GET.get(PAGE_PARAMETER, ""),
             target.comments_enabled, closed, target.comments_closed_note if closed else ""]
    return SafeString(cached_fragment(request, "discussion", parts, render))


def discussion_context(context, target) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    threads, page = [], None
    if target.comments_enabled:
        # Long discussions come in pages of root threads (replies stay with their thread).
        # The first page of a short discussion needs no COUNT(*): one query reads it and shows it is all.
        page = FirstPagePaginator(discussion_threads(target, viewer=user),
                                  settings.PARTICIPATION_THREADS_PER_PAGE).get_page(
            request.GET.get(PAGE_PARAMETER) if request is not None else None)
        threads = list(page.object_list)
    draft = request.session.pop(DRAFT_SESSION_KEY, None) if request is not None and hasattr(request, "session") \
        else None
    label = target_label(target)
    verified = bool(user and user.is_authenticated and user_has_verified_email(user))
    suspension = active_suspension(user) if verified else None
    form = CommentForm(initial={"target_type": label, "target_id": target.pk,
                                "body": draft["body"] if draft and not draft.get("parent") else ""})
    count = sum(1 + len(thread.replies.all()) for thread in threads)
    if page is not None and page.paginator.num_pages > 1:
        count = visible_comments_count(target, viewer=user)
    return {
        "request": request, "user": user, "target": target, "threads": threads, "count": count,
        "comments_page": page, "page_parameter": PAGE_PARAMETER,
        "form": form, "target_type": label, "verified": verified, "suspension": suspension,
        "draft": draft, "editable_since": timezone.now() - edit_window(),
        "following": bool(user and user.is_authenticated and is_following(user, target)),
        "can_post": verified and not suspension and target.comments_enabled and not target.comments_closed,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("participation/follow_button.html", takes_context=True)
def follow_button(context, target):
    """Follow / stop following; for visitors who are not logged in the login link is the way in."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"target": target, "target_type": target_label(target), "request": request,
            "following": is_following(user, target) if user is not None else False,
            "csrf_token": context.get("csrf_token")}
