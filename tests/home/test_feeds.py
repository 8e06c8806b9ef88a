"""RSS and Atom feeds of a news index."""
import datetime
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime

import pytest

from tests.factories import NewsPageFactory

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def feed_news(news_index, transport):
    older = NewsPageFactory(parent=news_index, title="Ремонт водогону", lead="Води не буде три години.",
                            date=datetime.datetime(2025, 4, 1, 9, 0, tzinfo=datetime.UTC), categories=[transport])
    newer = NewsPageFactory(parent=news_index, title="Новий маршрут", lead="Тролейбус № 5 подовжено.",
                            date=datetime.datetime(2025, 5, 1, 9, 0, tzinfo=datetime.UTC))
    NewsPageFactory(parent=news_index, title="Чернетка", live=False,
                    date=datetime.datetime(2025, 5, 2, 9, 0, tzinfo=datetime.UTC))
    return older, newer


@pytest.mark.django_db
def test_rss_feed(client, news_index, feed_news):
    older, newer = feed_news

    response = client.get(f"{news_index.url}rss/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("title") == news_index.title
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["Новий маршрут", "Ремонт водогону"]
    first, second = items
    assert first.findtext("link") == f"http://testserver{newer.url}"
    assert first.findtext("description") == "Тролейбус № 5 подовжено."
    assert parsedate_to_datetime(first.findtext("pubDate")) == newer.date
    assert second.findtext("category") == "Транспорт"


@pytest.mark.django_db
def test_atom_feed(client, news_index, feed_news):
    older, newer = feed_news

    response = client.get(f"{news_index.url}atom/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["Новий маршрут", "Ремонт водогону"]
    assert entries[0].find(f"{ATOM}link").get("href") == f"http://testserver{newer.url}"
    assert entries[0].findtext(f"{ATOM}summary") == "Тролейбус № 5 подовжено."
    assert entries[1].findtext(f"{ATOM}summary") == "Води не буде три години."
    assert "Чернетка" not in response.content.decode()


@pytest.mark.django_db
def test_feed_of_an_empty_index_is_valid(client, news_index):
    response = client.get(f"{news_index.url}rss/")

    assert response.status_code == 200
    assert ET.fromstring(response.content).find("channel").findall("item") == []
