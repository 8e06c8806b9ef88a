"""Roll-call votes: import (command and admin), every rejection, idempotency, results and attendance."""
import csv
import datetime
import io
from io import StringIO

import pytest
import tablib
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from sessions.imports import EVENT_COLUMNS, VOTINGS_COLUMNS
from sessions.models import AgendaItem, SessionKind, VoteEvent, VoteRecord
from sessions.selectors import deputy_vote_statistics
from tests.factories import login_with_mfa
from tests.open_data_standard import standard_file

from .conftest import assert_refused
from .factories import DeputyPageFactory, SessionIndexPageFactory, SessionPageFactory


@pytest.fixture
def sessions_index(home_page):
    return SessionIndexPageFactory(parent=home_page)


@pytest.fixture
def council(deputy_index, factions, convocation):
    return [
        DeputyPageFactory(parent=deputy_index, family_name="Ґудзь", given_name="Марія", patronymic="Іванівна",
                          voting_identifier="dep-1", faction=factions[0]),
        DeputyPageFactory(parent=deputy_index, family_name="Демʼяненко", given_name="Олена",
                          patronymic="Петрівна", voting_identifier="dep-2", faction=factions[1]),
        DeputyPageFactory(parent=deputy_index, family_name="Іваненко", given_name="Юрій", patronymic="Олегович",
                          voting_identifier="dep-3", faction=None),
    ]


@pytest.fixture
def session(sessions_index, convocation):
    session = SessionPageFactory.build(convocation=convocation, start=timezone.now() - datetime.timedelta(days=1))
    session.agenda_items = [AgendaItem(title="Про бюджет", motion_uid="m-1")]
    sessions_index.add_child(instance=session)
    return session


def table(columns, rows, encoding="utf-8") -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def voting(motion="m-1", voter_id="dep-1", name="Ґудзь Марія Іванівна", result="За"):
    return {"motionUid": motion, "voterId": voter_id, "voterName": name, "motionTitle": "Про бюджет",
            "result": result}


def event(motion="m-1", uid="e-1", **totals):
    row = {"uid": uid, "motionUid": motion, "projectNumber": "757/2", "projectTitle": "Про бюджет",
           "startDate": "2026-03-26T10:15:00", "endDate": "2026-03-26T10:16:00", "result": "Прийнято",
           "votingFor": 2, "votingAgainst": 0, "votingAbstain": 0, "notVoting": 0, "absent": 1,
           "textUrl": "https://example.gov.ua/757-2.html", "text": "757-2.html"}
    row.update(totals)
    return row


GOOD_VOTINGS = [voting(), voting(voter_id="dep-2", name="Демʼяненко Олена Петрівна"),
                voting(voter_id="dep-3", name="Іваненко Юрій Олегович", result="Відсутній")]


def run(tmp_path, session, votings_rows, events_rows=None, encoding="utf-8"):
    votings_file = tmp_path / "votings.csv"
    votings_file.write_bytes(table(VOTINGS_COLUMNS, votings_rows, encoding))
    args = [str(votings_file), "--session", str(session.pk)]
    if events_rows is not None:
        events_file = tmp_path / "events.csv"
        events_file.write_bytes(table(EVENT_COLUMNS, events_rows, encoding))
        args += ["--events", str(events_file)]
    out, err = StringIO(), StringIO()
    call_command("import_votes", *args, stdout=out, stderr=err)
    return out.getvalue()


def test_columns_are_those_of_the_standard():
    for name, columns in (("29-votes-votings.csv", VOTINGS_COLUMNS), ("29-votes-voteEvents.csv", EVENT_COLUMNS)):
        with open(standard_file(name), encoding="utf-8") as standard:
            assert columns == [row["name"] for row in csv.DictReader(standard)]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251"])
def test_import_accepts_the_files_and_is_idempotent(tmp_path, session, council, encoding):
    rows = GOOD_VOTINGS if encoding != "cp1251" else [
        {**row, "voterName": row["voterName"].replace("ʼ", "'")} for row in GOOD_VOTINGS]
    output = run(tmp_path, session, rows, [event()], encoding)
    assert "1 votes created" in output
    vote = VoteEvent.objects.get()
    assert (vote.votes_for, vote.absent, vote.result, vote.agenda_item.motion_uid) == (2, 1, "Прийнято", "m-1")
    assert vote.start == timezone.make_aware(datetime.datetime(2026, 3, 26, 10, 15))
    records = dict(VoteRecord.objects.values_list("deputy__voting_identifier", "choice"))
    assert records == {"dep-1": "За", "dep-2": "За", "dep-3": "Відсутній"}
    assert VoteRecord.objects.get(deputy=council[0]).faction == council[0].faction
    ids = sorted(VoteRecord.objects.values_list("pk", flat=True))
    assert "0 votes created, 0 updated, 1 unchanged" in run(tmp_path, session, rows, [event()], encoding)
    assert sorted(VoteRecord.objects.values_list("pk", flat=True)) == ids


def test_names_match_ignoring_case_spaces_and_apostrophe_variants(tmp_path, session, council):
    rows = [voting(voter_id="", name="  ґудзь   МАРІЯ іванівна "),
            voting(voter_id="x-99", name="Дем’яненко Олена Петрівна"),
            voting(voter_id="", name="Іваненко Юрій Олегович", result="Відсутній")]
    run(tmp_path, session, rows, [event()])
    assert VoteRecord.objects.count() == 3


def test_without_the_events_file_the_result_comes_from_the_records(tmp_path, session, council):
    run(tmp_path, session, GOOD_VOTINGS)
    vote = VoteEvent.objects.get()
    assert vote.uid == "m-1" and vote.votes_for == 2 and vote.result == "Прийнято"  # 2 of 3 deputies


@pytest.mark.parametrize(("votings_rows", "events_rows", "message"), [
    ([*GOOD_VOTINGS[:2], voting(voter_id="", name="Гудзь Марія Іванівна")], [event()],
     "рядок 4: невідомий депутат «Гудзь Марія Іванівна»"),  # г is not ґ
    ([*GOOD_VOTINGS[:2], voting(voter_id="dep-3", name="Іваненко", result="Проголосував")], [event()],
     "рядок 4: голос «Проголосував» не є одним із"),
    (GOOD_VOTINGS, [event(votingFor=3)], "votingFor дорівнює 3, але у файлі голосів 2 записів «За»"),
    ([*GOOD_VOTINGS, voting(voter_id="dep-1", result="Проти")], [event()],
     "рядок 5: Ґудзь Марія Іванівна вже голосував(-ла)"),
    (GOOD_VOTINGS, [event(result="Ухвалено")], "результат «Ухвалено» не є одним із"),
    (GOOD_VOTINGS, [event(votingFor="багато")], "цілими числами"),
    (GOOD_VOTINGS, [event(motion="m-2")], "питання «m-1» не має рядка"),
])
def test_any_bad_line_rejects_everything_with_a_report_and_a_non_zero_exit(tmp_path, session, council, votings_rows,
                                                                          events_rows, message, capsys):
    with pytest.raises(CommandError):
        votings_file = tmp_path / "v.csv"
        votings_file.write_bytes(table(VOTINGS_COLUMNS, votings_rows))
        events_file = tmp_path / "e.csv"
        events_file.write_bytes(table(EVENT_COLUMNS, events_rows))
        err = StringIO()
        try:
            call_command("import_votes", str(votings_file), "--events", str(events_file), "--session",
                         str(session.pk), stderr=err)
        finally:
            report = err.getvalue()
    assert message in report, report
    assert not VoteEvent.objects.exists() and not VoteRecord.objects.exists()


def test_a_rejected_file_leaves_earlier_votes_untouched(tmp_path, session, council):
    run(tmp_path, session, GOOD_VOTINGS, [event()])
    with pytest.raises(CommandError):
        run(tmp_path, session, [voting(result="Проти"), *GOOD_VOTINGS[1:], voting(voter_id="nobody", name="Ніхто")],
            [event(votingFor=1, votingAgainst=1)])
    assert VoteRecord.objects.get(deputy=council[0]).choice == "За"


def test_wrong_encoding_is_reported(tmp_path, session, council):
    with pytest.raises(CommandError) as error:
        run(tmp_path, session, GOOD_VOTINGS, [event()], encoding="utf-16")
    assert "UTF-16" in str(error.value)


def test_admin_import_of_xlsx_for_the_secretariat(client, secretary, session, council):
    login_with_mfa(client, secretary)
    dataset = tablib.Dataset(headers=VOTINGS_COLUMNS)
    for row in GOOD_VOTINGS:
        dataset.append([row[column] for column in VOTINGS_COLUMNS])
    votings = io.BytesIO(dataset.export("xlsx"))
    votings.name = "votings.xlsx"
    events = io.BytesIO(table(EVENT_COLUMNS, [event()]))
    events.name = "events.csv"
    url = reverse("council_votes_import")
    response = client.post(url, {"session": session.pk, "votings": votings, "events": events})
    assert response.status_code == 302
    assert VoteEvent.objects.get().votes_for == 2


def test_press_office_cannot_import_votes(client, press_officer):
    login_with_mfa(client, press_officer)
    assert client.get(reverse("council_votes_import")).status_code == 302


# --- results ---------------------------------------------------------------------------------------------
def test_vote_table_shows_names_totals_and_factions(client, tmp_path, session, council, sessions_index):
    run(tmp_path, session, GOOD_VOTINGS, [event()])
    vote = VoteEvent.objects.get()
    html = client.get(f"{sessions_index.url}holosuvannia/{vote.pk}/").content.decode()
    assert "Ґудзь Марія Іванівна" in html and "Позафракційні" in html and "Прийнято" in html
    assert client.get(f"{sessions_index.url}holosuvannia/999999/").status_code == 404
    assert client.get(f"{sessions_index.url}holosuvannia/{2**63}/").status_code == 404  # beyond bigint: no 500
    session_html = client.get(session.url).content.decode()
    assert f"holosuvannia/{vote.pk}/" in session_html


def make_votes(session, deputies, count):
    event_ = VoteEvent.objects.create(session=session, uid=f"bulk-{count}", motion_uid="bulk", title="Про бюджет",
                                      result="Прийнято", votes_for=count)
    VoteRecord.objects.bulk_create([VoteRecord(event=event_, deputy=deputy, choice="За", faction=deputy.faction)
                                    for deputy in deputies[:count]])
    return event_


def test_vote_table_query_count_is_the_same_for_10_and_100_votes(client, session, deputy_index, factions,
                                                                 sessions_index, django_assert_num_queries):
    deputies = [DeputyPageFactory(parent=deputy_index, faction=factions[index % 2]) for index in range(100)]
    small, large = make_votes(session, deputies, 10), make_votes(session, deputies, 100)
    client.get(f"{sessions_index.url}holosuvannia/{small.pk}/")  # warm caches (site root paths)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small_queries:
        assert client.get(f"{sessions_index.url}holosuvannia/{small.pk}/").status_code == 200
    with CaptureQueriesContext(connection) as large_queries:
        assert client.get(f"{sessions_index.url}holosuvannia/{large.pk}/").status_code == 200
    assert len(small_queries) == len(large_queries) <= 20


def test_deputy_page_query_count_is_the_same_for_few_and_many_votes(client, session, deputy_index, factions):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    deputy = DeputyPageFactory(parent=deputy_index, faction=factions[0])
    for number in range(3):
        make_votes(session, [deputy], 1).uid  # noqa: B018
        VoteEvent.objects.filter(uid="bulk-1").update(uid=f"few-{number}")
    client.get(deputy.url)
    with CaptureQueriesContext(connection) as few:
        client.get(deputy.url)
    for number in range(60):
        make_votes(session, [deputy], 1)
        VoteEvent.objects.filter(uid="bulk-1").update(uid=f"many-{number}")
    with CaptureQueriesContext(connection) as many:
        response = client.get(deputy.url)
    assert response.status_code == 200 and len(few) == len(many) <= 30


def test_attendance_counts_plenary_votes_only(session, council, sessions_index, convocation, committee):
    deputy = council[0]
    committee_session = SessionPageFactory(parent=sessions_index, kind=SessionKind.COMMITTEE,
                                           convocation=convocation, committee=committee)
    for number, choice in enumerate(["За", "Відсутній", "Не голосував", "Проти"]):
        vote = VoteEvent.objects.create(session=session, uid=f"p-{number}", motion_uid="x", title="x",
                                        result="Прийнято")
        VoteRecord.objects.create(event=vote, deputy=deputy, choice=choice)
    other = VoteEvent.objects.create(session=committee_session, uid="c-1", motion_uid="y", title="y",
                                     result="Прийнято")
    VoteRecord.objects.create(event=other, deputy=deputy, choice="Відсутній")
    statistics = deputy_vote_statistics(deputy)
    assert statistics.plenary_votes == 4 and statistics.present == 3 and statistics.attendance == 75.0
    assert statistics.totals == {"За": 1, "Проти": 1, "Утримався": 0, "Не голосував": 1, "Відсутній": 1}
    assert deputy_vote_statistics(council[1]).attendance is None  # no votes: no figure rather than 0 %


def test_the_secretariat_lists_inspects_and_deletes_imported_votes(client, secretary, tmp_path, session, council):
    run(tmp_path, session, GOOD_VOTINGS, [event()])
    vote = VoteEvent.objects.get()
    login_with_mfa(client, secretary)
    assert "Про бюджет" in client.get(reverse("council_votes:index")).content.decode()
    assert client.get(reverse("council_votes:inspect", args=[vote.pk])).status_code == 200
    assert_refused(client.get(reverse("council_votes:add")))
    assert client.post(reverse("council_votes:delete", args=[vote.pk])).status_code == 302
    assert not VoteRecord.objects.exists()
