"""Create the `portal_uk` PostgreSQL text-search configuration (Ukrainian ispell when available)."""
from django.db import migrations


def create_configuration(apps, schema_editor):
    from cms.search import ensure_search_configuration

    ensure_search_configuration(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("cms", "0001_initial")]

    operations = [migrations.RunPython(create_configuration, migrations.RunPython.noop)]
