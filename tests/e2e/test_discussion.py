"""A verified resident comments on a news article and replies, in a real browser, without errors."""
import pytest

from tests.e2e.conftest import serious_axe_violations
from tests.factories import TEST_PASSWORD, NewsPageFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_resident_posts_a_comment_and_a_reply(live_server, browser_page, news_index):
    article = NewsPageFactory(parent=news_index, title="Ремонт мосту на Соборній", allow_comments=True)
    resident = UserFactory(full_name="Шевчук Андрій Іванович")
    page = browser_page

    page.goto(f"{live_server.url}/account/login/?next={article.url}")
    page.get_by_label("Електронна пошта").fill(resident.email)
    page.get_by_label("Пароль").fill(TEST_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{article.url}")

    page.get_by_label("Ваш коментар").fill("Коли відкриють рух? <b>дуже чекаємо</b>")
    page.get_by_role("button", name="Опублікувати коментар").click()
    page.wait_for_load_state()
    comment = page.locator(".comment").first
    assert "Коли відкриють рух? <b>дуже чекаємо</b>" in comment.inner_text()  # markup shown as text
    assert "Шевчук Андрій Іванович" in comment.inner_text()
    assert resident.email not in page.content()

    page.get_by_text("Відповісти").first.click()
    page.locator("textarea[id^=reply-body]").first.fill("Уточнення: мова про пішохідну частину.")
    page.get_by_role("button", name="Надіслати відповідь").first.click()
    page.wait_for_load_state()
    assert page.locator(".comment").count() == 2
    assert "Уточнення: мова про пішохідну частину." in page.locator(".comment").nth(1).inner_text()

    assert page.console_errors == []
    assert serious_axe_violations(page) == []
