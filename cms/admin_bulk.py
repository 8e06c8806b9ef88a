"""The admin's bulk moderation loop, shared by comments, forum topics and petitions."""
from collections.abc import Callable

from django.contrib import messages
from django.http import HttpResponseRedirect

from .errors import RuleError

MAX_ERRORS_SHOWN = 10


def selected_ids(request) -> list[int]:
    """The ticked rows' ids (anything that is not a database id is ignored)."""
    return [int(value) for value in request.POST.getlist("ids")
            if value.isascii() and value.isdigit() and len(value) < 19]  # "²".isdigit() but int() refuses it


def apply_to_selected(request, *, queryset, act: Callable, index_url: str, describe: Callable,
                      nothing_selected: str, changed: str) -> HttpResponseRedirect:
    """Run ``act(obj)`` (a service call) on every selected object, each in its own transaction; report what
    changed and, per object, why a rule refused it. ``act`` None means no valid action was chosen."""
    ids = selected_ids(request)
    if act is None or not ids:
        messages.error(request, nothing_selected)
        return HttpResponseRedirect(index_url)
    done, refused = 0, []
    for obj in queryset.filter(pk__in=ids).order_by("pk"):
        try:
            act(obj)
        except RuleError as error:
            refused.append(f"{describe(obj)}: {error.message}")
        else:
            done += 1
    if done:
        messages.success(request, changed % {"count": done})
    for line in refused[:MAX_ERRORS_SHOWN]:
        messages.error(request, line)
    return HttpResponseRedirect(index_url)
