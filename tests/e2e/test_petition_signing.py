"""A verified resident signs a petition in a real browser and sees the count rise, then rise again live."""
import pytest
from playwright.sync_api import expect
from wagtail.models import Site

from petitions import services
from petitions.models import PetitionCategory, PetitionIndexPage, PetitionSettings
from tests.e2e.conftest import serious_axe_violations
from tests.factories import TEST_PASSWORD, UserFactory
from tests.petitions.conftest import make_petition

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_resident_signs_and_sees_the_count_rise(live_server, browser_page, home_page):
    index = PetitionIndexPage(title="Електронні петиції", slug="petytsii")
    home_page.add_child(instance=index)
    index.save_revision().publish()
    config = PetitionSettings.for_site(Site.objects.get(is_default_site=True))
    config.signature_threshold = 100
    config.save()
    category = PetitionCategory.objects.create(name="Транспорт", slug="transport")
    petition = make_petition(author=UserFactory(), category=category, threshold=100, signatures=2,
                             title="Світлофор біля школи № 5")
    resident = UserFactory(full_name="Шевчук Андрій Іванович")
    page = browser_page

    page.goto(f"{live_server.url}/account/login/?next=/petytsii/{petition.pk}/")
    page.get_by_label("Електронна пошта").fill(resident.email)
    page.get_by_label("Пароль").fill(TEST_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/petytsii/{petition.pk}/")
    count = page.locator("[data-petition-count]")
    assert count.inner_text() == "2"
    assert "не можна відкликати" in page.content()

    page.get_by_role("button", name="Підписати петицію").click()
    page.wait_for_load_state()
    assert count.inner_text() == "3"
    assert page.get_by_text("Ви підписали цю петицію.").count() == 1
    assert "Шевчук Андрій Іванович" in page.locator(".petition-signers").inner_text()
    assert resident.email not in page.content()

    # Someone else signs meanwhile: the page's poll of the count endpoint shows it without a reload.
    services.petition_sign(petition=petition, user=UserFactory())
    # expect() polls from Playwright's own script world: the page's CSP forbids the eval wait_for_function needs
    expect(page.locator("[data-petition-count]")).to_have_text("4", timeout=15_000)
    assert page.locator("[data-petition-progress]").get_attribute("value") in ("3", "4")

    assert page.console_errors == []
    assert serious_axe_violations(page) == []
