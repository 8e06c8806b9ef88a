"""The moderation page of one comment in the Wagtail admin: approve, hide with a reason, restore, suspend."""
import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cms.admin_bulk import apply_to_selected
from cms.admin_confirm import confirmation_given, render_confirmation, wants_to_edit

from . import services
from .models import Comment

SUSPENSION_DAYS = [(1, gettext_lazy("1 day")), (7, gettext_lazy("7 days")), (30, gettext_lazy("30 days")),
                   (365, gettext_lazy("1 year"))]


class ModerationForm(forms.Form):
    action = forms.ChoiceField(choices=[("approve", "approve"), ("hide", "hide"), ("restore", "restore"),
                                        ("suspend", "suspend")], widget=forms.HiddenInput)
    reason = forms.CharField(label=gettext_lazy("Reason (shown to the author)"), max_length=500, required=False)
    days = forms.TypedChoiceField(label=gettext_lazy("Suspend for"), choices=SUSPENSION_DAYS, coerce=int,
                                  required=False, initial=7)


def moderate_comment(request, pk):
    if not request.user.has_perm(services.MODERATE_PERMISSION):
        raise PermissionDenied
    comment = get_object_or_404(Comment.objects.select_related("author", "content_type", "moderated_by"), pk=pk)
    form = ModerationForm(request.POST or None)
    if request.method == "POST" and not wants_to_edit(request) and form.is_valid():
        action, reason = form.cleaned_data["action"], form.cleaned_data["reason"]
        try:
            confirmation = confirmation_given(request)
            if action == "hide" and confirmation is None:
                return render_confirmation(
                    request, statement=services.comment_hide_statement(comment=comment, reason=reason),
                    title=_("Hide the comment"), items=[f"#{comment.pk}"], action_url=request.path)
            if action == "approve":
                services.comment_approve(comment=comment, moderator=request.user)
                messages.success(request, _("The comment is published."))
            elif action == "hide":
                services.comment_hide(comment=comment, moderator=request.user, reason=reason,
                                      confirmation=confirmation)
                messages.success(request, _("The comment is hidden; its author sees the reason."))
            elif action == "restore":
                services.comment_restore(comment=comment, moderator=request.user)
                messages.success(request, _("The comment is shown again."))
            elif action == "suspend":
                if comment.author is None:
                    raise services.ParticipationError("invalid_state", _("The author's account no longer exists."))
                days = form.cleaned_data["days"] or 7
                services.user_suspend(user=comment.author, moderator=request.user, reason=reason,
                                      until=timezone.now() + datetime.timedelta(days=days))
                messages.success(request, _("The author may not post comments for %(days)d days.") % {"days": days})
        except services.ParticipationError as error:
            messages.error(request, error.message)
        else:
            return redirect(reverse("participation_comment:index"))
    return TemplateResponse(request, "participation/admin/moderate.html", {
        "comment": comment, "form": form, "target": comment.target,
        "reports": comment.reports.select_related("reporter").order_by("-created_at"),
        "header_title": _("Moderate the comment"), "page_title": _("Moderate the comment"),
        "header_icon": "comment", "index_url": reverse("participation_comment:index"),
        "suspension": services.active_suspension(comment.author) if comment.author else None,
    })


BULK_ACTIONS = {"approve": services.comment_approve, "restore": services.comment_restore}


@require_POST
def bulk_moderate(request):
    """Approve, hide (one reason for all, confirmed first) or restore the selected comments; each goes through
    the service."""
    if not request.user.has_perm(services.MODERATE_PERMISSION):
        raise PermissionDenied
    name, reason = request.POST.get("action", ""), request.POST.get("reason", "")
    common = {"queryset": Comment.objects.all(), "index_url": reverse("participation_comment:index"),
              "describe": lambda comment: f"#{comment.pk}", "nothing_selected": _("Select comments and an action."),
              "changed": _("Comments changed: %(count)d.")}
    if name == "hide":
        return apply_to_selected(
            request, **common, confirm_title=_("Hide the comments"),
            act=lambda comment, confirmation: services.comment_hide(
                comment=comment, moderator=request.user, reason=reason, confirmation=confirmation),
            statement_for=lambda comment: services.comment_hide_statement(comment=comment, reason=reason))
    action = BULK_ACTIONS.get(name)
    return apply_to_selected(
        request, **common, act=(lambda comment: action(comment=comment, moderator=request.user)) if action else None)
