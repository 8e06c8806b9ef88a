"""Home-page sections that modules fill (live session, active petitions, budget voting, consultations).
A module declares its slots in its manifest (cms.modules.HomeSlot); editors place them on the home page."""
from django.utils.html import conditional_escape

from .modules import HomeSlot, load, modules


def home_slots() -> dict[str, HomeSlot]:
    return {slot.name: slot for _config, manifest in modules() for slot in manifest.home_slots}


def home_slot_choices() -> list[tuple[str, str]]:
    return [(slot.name, slot.label) for slot in home_slots().values()]


def render_home_slot(name: str, request) -> str:
    """The slot's HTML. Modules return a SafeString (render_to_string, format_html); anything else is
    escaped, so a module cannot inject markup by accident."""
    slot = home_slots().get(name)
    if slot is None:  # module not installed (any more): the section quietly disappears
        return ""
    return conditional_escape(load(slot.render)(request) or "")
