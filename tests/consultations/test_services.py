"""Questionnaire rules: status by dates, one response per resident (decided by the database), valid choices."""
import datetime
import threading

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from consultations import selectors
from consultations.models import ConsultationAnswer, ConsultationResponse, ConsultationStatus
from consultations.services import ConsultationError, consultation_answer
from participation.notifications import is_following
from tests.consultations.conftest import DAY, QUESTIONS, make_consultation, options_of, question_ids, valid_choices
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_status_follows_the_dates_and_the_report(consultation_index):
    now = timezone.now()
    page = make_consultation(consultation_index, start=now + DAY, end=now + 3 * DAY)
    assert page.status_at(now) == ConsultationStatus.UPCOMING
    assert page.status_at(now + DAY) == ConsultationStatus.OPEN  # the start moment itself is open
    assert page.status_at(now + 3 * DAY - datetime.timedelta(seconds=1)) == ConsultationStatus.OPEN
    assert page.status_at(now + 3 * DAY) == ConsultationStatus.CLOSED  # the end moment is closed
    page.report_summary = "<p>Враховано пропозиції щодо освітлення.</p>"
    assert page.status_at(now + 4 * DAY) == ConsultationStatus.REPORT_PUBLISHED
    page.report_summary = "<p></p>"  # an emptied editor field is no report
    assert page.status_at(now + 4 * DAY) == ConsultationStatus.CLOSED


def test_database_filter_agrees_with_the_page_status(consultation_index):
    now = timezone.now()
    pages = [
        make_consultation(consultation_index, start=now + DAY, end=now + 2 * DAY),
        make_consultation(consultation_index, start=now - DAY, end=now + DAY),
        make_consultation(consultation_index, start=now - 3 * DAY, end=now - DAY),
        make_consultation(consultation_index, start=now - 3 * DAY, end=now - DAY, report="<p>Звіт.</p>"),
    ]
    for page in pages:
        status = page.status_at(now)
        found = selectors.filter_consultations(selectors.consultations_queryset(), status=status, now=now)
        assert [item.pk for item in found] == [page.pk], status


def test_a_verified_resident_answers_once_and_follows_the_consultation(open_consultation, resident):
    response = consultation_answer(consultation=open_consultation, user=resident,
                                   choices=valid_choices(open_consultation))
    assert response.answers.count() == 3
    assert is_following(resident, open_consultation)
    with pytest.raises(ConsultationError) as error:
        consultation_answer(consultation=open_consultation, user=resident, choices=valid_choices(open_consultation))
    assert error.value.code == "already_answered"
    assert "вже" in error.value.message  # Ukrainian: "Ви вже відповіли…"
    assert ConsultationResponse.objects.count() == 1
    assert ConsultationAnswer.objects.count() == 3


def test_the_unique_constraint_refuses_a_second_response_even_without_the_service(open_consultation, resident):
    ConsultationResponse.objects.create(consultation=open_consultation, user=resident)
    with pytest.raises(IntegrityError), transaction.atomic():
        ConsultationResponse.objects.create(consultation=open_consultation, user=resident)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_simultaneous_answers_by_one_resident_record_one(consultation_index):
    """Two connections answer at the same moment: the database lets one through, the other gets a clear refusal."""
    page = make_consultation(consultation_index, questions=QUESTIONS)
    resident = UserFactory()
    choices = valid_choices(page)
    barrier = threading.Barrier(2)
    outcomes = []

    def answer():
        try:
            barrier.wait(timeout=10)
            consultation_answer(consultation=page, user=resident, choices=choices)
            outcomes.append("recorded")
        except ConsultationError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=answer) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["already_answered", "recorded"]
    assert ConsultationResponse.objects.filter(consultation=page, user=resident).count() == 1
    assert ConsultationAnswer.objects.filter(response__consultation=page).count() == 3


@pytest.mark.parametrize("fixture", ["upcoming_consultation", "closed_consultation"])
def test_answers_only_while_open(request, fixture, resident):
    page = request.getfixturevalue(fixture)
    with pytest.raises(ConsultationError) as error:
        consultation_answer(consultation=page, user=resident, choices=valid_choices(page))
    assert error.value.code == "consultation_not_open"
    assert ConsultationResponse.objects.count() == 0


def test_unverified_resident_cannot_answer(open_consultation, unverified_resident):
    with pytest.raises(ConsultationError) as error:
        consultation_answer(consultation=open_consultation, user=unverified_resident,
                            choices=valid_choices(open_consultation))
    assert error.value.code == "not_verified"
    assert ConsultationResponse.objects.count() == 0


def test_without_a_questionnaire_nothing_to_answer(consultation_index, resident):
    page = make_consultation(consultation_index)
    with pytest.raises(ConsultationError) as error:
        consultation_answer(consultation=page, user=resident, choices={})
    assert error.value.code == "no_questionnaire"


def _bad_choices(page, case):
    ids, options = question_ids(page), options_of(page)
    return {
        "two_for_single": {ids[0]: options[0][:2], ids[1]: [options[1][0]]},
        "none_for_required_single": {ids[0]: [], ids[1]: [options[1][0]]},
        "none_for_required_multiple": {ids[0]: [options[0][0]], ids[1]: []},
        "option_of_another_question": {ids[0]: [options[1][0]], ids[1]: [options[1][1]]},
        "unknown_option": {ids[0]: [999999999], ids[1]: [options[1][0]]},
        "unknown_question": {ids[0]: [options[0][0]], ids[1]: [options[1][0]], 999999999: [1]},
    }[case]


@pytest.mark.parametrize("case", ["two_for_single", "none_for_required_single", "none_for_required_multiple",
                                  "option_of_another_question", "unknown_option", "unknown_question"])
def test_invalid_choices_are_refused_with_a_reason_and_nothing_is_saved(open_consultation, resident, case):
    with pytest.raises(ConsultationError) as error:
        consultation_answer(consultation=open_consultation, user=resident,
                            choices=_bad_choices(open_consultation, case))
    assert error.value.code == "invalid_answer"
    assert error.value.status == 422
    assert error.value.message and error.value.message.isascii() is False  # a Ukrainian sentence
    assert ConsultationResponse.objects.count() == 0
    assert ConsultationAnswer.objects.count() == 0
    assert not is_following(resident, open_consultation)


def test_optional_question_may_stay_unanswered_and_duplicates_count_once(open_consultation, resident):
    ids, options = question_ids(open_consultation), options_of(open_consultation)
    consultation_answer(consultation=open_consultation, user=resident,
                        choices={ids[0]: [options[0][1]], ids[1]: [options[1][1], options[1][1]]})
    assert ConsultationAnswer.objects.count() == 2


def test_results_count_and_percentages(consultation_index):
    now = timezone.now()
    page = make_consultation(consultation_index, start=now - 5 * DAY, end=now - DAY, questions=QUESTIONS)
    ids, options = question_ids(page), options_of(page)
    during = now - 3 * DAY
    for first, second in [(0, [0, 1]), (0, [1]), (1, [1, 2]), (0, [0])]:
        consultation_answer(consultation=page, user=UserFactory(), now=during,
                            choices={ids[0]: [options[0][first]], ids[1]: [options[1][n] for n in second]})
    result = selectors.results(page)
    assert result.respondents == 4
    single, multiple, optional = result.questions
    assert [(option.count, option.percent) for option in single.options] == [(3, 75.0), (1, 25.0), (0, 0.0)]
    assert single.respondents == 4
    assert [option.count for option in multiple.options] == [2, 3, 1]  # several per person: sums above 100 %
    assert optional.respondents == 0 and all(option.percent == 0 for option in optional.options)
