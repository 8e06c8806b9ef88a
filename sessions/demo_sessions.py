"""Demo sessions with agendas, drafts, decisions and roll-call votes (seeded after the deputies)."""
import datetime

from django.utils import timezone
from wagtail.models import Page

from cms.text import latin_slug

from .models import (
    AgendaItem,
    DecisionIndexPage,
    DecisionPage,
    DecisionTopic,
    Department,
    DraftDecisionIndexPage,
    DraftDecisionPage,
    DraftStatus,
    InitiatorKind,
    SessionIndexPage,
    SessionKind,
    SessionPage,
    SessionStatus,
)

TOPICS = [("Бюджет і фінанси", "biudzhet"), ("Житлово-комунальне господарство", "zhkh"),
          ("Освіта і культура", "osvita"), ("Земельні питання", "zemlia"), ("Регламент", "rehlament")]
QUESTIONS = [
    ("Про внесення змін до бюджету Світлогірської міської територіальної громади на поточний рік", 0, 0),
    ("Про затвердження Програми капітального ремонту житлового фонду", 1, 1),
    ("Про затвердження Переліку адміністративних послуг ЦНАП", 5, 4),
    ("Про надання дозволу на розроблення детального плану території", 4, 3),
    ("Про затвердження Програми розвитку освіти", 2, 2),
    ("Про встановлення ставок місцевих податків і зборів", 0, 0),
    ("Про передачу в оренду комунального майна", 5, 3),
    ("Про затвердження Положення про громадський бюджет", 0, 4),
    ("Про перейменування вулиць", 4, 4),
    ("Про затвердження звіту про виконання бюджету", 0, 0),
    ("Про Програму підтримки учасників бойових дій", 5, 0),
    ("Про утворення комунальної установи «Центр культури»", 3, 2),
]
RAPPORTEURS = ["Начальник фінансового управління Олена Ковальчук", "Начальник управління ЖКГ Ігор Лук'яненко",
               "Начальник управління освіти Тетяна Гриценко", "Головний архітектор міста Андрій Сіренко",
               "Секретар міської ради Василь Остапенко"]
STREAM = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


def publish(parent: Page, page: Page) -> Page:
    if not page.slug:
        page.slug = latin_slug(page.title)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _index(home, model, slug, title, intro):
    return model.objects.child_of(home).first() or publish(home, model(title=title, slug=slug, intro=intro))


def seed_council_work(*, home, command, convocation, deputies, committees):
    sessions_index = _index(home, SessionIndexPage, "zasidannia", "Засідання ради",
                            "Пленарні засідання ради, засідання виконавчого комітету і постійних комісій: "
                            "порядок денний, трансляції, записи і результати голосувань.")
    drafts_index = _index(home, DraftDecisionIndexPage, "proekty-rishen", "Проєкти рішень",
                          "Проєкти рішень оприлюднюються щонайменше за 10 робочих днів до розгляду. "
                          "Читайте, обговорюйте і стежте за їхньою долею.")
    decisions_index = _index(home, DecisionIndexPage, "rishennia", "Рішення ради",
                             "Реєстр рішень міської ради з пошуком і фільтрами.")
    topics = [DecisionTopic.objects.get_or_create(slug=slug, defaults={"name": name})[0] for name, slug in TOPICS]
    departments = list(Department.objects.order_by("pk"))
    if not SessionPage.objects.exists():
        seed_sessions(command, convocation, deputies, topics, departments, sessions_index, drafts_index,
                      decisions_index)
    from .demo_votes import seed_votes

    seed_votes(command=command, deputies=deputies)
    # Drafts are reached from the sessions' agendas and the decisions (a shorter main menu).
    return [("Засідання", sessions_index), ("Рішення", decisions_index)]


def seed_sessions(command, convocation, deputies, topics, departments, sessions_index, drafts_index,
                  decisions_index):
    today = timezone.localdate()
    # Eight held plenary sessions a month apart, an executive committee meeting and the next plenary session.
    plans = [(SessionKind.PLENARY, 38 + number, today - datetime.timedelta(days=30 * (8 - number)))
             for number in range(8)]
    plans.append((SessionKind.EXECUTIVE, 12, today - datetime.timedelta(days=5)))
    plans.append((SessionKind.PLENARY, 46, today + datetime.timedelta(days=16)))
    draft_number = 700
    for session_number, (kind, number, day) in enumerate(plans):
        upcoming = day > today
        start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))
        title = (f"{number} сесія міської ради VIII скликання" if kind == SessionKind.PLENARY
                 else f"Засідання виконавчого комітету № {number}")
        session = SessionPage(
            title=title, slug=latin_slug(title), kind=kind, number=number, convocation=convocation, start=start,
            place="Сесійна зала міської ради, вул. Соборна, 1" if kind == SessionKind.PLENARY
            else "Мала зала виконавчого комітету",
            status=SessionStatus.SCHEDULED if upcoming else SessionStatus.HELD,
            stream_url=STREAM if kind == SessionKind.PLENARY else "",
            recording_url="" if upcoming else STREAM,
        )
        for position in range(5):
            question, department_index, topic_index = QUESTIONS[(session_number * 5 + position) % len(QUESTIONS)]
            draft_number += 1
            initiator_deputy = deputies[(draft_number * 7) % len(deputies)] if position == 3 else None
            # One draft per past session is published late, to show the publication rule failing.
            late = position == 4 and not upcoming and session_number % 3 == 0
            published_on = day - datetime.timedelta(days=8 if late else 21)
            rejected = position == 2 and session_number % 4 == 1
            status = (DraftStatus.PUBLISHED if upcoming else DraftStatus.REJECTED if rejected
                      else DraftStatus.ADOPTED)
            draft = publish(drafts_index, DraftDecisionPage(
                title=question, slug=f"proekt-{draft_number}", registration_number=f"{draft_number}/{number}",
                initiator_kind=InitiatorKind.DEPUTY if initiator_deputy else InitiatorKind.EXECUTIVE,
                initiator_deputy=initiator_deputy,
                initiator_name="" if initiator_deputy else "Виконавчий комітет міської ради",
                department=departments[department_index % len(departments)] if departments else None,
                publication_date=published_on,
                status=status,
                summary=f"Проєкт пропонує: {question[3:].lower()}.",
                text=f"<p>Відповідно до статті 26 Закону України «Про місцеве самоврядування в Україні» міська "
                     f"рада вирішила:</p><ol><li>{question[3:]}.</li><li>Контроль покласти на постійну "
                     f"комісію.</li></ol>",
                explanatory_note="<p>Проєкт підготовлено з метою врегулювання питання та з урахуванням "
                                 "пропозицій мешканців.</p>",
            ))
            session.agenda_items.add(AgendaItem(
                title=question, rapporteur=RAPPORTEURS[position % len(RAPPORTEURS)], draft=draft, sort_order=position,
                recording_start="" if upcoming else f"{position * 35 // 60}:{position * 35 % 60:02d}:00"))
        publish(sessions_index, session)
        if upcoming:
            continue
        for row, item in enumerate(session.agenda_items.all()):
            draft = item.draft
            if draft.status != DraftStatus.ADOPTED:
                continue
            decision_number = f"{1200 + session_number * 10 + row}-{number}/VIII"
            publish(decisions_index, DecisionPage(
                title=draft.title, slug=f"rishennia-{latin_slug(decision_number)}", number=decision_number, date=day,
                session=session, draft=draft, topic=topics[QUESTIONS[(session_number * 5 + row) % len(QUESTIONS)][2]],
                summary=draft.summary, text=draft.text,
            ))
