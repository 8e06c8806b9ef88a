"""Consultations need an index under the home page, consultations at each stage and residents."""
import datetime

import pytest
from django.utils import timezone

from consultations.models import (
    ConsultationIndexPage,
    ConsultationPage,
    ConsultationProposal,
    ConsultationQuestion,
    QuestionOption,
)
from tests.factories import UserFactory

DAY = datetime.timedelta(days=1)


def make_consultation(index, *, title="Сквер на вулиці Липовій", start=None, end=None, questions=None,
                      report="", proposals=(), slug=None, publish=True) -> ConsultationPage:
    """A published consultation; ``questions`` is [(text, kind, required, [option texts])]."""
    now = timezone.now()
    start = start if start is not None else now - DAY
    end = end if end is not None else now + 10 * DAY
    page = ConsultationPage(title=title, slug=slug or f"obhovorennia-{ConsultationPage.objects.count() + 1}",
                            question="Яким має бути сквер?", summary="Коротко про обговорення.",
                            start=start, end=end, report_summary=report)
    for number, (text, kind, required, options) in enumerate(questions or []):
        question = ConsultationQuestion(text=text, kind=kind, required=required, sort_order=number)
        question.options = [QuestionOption(text=option, sort_order=n) for n, option in enumerate(options)]
        page.questions.add(question)
    for number, (proposal, decision) in enumerate(proposals):
        page.proposals.add(ConsultationProposal(proposal=proposal, decision=decision, reason="Тому що.",
                                                sort_order=number))
    index.add_child(instance=page)
    if publish:
        page.save_revision().publish()
    return ConsultationPage.objects.get(pk=page.pk)


QUESTIONS = [
    ("Що головне у сквері?", "single", True, ["Дитячий майданчик", "Тиша", "Спорт"]),
    ("Що облаштувати першим?", "multiple", True, ["Освітлення", "Лавки", "Фонтанчик"]),
    ("Як часто ви там буваєте?", "single", False, ["Щодня", "Рідко"]),
]


def options_of(page) -> list[list[int]]:
    """Option ids per question, in order: options_of(page)[0][1] is the second option of the first question."""
    return [[option.pk for option in question.options.order_by("sort_order")]
            for question in page.questions.order_by("sort_order")]


def question_ids(page) -> list[int]:
    return list(page.questions.order_by("sort_order").values_list("pk", flat=True))


def valid_choices(page) -> dict[int, list[int]]:
    ids, options = question_ids(page), options_of(page)
    return {ids[0]: [options[0][0]], ids[1]: [options[1][0], options[1][2]], ids[2]: []}


@pytest.fixture
def consultation_index(home_page):
    index = ConsultationIndexPage(title="Громадські обговорення", slug="hromadski-obhovorennia")
    home_page.add_child(instance=index)
    index.save_revision().publish()
    return index


@pytest.fixture
def open_consultation(consultation_index):
    return make_consultation(consultation_index, questions=QUESTIONS)


@pytest.fixture
def upcoming_consultation(consultation_index):
    now = timezone.now()
    return make_consultation(consultation_index, title="Новий маршрут", start=now + 2 * DAY, end=now + 30 * DAY,
                             questions=QUESTIONS)


@pytest.fixture
def closed_consultation(consultation_index):
    now = timezone.now()
    return make_consultation(consultation_index, title="Велодоріжки", start=now - 40 * DAY, end=now - 10 * DAY,
                             questions=QUESTIONS)


@pytest.fixture
def other_resident(db):
    return UserFactory()
