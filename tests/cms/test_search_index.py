"""Site search reads the search index through indexes, not a scan of every entry (cms migrations 0004, 0005)."""
import pytest
from django.db import connection

from home.selectors import search_pages
from tests.factories import NewsPageFactory


@pytest.mark.django_db
def test_search_filter_has_its_expression_index_and_the_planner_uses_it(news_index):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL full-text search only")
    for number in range(30):
        NewsPageFactory(parent=news_index, title=f"Бюджет громади {number}" if number % 3 else f"Ремонт доріг {number}")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'portal_search_title_body_gin'")
        [(definition,)] = cursor.fetchall()
        assert "gin" in definition and "title || body" in definition
        cursor.execute("SET LOCAL enable_seqscan = off")  # a 30-row table would be scanned anyway
        cursor.execute("EXPLAIN SELECT id FROM wagtailsearch_indexentry "
                       "WHERE (title || body) @@ to_tsquery('simple', 'бюджет')")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "portal_search_title_body_gin" in plan
    assert len(list(search_pages("бюджету")[:50])) == 20


@pytest.mark.django_db
def test_search_across_page_types_finds_each_entry_by_its_object_id(news_index):
    # The join of pages to their entries names every page type; the object_id index answers it with one probe.
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'portal_search_object_id'")
        [(definition,)] = cursor.fetchall()
    assert "wagtailsearch_indexentry" in definition and "(object_id)" in definition
