"""A verified resident answers a consultation's questionnaire in a real browser; results pages pass axe."""
import datetime

import pytest
from django.utils import timezone

from consultations.models import ConsultationIndexPage, ConsultationResponse
from consultations.services import consultation_answer
from tests.consultations.conftest import QUESTIONS, make_consultation, valid_choices
from tests.e2e.conftest import serious_axe_violations
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_resident_answers_the_questionnaire_and_sees_results_after_closing(live_server, browser_page, home_page):
    index = ConsultationIndexPage(title="Громадські обговорення", slug="hromadski-obhovorennia")
    home_page.add_child(instance=index)
    index.save_revision().publish()
    open_page = make_consultation(index, title="Сквер на Липовій", questions=QUESTIONS)
    now = timezone.now()
    closed_page = make_consultation(index, title="Велодоріжки", questions=QUESTIONS,
                                    start=now - datetime.timedelta(days=9), end=now - datetime.timedelta(days=1),
                                    report="<p>Враховано освітлення.</p>")
    consultation_answer(consultation=closed_page, user=UserFactory(), choices=valid_choices(closed_page),
                        now=now - datetime.timedelta(days=5))
    resident = UserFactory()
    page = browser_page

    page.goto(f"{live_server.url}/account/login/?next={open_page.url}")
    page.get_by_label("Електронна пошта").fill(resident.email)
    page.get_by_label("Пароль").fill(TEST_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}{open_page.url}")  # exactly: the login page's ?next= holds it too
    page.wait_for_load_state("load")
    assert serious_axe_violations(page) == []

    page.get_by_label("Тиша").check()
    page.get_by_label("Освітлення").check()
    page.get_by_label("Лавки").check()
    page.get_by_role("button", name="Надіслати відповіді").click()
    page.wait_for_url(f"{live_server.url}{open_page.url}#questionnaire")
    page.wait_for_load_state("load")
    assert "Дякуємо, ваші відповіді враховано" in page.content()
    assert "Ви відповіли на це опитування" in page.content()
    assert ConsultationResponse.objects.filter(user=resident).count() == 1

    page.goto(f"{live_server.url}{closed_page.url}", wait_until="load")
    assert "Результати опитування" in page.content() and "Підсумковий звіт" in page.content()
    assert serious_axe_violations(page) == []
    page.goto(f"{live_server.url}{index.url}", wait_until="load")
    assert serious_axe_violations(page) == []
    assert page.console_errors == []
