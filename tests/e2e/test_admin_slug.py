"""In a real browser, the page editor's slug field transliterates the title as the server does (Згорани →
zghorany), not with Wagtail's own table (which gave «47-sesiya-miskoyi-radi»)."""
import pytest
from playwright.sync_api import expect

from cms.roles import role_group, setup_roles
from cms.text import latin_slug
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_slug_follows_the_official_transliteration(live_server, browser_page, home_page, settings):
    settings.PORTAL_STAFF_MFA_REQUIRED = False  # the browser logs in by password; MFA has its own tests
    setup_roles()
    editor = UserFactory(email="redaktor@example.com")
    editor.groups.add(role_group("site_editors"))
    page = browser_page
    page.goto(f"{live_server.url}/account/login/?next=/admin/")
    page.fill("input[name=login]", editor.email)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("form:has(input[name=login]) button[type=submit]")
    page.wait_for_url("**/admin/**")
    # Wagtail's JavaScript texts come from the admin's JavaScript catalogue (cms.views.admin_javascript_catalogue):
    # the sidebar and the editors show them in Ukrainian, not from Wagtail's incomplete Ukrainian catalogue.
    expect(page.locator("#wagtail-sidebar nav")).to_be_visible()
    texts = page.evaluate("""() => [django.gettext("(%(number)s new items in this menu)"),
                                    django.gettext("Write something or type ‘/’ to insert a block"),
                                    django.gettext("Toggle sidebar")]""")
    assert texts == ["(нових пунктів у цьому меню: %(number)s)", "Пишіть текст або введіть «/», щоб вставити блок",
                     "Показати або сховати бічне меню"]
    assert "new item" not in page.locator("#wagtail-sidebar").inner_text()
    page.goto(f"{live_server.url}/admin/pages/add/home/standardpage/{home_page.pk}/")
    title = "Згорани: 47 сесія міської ради, подвірʼя «Юність»"
    page.locator("#id_title").press_sequentially(title)  # typed, as an editor does (keyup events)
    page.locator("#id_title").blur()
    page.get_by_role("tab", name="Просування").click()
    # Wagtail's w-sync controller copies the title into the slug field 100 ms after the last keystroke (a debounce);
    # reading the field at once raced it and found it empty, so the assertion waits for the value.
    expect(page.locator("#id_slug")).to_have_value(latin_slug(title))
    assert latin_slug(title) == "zghorany-47-sesiia-miskoi-rady-podviria-yunist"
    assert not page.console_errors
