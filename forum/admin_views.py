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

# Actions that take the moderator's reason: required for hiding, optional for closing and reopening.
REASONED = {services.topic_hide, services.topic_close, services.topic_reopen}


class TopicModerationForm(forms.Form):
    action = forms.ChoiceField(choices=[(name, name) for name in ACTIONS], widget=forms.HiddenInput)
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=500, required=False,
                             help_text=gettext_lazy("Required to hide a topic (its author sees it). When closing or "
                                                    "reopening, it is optional and sent to the topic's followers."))


def moderate_topic(request, pk):
    if not request.user.has_perm(services.MODERATE_PERMISSION):
        raise PermissionDenied
    topic = get_object_or_404(ForumTopic.objects.select_related("author", "category", "forum", "moderated_by"),
                              pk=pk)
    form = TopicModerationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        action, done = ACTIONS[form.cleaned_data["action"]]
        kwargs = {"reason": form.cleaned_data["reason"]} if action in REASONED else {}
        try:
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
    """Publish, hide (one reason for all) or close the selected topics; each goes through the service, so the
    followers of each closed topic are told once."""
    if not request.user.has_perm(services.MODERATE_PERMISSION):
        raise PermissionDenied
    action = BULK_ACTIONS.get(request.POST.get("action", ""))
    reason = {"reason": request.POST.get("reason", "")} if action in REASONED else {}
    return apply_to_selected(
        request, queryset=ForumTopic.objects.all(), index_url=reverse("forum_topic:index"),
        act=(lambda topic: action(topic=topic, moderator=request.user, **reason)) if action else None,
        describe=lambda topic: f"«{topic.title}»", nothing_selected=_("Select topics and an action."),
        changed=_("Topics changed: %(count)d."))
