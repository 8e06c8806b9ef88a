"""The module contract (cms.modules): what the installed modules declare resolves, the kernel mounts it, and every
module's API imports on its own in a fresh process (no import cycle through the API mount)."""
import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from cms.modules import CachedPages, load, modules
from cms.roles import ROLES
from cms.search_types import SearchType

ROOT = Path(__file__).resolve().parents[2]
MODULES_WITH_API = [config.name for config, manifest in modules() if manifest.api]


def dotted_paths(manifest) -> list[str]:
    paths = [mount.router for mount in manifest.api] + [slot.render for slot in manifest.home_slots]
    paths += list(manifest.personal_data) + [dataset.urls for dataset in manifest.open_data]
    paths += [search_type.search for search_type in manifest.search]
    paths += [entry.addresses for entry in manifest.cached_pages]
    return paths + [path for path in (manifest.demo, manifest.working_day_corrections, manifest.search_types) if path]


def test_every_portal_app_declares_a_manifest():
    declared = {config.name for config, _manifest in modules()}
    assert {"home", "participation", "sessions", "petitions", "consultations", "regulatory", "forum"} <= declared
    assert "cms" not in declared  # the kernel declares nothing: it is what reads the declarations


@pytest.mark.parametrize("config", [config for config, _manifest in modules()], ids=lambda config: config.label)
def test_everything_a_manifest_names_exists(config):
    manifest = config.manifest
    for dotted in dotted_paths(manifest):
        target = load(dotted)
        assert callable(target) or hasattr(target, "urls_paths") or isinstance(target, list), dotted
    assert set(manifest.roles) <= set(ROLES), "a module grants rights to a role the kernel does not have"
    for grant in manifest.roles.values():
        for page_type in grant.pages:
            apps.get_model(page_type)
    for entry in manifest.cached_pages:
        for model in entry.models:
            apps.get_model(model)


# A rich search type (cms.search_types) naming a model without its app label.
BAD_RICH_SEARCH_TYPES = [SearchType("bad-kind", "Bad kind", search=lambda query: None, hit=lambda obj: None,
                                    models=("BudgetProject",))]


def test_a_search_type_naming_a_model_that_does_not_exist_fails_the_system_check(monkeypatch):
    """Site search looks the declared models up on every save (cms.signals): a wrong name is an error at start-up
    that names the manifest and the model, instead of a LookupError on every save at run time."""
    call_command("check")  # the portal's own declarations resolve
    config = apps.get_app_config("budget")
    declared = config.manifest.search[0]
    monkeypatch.setattr(config, "manifest", dataclasses.replace(
        config.manifest, search=(dataclasses.replace(declared, models=("budget.BudgetProjekt",)),),
        search_types="tests.cms.test_modules.BAD_RICH_SEARCH_TYPES",
        cached_pages=(CachedPages(models=("budget.Ballot",), addresses="budget.selectors.campaign_url"),)))
    with pytest.raises(SystemCheckError) as refused:
        call_command("check")
    report = str(refused.value)
    assert report.count("cms.E001") == 3
    assert "cached pages budget.selectors.campaign_url names the model 'budget.Ballot', which does not exist." in report
    assert "The manifest of budget (BudgetConfig.manifest): search type «" in report
    assert "names the model 'budget.BudgetProjekt', which does not exist." in report
    assert ("search type 'bad-kind' of tests.cms.test_modules.BAD_RICH_SEARCH_TYPES names the model 'BudgetProject', "
            "which does not exist.") in report


def test_open_api_has_each_declared_mount(client):
    paths = client.get("/api/v3/openapi.json").json()["paths"]
    for _config, manifest in modules():
        for mount in manifest.api:
            assert any(path.startswith(f"/api/v3{mount.prefix}") for path in paths), mount


@pytest.mark.parametrize("module", MODULES_WITH_API)
def test_module_api_imports_in_a_fresh_process(module):
    """`import petitions.api` used to fail unless cms.api had been imported first (a cycle through ApiProblem)."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test"}
    result = subprocess.run([sys.executable, "-c", f"import django; django.setup(); import {module}.api"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]


@pytest.mark.django_db
def test_open_data_catalogue_lists_declared_datasets_that_download(client, home_page,
                                                                   django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        response = client.get("/api/v3/open-data/")

    assert response.status_code == 200
    datasets = {(item["module"], item["key"]): item for item in response.json()}
    # Without their index pages the consultations and regulatory registers are not published yet.
    assert ("consultations", "consultations") not in datasets
    assert set(datasets) >= {("petitions", "petitions"), ("petitions", "signatures"), ("council", "deputies"),
                             ("council", "votes-votings"), ("directory", "directory")}
    assert datasets[("council", "deputies")]["title"] == "Депутати"
    for item in datasets.values():
        for fmt, url in item["downloads"].items():
            download = client.get(url)
            assert download.status_code == 200, url
            assert download["Content-Type"].startswith("text/csv" if fmt == "csv" else "application/"), url
