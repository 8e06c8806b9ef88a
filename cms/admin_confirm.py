"""The confirmation step of irreversible public staff actions in the admin: the page that shows the exact public
text, with the posted form carried in hidden fields, and the digest the service checks (cms.confirmation)."""
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from .confirmation import Statement

CARRIED_OVER_SKIP = {"csrfmiddlewaretoken", "confirmation", "step"}


def confirmation_given(request) -> str | None:
    """The digest the member of staff confirmed, or None while they have not pressed "Confirm"."""
    if request.method == "POST" and request.POST.get("step") == "confirm":
        return request.POST.get("confirmation", "")
    return None


def wants_to_edit(request) -> bool:
    """They pressed "Change" on the confirmation page: show the form again with what they wrote."""
    return request.method == "POST" and request.POST.get("step") == "edit"


def render_confirmation(request, *, statement: Statement, action_url: str, items=(), title: str = "",
                        confirm_label: str = "") -> TemplateResponse:
    carried = [(name, value) for name, values in request.POST.lists() if name not in CARRIED_OVER_SKIP
               for value in values]
    return TemplateResponse(request, "cms/admin/confirm_public_action.html", {
        "statement": statement, "action_url": action_url, "carried": carried, "items": list(items),
        "confirm_label": confirm_label or _("Confirm: publish and send"),
        "header_title": title or _("Check before it is published"),
        "page_title": title or _("Check before it is published"), "header_icon": "warning",
    })
