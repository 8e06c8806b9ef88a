"""Wagtail's first migrations name the tree's root page and the root collection «Root»; staff see them in the explorer,
its breadcrumbs, the sites' settings and the collections' parent picker, so they get Ukrainian names (data, not
translatable strings)."""
from django.db import migrations


def rename_root(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Page.objects.filter(depth=1, title="Root").update(title="Корінь сайту", draft_title="Корінь сайту")
    apps.get_model("wagtailcore", "Collection").objects.filter(depth=1, name="Root").update(name="Усі колекції")


def restore_root(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Page.objects.filter(depth=1, title="Корінь сайту").update(title="Root", draft_title="Root")
    apps.get_model("wagtailcore", "Collection").objects.filter(depth=1, name="Усі колекції").update(name="Root")


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0004_search_title_body_index"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(rename_root, restore_root)]
