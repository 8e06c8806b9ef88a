"""The admin's bulk moderation loop, shared by comments, forum topics and petitions."""
from collections.abc import Callable

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect

from .admin_confirm import confirmation_given, render_confirmation, wants_to_edit
from .errors import RuleError

MAX_ERRORS_SHOWN = 10


def selected_ids(request) -> list[int]:
    """The ticked rows' ids (anything that is not a database id is ignored)."""
    return [int(value) for value in request.POST.getlist("ids")
            if value.isascii() and value.isdigit() and len(value) < 19]  # "²".isdigit() but int() refuses it


def apply_to_selected(request, *, queryset, act: Callable, index_url: str, describe: Callable,
                      nothing_selected: str, changed: str, statement_for: Callable | None = None,
                      confirm_title: str = "") -> HttpResponse:
    """Run ``act(obj)`` (a service call) on every selected object, each in its own transaction; report what
    changed and, per object, why a rule refused it. ``act`` None means no valid action was chosen.

    An irreversible public action gives ``statement_for(obj)`` (its public text): the selection is first shown
    on the confirmation page, and ``act(obj, confirmation)`` runs only with the digest the moderator confirmed."""
    ids = selected_ids(request)
    if act is None or not ids:
        messages.error(request, nothing_selected)
        return HttpResponseRedirect(index_url)
    objects = list(queryset.filter(pk__in=ids).order_by("pk"))
    confirmation = None
    if statement_for is not None and objects:
        if wants_to_edit(request):
            return HttpResponseRedirect(index_url)
        confirmation = confirmation_given(request)
        if confirmation is None:
            try:
                statement = statement_for(objects[0])
            except RuleError as error:
                messages.error(request, error.message)
                return HttpResponseRedirect(index_url)
            return render_confirmation(request, statement=statement, title=confirm_title, action_url=request.path,
                                       items=[describe(obj) for obj in objects])
    done, refused = 0, []
    for obj in objects:
        try:
            act(obj) if statement_for is None else act(obj, confirmation)
        except RuleError as error:
            refused.append(f"{describe(obj)}: {error.message}")
        else:
            done += 1
    if done:
        messages.success(request, changed % {"count": done})
    for line in refused[:MAX_ERRORS_SHOWN]:
        messages.error(request, line)
    return HttpResponseRedirect(index_url)
