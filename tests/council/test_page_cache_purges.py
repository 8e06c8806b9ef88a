"""What the council's pages show besides pages (reference data, deputies' reports, roll-call votes) reaches
anonymous readers of the page cache at once when it changes (sessions.signals, sessions.imports)."""
import pytest

from sessions.models import DeputyReport, VoteEvent
from tests.council.test_votes import GOOD_VOTINGS, council, event, run, session, sessions_index  # noqa: F401  (fixtures)
from tests.page_cache import cached_html, fresh_html, page_cache_on  # noqa: F401  (page_cache_on: a fixture)

pytestmark = pytest.mark.usefixtures("page_cache_on")


def test_a_vote_import_shows_on_the_session_and_deputy_pages_and_a_deleted_vote_goes(
        client, tmp_path, session, council):  # noqa: F811
    assert "holosuvannia/" not in cached_html(client, session.url)
    cached_html(client, council[0].url)

    run(tmp_path, session, GOOD_VOTINGS, [event()])
    vote = VoteEvent.objects.get()
    assert f"holosuvannia/{vote.pk}/" in fresh_html(client, session.url)
    fresh_html(client, council[0].url)  # the deputy's attendance and votes

    cached_html(client, session.url)
    run(tmp_path, session, GOOD_VOTINGS, [event()])  # unchanged: nothing to purge
    assert client.get(session.url)["X-Page-Cache"] == "HIT"

    vote.delete()  # the secretariat deletes a wrongly imported vote
    assert f"holosuvannia/{vote.pk}/" not in fresh_html(client, session.url)


def test_renaming_a_faction_or_adding_a_report_shows_on_the_deputy_page(client, deputy, factions):
    assert "Фракція «Громада»" in cached_html(client, deputy.url)
    factions[0].name = "Фракція «Нова громада»"
    factions[0].save()
    assert "Фракція «Нова громада»" in fresh_html(client, deputy.url)

    cached_html(client, deputy.url)
    DeputyReport.objects.create(deputy=deputy, year=2026, title="Звіт перед виборцями за 2026 рік")
    assert "Звіт перед виборцями за 2026 рік" in fresh_html(client, deputy.url)
