"""Regulatory acts and plan rows take their department from the council's one list of city departments.

Each regulatory department becomes the council department of the same name (letter case and spacing aside), or a
new one with its name and EDRPOU code; acts, plan rows, their revisions (drafts not yet published), Wagtail's
reference index and the groups' permissions are moved to it; then the old model goes. Backwards, a regulatory
department is made again for every council department the acts and plans use, and they point to it again."""
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

OLD = ("regulatory", "department")
NEW = ("council", "department")
ACTIONS = ("add", "change", "delete", "view")


def name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def content_type(apps, app_label: str, model: str, *, create: bool = False):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if create:
        return ContentType.objects.get_or_create(app_label=app_label, model=model)[0]
    return ContentType.objects.filter(app_label=app_label, model=model).first()


def remap_revisions(apps, mapping: dict) -> None:
    """Unpublished drafts and older revisions keep the department's id in their JSON: translate it too, so
    publishing or reverting one never picks an unrelated department."""
    Revision = apps.get_model("wagtailcore", "Revision")
    act_type = content_type(apps, "regulatory", "regulatoryactpage")
    plan_type = content_type(apps, "regulatory", "regulatoryplanpage")
    if act_type is not None:
        for revision in Revision.objects.filter(content_type=act_type).iterator():
            if "department" in revision.content:
                revision.content["department"] = mapping.get(revision.content["department"])
                revision.save(update_fields=["content"])
    if plan_type is not None:
        for revision in Revision.objects.filter(content_type=plan_type).iterator():
            items = revision.content.get("items") or []
            for item in items:
                if "department" in item:
                    item["department"] = mapping.get(item["department"])
            if items:
                revision.save(update_fields=["content"])


def remap_references(apps, mapping: dict, *, source, target) -> None:
    ReferenceIndex = apps.get_model("wagtailcore", "ReferenceIndex")
    if source is None or not ReferenceIndex.objects.filter(to_content_type=source).exists():
        return
    for old_id, new_id in mapping.items():
        ReferenceIndex.objects.filter(to_content_type=source, to_object_id=str(old_id)).update(
            to_content_type=target, to_object_id=str(new_id))
    ReferenceIndex.objects.filter(to_content_type=source).delete()  # references to departments already gone


def to_city_departments(apps, schema_editor):
    RegulatoryDepartment = apps.get_model("regulatory", "Department")
    CityDepartment = apps.get_model("council", "Department")
    RegulatoryActPage = apps.get_model("regulatory", "RegulatoryActPage")
    PlanItem = apps.get_model("regulatory", "PlanItem")

    by_name = {}
    for department in CityDepartment.objects.order_by("pk"):
        by_name.setdefault(name_key(department.name), department)
    mapping = {}
    for old in RegulatoryDepartment.objects.order_by("pk"):
        shared = by_name.get(name_key(old.name))
        if shared is None:
            shared = CityDepartment.objects.create(name=" ".join(old.name.split()), edrpou=old.edrpou)
            by_name[name_key(shared.name)] = shared
        elif old.edrpou and not shared.edrpou:
            shared.edrpou = old.edrpou  # the plan's open data publishes it as the developer's code
            shared.save(update_fields=["edrpou"])
        mapping[old.pk] = shared.pk
        RegulatoryActPage.objects.filter(department=old).update(city_department=shared)
        PlanItem.objects.filter(department=old).update(city_department=shared)

    remap_revisions(apps, mapping)
    old_type = content_type(apps, *OLD)
    if old_type is None:
        return  # a fresh database: nothing refers to the old model yet
    new_type = content_type(apps, *NEW, create=True)
    remap_references(apps, mapping, source=old_type, target=new_type)
    apps.get_model("wagtailsearch", "IndexEntry").objects.filter(content_type=old_type).delete()
    # Whoever could manage the regulatory departments manages the city departments now (the regulatory service).
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    User = apps.get_model(settings.AUTH_USER_MODEL)
    for action in ACTIONS:
        codename = f"{action}_department"
        old_permission = Permission.objects.filter(content_type=old_type, codename=codename).first()
        if old_permission is None:
            continue
        new_permission, _created = Permission.objects.get_or_create(
            content_type=new_type, codename=codename, defaults={"name": f"Can {action} city department"})
        for group in Group.objects.filter(permissions=old_permission):
            group.permissions.add(new_permission)
        for user in User.objects.filter(user_permissions=old_permission):
            user.user_permissions.add(new_permission)


def to_regulatory_departments(apps, schema_editor):
    """The reverse: a regulatory department per city department that acts or plan rows use (permissions are
    given again by ``manage.py setup_roles``)."""
    RegulatoryDepartment = apps.get_model("regulatory", "Department")
    CityDepartment = apps.get_model("council", "Department")
    RegulatoryActPage = apps.get_model("regulatory", "RegulatoryActPage")
    PlanItem = apps.get_model("regulatory", "PlanItem")

    used = set(RegulatoryActPage.objects.exclude(city_department=None).values_list("city_department", flat=True))
    used |= set(PlanItem.objects.exclude(city_department=None).values_list("city_department", flat=True))
    mapping = {}
    for shared in CityDepartment.objects.filter(pk__in=used).order_by("pk"):
        old, _created = RegulatoryDepartment.objects.get_or_create(name=shared.name,
                                                                   defaults={"edrpou": shared.edrpou})
        mapping[shared.pk] = old.pk
        RegulatoryActPage.objects.filter(city_department=shared).update(department=old)
        PlanItem.objects.filter(city_department=shared).update(department=old)

    # Revisions may name departments no current act uses: give them a regulatory department as well.
    Revision = apps.get_model("wagtailcore", "Revision")
    act_type = content_type(apps, "regulatory", "regulatoryactpage")
    plan_type = content_type(apps, "regulatory", "regulatoryplanpage")
    in_revisions = set()
    for revision in Revision.objects.filter(content_type__in=[kind for kind in (act_type, plan_type) if kind]):
        in_revisions.add(revision.content.get("department"))
        in_revisions.update(item.get("department") for item in revision.content.get("items") or [])
    for shared in CityDepartment.objects.filter(pk__in=in_revisions - set(mapping) - {None}):
        old, _created = RegulatoryDepartment.objects.get_or_create(name=shared.name,
                                                                   defaults={"edrpou": shared.edrpou})
        mapping[shared.pk] = old.pk
    remap_revisions(apps, mapping)

    new_type = content_type(apps, *NEW)
    sources = [source for source in (act_type, plan_type) if source is not None]
    if new_type is not None and sources and mapping:
        ReferenceIndex = apps.get_model("wagtailcore", "ReferenceIndex")
        old_type = content_type(apps, *OLD, create=True)
        for shared_id, old_id in mapping.items():
            ReferenceIndex.objects.filter(content_type__in=sources, to_content_type=new_type,
                                          to_object_id=str(shared_id)).update(to_content_type=old_type,
                                                                              to_object_id=str(old_id))


class Migration(migrations.Migration):

    dependencies = [
        ("regulatory", "0001_initial"),
        # The city departments must have their EDRPOU code before the regulatory ones are copied into them.
        ("council", "0004_department_edrpou"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailsearch", "0010_add_text_fields"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="regulatoryactpage",
            name="city_department",
            field=models.ForeignKey(null=True, blank=True, on_delete=django.db.models.deletion.SET_NULL,
                                    related_name="+", to="council.department"),
        ),
        migrations.AddField(
            model_name="planitem",
            name="city_department",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+",
                                    to="council.department"),
        ),
        migrations.RunPython(to_city_departments, to_regulatory_departments),
        migrations.RemoveField(model_name="regulatoryactpage", name="department"),
        migrations.RemoveField(model_name="planitem", name="department"),
        migrations.RenameField(model_name="regulatoryactpage", old_name="city_department", new_name="department"),
        migrations.RenameField(model_name="planitem", old_name="city_department", new_name="department"),
        migrations.AlterField(
            model_name="planitem",
            name="department",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL,
                                    related_name="regulatory_plan_items", to="council.department",
                                    verbose_name="responsible department"),
        ),
        migrations.AlterField(
            model_name="regulatoryactpage",
            name="department",
            field=models.ForeignKey(blank=True, help_text="The department that drafted the act and answers for it.",
                                    null=True, on_delete=django.db.models.deletion.SET_NULL,
                                    related_name="regulatory_acts", to="council.department",
                                    verbose_name="developer department"),
        ),
        migrations.DeleteModel(name="Department"),
    ]
