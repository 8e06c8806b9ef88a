"""The moderation page of one forum topic in the Wagtail admin: publish, hide with a reason, restore, close."""
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cms.admin_bulk import apply_to_selected
from cms.admin_confirm import confirmation_given, render_confirmation, wants_to_edit
from participation.services import ParticipationError, active_suspension

from . import services
from .models import ForumTopic

ACTIONS = {
    "publish": (services.topic_publish, gettext_lazy("The topic is published; its author is notified.")),
    "hide": (services.topic_hide, gettext_lazy("The topic is hidden; its author sees the reason.")),
    "restore": (services.topic_restore, gettext_lazy("The topic is shown again.")),
    "close": (services.topic_close, gettext_lazy(
        "The topic is closed: its discussion is read-only now; its followers are notified.")),
    "reopen": (services.topic_reopen, gettext_lazy(
        "The topic is open for comments again; its followers are notified.")),
}

# Public actions: they take the moderator's reason (required for hiding and closing, optional for reopening) and
# tell the author or the followers, so the moderator confirms the exact text first.
CONFIRMED = {"hide", "close", "reopen"}
CONFIRM_TITLES = {"hide": gettext_lazy("Hide the topic"), "close": gettext_lazy("Close the discussion"),
                  "reopen": gettext_lazy("Reopen the discussion")}


class TopicModerationForm(forms.Form):
    action = forms.ChoiceField(choices=[(name, name) for name in ACTIONS], widget=forms.HiddenInput)
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=500, required=False,
                             help_text=gettext_lazy("Required to hide a topic (its author sees it) or to close it "
                                                    "(its followers see it); optional when reopening. You will see "
                                                    "the text and confirm it before it is sent."))


def moderate_topic(request, pk):
    if not request.user.has_perm(services.MODERATE_PERMISSION):
        raise PermissionDenied
    topic = get_object_or_404(ForumTopic.objects.select_related("author", "category", "forum", "moderated_by"),
                              pk=pk)
    form = TopicModerationForm(request.POST or None)
    if request.method == "POST" and not wants_to_edit(request) and form.is_valid():
        name = form.cleaned_data["action"]
        action, done = ACTIONS[name]
        kwargs = {}
        try:
            if name in CONFIRMED:
                reason, confirmation = form.cleaned_data["reason"], confirmation_given(request)
                if confirmation is None:
                    statement = services.topic_moderation_statement(topic=topic, action=name, reason=reason)
                    return render_confirmation(request, statement=statement, title=str(CONFIRM_TITLES[name]),
                                               items=[f"«{topic.title}»"], action_url=request.path)
                kwargs = {"reason": reason, "confirmation": confirmation}
            action(topic=topic, moderator=request.user, **kwargs)
        except ParticipationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, str(done))
            return redirect(reverse("forum_topic:index"))
    return TemplateResponse(request, "forum/admin/moderate.html", {
        "topic": topic, "form": form, "header_title": _("Moderate the topic"),
        "page_title": _("Moderate the topic"), "header_icon": "comment",
        "index_url": reverse("forum_topic:index"),
        "suspension": active_suspension(topic.author) if topic.author_id else None,
    })


BULK_ACTIONS = {"publish": services.topic_publish, "hide": services.topic_hide, "close": services.topic_close}


@require_POST
def bulk_moderate(request):
    """Publish, hide or close (one reason for all, confirmed first) the selected topics; each goes through the
    service, so the followers of each closed topic are told once."""
    if not request.user.has_perm(services.MODERATE_PERMISSION):
        raise PermissionDenied
    name = request.POST.get("action", "")
    action = BULK_ACTIONS.get(name)
    reason = request.POST.get("reason", "")
    common = {"queryset": ForumTopic.objects.all(), "index_url": reverse("forum_topic:index"),
              "describe": lambda topic: f"«{topic.title}»", "nothing_selected": _("Select topics and an action."),
              "changed": _("Topics changed: %(count)d.")}
    if name in CONFIRMED and action:
        return apply_to_selected(
            request, **common, confirm_title=str(CONFIRM_TITLES[name]),
            act=lambda topic, confirmation: action(topic=topic, moderator=request.user, reason=reason,
                                                   confirmation=confirmation),
            statement_for=lambda topic: services.topic_moderation_statement(topic=topic, action=name, reason=reason))
    return apply_to_selected(
        request, **common, act=(lambda topic: action(topic=topic, moderator=request.user)) if action else None)
