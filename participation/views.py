"""HTML endpoints of discussions: thin wrappers over participation.services; they work without JavaScript."""
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from . import notifications, selectors, services
from .forms import CommentForm, EditCommentForm, FollowForm, NotificationSettingsForm, ReportForm
from .models import Comment
from .selectors import resolve_target

DRAFT_SESSION_KEY = "participation_draft"


def _back(target, anchor: str = "discussion") -> HttpResponseRedirect:
    return HttpResponseRedirect(f"{target.get_discussion_url()}#{anchor}")


def _comment_or_404(pk: int) -> Comment:
    return get_object_or_404(Comment.objects.select_related("author", "content_type"), pk=pk)


def _target_or_404(comment: Comment):
    target = resolve_target(f"{comment.content_type.app_label}.{comment.content_type.model}", comment.object_id)
    if target is None:  # the object was unpublished or no longer takes comments
        raise Http404
    return target


@require_POST
def post_comment(request):
    form = CommentForm(request.POST)
    target = resolve_target(form.cleaned_data["target_type"], form.cleaned_data["target_id"]) \
        if form.is_valid() else None
    if target is None:
        messages.error(request, _("This discussion was not found."))
        return HttpResponseRedirect(_safe_referer(request))
    if not request.user.is_authenticated:
        return redirect_to_login(target.get_discussion_url(), settings.LOGIN_URL)
    parent = None
    if form.cleaned_data["parent"]:
        parent = Comment.objects.filter(pk=form.cleaned_data["parent"]).select_related("parent").first()
        if parent is None:
            messages.error(request, _("This comment can no longer be replied to."))
            return _back(target)
    try:
        comment = services.comment_post(target=target, author=request.user, body=form.cleaned_data["body"],
                                        parent=parent)
    except services.ParticipationError as error:
        # Keep what was typed so nothing is lost; the discussion include puts it back in the form.
        request.session[DRAFT_SESSION_KEY] = {"body": form.cleaned_data["body"][:5000],
                                              "parent": parent.pk if parent else None}
        messages.error(request, error.message)
        return _back(target, f"reply-{parent.pk}" if parent else "comment-form")
    if comment.status == Comment.Status.PENDING:
        messages.success(request, _("Thank you. Your comment will appear after a moderator checks it."))
    else:
        messages.success(request, _("Your comment has been published."))
    return _back(target, f"comment-{comment.pk}")


def _safe_referer(request) -> str:
    referer = request.headers.get("referer", "")
    if url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}):
        return referer
    return "/"


@require_http_methods(["GET", "POST"])
def edit_comment(request, pk: int):
    comment = _comment_or_404(pk)
    target = _target_or_404(comment)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
    form = EditCommentForm(request.POST if request.method == "POST" else None, initial={"body": comment.body})
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_edit(comment=comment, user=request.user, body=form.cleaned_data["body"])
        except services.ParticipationError as exc:
            error = exc.message
        else:
            messages.success(request, _("Your comment has been changed."))
            return _back(target, f"comment-{comment.pk}")
    elif not services.comment_can_edit(comment, request.user):
        messages.error(request, _("This comment can no longer be edited."))
        return _back(target, f"comment-{comment.pk}")
    return render(request, "participation/comment_edit.html", {
        "form": form, "comment": comment, "target": target, "errors": [error] if error else [],
    }, status=422 if error else 200)


@require_http_methods(["GET", "POST"])
def delete_comment(request, pk: int):
    comment = _comment_or_404(pk)
    target = _target_or_404(comment)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
    if request.method == "POST":
        try:
            services.comment_delete(comment=comment, user=request.user)
        except services.ParticipationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Your comment has been deleted."))
        return _back(target, f"comment-{comment.pk}")
    if not services.comment_can_delete(comment, request.user):
        messages.error(request, _("Only the author can change this comment."))
        return _back(target, f"comment-{comment.pk}")
    return render(request, "participation/comment_delete.html", {"comment": comment, "target": target})


@require_http_methods(["GET", "POST"])
def report_comment(request, pk: int):
    comment = _comment_or_404(pk)
    target = _target_or_404(comment)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
    form = ReportForm(request.POST if request.method == "POST" else None)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_report(comment=comment, reporter=request.user, reason=form.cleaned_data["reason"],
                                    text=form.cleaned_data["text"])
        except services.ParticipationError as exc:
            if exc.code in {"already_reported", "own_comment", "comment_deleted"}:
                messages.error(request, exc.message)
                return _back(target, f"comment-{comment.pk}")
            error = exc.message
        else:
            messages.success(request, _("Thank you. A moderator will look at this comment."))
            return _back(target, f"comment-{comment.pk}")
    return render(request, "participation/comment_report.html", {
        "form": form, "comment": comment, "target": target, "errors": [error] if error else [],
    }, status=422 if (error or form.errors) else 200)



@require_POST
def follow_toggle(request):
    """Follow or stop following a discussable object; back to where the form was."""
    form = FollowForm(request.POST)
    target = resolve_target(form.cleaned_data["target_type"], form.cleaned_data["target_id"], viewer=request.user) \
        if form.is_valid() else None
    if target is None:
        messages.error(request, _("This page was not found."))
        return HttpResponseRedirect(_safe_referer(request))
    if not request.user.is_authenticated:
        return redirect_to_login(target.get_discussion_url(), settings.LOGIN_URL)
    if form.cleaned_data["action"] == "follow":
        notifications.follow(request.user, target)
        messages.success(request, _("You follow this now: its news will appear in your notifications."))
    else:
        notifications.unfollow(request.user, target)
        messages.success(request, _("You no longer follow this."))
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return HttpResponseRedirect(next_url)
    return _back(target, "follow")


NOTIFICATIONS_PER_PAGE = 20


@login_required
@require_http_methods(["GET", "POST"])
def notification_centre(request):
    """The resident's notifications, e-mail settings and what they follow (/account/notifications/)."""
    preferences = notifications.notification_settings_for(request.user)
    form = NotificationSettingsForm(instance=preferences)
    if request.method == "POST" and request.POST.get("action") == "read":
        notifications.mark_all_read(request.user)
        messages.success(request, _("All notifications are marked as read."))
        return HttpResponseRedirect(request.path)
    if request.method == "POST":
        form = NotificationSettingsForm(request.POST, instance=preferences)
        if form.is_valid():
            form.save()
            messages.success(request, _("Your notification settings have been saved."))
            return HttpResponseRedirect(request.path)
    page = Paginator(selectors.notifications_for(request.user), NOTIFICATIONS_PER_PAGE).get_page(
        request.GET.get("page"))
    return render(request, "participation/notifications.html", {
        "form": form, "page_obj": page, "follows": selectors.follows_for(request.user),
        "unread": notifications.unread_count(request.user),
    }, status=422 if form.errors else 200)


@csrf_exempt  # the signed token is the credential; mail programs POST here without a session (RFC 8058)
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    user = notifications.user_for_unsubscribe_token(token)
    if user is None:
        return render(request, "participation/unsubscribe.html", {"invalid": True}, status=400)
    if request.method == "POST" and request.POST.get("action") == "resubscribe":
        notifications.email_resubscribe(user)
        messages.success(request, _("You will receive notification e-mails again."))
        return render(request, "participation/unsubscribe.html", {"token": token, "subscribed": True})
    notifications.email_unsubscribe(user)
    return render(request, "participation/unsubscribe.html", {"token": token, "subscribed": False})
