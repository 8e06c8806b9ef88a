"""Deployment checks (`manage.py check --deploy`): what a production portal must not run without."""
from django.conf import settings
from django.core import checks


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
