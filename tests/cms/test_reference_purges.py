"""Pages follow the objects they show but do not own (cms.signals, cms.pagecache.purge_referring_pages): an article
its related page's title, a page its image's alt text, a consultation its documents. Found through Wagtail's
reference index (filled by a task on save: the immediate backend here, db_worker in production) and purged after
the commit, so each change runs inside django_capture_on_commit_callbacks as outside a test's transaction. Before,
those pages stayed stale for up to PAGE_CACHE_TIMEOUT (300 s), or the whole site was purged on any image edit."""
import datetime

import pytest
import wagtail_factories
from django.utils import timezone

from cms import pagecache
from consultations.models import ConsultationDocument, ConsultationIndexPage, ConsultationPage
from home.models import NewsPageRelatedPage
from tests.factories import ImageFactory, NewsIndexPageFactory, NewsPageFactory, StandardPageFactory
from tests.page_cache import cached_html, fresh_html, page_and_fragment_caches_on, page_cache_on  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_and_fragment_caches_on")]


@pytest.fixture
def news(home_page):
    return NewsIndexPageFactory(parent=home_page)


def publish(page):
    page.save_revision().publish()
    return page


@pytest.fixture
def schedule_and_article(client, home_page, news):
    """An article showing a related page's title, cached."""
    schedule = StandardPageFactory(parent=home_page, title="Графік прийому громадян", slug="hrafik-pryiomu")
    article = NewsPageFactory(parent=news, title="Депутати приймають у вересні")
    article.related_pages.add(NewsPageRelatedPage(page=schedule))
    publish(article)
    assert "Графік прийому громадян" in cached_html(client, article.url)
    return schedule, article


def test_a_cached_article_shows_its_related_pages_new_title_once_it_is_published(
        client, schedule_and_article, django_capture_on_commit_callbacks):
    schedule, article = schedule_and_article

    schedule.title = "Графік прийому громадян на осінь"
    with django_capture_on_commit_callbacks(execute=True):
        publish(schedule)

    assert "Графік прийому громадян на осінь" in fresh_html(client, article.url)


def test_unpublishing_a_related_page_drops_it_from_the_cached_article(
        client, schedule_and_article, django_capture_on_commit_callbacks):
    schedule, article = schedule_and_article

    with django_capture_on_commit_callbacks(execute=True):
        schedule.unpublish()

    assert "Графік прийому громадян" not in fresh_html(client, article.url)


def test_a_page_showing_an_image_shows_its_new_alt_text_at_once(
        client, news, django_capture_on_commit_callbacks):
    image = ImageFactory(description="Міст через Ворсклу")
    article = NewsPageFactory(parent=news, title="Ремонт мосту", main_image=image, main_image_alt="")
    publish(article)
    assert 'alt="Міст через Ворсклу"' in cached_html(client, article.url)
    assert 'alt="Міст через Ворсклу"' in cached_html(client, news.url)  # the list shows the article's image too

    image.description = "Відремонтований міст через Ворсклу вночі"
    with django_capture_on_commit_callbacks(execute=True):
        image.save()

    assert 'alt="Відремонтований міст через Ворсклу вночі"' in fresh_html(client, article.url)
    assert 'alt="Відремонтований міст через Ворсклу вночі"' in fresh_html(client, news.url)


def test_an_unrelated_image_edit_leaves_the_pages_cached(client, news, django_capture_on_commit_callbacks):
    image = ImageFactory(description="Міст через Ворсклу")
    article = NewsPageFactory(parent=news, title="Ремонт мосту", main_image=image, main_image_alt="")
    publish(article)
    other = ImageFactory(description="Парк Перемоги")
    for url in (article.url, news.url, "/"):
        cached_html(client, url)

    other.description = "Парк Перемоги взимку"
    with django_capture_on_commit_callbacks(execute=True):
        other.save()

    for url in (article.url, news.url, "/"):
        assert client.get(url)["X-Page-Cache"] == "HIT", url


def test_a_deleted_document_disappears_from_the_consultation_listing_it(
        client, home_page, django_capture_on_commit_callbacks):
    index = ConsultationIndexPage(title="Громадські обговорення", slug="hromadski-obhovorennia")
    home_page.add_child(instance=index)
    publish(index)
    document = wagtail_factories.DocumentFactory(title="Проєкт благоустрою скверу")
    now = timezone.now()
    consultation = ConsultationPage(title="Сквер на вулиці Липовій", slug="skver", question="Яким має бути сквер?",
                                    summary="Коротко про обговорення.", start=now - datetime.timedelta(days=1),
                                    end=now + datetime.timedelta(days=10))
    consultation.documents.add(ConsultationDocument(document=document))
    index.add_child(instance=consultation)
    publish(consultation)
    assert "Проєкт благоустрою скверу" in cached_html(client, consultation.url)

    with django_capture_on_commit_callbacks(execute=True):
        document.delete()

    assert "Проєкт благоустрою скверу" not in fresh_html(client, consultation.url)


def test_an_object_shown_on_too_many_pages_purges_the_whole_site(news, monkeypatch):
    image = ImageFactory()
    for _number in range(3):
        publish(NewsPageFactory(parent=news, main_image=image, main_image_alt="Міст"))
    monkeypatch.setattr(pagecache, "MAX_REFERRING_PAGES", 2)
    purged = []
    monkeypatch.setattr(pagecache, "_purge", lambda paths, trees: purged.append((paths, trees)))

    pagecache.purge_referring_pages(image)

    assert purged == [([], ["/"])]


def test_republishing_a_page_with_the_same_title_leaves_the_pages_linking_to_it_cached(
        client, home_page, news, django_capture_on_commit_callbacks):
    schedule = StandardPageFactory(parent=home_page, title="Графік прийому громадян", slug="hrafik-pryiomu")
    article = NewsPageFactory(parent=news, title="Депутати приймають у вересні")
    article.related_pages.add(NewsPageRelatedPage(page=schedule))
    publish(article)
    cached_html(client, article.url)

    schedule.intro = "Прийом щочетверга."
    with django_capture_on_commit_callbacks(execute=True):
        publish(schedule)

    assert client.get(article.url)["X-Page-Cache"] == "HIT"


def test_the_pages_showing_an_object_are_found_in_a_bounded_number_of_queries(
        news, monkeypatch, django_assert_max_num_queries):
    image = ImageFactory()
    for _number in range(5):
        publish(NewsPageFactory(parent=news, main_image=image, main_image_alt="Міст"))
    purged = []
    monkeypatch.setattr(pagecache, "_purge", lambda paths, trees: purged.append((paths, trees)))

    with django_assert_max_num_queries(3):  # the referring pages, their parents, the sites' root paths
        pagecache.purge_referring_pages(image)

    paths, trees = purged[0]
    assert {"/", news.url, f"{news.url}rss/"} <= set(paths)  # the home page and the index list the articles
    assert len(trees) == 5  # each article and what lies below it
