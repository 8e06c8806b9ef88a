"""Ranking rule of site search and the API search: every match is counted, the newest ONE_TYPE_LIMIT matches of a
type are ranked by relevance (best first) and listed; older matches beyond that bound are not ranked, so a common
word costs the same in a 100,000-article archive as in a small one."""
import datetime

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from tests.factories import NewsPageFactory


@pytest.fixture
def archive(news_index, monkeypatch):
    monkeypatch.setattr("cms.search_types.ONE_TYPE_LIMIT", 3)
    now = timezone.now()

    def article(title, lead, days):
        return NewsPageFactory(parent=news_index, title=title, lead=lead, date=now - datetime.timedelta(days=days))

    return {
        # Newest three matches: the one with the word in its title ranks first although it is the oldest of them.
        "title": article("Бюджет міста на рік", "Депутати ухвалили кошторис.", 3),
        "lead": article("Сесія ради", "Говорили й про бюджет громади.", 1),
        "body": article("Прийом громадян", "Депутат прийматиме мешканців; бюджет участі.", 2),
        # Older matches: counted, but beyond the ranked bound, even with the word in the title.
        "old": article("Бюджет минулого року", "Звіт про бюджет.", 400),
        "older": article("Звіт про бюджет позаминулого року", "Підсумки.", 800),
        "other": article("Ремонт дороги", "Асфальт на Соборній.", 0),
    }


def listed(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [link.get_text(strip=True) for link in soup.select("ol.news-list li h2 a")]


@pytest.mark.django_db
def test_the_newest_matches_are_ranked_best_first_and_every_match_counted(client, archive):
    response = client.get("/poshuk/", {"q": "бюджету", "type": "news"})

    assert response.status_code == 200
    titles = listed(response)
    assert titles[0] == "Бюджет міста на рік"
    assert sorted(titles[1:]) == ["Прийом громадян", "Сесія ради"]
    assert response.context["total"] == 5  # the two older matches are counted, not listed


@pytest.mark.django_db
def test_the_api_search_follows_the_same_rule(client, archive):
    # Across page types the newest are the last created (by id): here the two oldest articles and «Прийом громадян».
    payload = client.get("/api/v3/home/search/", {"q": "бюджету", "limit": 10}).json()

    assert payload["count"] == 5
    assert {item["title"] for item in payload["items"]} == {
        "Звіт про бюджет позаминулого року", "Бюджет минулого року", "Прийом громадян"}
    assert payload["next"] is None


@pytest.mark.django_db
def test_below_the_bound_relevance_decides_not_age(client, archive):
    response = client.get("/poshuk/", {"q": "звіт", "type": "news"})

    assert listed(response) == ["Звіт про бюджет позаминулого року", "Бюджет минулого року"]  # title before lead
    assert response.context["total"] == 2


@pytest.mark.django_db
def test_match_counts_come_from_the_cache_and_follow_publishing(client, news_index, archive):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def total():
        return client.get("/poshuk/", {"q": "бюджету", "type": "news"}).context["total"]

    assert total() == 5
    with CaptureQueriesContext(connection) as again:
        assert total() == 5
    assert not [query for query in again if "COUNT(" in query["sql"].upper()]  # counted once per query

    draft = NewsPageFactory(parent=news_index, title="Бюджет на наступний рік", live=False)
    draft.save_revision().publish()
    assert total() == 6
    draft.refresh_from_db()  # live now: unpublishing an instance that still says "draft" would do nothing
    draft.unpublish()
    assert total() == 5
