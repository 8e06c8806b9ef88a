"""The news index at any depth: pages up to LIST_MAX_PAGES (OFFSET bounded), the exact number of articles from
the cache (recounted after a publish), a clear Ukrainian 404 beyond the last page offered, and the archive filter
reaching what lies beyond it."""
import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from tests.factories import NewsPageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("settings_two_pages")]


@pytest.fixture
def settings_two_pages():
    with override_settings(LIST_MAX_PAGES=2, NEWS_PER_PAGE=2):
        yield


@pytest.fixture
def archive(news_index):
    now = timezone.now()
    return [NewsPageFactory(parent=news_index, title=f"Новина {number}",
                            date=now - datetime.timedelta(days=400 * number)) for number in range(7)]


def titles(response) -> list[str]:
    return [page.title for page in response.context["news_page"].object_list]


def test_the_last_page_offered_says_where_older_news_are(client, news_index, archive):
    response = client.get(news_index.url, {"page": 2})

    assert response.status_code == 200
    assert titles(response) == ["Новина 2", "Новина 3"]
    html = response.content.decode()
    assert "Знайдено 7 новин" in html  # the exact number, not the number of pages offered
    assert "Показано лише перші 2 сторінок." in html
    assert 'rel="next"' not in html


def test_beyond_the_last_page_offered_is_a_friendly_404(client, news_index, archive):
    response = client.get(news_index.url, {"page": 3})

    assert response.status_code == 404
    assert "У цьому списку немає такої сторінки." in response.content.decode()


def test_the_archive_reaches_what_the_pages_do_not(client, news_index, archive):
    oldest = archive[-1]

    response = client.get(news_index.url, {"year": timezone.localtime(oldest.date).year})

    assert "Новина 6" in titles(response)


def test_the_number_of_articles_follows_publishing(client, news_index, archive):
    assert client.get(news_index.url).context["news_page"].paginator.total == 7

    draft = NewsPageFactory(parent=news_index, title="Свіжа", live=False,
                            date=timezone.now() + datetime.timedelta(minutes=1))
    draft.save_revision().publish()

    response = client.get(news_index.url)
    assert response.context["news_page"].paginator.total == 8
    assert titles(response)[0] == "Свіжа"
