"""A verified resident starts a forum topic in a real browser; the forum passes axe without serious findings."""
import pytest

from forum.models import ForumCategory, ForumPage, ForumTopic
from tests.e2e.conftest import serious_axe_violations
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_resident_starts_a_topic_that_waits_for_moderation(live_server, browser_page, home_page):
    forum = ForumPage(title="Форум громади", slug="forum", intro="Обговорюйте місцеві питання.")
    home_page.add_child(instance=forum)
    forum.save_revision().publish()
    ForumCategory.objects.create(name="Благоустрій", slug="blahoustrii")
    resident = UserFactory(full_name="Шевчук Андрій Іванович")
    page = browser_page

    page.goto(f"{live_server.url}/forum/")
    assert serious_axe_violations(page) == []
    page.get_by_role("link", name="Створити тему").click()
    page.get_by_label("Електронна пошта").fill(resident.email)
    page.get_by_label("Пароль").fill(TEST_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/forum/nova-tema/")

    page.get_by_label("Категорія").select_option(label="Благоустрій")
    page.get_by_label("Назва").fill("Лавки у сквері біля бібліотеки")
    page.get_by_label("Текст").fill("Коротко")
    page.get_by_role("button", name="Надіслати на модерацію").click()
    page.wait_for_load_state()
    assert "щонайменше 20 символів" in page.content()  # the limit is stated, the title is kept
    assert page.get_by_label("Назва").input_value() == "Лавки у сквері біля бібліотеки"
    assert serious_axe_violations(page) == []

    page.get_by_label("Текст").fill("У сквері лише дві лавки без спинок; пропоную поставити ще кілька.")
    page.get_by_role("button", name="Надіслати на модерацію").click()
    page.wait_for_load_state()
    topic = ForumTopic.objects.get()
    assert page.url.endswith(topic.get_relative_path())
    assert "Очікує модерації" in page.content() and "Цю тему бачите лише ви та модератори" in page.content()
    # The refused form answers 422 on purpose (the browser logs that status); nothing else may fail.
    assert [error for error in page.console_errors if "status of 422" not in error] == []
