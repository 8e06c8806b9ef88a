"""Facts that cannot be true yet are refused with a Ukrainian message and nothing saved: roll-call votes of a
session that has not begun (or was postponed or cancelled), votes dated in the future, decisions dated in the
future or at a session still to come."""
import datetime
import io

import pytest
from django.core.management import CommandError
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from sessions.imports import EVENT_COLUMNS, VOTINGS_COLUMNS, votes_import
from sessions.models import AgendaItem, DecisionPage, VoteEvent, VoteRecord
from sessions.services import CouncilError
from tests.factories import login_with_mfa

from .factories import DecisionIndexPageFactory, DeputyPageFactory, SessionIndexPageFactory, SessionPageFactory
from .test_votes import GOOD_VOTINGS, event, run, table

pytestmark = pytest.mark.django_db


@pytest.fixture
def sessions_index(home_page):
    return SessionIndexPageFactory(parent=home_page)


@pytest.fixture
def council(deputy_index, factions, convocation):
    return [DeputyPageFactory(parent=deputy_index, family_name=family, given_name=given, patronymic=patronymic,
                              voting_identifier=identifier, faction=faction)
            for family, given, patronymic, identifier, faction in (
                ("Ґудзь", "Марія", "Іванівна", "dep-1", factions[0]),
                ("Демʼяненко", "Олена", "Петрівна", "dep-2", factions[1]),
                ("Іваненко", "Юрій", "Олегович", "dep-3", None))]


def add_session(sessions_index, convocation, *, start, status="scheduled", number=46):
    session = SessionPageFactory.build(convocation=convocation, start=start, status=status, number=number)
    session.agenda_items = [AgendaItem(title="Про бюджет", motion_uid="m-1")]
    sessions_index.add_child(instance=session)
    return session


def upload(name, content):
    file = io.BytesIO(content)
    file.name = name
    return file


def test_the_admin_refuses_votes_of_a_session_weeks_ahead(client, secretary, sessions_index, convocation, council):
    ahead = add_session(sessions_index, convocation, start=timezone.now() + datetime.timedelta(weeks=3))
    login_with_mfa(client, secretary)
    response = client.post(reverse("council_votes_import"), {
        "session": ahead.pk, "votings": upload("votings.csv", table(VOTINGS_COLUMNS, GOOD_VOTINGS)),
        "events": upload("events.csv", table(EVENT_COLUMNS, [event()]))})
    html = response.content.decode()
    assert response.status_code == 400
    assert "ще не відбулася" in html and "Голосування не імпортовано" in html
    assert not VoteEvent.objects.exists() and not VoteRecord.objects.exists()


@pytest.mark.parametrize("status", ["postponed", "cancelled"])
def test_votes_of_a_postponed_or_cancelled_session_are_refused(tmp_path, sessions_index, convocation, council,
                                                               status):
    session = add_session(sessions_index, convocation, start=timezone.now() - datetime.timedelta(days=2),
                          status=status)
    with pytest.raises(CommandError) as error:
        run(tmp_path, session, GOOD_VOTINGS, [event()])
    assert "не має голосувань" in str(error.value) or "немає голосувань" in str(error.value)
    assert not VoteEvent.objects.exists()


def test_a_vote_dated_in_the_future_is_refused_with_its_line(tmp_path, sessions_index, convocation, council):
    session = add_session(sessions_index, convocation, start=timezone.now() - datetime.timedelta(hours=1))
    tomorrow = (timezone.localtime() + datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%S")
    with pytest.raises(CouncilError) as error:
        votes_import(session=session, votings=table(VOTINGS_COLUMNS, GOOD_VOTINGS), votings_name="votings.csv",
                     events=table(EVENT_COLUMNS, [event(startDate=tomorrow, endDate=tomorrow)]),
                     events_name="events.csv")
    assert any("рядок 2" in line and "у майбутньому" in line for line in error.value.lines), error.value.lines
    assert not VoteEvent.objects.exists()
    # the session that runs now takes votes taken so far: results are published while it continues
    run(tmp_path, session, GOOD_VOTINGS, [event()])
    assert VoteEvent.objects.get().session_id == session.pk


def decision_form(**values):
    return nested_form_data({
        "title": "Про затвердження програми", "slug": "pro-zatverdzhennia-prohramy", "number": "2001-46/VIII",
        "date": values.get("date", timezone.localdate().isoformat()), "session": values.get("session", ""),
        "draft": "", "status": "in_force", "topic": "", "summary": "", "text": rich_text("<p>Текст</p>"),
        "documents": inline_formset([]), "comments": inline_formset([]), "action-publish": "publish"})


def test_the_decision_form_refuses_a_future_date_and_a_session_to_come(client, home_page, sessions_index,
                                                                       convocation, secretary):
    from cms.roles import setup_roles

    index = DecisionIndexPageFactory(parent=home_page)
    setup_roles()  # page permissions on the registry that now exists
    login_with_mfa(client, secretary)
    url = reverse("wagtailadmin_pages:add", args=["council", "decisionpage", index.pk])
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(url, decision_form(date=tomorrow.isoformat()))
    assert response.status_code == 200 and "у майбутньому" in response.content.decode()
    ahead = add_session(sessions_index, convocation, start=timezone.now() + datetime.timedelta(weeks=2))
    response = client.post(url, decision_form(session=ahead.pk))
    assert response.status_code == 200 and "ще не відбулася" in response.content.decode()
    assert not DecisionPage.objects.exists()
    held = add_session(sessions_index, convocation, start=timezone.now() - datetime.timedelta(days=3), number=45)
    response = client.post(url, decision_form(session=held.pk))
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert DecisionPage.objects.get().session_id == held.pk


def test_the_amends_and_repeals_pickers_show_number_and_date(client, home_page, secretary):
    from cms.roles import setup_roles

    from .factories import DecisionPageFactory

    index = DecisionIndexPageFactory(parent=home_page)
    import datetime as dt

    for number in range(3):  # look-alike titles: only the number and the date tell them apart
        DecisionPageFactory(parent=index, title="Про внесення змін до бюджету", number=f"{100 + number}-40/VIII",
                            date=dt.date(2026, 3, 10 + number))
    setup_roles()
    login_with_mfa(client, secretary)
    html = client.get(reverse("wagtailadmin_pages:add", args=["council", "decisionpage", index.pk])).content.decode()
    assert "№ 102-40/VIII від 12.03.2026 — Про внесення змін до бюджету" in html
    assert html.count("№ 100-40/VIII від 10.03.2026") == 2  # in «Змінює» and in «Скасовує»
