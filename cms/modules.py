"""The module contract: what a module tells the kernel, declared once on its AppConfig.

A module (the city site, the council, petitions, budget, ...) sets ``manifest = Manifest(...)`` on its AppConfig.
The kernel loops over the installed apps that declare one, in INSTALLED_APPS order: the API mount (cms.api), the
URL map (cms.urls), the staff roles (cms.roles), the home-page slots (cms.slots), the personal-data export
(cms.services), the open-data catalogue, site search types and the demo seeding. So adding a module is adding it
to INSTALLED_APPS; no kernel file lists the modules.

Code is named by dotted path ("petitions.api.router") and imported when first used: an AppConfig is imported
before the models are ready. Like Decidim's component manifests, the declaration says what exists and where; the
behaviour stays in the module's own files."""
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.apps import AppConfig, apps
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Api:
    """A django-ninja Router mounted at /api/v3/<prefix>."""

    prefix: str  # "/petitions/"
    router: str  # "petitions.api.router"


@dataclass(frozen=True)
class Urls:
    """A URLconf module included at ``prefix`` of the site (before Wagtail's page tree takes every other path)."""

    prefix: str  # "vidkryti-dani/rada/" ("" for paths the module names in full)
    module: str  # "sessions.urls"


# The page permissions of a role that runs a section of the site (e.g. the press office under the news index).
EDIT_PAGES = ("add_page", "change_page", "publish_page", "lock_page")


@dataclass(frozen=True)
class Grant:
    """What a module gives one of the kernel's staff roles (cms.roles.ROLES, by key)."""

    models: tuple[str, ...] = ()  # "app_label.codename"
    # page type "app_label.Model" -> page permission codenames on every page of that type (and its subtree)
    pages: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class HomeSlot:
    """A section editors may place on the home page; ``render(request)`` returns safe HTML or ""."""

    name: str  # stable: stored in the home page's sections
    label: Any  # lazy translation shown to editors
    render: str  # "petitions.home_slot.render_active_petitions"


@dataclass(frozen=True)
class OpenDataSet:
    """A public register downloadable as open data. ``urls(request, key)`` gives {format: url}, e.g.
    {"csv": url, "json": url} ({} while it is not published, e.g. its index page does not exist yet)."""

    key: str  # stable, e.g. "petitions"
    title: Any  # lazy translation
    urls: str  # "petitions.opendata.petitions_urls"


@dataclass(frozen=True)
class SearchType:
    """Objects of a module that site search finds besides pages (which Wagtail's page search covers), and how a
    result is presented.

    ``search(query)`` gives the visible matches (the module's one visibility rule), best first, with the module's
    own search (e.g. its Ukrainian full-text search); a result shows ``label``, the ``number`` and ``date``
    attributes when named, its ``title`` and ``summary`` and links to ``obj.get_absolute_url()``."""

    label: Any  # lazy translation: the kind of result, e.g. "Petition"
    search: str  # "petitions.selectors.search_public_petitions"
    number: str = ""  # attribute holding the object's number, e.g. "pk"
    date: str = ""  # attribute holding its date, e.g. "published_at"
    summary: str = ""  # attribute holding a short text
    models: tuple[str, ...] = ()  # "app_label.Model" whose saves and deletions change what search finds
    plural: Any = None  # lazy translation naming the list of such results (search's type links), e.g. "Petitions"


@dataclass(frozen=True)
class CachedPages:
    """Public addresses of a module whose HTML shows its own objects (not Wagtail pages, which the kernel purges on
    publish, unpublish, move and delete) and the models they show: every save or deletion of one of ``models``
    purges ``addresses()`` from the anonymous page cache and the HTTP cache in front (at once and again after the
    commit), so the module's pages are never shown stale for ``PAGE_CACHE_TIMEOUT``."""

    models: tuple[str, ...]  # "app_label.Model": the appeal, its timeline, photos, categories, services
    addresses: str  # "appeals.selectors.cached_addresses": () -> (exact paths, folders)


@dataclass(frozen=True)
class Manifest:
    """Everything a module tells the kernel. Every part is optional."""

    api: tuple[Api, ...] = ()
    urls: tuple[Urls, ...] = ()
    roles: dict[str, Grant] = field(default_factory=dict)  # role key -> what this module gives it
    home_slots: tuple[HomeSlot, ...] = ()
    personal_data: tuple[str, ...] = ()  # callables user -> (section name, JSON-serialisable data)
    open_data: tuple[OpenDataSet, ...] = ()
    search: tuple[SearchType, ...] = ()
    # the module's richer search types, by dotted path to a list of cms.search_types.SearchType (own key, plural
    # label, ranking and how a hit shows number and date), e.g. for page types: "home.search_types.SEARCH_TYPES"
    search_types: str = ""
    cached_pages: tuple[CachedPages, ...] = ()
    demo: str = ""  # seed(*, home, command) -> [(menu label, page)], idempotent
    # corrections(start, end) -> {date: is a working day} that staff made to the calendar of working days
    working_day_corrections: str = ""


def modules() -> Iterator[tuple[AppConfig, Manifest]]:
    """The installed apps that declare a manifest, in INSTALLED_APPS order."""
    for app_config in apps.get_app_configs():
        manifest = getattr(app_config, "manifest", None)
        if isinstance(manifest, Manifest):
            yield app_config, manifest


@cache
def load(dotted: str) -> Callable:
    return import_string(dotted)


@cache
def cached_pages_addresses() -> dict[type, tuple[Callable, ...]]:
    """Model class -> the modules' ``CachedPages.addresses`` callables that a change of it purges."""
    found: dict[type, list[Callable]] = {}
    for _app_config, manifest in modules():
        for entry in manifest.cached_pages:
            for name in entry.models:
                found.setdefault(apps.get_model(name), []).append(load(entry.addresses))
    return {model: tuple(callables) for model, callables in found.items()}
