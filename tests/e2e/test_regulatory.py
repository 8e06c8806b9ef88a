"""A business owner finds a draft regulatory act in the register and sends a proposal, in a real browser."""
import pytest

from tests.e2e.conftest import serious_axe_violations
from tests.factories import TEST_PASSWORD, UserFactory
from tests.factories.regulatory import RegulatoryActIndexPageFactory, RegulatoryActPageFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_resident_finds_a_draft_and_comments_during_the_period(live_server, browser_page, home_page):
    register = RegulatoryActIndexPageFactory(parent=home_page)
    act = RegulatoryActPageFactory(parent=register, title="Про режим роботи закладів торгівлі вночі",
                                   kind="executive")
    RegulatoryActPageFactory(parent=register, title="Про правила розміщення реклами")
    resident = UserFactory(full_name="Коваленко Тарас Миколайович")
    page = browser_page

    page.goto(f"{live_server.url}{register.url}")
    page.get_by_label("Вид акта").select_option("executive")
    page.get_by_role("button", name="Показати").click()
    page.wait_for_load_state()
    assert page.locator("ul.regulatory-list li").count() == 1
    assert serious_axe_violations(page) == []

    page.get_by_role("link", name=act.title).click()
    page.wait_for_url(f"**{act.url}")
    assert "Залишилося" in page.locator(".regulatory-notice").inner_text()
    assert serious_axe_violations(page) == []

    page.goto(f"{live_server.url}/account/login/?next={act.url}")
    page.get_by_label("Електронна пошта").fill(resident.email)
    page.get_by_label("Пароль").fill(TEST_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{act.url}")
    page.get_by_label("Ваш коментар").fill("Пропоную дозволити роботу до 23:00 без погодження.")
    page.get_by_role("button", name="Опублікувати коментар").click()
    page.wait_for_load_state()
    assert "Пропоную дозволити роботу до 23:00" in page.locator(".comment").first.inner_text()
    assert page.console_errors == []
