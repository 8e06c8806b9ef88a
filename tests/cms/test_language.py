"""Ukrainian by default whatever the browser asks; English when the visitor chooses it."""
import pytest

pytestmark = pytest.mark.django_db


def test_ukrainian_even_for_an_english_browser(client, home_page):
    response = client.get("/", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert response["Content-Language"] == "uk"
    assert '<html lang="uk">' in response.content.decode()
    assert "Перейти до основного вмісту" in response.content.decode()


def test_switching_to_english_keeps_the_address_and_sticks(client, home_page):
    response = client.get("/mova/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    page = client.get("/")
    assert page["Content-Language"] == "en"
    assert "Skip to main content" in page.content.decode()
    assert "Cookie" in page["Vary"]


def test_unknown_language_cookie_falls_back_to_ukrainian(client, home_page):
    client.cookies["django_language"] = "ru"
    assert client.get("/")["Content-Language"] == "uk"


def test_public_pages_set_no_csrf_cookie_so_they_stay_cacheable(client, home_page):
    response = client.get("/")
    assert "csrftoken" not in response.cookies


def test_language_switch_refuses_foreign_redirects_and_unknown_languages(client, home_page):
    response = client.get("/mova/", {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/"
    response = client.get("/mova/", {"language": "xx", "next": "/novyny/"})
    assert response["Location"] == "/novyny/"
    assert "django_language" not in response.cookies


@pytest.fixture
def admin_user():
    from tests.factories import UserFactory, activate_totp

    user = UserFactory(is_superuser=True, is_staff=True)
    activate_totp(user)
    return user


# Strings of the dashboard, the sidebar and the shortcuts dialog that Wagtail 8's Ukrainian catalogue lacks.
WAGTAIL_ENGLISH = ["Search all pages", "Pages <span", "Show keyboard shortcuts", "Keyboard shortcut", "Aging pages",
                   "Page types usage", "Editor Guide", "Edit account avatar", "Toggle sidebar"]


def test_the_admin_stays_ukrainian_when_the_public_site_was_read_in_english(client, home_page, admin_user):
    from tests.factories import login_with_mfa

    login_with_mfa(client, admin_user)
    client.cookies["django_language"] = "en"
    assert client.get("/")["Content-Language"] == "en"  # the switcher still serves the public site
    html = client.get("/admin/").content.decode()
    assert '<html lang="uk"' in html
    assert "Пошук у всіх сторінках…" in html and "1 сторінка <span class=\"w-sr-only\">на сайті" in html
    assert [text for text in WAGTAIL_ENGLISH if text in html] == []
    explorer = client.get("/admin/pages/").content.decode()  # an everyday listing, not only the dashboard
    assert "Показати фільтри" in explorer and "Show filters" not in explorer and "Date updated" not in explorer


def test_the_admin_speaks_the_language_chosen_in_the_profile(client, home_page, admin_user):
    from wagtail.users.models import UserProfile

    from tests.factories import login_with_mfa

    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "en"
    profile.save()
    login_with_mfa(client, admin_user)
    html = client.get("/admin/").content.decode()
    assert '<html lang="en"' in html and "Search all pages…" in html
