"""A resident fills the budget ballot in a real browser, reviews and confirms it, and sees it in "my ballot";
axe-core finds no serious or critical violations on the ballot, the review and the accepted pages."""
import pytest

from budget.models import BudgetBallot, BudgetParticipation
from tests.budget.conftest import make_campaign, make_project
from tests.e2e.conftest import serious_axe_violations
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_resident_fills_and_confirms_a_ballot(live_server, browser_page, home_page):
    from budget.models import BudgetIndexPage

    index = BudgetIndexPage(title="Громадський бюджет", slug="hromadskyi-biudzhet")
    home_page.add_child(instance=index)
    index.save_revision().publish()
    campaign = make_campaign(index, phase="voting")
    small, large = campaign.categories.get(slug="mali"), campaign.categories.get(slug="velyki")
    swings = make_project(campaign, small, title="Гойдалки у сквері біля школи", cost=80_000)
    make_project(campaign, small, title="Лавки на бульварі", cost=60_000)
    stadium = make_project(campaign, large, title="Ремонт стадіону на Заводській", cost=500_000)
    resident = UserFactory(full_name="Шевчук Андрій Іванович")
    page = browser_page

    page.goto(f"{live_server.url}/account/login/?next={campaign.url}biuleten/")
    page.get_by_label("Електронна пошта").fill(resident.email)
    page.get_by_label("Пароль").fill(TEST_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}{campaign.url}biuleten/")
    assert serious_axe_violations(page) == []

    page.get_by_label("Дата народження").fill("1990-05-17")
    page.get_by_label("Я проживаю в місті").check()
    page.get_by_label("Гойдалки у сквері біля школи").check()
    page.get_by_label("Ремонт стадіону на Заводській").check()
    page.get_by_role("button", name="Перевірити мій вибір").click()
    page.wait_for_load_state()
    assert "Перевірте свій бюлетень" in page.content()
    assert not BudgetBallot.objects.exists()  # nothing is cast before the confirmation
    assert serious_axe_violations(page) == []

    page.get_by_role("button", name="Підтвердити й проголосувати").click()
    page.wait_for_url("**/biuleten/pryiniato/")
    assert "Ваш бюлетень прийнято" in page.content()
    assert serious_axe_violations(page) == []
    ballot = BudgetBallot.objects.get()
    assert sorted(ballot.project_ids) == sorted([swings.pk, stadium.pk])
    assert BudgetParticipation.objects.get().user == resident

    page.get_by_role("link", name="Мій бюлетень").first.click()
    page.wait_for_url("**/miy-biuleten/")
    assert "Гойдалки у сквері біля школи" in page.content() and "Лавки на бульварі" not in page.content()
    assert page.console_errors == []
