"""Demo roll-call votes: built as open-data files and loaded through the same import as real ones."""
import csv
import io

from django.utils import timezone

from .imports import EVENT_COLUMNS, VOTINGS_COLUMNS, votes_import
from .models import DraftStatus, SessionKind, SessionPage, SessionStatus, VoteEvent

TOTALS = {"За": "votingFor", "Проти": "votingAgainst", "Утримався": "votingAbstain", "Не голосував": "notVoting",
          "Відсутній": "absent"}


def _csv(columns, rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def seed_votes(*, command, deputies) -> None:
    held = SessionPage.objects.filter(kind=SessionKind.PLENARY, status=SessionStatus.HELD).order_by("start")
    for session in held:
        if VoteEvent.objects.filter(session=session).exists():
            continue
        votings, events = [], []
        for position, item in enumerate(session.agenda_items.select_related("draft").order_by("sort_order")):
            adopted = item.draft is None or item.draft.status == DraftStatus.ADOPTED
            counts = dict.fromkeys(TOTALS, 0)
            for deputy in deputies:
                roll = command.random.random()
                if roll < 0.07:
                    choice = "Відсутній"
                elif adopted:
                    choice = "За" if roll < 0.80 else "Утримався" if roll < 0.88 else "Проти" if roll < 0.95 \
                        else "Не голосував"
                else:
                    choice = "За" if roll < 0.40 else "Проти" if roll < 0.75 else "Утримався" if roll < 0.9 \
                        else "Не голосував"
                counts[choice] += 1
                votings.append({"motionUid": item.motion_uid, "voterId": deputy.voting_identifier,
                                "voterName": deputy.full_name, "motionTitle": item.title, "result": choice})
            start = timezone.localtime(session.start) + timezone.timedelta(minutes=20 + 25 * position)
            events.append({
                "uid": f"{item.motion_uid}-v", "motionUid": item.motion_uid,
                "projectNumber": item.draft.registration_number if item.draft else "", "projectTitle": item.title,
                "startDate": start.isoformat(), "endDate": (start + timezone.timedelta(minutes=1)).isoformat(),
                "result": "Прийнято" if counts["За"] * 2 > len(deputies) else "Не прийнято",
                **{TOTALS[choice]: count for choice, count in counts.items()},
                "textUrl": "null", "text": "null",
            })
        votes_import(session=session, votings=_csv(VOTINGS_COLUMNS, votings), votings_name="demo.csv",
                     events=_csv(EVENT_COLUMNS, events), events_name="demo-events.csv")
