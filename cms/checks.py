"""System checks: warn when PostgreSQL search runs without the Ukrainian dictionary."""
from django.core import checks


@checks.register(checks.Tags.database, deploy=True)
def ukrainian_search_configuration(app_configs, databases=None, **kwargs):
    from django.db import connection

    from .search import ukrainian_dictionary_installed

    if not databases or connection.vendor != "postgresql":
        return []
    try:
        installed = ukrainian_dictionary_installed()
    except Exception:  # database not reachable during `check`: other checks report that
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
