"""Site search's page types in one statement: the same matches as Wagtail's search backend, nothing restricted or
unpublished, a bounded number of queries whatever the matches, and hits built only for the page shown."""
import pytest
from wagtail.models import PageViewRestriction

from cms import search_types
from cms.search_types import site_search, wagtail_tsquery
from home.models import NewsPage
from tests.factories import NewsPageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db


def titles(**params) -> list[str]:
    hits, _counts = site_search(**params)
    return [hit.title for hit in hits]


@pytest.mark.parametrize("query", ["бюджету", "ремонт доріг", "соціально-економічний розвиток", "об'єкт",
                                   "a\\b", "o'neil ' ''"])
def test_the_words_become_the_tsquery_wagtail_builds(query):
    from django.db import connection
    from modelsearch.backends.database.postgres.postgres import PostgresSearchQueryCompiler
    from modelsearch.query import PlainText

    compiler = PostgresSearchQueryCompiler(NewsPage.objects.all(), PlainText(query, operator="and"))
    sql, params = compiler.build_tsquery(compiler.query, config="portal_uk").as_sql(
        connection.ops.compiler("SQLCompiler")(NewsPage.objects.all().query, connection, "default"), connection)
    assert params[-1] == wagtail_tsquery(query)


def test_restricted_pages_and_what_is_below_them_are_not_found(home_page, news_index):
    section = StandardPageFactory(parent=home_page, title="Закритий розділ", intro="Бюджет для своїх.")
    StandardPageFactory(parent=section, title="Вкладена сторінка", intro="Кошторис бюджету.")
    NewsPageFactory(parent=news_index, title="Відкрита новина", lead="Бюджет для всіх.")
    assert set(titles(query="бюджету")) == {"Закритий розділ", "Вкладена сторінка", "Відкрита новина"}

    PageViewRestriction.objects.create(page=section, restriction_type=PageViewRestriction.PASSWORD, password="x")

    hits, counts = site_search("бюджету")
    assert [hit.title for hit in hits] == ["Відкрита новина"]
    assert counts["pages"] == 0 and counts["news"] == 1  # the restriction dropped the cached count too


def test_unpublished_pages_are_not_found(news_index):
    NewsPageFactory(parent=news_index, title="Чернетка про бюджет", live=False)
    assert titles(query="бюджету") == []


def test_one_statement_for_every_page_type_and_flat_in_the_matches(client, news_index,
                                                                   django_assert_max_num_queries):
    def warm_queries() -> int:
        client.get("/poshuk/", {"q": "бюджету"})  # counts stored
        with django_assert_max_num_queries(12) as captured:
            response = client.get("/poshuk/", {"q": "бюджету"})
        assert response.status_code == 200
        return len(captured)

    NewsPageFactory(parent=news_index, title="Бюджет громади", lead="Перша.")
    few = warm_queries()
    for number in range(30):
        NewsPageFactory(parent=news_index, title=f"Бюджет громади {number}", lead="Ще одна.")
    assert warm_queries() == few


def test_hits_are_built_only_for_the_page_shown(news_index, monkeypatch):
    for number in range(25):
        NewsPageFactory(parent=news_index, title=f"Бюджет {number}", lead="Про бюджет.")
    built = []
    news = search_types.search_types()["news"]
    monkeypatch.setitem(search_types.search_types(), "news", search_types.SearchType(
        news.key, news.label, news.search, lambda row: built.append(row) or news.hit(row), order=news.order))

    hits, counts = site_search("бюджету", kind="news", needed=20)
    page_two = hits[10:20]

    assert counts["news"] == 25 and len(hits) == 25
    assert len(page_two) == 10 and len(built) == 10
    urls = {page.title: page.url for page in NewsPage.objects.all()}
    assert all(hit.url == urls[hit.title] for hit in page_two)


def test_rows_come_from_the_cache_until_a_page_changes(client, news_index):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    article = NewsPageFactory(parent=news_index, title="Бюджет громади", lead="Перша.")
    assert titles(query="бюджету") == ["Бюджет громади"]
    with CaptureQueriesContext(connection) as again:
        assert titles(query="бюджету") == ["Бюджет громади"]
    assert not [query for query in again if "wagtailsearch_indexentry" in query["sql"]]

    article.title = "Бюджет громади на рік"
    article.save_revision().publish()
    assert titles(query="бюджету") == ["Бюджет громади на рік"]


def test_a_search_index_update_drops_what_search_kept(news_index):
    from modelsearch.tasks import insert_or_update_object_task

    article = NewsPageFactory(parent=news_index, title="Бюджет громади", lead="Перша.")
    assert titles(query="кошторис") == []
    # The text changes and the index task runs later, as the production worker does after a publish.
    NewsPage.objects.filter(pk=article.pk).update(lead="Кошторис на рік.")
    assert titles(query="кошторис") == []  # the index still has the old text; this result is kept
    insert_or_update_object_task.enqueue("home", "newspage", str(article.pk))
    assert titles(query="кошторис") == ["Бюджет громади"]


def test_api_search_keeps_its_ranking_until_a_page_changes(client, news_index):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def api_titles() -> list[str]:
        return [item["title"] for item in client.get("/api/v3/home/search/", {"q": "бюджету"}).json()["items"]]

    first = NewsPageFactory(parent=news_index, title="Бюджет громади", lead="Перша.")
    assert api_titles() == ["Бюджет громади"]
    with CaptureQueriesContext(connection) as again:
        assert api_titles() == ["Бюджет громади"]
    assert not [query for query in again if "wagtailsearch_indexentry" in query["sql"]]  # ranked once

    NewsPageFactory(parent=news_index, title="Бюджет на рік", lead="Друга.")
    assert sorted(api_titles()) == ["Бюджет громади", "Бюджет на рік"]
    first.unpublish()
    assert api_titles() == ["Бюджет на рік"]


def test_a_bulk_index_rebuild_drops_what_search_kept(news_index):
    from django.core.management import call_command

    article = NewsPageFactory(parent=news_index, title="Бюджет громади", lead="Перша.")
    assert titles(query="кошторис") == []
    # A bulk rebuild writes the index without the per-page task's signal.
    NewsPage.objects.filter(pk=article.pk).update(lead="Кошторис на рік.")
    assert titles(query="кошторис") == []
    call_command("update_index", verbosity=0)
    assert titles(query="кошторис") == ["Бюджет громади"]


def test_the_list_of_a_search_page_is_a_fragment_for_anonymous_readers(client, settings, news_index, monkeypatch,
                                                                      resident):
    settings.PAGE_CACHE_ENABLED, settings.FRAGMENT_CACHE_ENABLED = False, True
    NewsPageFactory(parent=news_index, title="Бюджет громади", lead="Про бюджет.")
    built = []
    news = search_types.search_types()["news"]
    monkeypatch.setitem(search_types.search_types(), "news", search_types.SearchType(
        news.key, news.label, news.search, lambda row: built.append(row) or news.hit(row), order=news.order))

    def page() -> str:
        html = client.get("/poshuk/", {"q": "бюджету"}).content.decode()
        return html[html.index('<ol class="news-list"'):html.index("</ol>")]

    first = page()  # starts the fragments' generation
    page()  # stores the list
    built.clear()
    assert page() == first and built == []  # the same list, no hit built
    assert "Бюджет громади" in first

    client.force_login(resident)  # a person gets the list built
    assert "Бюджет громади" in client.get("/poshuk/", {"q": "бюджету"}).content.decode() and len(built) == 1
    client.logout()
    client.cookies.clear()
    NewsPageFactory(parent=news_index, title="Бюджет на рік", lead="Ще про бюджет.")  # published: a new version
    assert "Бюджет на рік" in page()


def test_a_failed_search_index_task_keeps_what_search_kept(news_index):
    from django_tasks import TaskResultStatus
    from modelsearch.tasks import insert_or_update_object_task

    from cms.search_types import page_search_version

    NewsPageFactory(parent=news_index, title="Бюджет громади")
    version = page_search_version()
    failed = insert_or_update_object_task.enqueue("home", "newspage", "not-a-page-id")
    assert failed.status == TaskResultStatus.FAILED
    assert page_search_version() == version  # it wrote nothing
