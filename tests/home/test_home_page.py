"""The home page: the lead article and the sections editors arrange (news, announcements, services, events)."""
import datetime

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone
from wagtail.models import Page

from home.models import HomePage
from tests.factories import EventPageFactory, NewsPageFactory


def section_links(html: str, title: str) -> list[str]:
    """Link texts of the list in the home-page section with this heading."""
    soup = BeautifulSoup(html, "html.parser")
    heading = soup.find("h2", string=title)
    assert heading is not None, f"no section «{title}»"
    return [link.get_text(strip=True) for link in heading.find_parent("section").select("li a")]


def lead_title(html: str) -> str | None:
    heading = BeautifulSoup(html, "html.parser").find(id="lead-title")
    return heading.get_text(strip=True) if heading else None


@pytest.fixture
def news(news_index, transport):
    def article(title, days_ago, **fields):
        return NewsPageFactory(parent=news_index, title=title,
                               date=timezone.now() - datetime.timedelta(days=days_ago), **fields)

    return {
        "newest": article("Найсвіжіша новина", 1),
        "tram": article("Трамвай повертається", 2, categories=[transport]),
        "notice1": article("Оголошення про відключення води", 3, is_official=True),
        "bus": article("Новий автобусний маршрут", 4, categories=[transport]),
        "notice2": article("Оголошення про сесію", 5, is_official=True),
        "notice3": article("Давнє оголошення", 6, is_official=True),
        "old_bus": article("Старий маршрут скасовано", 7, categories=[transport]),
        "draft": article("Чернетка оголошення", 0, is_official=True, live=False),
    }


@pytest.fixture
def sections(home_page, news_index, transport):
    home_page.sections = [
        ("announcements", {"title": "Оголошення", "count": 2}),
        ("news", {"title": "Транспорт", "count": 2, "category": transport}),
        ("quick_links", {"title": "Послуги", "links": [
            {"title": "Усі новини", "description": "Новини ради", "page": news_index, "url": ""},
            {"title": "Дія", "description": "", "page": None, "url": "https://diia.gov.ua/"},
        ]}),
        ("events", {"title": "Найближчі події", "count": 2}),
        ("text", "<p>Громада працює для вас.</p>"),
    ]
    home_page.save()
    return home_page


@pytest.mark.django_db
def test_only_one_home_page(home_page):
    assert not HomePage.can_create_at(Page.get_first_root_node())


@pytest.mark.django_db
def test_lead_is_the_newest_live_article(client, sections, news):
    assert lead_title(client.get("/").content.decode()) == "Найсвіжіша новина"


@pytest.mark.django_db
def test_lead_chosen_by_editors_wins_until_it_is_unpublished(client, sections, news):
    sections.lead_news = news["bus"]
    sections.save()

    assert lead_title(client.get("/").content.decode()) == "Новий автобусний маршрут"

    news["bus"].unpublish()

    assert lead_title(client.get("/").content.decode()) == "Найсвіжіша новина"


@pytest.mark.django_db
def test_announcements_are_the_newest_official_news(client, sections, news):
    html = client.get("/").content.decode()

    assert section_links(html, "Оголошення") == ["Оголошення про відключення води", "Оголошення про сесію"]


@pytest.mark.django_db
def test_news_section_of_one_category(client, sections, news):
    html = client.get("/").content.decode()

    assert section_links(html, "Транспорт") == ["Трамвай повертається", "Новий автобусний маршрут"]
    assert "Старий маршрут скасовано" not in html


@pytest.mark.django_db
def test_quick_links_lead_to_pages_and_addresses(client, sections, news_index):
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    links = {link.contents[0].strip(): link["href"] for link in soup.select("ul.quick-links a")}

    assert links == {"Усі новини": news_index.url, "Дія": "https://diia.gov.ua/"}


@pytest.mark.django_db
def test_events_section_shows_the_next_events(client, sections, event_index):
    now = timezone.now()
    EventPageFactory(parent=event_index, title="Сесія ради", start=now + datetime.timedelta(days=4))
    EventPageFactory(parent=event_index, title="Ярмарок", start=now + datetime.timedelta(days=1))
    EventPageFactory(parent=event_index, title="Концерт", start=now + datetime.timedelta(days=9))
    EventPageFactory(parent=event_index, title="Минула толока", start=now - datetime.timedelta(days=2))

    html = client.get("/").content.decode()

    assert section_links(html, "Найближчі події") == ["Ярмарок", "Сесія ради"]
    assert "Концерт" not in html and "Минула толока" not in html
    assert f'href="{event_index.url}"' in html


@pytest.mark.django_db
def test_text_section(client, sections, news):
    assert "<p>Громада працює для вас.</p>" in client.get("/").content.decode()


@pytest.mark.django_db
def test_home_page_without_any_news_still_renders(client, sections):
    response = client.get("/")

    assert response.status_code == 200
    assert lead_title(response.content.decode()) is None
