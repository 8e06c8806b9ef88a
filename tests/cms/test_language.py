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
