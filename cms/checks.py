"""System checks: the modules' declarations resolve (every `manage.py` command, the dev server), and, with
`manage.py check --deploy`, what a production portal must not run without."""
from django.apps import apps
from django.conf import settings
from django.core import checks


@checks.register()
def search_types_name_existing_models(app_configs, **kwargs):
    """Every model a site-search type names (cms.modules.SearchType.models, and the rich types a manifest's
    ``search_types`` lists) or a module's cached pages follow (cms.modules.CachedPages.models) exists: they are
    resolved on every save (cms.signals), so a wrong name would otherwise fail every save in the portal at run time,
    not at start-up."""
    from .modules import load, modules

    errors = []
    for config, manifest in modules():
        if app_configs is not None and config not in app_configs:
            continue
        declared = [(f"search type «{kind.label}»", kind.models) for kind in manifest.search]
        if manifest.search_types:
            declared += [(f"search type {kind.key!r} of {manifest.search_types}", kind.models)
                         for kind in load(manifest.search_types)]
        declared += [(f"cached pages {entry.addresses}", entry.models) for entry in manifest.cached_pages]
        for search_type, names in declared:
            for name in names:
                try:
                    apps.get_model(name)
                except (LookupError, ValueError):  # ValueError: not "app_label.Model" at all
                    errors.append(checks.Error(
                        f"The manifest of {config.name} ({type(config).__name__}.manifest): {search_type} names the "
                        f"model {name!r}, which does not exist.",
                        hint='Name installed models as "app_label.ModelName" in SearchType(models=...) and '
                             'CachedPages(models=...).',
                        obj=config, id="cms.E001",
                    ))
    return errors


@checks.register(deploy=True)
def ukrainian_search_configuration(app_configs, **kwargs):

    from .search import ukrainian_dictionary_installed

    try:
        installed = ukrainian_dictionary_installed()
    except Exception:  # database not reachable during `check`: Django's own checks report that
        return []
    if installed:
        return []
    return [
        checks.Warning(
            "PostgreSQL search runs without the Ukrainian dictionary: word forms are not matched.",
            hint="Install Debian's hunspell-uk and run `manage.py setup_ukrainian_search`.",
            id="cms.W001",
        )
    ]


@checks.register(deploy=True)
def shared_cache_and_public_address(app_configs, **kwargs):
    warnings = []
    if not settings.REDIS_URL:
        warnings.append(checks.Warning(
            "REDIS_URL is not set: each worker keeps its own cache, so rate limits and cached pages differ "
            "between workers.",
            hint="Set REDIS_URL, e.g. redis://127.0.0.1:6379/0.",
            id="cms.W002",
        ))
    if "127.0.0.1" in settings.WAGTAILADMIN_BASE_URL or "localhost" in settings.WAGTAILADMIN_BASE_URL:
        warnings.append(checks.Warning(
            "WAGTAILADMIN_BASE_URL points to this machine: links in e-mails and the admin will not work.",
            hint="Set WAGTAILADMIN_BASE_URL to the portal's public address, e.g. https://rada.example.gov.ua.",
            id="cms.W003",
        ))
    return warnings
