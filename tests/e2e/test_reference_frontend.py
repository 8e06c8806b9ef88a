"""The reference front end (examples/frontend/), served from a second port, shows what the portal's own pages show
using only the API over CORS; an origin outside CORS_ALLOWED_ORIGINS gets nothing."""
import datetime
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.utils import timezone
from wagtail.models import APIToken, Site

from home.models import MainMenuItem, PortalSettings
from petitions.models import PetitionCategory, PetitionIndexPage, PetitionSettings
from sessions.models import AgendaItem
from tests.council.factories import SessionIndexPageFactory, SessionPageFactory
from tests.e2e.conftest import serious_axe_violations
from tests.factories import ImageFactory, NewsCategoryFactory, NewsIndexPageFactory, NewsPageFactory, UserFactory
from tests.petitions.conftest import make_petition

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
FRONTEND = Path(settings.BASE_DIR) / "examples" / "frontend"


@pytest.fixture
def frontend(live_server):
    """examples/frontend on a free port of 127.0.0.1, its config.js pointing at the live portal."""
    config = f'window.PORTAL_URL = "{live_server.url}";\n'.encode()

    class Handler(SimpleHTTPRequestHandler):
        def do_GET(self):
            if self.path.split("?")[0] == "/config.js":
                self.send_response(200)
                self.send_header("Content-Type", "text/javascript")
                self.send_header("Content-Length", str(len(config)))
                self.end_headers()
                self.wfile.write(config)
                return
            super().do_GET()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Handler, directory=str(FRONTEND)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    with override_settings(CORS_ALLOWED_ORIGINS=[f"http://127.0.0.1:{port}"]):
        yield {"allowed": f"http://127.0.0.1:{port}", "refused": f"http://localhost:{port}"}
    server.shutdown()
    server.server_close()


@pytest.fixture
def city(home_page):
    portal = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    portal.city_name, portal.council_name = "Світлогірськ", "Світлогірська міська рада"
    portal.save()
    news_index = NewsIndexPageFactory(parent=home_page)
    MainMenuItem.objects.create(setting=portal, label="Новини", link_page=news_index, sort_order=0)
    category = NewsCategoryFactory(name="Транспорт", slug="transport")
    image = ImageFactory()
    articles = [NewsPageFactory(parent=news_index, title=f"Новина про місто {number}") for number in range(1, 15)]
    illustrated = NewsPageFactory(parent=news_index, title="Оновлено тролейбусний парк", main_image=image,
                                  main_image_alt="Новий тролейбус на зупинці", categories=[category],
                                  date=timezone.now() - datetime.timedelta(hours=1))
    home_page.sections = [("news", {"title": "Новини", "count": 4, "category": None})]
    home_page.save()
    session = SessionPageFactory(parent=SessionIndexPageFactory(parent=home_page), title="45 сесія міської ради",
                                 status="held", recording_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
                                 start=timezone.now() - datetime.timedelta(days=3))
    for number, title in enumerate(["Про бюджет громади", "Про програму ремонту доріг", "Про ЦНАП"]):
        AgendaItem.objects.create(session=session, title=title, sort_order=number,
                                  recording_start=f"0:{number * 10:02d}:00")
    petition_index = PetitionIndexPage(title="Електронні петиції", slug="petytsii")
    home_page.add_child(instance=petition_index)
    petition_index.save_revision().publish()
    config = PetitionSettings.for_site(Site.objects.get(is_default_site=True))
    config.signature_threshold = 100
    config.save()
    petition = make_petition(author=UserFactory(), category=PetitionCategory.objects.create(name="Транспорт",
                                                                                           slug="transport"),
                             threshold=100, signatures=2, title="Світлофор біля школи № 5")
    return {"articles": articles, "illustrated": illustrated, "session": session, "petition": petition}


def texts(page, selector: str) -> list[str]:
    return [text.strip() for text in page.locator(selector).all_inner_texts()]


def open_front(page, url: str):
    page.goto(url)
    page.wait_for_selector("body[data-ready='true']")


def test_the_front_end_shows_what_the_portal_shows(live_server, browser_page, frontend, city):
    page = browser_page
    front = frontend["allowed"]

    # Home: the frame and the news section, the same articles in the same order as the portal's home page.
    page.goto(f"{live_server.url}/")
    portal_home_news = texts(page, ".news-list h3 a")
    open_front(page, f"{front}/")
    assert page.locator("[data-frame-city]").inner_text() == "Світлогірськ"
    assert texts(page, "[data-frame-menu] a") == ["Новини"]
    assert texts(page, "[data-section='news'] h3 a") == portal_home_news and len(portal_home_news) == 4

    # The news list: the first page's titles and the count.
    page.goto(f"{live_server.url}/novyny/")
    portal_titles = texts(page, ".news-list h2 a")
    page.goto(f"{live_server.url}{city['illustrated'].url}")
    portal_image = page.locator("article figure img")
    portal_src, portal_alt = portal_image.get_attribute("src"), portal_image.get_attribute("alt")
    open_front(page, f"{front}/#/p/novyny/")
    page.wait_for_selector("[data-news-list]")
    assert texts(page, "[data-news-list] h2 a") == portal_titles and len(portal_titles) == 12
    assert page.locator("[data-count]").get_attribute("data-count") == "15"

    # An article, reached by clicking it: its image is the portal's rendition, with the same alt text.
    page.get_by_role("link", name="Оновлено тролейбусний парк").click()
    front_image = page.locator("[data-article-image] img")
    front_image.wait_for()
    assert page.locator("h1").inner_text() == "Оновлено тролейбусний парк"
    assert urlparse(front_image.get_attribute("src")).path == urlparse(portal_src).path
    assert front_image.get_attribute("alt") == portal_alt == "Новий тролейбус на зупинці"

    # A session: the recording and the agenda, as on the portal.
    session = city["session"]
    page.goto(f"{live_server.url}{session.url}")
    portal_agenda = [text.split("\n")[0] for text in texts(page, "ol.agenda > li")]
    portal_player = page.locator(".player iframe").get_attribute("src")
    open_front(page, f"{front}/#/p{session.url}")
    page.wait_for_selector("[data-agenda]")
    assert [text.split("\n")[0] for text in texts(page, "[data-agenda] > li")] == portal_agenda
    assert len(portal_agenda) == 3
    assert page.locator("[data-stream] iframe").get_attribute("src") == portal_player

    # A petition: the same count; signing with a resident's token raises it here and on the portal.
    petition = city["petition"]
    _token, plaintext = APIToken.create_token(user=UserFactory(full_name="Шевчук Андрій Іванович"), name="Фронтенд")
    page.goto(f"{live_server.url}/petytsii/{petition.pk}/")
    assert page.locator("[data-petition-count]").inner_text() == "2"
    open_front(page, f"{front}/#/petytsii/{petition.pk}")
    page.wait_for_selector("[data-petition-count]")
    assert page.locator("[data-petition-count]").inner_text() == "2"
    page.get_by_label("Ваш токен доступу до API порталу").fill(plaintext)
    page.get_by_role("button", name="Підписати петицію").click()
    page.wait_for_function("document.querySelector('[data-petition-count]').textContent === '3'")
    assert "Шевчук Андрій Іванович" in page.locator("[data-sign-message]").inner_text()
    assert page.console_errors == []
    assert serious_axe_violations(page) == []
    page.goto(f"{live_server.url}/petytsii/{petition.pk}/")
    assert page.locator("[data-petition-count]").inner_text() == "3"


def test_an_origin_outside_the_cors_list_gets_nothing(live_server, browser_page, frontend, city):
    allowed = Client().get("/api/v3/home/site/", HTTP_ORIGIN=frontend["allowed"])
    assert allowed["Access-Control-Allow-Origin"] == frontend["allowed"]
    refused = Client().get("/api/v3/home/site/", HTTP_ORIGIN="https://evil.example")
    assert "Access-Control-Allow-Origin" not in refused
    preflight = Client().options("/api/v3/petitions/1/signatures/", HTTP_ORIGIN="https://evil.example",
                                 HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
                                 HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization")
    assert "Access-Control-Allow-Origin" not in preflight

    # The same files from an origin not in the list: the browser keeps the answers from the page.
    page = browser_page
    page.goto(f"{frontend['refused']}/")
    page.wait_for_selector("[role='alert']")
    assert "Портал не відповідає цьому сайту" in page.locator("[role='alert']").inner_text()
    assert "Світлогірськ" not in page.locator("main").inner_text()
