"""Home-page sections that portal modules fill (live session, active petitions, budget voting,
consultations). A module registers a slot in its AppConfig.ready(); editors place it on the home page."""
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.html import conditional_escape


@dataclass(frozen=True)
class HomeSlot:
    name: str
    label: str
    render: Callable  # (request) -> str | None; None or "" shows nothing


_SLOTS: dict[str, HomeSlot] = {}


def register_home_slot(name: str, label, render: Callable) -> None:
    _SLOTS[name] = HomeSlot(name=name, label=label, render=render)


def home_slot_choices() -> list[tuple[str, str]]:
    return [(slot.name, slot.label) for slot in _SLOTS.values()]


def render_home_slot(name: str, request) -> str:
    """The slot's HTML. Modules return a SafeString (render_to_string, format_html); anything else is
    escaped, so a module cannot inject markup by accident."""
    slot = _SLOTS.get(name)
    if slot is None:  # module not installed (any more): the section quietly disappears
        return ""
    return conditional_escape(slot.render(request) or "")
