"""The data migration that merges regulatory departments into the council's city departments, both ways."""
import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

OLD_STATE = [("regulatory", "0001_initial"), ("council", "0004_department_edrpou")]
NEW_STATE = [("regulatory", "0002_shared_city_departments")]

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def migrate(targets):
    """Migrate to ``targets`` and return the historical apps of that state (a fresh executor reads what is
    applied now)."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def raw_page(apps, model_name: str, *, path: str, **fields):
    """A page row built from historical models (no tree helpers exist there); enough for foreign keys."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(app_label="regulatory", model=model_name.lower())
    locale = apps.get_model("wagtailcore", "Locale").objects.first()
    return apps.get_model("regulatory", model_name).objects.create(
        path=path, depth=len(path) // 4, numchild=0, url_path=f"/{fields['slug']}/", content_type=content_type,
        locale=locale, draft_title=fields["title"], live=True, **fields)


def build_old_state(apps):
    CityDepartment = apps.get_model("council", "Department")
    RegulatoryDepartment = apps.get_model("regulatory", "Department")
    education = CityDepartment.objects.create(name="Управління освіти", short_name="Освіта")
    CityDepartment.objects.create(name="Юридичний відділ")
    same = RegulatoryDepartment.objects.create(name="  управління   ОСВІТИ ", edrpou="87654321")
    new = RegulatoryDepartment.objects.create(name="Управління економіки", edrpou="12345678")
    acts = {
        "education": raw_page(apps, "RegulatoryActPage", path="00019001", title="Про шкільні їдальні",
                              slug="idalni", summary="Правила.", department=same),
        "economy": raw_page(apps, "RegulatoryActPage", path="00019002", title="Про торгівлю", slug="torhivlia",
                            summary="Правила.", department=new),
        "none": raw_page(apps, "RegulatoryActPage", path="00019003", title="Без розробника", slug="bez",
                         summary="Правила."),
    }
    plan = raw_page(apps, "RegulatoryPlanPage", path="00019004", title="План на 2026", slug="plan-2026", year=2026)
    item = apps.get_model("regulatory", "PlanItem").objects.create(
        plan=plan, sort_order=0, title="Правила торгівлі", legal_act_title="Про торгівлю", objective="Порядок.",
        deadline=datetime.date(2026, 6, 30), department=new)
    # An unpublished draft of an act keeps the department's id in its JSON.
    ContentType = apps.get_model("contenttypes", "ContentType")
    act_type = ContentType.objects.get(app_label="regulatory", model="regulatoryactpage")
    page_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="page")
    revision = apps.get_model("wagtailcore", "Revision").objects.create(
        content_type=act_type, base_content_type=page_type, object_id=str(acts["economy"].pk),
        content={"title": "Про торгівлю (чернетка)", "department": new.pk}, object_str="Про торгівлю",
        created_at=datetime.datetime(2026, 5, 1, tzinfo=datetime.UTC))
    return education, acts, item, revision


def test_regulatory_departments_become_the_city_departments_and_back():
    try:
        education, acts, item, revision = build_old_state(migrate(OLD_STATE))

        apps = migrate(NEW_STATE)
        CityDepartment = apps.get_model("council", "Department")
        RegulatoryActPage = apps.get_model("regulatory", "RegulatoryActPage")
        # The same name in another case and spacing is the existing council department, not a second one.
        assert RegulatoryActPage.objects.get(pk=acts["education"].pk).department_id == education.pk
        assert CityDepartment.objects.get(pk=education.pk).edrpou == "87654321"  # its code was empty
        economy = CityDepartment.objects.get(name="Управління економіки")
        assert economy.edrpou == "12345678"
        assert RegulatoryActPage.objects.get(pk=acts["economy"].pk).department_id == economy.pk
        assert RegulatoryActPage.objects.get(pk=acts["none"].pk).department_id is None
        assert apps.get_model("regulatory", "PlanItem").objects.get(pk=item.pk).department_id == economy.pk
        assert apps.get_model("wagtailcore", "Revision").objects.get(pk=revision.pk).content["department"] == \
            economy.pk
        assert sorted(CityDepartment.objects.values_list("name", flat=True)) == [
            "Управління економіки", "Управління освіти", "Юридичний відділ"]
        with pytest.raises(LookupError):
            apps.get_model("regulatory", "Department")

        # Backwards: the acts point to regulatory departments of the same names again.
        apps = migrate(OLD_STATE)
        RegulatoryActPage = apps.get_model("regulatory", "RegulatoryActPage")
        assert RegulatoryActPage.objects.get(pk=acts["education"].pk).department.name == "Управління освіти"
        economy_again = RegulatoryActPage.objects.get(pk=acts["economy"].pk).department
        assert (economy_again.name, economy_again.edrpou) == ("Управління економіки", "12345678")
        assert apps.get_model("regulatory", "PlanItem").objects.get(pk=item.pk).department_id == economy_again.pk
        assert apps.get_model("wagtailcore", "Revision").objects.get(pk=revision.pk).content["department"] == \
            economy_again.pk
        assert apps.get_model("regulatory", "Department").objects.count() == 2

        # And forwards again: still no duplicates.
        apps = migrate(NEW_STATE)
        assert apps.get_model("council", "Department").objects.count() == 3
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
