"""Admin page that processes one appeal: assignment, work, extension, clarification, notes, answer, reopening and
closing. Each action goes through appeals.services; the visibility rule decides who may open the page."""
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from . import forms, selectors, services, visibility
from .models import Appeal

ACTIONS = {
    # action -> (form class, allowed to: "dispatch" or "handle")
    "assign": (forms.AssignForm, "dispatch"), "start": (forms.StartForm, "handle"),
    "extend": (forms.ExtendForm, "handle"), "note": (forms.NoteForm, "handle"),
    "clarify": (forms.ClarificationRequestForm, "handle"), "answer": (forms.AnswerForm, "handle"),
    "reopen": (forms.ReasonForm, "dispatch"), "close": (forms.CloseForm, "dispatch"),
}


def _run(action: str, appeal: Appeal, user, data: dict) -> str:
    if action == "assign":
        services.appeal_assign(appeal=appeal, by=user, service=data["service"], note=data["note"])
        return _("The appeal is passed to the service; the author is told.")
    if action == "start":
        services.appeal_start(appeal=appeal, by=user, needs_study=data["needs_study"])
        return _("The appeal is in progress.")
    if action == "extend":
        services.appeal_extend(appeal=appeal, by=user, until=data["until"], reason=data["reason"])
        return _("The term is extended; the author is told.")
    if action == "note":
        services.appeal_note_add(appeal=appeal, by=user, text=data["text"])
        return _("The note is saved.")
    if action == "clarify":
        services.appeal_request_clarification(appeal=appeal, by=user, question=data["question"])
        return _("The author is asked to clarify.")
    if action == "answer":
        services.appeal_answer(appeal=appeal, by=user, text=data["text"], documents=list(data["documents"]))
        return _("The answer is sent to the author.")
    if action == "reopen":
        services.appeal_reopen(appeal=appeal, by=user, note=data["note"])
        return _("The appeal is reopened.")
    services.appeal_close(appeal=appeal, by=user, note=data["note"])
    return _("The appeal is closed.")


def process_appeal(request, pk):
    user = request.user
    appeal = selectors.with_related(visibility.staff_appeals(user)).filter(pk=pk).first()
    if appeal is None:
        raise Http404  # another service's appeal is as absent as a missing one
    action = request.POST.get("action", "") if request.method == "POST" else ""
    bound = {}
    if action in ACTIONS:
        form_class, _who = ACTIONS[action]
        bound[action] = form_class(request.POST)
        if bound[action].is_valid():
            try:
                message = _run(action, appeal, user, bound[action].cleaned_data)
            except services.AppealError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, message)
                return redirect(reverse("appeals_appeal:edit", args=[appeal.pk]))
        else:
            messages.error(request, _("Check the form and try again."))
    elif action:
        messages.error(request, _("Check the form and try again."))
    is_dispatcher = visibility.can_dispatch(user)
    context_forms = {name: bound.get(name) or form_class(initial={"service": appeal.service_id} if name == "assign"
                                                         else None)
                     for name, (form_class, _who) in ACTIONS.items()}
    return TemplateResponse(request, "appeals/admin/process.html", {
        "appeal": appeal, "forms": context_forms, "is_dispatcher": is_dispatcher,
        "timeline": appeal.events.select_related("by").order_by("at", "pk"),
        "notes": appeal.notes.select_related("by"), "clarifications": appeal.clarifications.all(),
        "photos": appeal.photos.all(), "documents": appeal.answer_documents.all(),
        "deadline_state": appeal.deadline_state(), "days_left": appeal.days_left(),
        "header_title": f"№ {appeal.number}", "page_title": _("Appeal"), "header_icon": "mail",
        "index_url": reverse("appeals_appeal:index"),
    })
