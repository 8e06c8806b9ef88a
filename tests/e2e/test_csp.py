"""The Content-Security-Policy in a real browser: public pages and Wagtail's admin (dashboard, page editor with
its image chooser, image upload) work with no CSP violation reported by Chromium."""
from urllib.parse import unquote

import pytest
from django.test import Client

from forum.models import ForumPage
from petitions.models import Petition, PetitionCategory, PetitionIndexPage
from tests.factories import ImageFactory, NewsPageFactory, UserFactory, activate_totp, login_with_mfa

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Every violation, whatever the console says: the browser's own event.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline") + " at " +
                              event.sourceFile + ":" + event.lineNumber);
});
"""


def _visit(page, url: str) -> list[str]:
    response = page.goto(url)
    assert response.status == 200 and unquote(page.url) == url, (url, page.url)
    page.wait_for_load_state("networkidle")
    header = response.headers.get("content-security-policy", "")
    assert "default-src 'self'" in header, url
    assert response.headers.get("permissions-policy"), url
    return [f"{url}: {item}" for item in page.evaluate("window.__cspViolations || []")]


def _csp_console_errors(page) -> list[str]:
    return [text for text in page.console_errors if "Content Security Policy" in text]


@pytest.fixture
def site(news_index, event_index, home_page):
    article = NewsPageFactory(parent=news_index, title="Ремонт бюджетної школи", main_image=ImageFactory())
    article.save_revision().publish()
    petitions = PetitionIndexPage(title="Електронні петиції", slug="petytsii", intro="Петиції.", rules="Правила.")
    home_page.add_child(instance=petitions)
    category = PetitionCategory.objects.create(name="Транспорт", slug="transport")
    author = UserFactory(full_name="Коваль Ірина")
    petition = Petition.objects.create(title="Пішохідний перехід біля школи", text="Просимо облаштувати перехід.",
                                       category=category, author=author, author_name=author.full_name,
                                       status=Petition.Status.COLLECTING)
    forum = ForumPage(title="Форум громади", slug="forum", intro="Обговорюйте.")
    home_page.add_child(instance=forum)
    return {"article": article, "petitions": petitions, "petition": petition, "forum": forum}


def test_public_pages_have_a_policy_and_no_violations(live_server, browser_page, site):
    page = browser_page
    page.add_init_script(RECORD_VIOLATIONS)
    urls = ["/", site["article"].url, site["article"].get_parent().url, "/poshuk/?q=школа",
            "/account/login/", "/account/signup/", site["petitions"].url,
            f"{site['petitions'].url}{site['petition'].pk}/", site["forum"].url]
    violations = []
    for url in urls:
        violations += _visit(page, live_server.url + url)
    assert not violations
    assert not _csp_console_errors(page)
    # No script runs without the nonce: an inline script is refused by the policy.
    assert "'unsafe-inline'" not in page.goto(live_server.url + "/").headers["content-security-policy"] \
        .split("script-src")[1].split(";")[0]


def test_admin_dashboard_page_editor_image_chooser_and_upload_have_no_violations(live_server, browser_page, site):
    bare = NewsPageFactory(parent=site["article"].get_parent(), title="Новина без фото", main_image=None)
    editor = UserFactory(is_superuser=True, is_staff=True)
    activate_totp(editor)
    client = Client()
    login_with_mfa(client, editor)
    page = browser_page
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])
    page.add_init_script(RECORD_VIOLATIONS)
    violations = []
    for url in ("/admin/", "/admin/pages/", f"/admin/pages/{bare.pk}/edit/", "/admin/images/",
                "/admin/images/multiple/add/", "/admin/documents/", "/admin/users/"):
        violations += _visit(page, live_server.url + url)
        if url.endswith("/edit/"):
            page.locator("[data-chooser-action-choose]:visible").first.click()
            page.wait_for_load_state("networkidle")
            page.screenshot(path="/tmp/hardening/chooser.png")
            # The chooser lists the image the site has, loaded into the modal by Wagtail's scripts.
            page.get_by_role("dialog").get_by_text(site["article"].main_image.title).first.wait_for(state="visible")
            violations += [f"image chooser: {item}" for item in page.evaluate("window.__cspViolations")]
    assert not violations, "\n".join(violations)
    assert not _csp_console_errors(page), _csp_console_errors(page)
