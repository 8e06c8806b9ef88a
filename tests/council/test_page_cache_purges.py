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


@pytest.fixture
def secretariat_client(roles):
    """The secretariat in the admin: a client of its own, so the anonymous ``client`` stays a page-cache reader."""
    from django.test import Client

    from tests.factories import login_with_mfa

    from .conftest import staff

    admin = Client()
    login_with_mfa(admin, staff("council_secretariat"))
    return admin


def test_a_vote_corrected_in_the_admin_shows_at_once(client, secretariat_client, tmp_path, session,  # noqa: F811
                                                     council, django_capture_on_commit_callbacks):  # noqa: F811
    from django.urls import reverse

    run(tmp_path, session, GOOD_VOTINGS, [event()])
    vote = VoteEvent.objects.get()
    vote_url = f"{session.get_parent().url}holosuvannia/{vote.pk}/"
    assert "Про бюджет міста на 2027 рік" not in cached_html(client, vote_url)
    with django_capture_on_commit_callbacks(execute=True):
        response = secretariat_client.post(reverse("council_votes:edit", args=[vote.pk]),
                                           {"title": "Про бюджет міста на 2027 рік", "kind": vote.kind})
    assert response.status_code == 302
    assert "Про бюджет міста на 2027 рік" in fresh_html(client, vote_url)


def test_find_my_deputy_follows_the_address_register(client, secretariat_client, tmp_path, districts, deputy,
                                                     deputy_index, django_capture_on_commit_callbacks):
    from urllib.parse import urlencode

    from django.urls import reverse

    from sessions.models import AddressRecord

    from .test_find_my_deputy import ROWS, import_file

    import_file(tmp_path, ROWS)
    find_url = f"{deputy_index.url}znaity-deputata/?{urlencode({'street': 'Шевченка', 'house': '15а'})}"
    assert "Ваш округ: № 1" in cached_html(client, find_url)

    record = AddressRecord.objects.get(uid="a-1")  # the secretariat corrects the district in the admin
    with django_capture_on_commit_callbacks(execute=True):
        response = secretariat_client.post(reverse("council_addresses:edit", args=[record.pk]), {
            "thoroughfare": record.thoroughfare, "locator_designator": record.locator_designator,
            "locator_building": record.locator_building, "post_name": record.post_name,
            "post_code": record.post_code, "status": record.status, "district": districts[1].pk})
    assert response.status_code == 302
    assert "Ваш округ: № 2" in fresh_html(client, find_url)

    cached_html(client, find_url)
    with django_capture_on_commit_callbacks(execute=True):  # a new register file moves it back
        import_file(tmp_path, ROWS)
    assert "Ваш округ: № 1" in fresh_html(client, find_url)
