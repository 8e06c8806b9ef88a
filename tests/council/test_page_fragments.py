"""The session, deputy and decision pages keep what they show anonymous readers in a cached fragment (cms.pagecache;
the deputy's per-session vote summaries as shared values): a vote import, a report, a renamed faction, a publish
or the clock turning a session over shows at once."""
import datetime

import pytest
from django.utils import timezone

from sessions.models import AgendaItem, DeputyReport
from tests.clock import frozen_clock
from tests.council.test_votes import GOOD_VOTINGS, council, event, run, session, sessions_index  # noqa: F401  (fixtures)
from tests.page_cache import html_from_stored_fragments, page_html

from .factories import DecisionIndexPageFactory, DecisionPageFactory, SessionPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fragments_only(settings):
    settings.PAGE_CACHE_ENABLED = False
    settings.FRAGMENT_CACHE_ENABLED = True




def test_a_vote_import_a_report_and_a_renamed_faction_show_on_the_deputy_page_at_once(
        client, tmp_path, session, council, factions):  # noqa: F811
    deputy = council[0]
    summary_link = f"?session={session.pk}#votes-list-title"
    assert summary_link not in html_from_stored_fragments(client, deputy.url)

    run(tmp_path, session, GOOD_VOTINGS, [event()])
    shown = page_html(client, deputy.url)
    assert summary_link in shown and "holosuvannia/" in shown  # the summaries (shared) and the page of votes
    # every filter has its own fragment
    assert summary_link in html_from_stored_fragments(client, deputy.url + "?session=")

    DeputyReport.objects.create(deputy=deputy, year=2026, title="Звіт перед виборцями за 2026 рік")
    assert "Звіт перед виборцями за 2026 рік" in page_html(client, deputy.url)

    html_from_stored_fragments(client, deputy.url)
    factions[0].name = "Фракція «Нова громада»"
    factions[0].save()
    assert "Фракція «Нова громада»" in page_html(client, deputy.url)


@pytest.fixture
def clock(monkeypatch):
    return frozen_clock(monkeypatch, timezone.now())  # these tests' moments are relative to the real time


def test_a_published_agenda_and_the_sessions_start_show_on_its_page_at_once(
        client, sessions_index, convocation, clock):  # noqa: F811
    page = SessionPageFactory(parent=sessions_index, convocation=convocation,
                              start=clock.now + datetime.timedelta(minutes=2))
    shown = html_from_stored_fragments(client, page.url)
    assert "Заплановано" in shown and "Наживо" not in shown

    clock.now = page.start + datetime.timedelta(seconds=1)  # the fragment is kept per shown status
    assert "Наживо" in page_html(client, page.url)

    html_from_stored_fragments(client, page.url)
    page.agenda_items = [AgendaItem(title="Про облаштування скверу")]
    page.save_revision().publish()
    assert "Про облаштування скверу" in page_html(client, page.url)


def test_a_published_amendment_shows_on_the_decision_page_at_once(client, home_page):
    decisions = DecisionIndexPageFactory(parent=home_page)
    decision = DecisionPageFactory(parent=decisions)
    assert "Змінене рішенням" not in html_from_stored_fragments(client, decision.url)

    newer = DecisionPageFactory(parent=decisions, number="2001")
    newer.amends.add(decision)
    newer.save_revision().publish()
    shown = page_html(client, decision.url)
    assert "Змінене рішенням" in shown and "№ 2001" in shown
