"""A resident reads the city site in a real browser: home, an article, search, login."""
import pytest

from tests.e2e.conftest import serious_axe_violations
from tests.factories import TEST_PASSWORD, NewsCategoryFactory, NewsPageFactory, UserFactory

# serialized_rollback restores the rows migrations create (root page, locale) after each flush.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def city(news_index, event_index):
    category = NewsCategoryFactory(name="Транспорт", slug="transport")
    articles = [NewsPageFactory(parent=news_index, title=f"Ремонт бюджетної школи № {n}",
                                lead="Роботи фінансують з міського бюджету.") for n in range(3)]
    for article in articles:
        article.categories.add(category)
        article.save_revision().publish()
    return articles


def test_home_article_search_and_login_are_usable_and_accessible(live_server, browser_page, city):
    page = browser_page
    checked = []

    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "uk"
    assert page.get_by_role("link", name="Перейти до основного вмісту").count() == 1
    checked.append(("home", serious_axe_violations(page)))

    page.get_by_role("link", name=city[0].title).first.click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == city[0].title
    checked.append(("article", serious_axe_violations(page)))

    page.get_by_label("Пошук по сайту").first.fill("школи")
    page.get_by_role("button", name="Шукати").first.click()
    page.wait_for_load_state()
    assert page.locator(".news-list li").count() >= 1
    checked.append(("search", serious_axe_violations(page)))

    page.get_by_role("link", name="Увійти").first.click()
    page.wait_for_load_state()
    assert "/account/login/" in page.url
    checked.append(("login", serious_axe_violations(page)))

    assert page.console_errors == []
    assert [(name, found) for name, found in checked if found] == []


def test_resident_logs_in_with_keyboard_and_sees_profile(live_server, browser_page, home_page):
    resident = UserFactory(full_name="Шевчук Андрій Іванович")
    page = browser_page
    page.goto(live_server.url + "/account/login/")
    page.get_by_label("Електронна пошта").fill(resident.email)
    page.get_by_label("Пароль").fill(TEST_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/account/profile/")
    assert page.get_by_label("Повне імʼя").input_value() == "Шевчук Андрій Іванович"
    assert page.console_errors == []
    assert serious_axe_violations(page) == []
