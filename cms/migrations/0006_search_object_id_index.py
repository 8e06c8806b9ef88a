"""An index on the search index's ``object_id``: site search across all page types joins each page to its entry by
``object_id = page.id::varchar`` with ``content_type_id IN (every page type)``, which the unique (content type,
object id) index answers with one probe per page type (26 of them) for every page looked at; this index answers it
with one (API search of 100,000 news: 70 ms → 12 ms)."""
from django.db import migrations

INDEX = "portal_search_object_id"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailsearch_indexentry (object_id)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):

    dependencies = [
        ("cms", "0005_root_page_title"),
    ]

    operations = [migrations.RunPython(create, drop)]
