"""Ukrainian by default whatever the browser asks; English when the visitor chooses it."""
import pytest

pytestmark = pytest.mark.django_db


def test_ukrainian_even_for_an_english_browser(client, home_page):
    response = client.get("/", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert response["Content-Language"] == "uk"
    assert '<html lang="uk">' in response.content.decode()
    assert "Перейти до основного вмісту" in response.content.decode()


def test_switching_to_english_keeps_the_address_and_sticks(client, home_page):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    page = client.get("/")
    assert page["Content-Language"] == "en"
    assert "Skip to main content" in page.content.decode()
    assert "Cookie" in page["Vary"]


def test_unknown_language_cookie_falls_back_to_ukrainian(client, home_page):
    client.cookies["django_language"] = "ru"
    assert client.get("/")["Content-Language"] == "uk"
