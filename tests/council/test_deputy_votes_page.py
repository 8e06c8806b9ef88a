"""A deputy's votes on their page stay short on a phone: a summary per session (counts of each choice), then the
votes of the latest session (any other session, or all, through the filter), 20 to a page; a bad filter gets a
Ukrainian message."""
import datetime
import re

import pytest
from django.utils import timezone

from sessions.models import VoteEvent, VoteRecord
from sessions.views import DEPUTY_VOTES_PER_PAGE

from .factories import DeputyPageFactory, SessionIndexPageFactory, SessionPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def voted(home_page, deputy_index, factions, convocation):
    """A deputy with 45 votes over three held sessions (15 each: 10 «За», 3 «Проти», 2 «Відсутній»)."""
    index = SessionIndexPageFactory(parent=home_page)
    deputy = DeputyPageFactory(parent=deputy_index, faction=factions[0])
    sessions = []
    for number in range(3):
        session = SessionPageFactory(parent=index, convocation=convocation, title=f"Сесія номер {number + 1}",
                                     start=timezone.now() - datetime.timedelta(days=30 * (3 - number)),
                                     status="held")
        sessions.append(session)
        for position in range(15):
            event = VoteEvent.objects.create(session=session, uid=f"{number}-{position}", motion_uid=f"m{position}",
                                             title=f"Питання {number}-{position}", result="Прийнято",
                                             position=position)
            choice = "За" if position < 10 else "Проти" if position < 13 else "Відсутній"
            VoteRecord.objects.create(event=event, deputy=deputy, choice=choice, faction=factions[0])
    return deputy, sessions


def rows(html: str, table_caption: str) -> list[str]:
    table = re.search(rf"<caption[^>]*>{table_caption}</caption>.*?<tbody>(.*?)</tbody>", html, re.S).group(1)
    return re.findall(r"<tr>(.*?)</tr>", table, re.S)


def summary_items(html: str) -> list[str]:
    return re.findall(r"<li>(.*?)</li>", re.search(r'<ul class="vote-sessions"[^>]*>(.*?)</ul>', html, re.S).group(1),
                      re.S)


def test_the_page_shows_a_summary_per_session_and_the_latest_sessions_votes(client, voted):
    deputy, sessions = voted
    html = client.get(deputy.url).content.decode()
    summary = summary_items(html)
    assert len(summary) == 3 and "Сесія номер 3" in summary[0]  # newest first
    assert re.findall(r"<span>(\w+): <strong>(\d+)</strong></span>", summary[0]) == [
        ("За", "10"), ("Проти", "3"), ("Відсутній", "2")]  # the choices nobody made are left out
    listed = rows(html, "Як голосував депутат")
    assert len(listed) == 15 and all("Питання 2-" in row for row in listed)  # the latest session only
    everything = client.get(deputy.url, {"session": ""}).content.decode()  # «Усі засідання»
    assert len(rows(everything, "Як голосував депутат")) == DEPUTY_VOTES_PER_PAGE == 20  # not all 45
    assert len(everything) < 60_000


def test_the_list_filters_by_session_and_choice(client, voted):
    deputy, sessions = voted
    html = client.get(deputy.url, {"session": sessions[0].pk}).content.decode()
    listed = rows(html, "Як голосував депутат")
    assert len(listed) == 15 and all("Питання 0-" in row for row in listed)
    html = client.get(deputy.url, {"session": sessions[1].pk, "choice": "Проти"}).content.decode()
    assert len(rows(html, "Як голосував депутат")) == 3


def test_a_session_without_the_deputys_votes_is_refused_in_ukrainian(client, voted, home_page):
    deputy, _sessions = voted
    response = client.get(deputy.url, {"session": 999999})
    assert response.status_code == 400
    assert "На цьому засіданні депутат не голосував." in response.content.decode()
    assert client.get(deputy.url, {"session": "abc"}).status_code == 400


def test_the_deputy_page_query_count_does_not_grow_with_sessions(client, voted, django_assert_max_num_queries):
    deputy, _sessions = voted
    client.get(deputy.url)
    with django_assert_max_num_queries(30):
        client.get(deputy.url)
