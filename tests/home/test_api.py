"""JSON API of the city site (/api/v3/home/) and Wagtail's page API: lists, details, filters, problem documents."""
import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from home.models import NewsPageRelatedPage
from tests.factories import EventPageFactory, ImageFactory, NewsPageFactory, StandardPageFactory

API = "/api/v3/home"
KYIV = ZoneInfo("Europe/Kyiv")


def kyiv(year, month, day):
    return datetime.datetime(year, month, day, 12, 0, tzinfo=KYIV)


def titles(payload) -> list[str]:
    return [item["title"] for item in payload["items"]]


def assert_problem(response, status: int, code: str):
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert {"type", "title", "status", "detail", "code"} <= problem.keys()
    assert problem["status"] == status
    assert problem["code"] == code
    assert problem["detail"]
    return problem


@pytest.fixture
def news(news_index, transport, education):
    photo = ImageFactory(description="Міська площа")
    return {
        "route": NewsPageFactory(parent=news_index, title="Новий маршрут", date=kyiv(2025, 3, 10),
                                 categories=[transport], tags=["тролейбус"], main_image=photo,
                                 main_image_alt="Тролейбус на Соборній",
                                 body=[("paragraph", "<p>Інтервал — <b>12 хвилин</b>.</p>")]),
        "school": NewsPageFactory(parent=news_index, title="Укриття в ліцеї", date=kyiv(2025, 3, 20),
                                  categories=[education], tags=["школи"], is_official=True, main_image=photo),
        "roads": NewsPageFactory(parent=news_index, title="Ремонт доріг", date=kyiv(2025, 4, 2),
                                 categories=[transport], is_official=True),
        "draft": NewsPageFactory(parent=news_index, title="Чернетка", date=kyiv(2025, 4, 3), live=False),
    }


@pytest.mark.django_db
def test_news_list_envelope_newest_first_without_drafts(client, news):
    response = client.get(f"{API}/news/")

    assert response.status_code == 200
    payload = response.json()
    assert set(payload) == {"items", "count", "next"} and payload["next"] is None
    assert payload["count"] == 3
    assert titles(payload) == ["Ремонт доріг", "Укриття в ліцеї", "Новий маршрут"]


@pytest.mark.django_db
def test_news_list_item_carries_what_a_front_end_needs(client, news):
    (item,) = [item for item in client.get(f"{API}/news/").json()["items"] if item["title"] == "Новий маршрут"]

    assert item["id"] == news["route"].pk
    assert item["url"] == f"http://testserver{news['route'].url}"
    assert datetime.datetime.fromisoformat(item["date"]) == kyiv(2025, 3, 10)
    assert item["lead"] == news["route"].lead
    assert item["is_official"] is False
    assert item["categories"] == [{"id": news["route"].categories.get().pk, "name": "Транспорт", "slug": "transport"}]
    assert item["tags"] == ["тролейбус"]
    assert item["image"]["alt"] == "Тролейбус на Соборній"
    thumbnail = item["image"]["renditions"]["thumbnail"]
    assert (thumbnail["width"], thumbnail["height"]) == (400, 250)
    assert thumbnail["url"].startswith("http://testserver/media/images/")
    assert set(item["image"]["renditions"]) == {"thumbnail", "large"}


@pytest.mark.django_db
def test_image_alt_falls_back_to_the_image_description(client, news):
    items = {item["title"]: item for item in client.get(f"{API}/news/").json()["items"]}

    assert items["Укриття в ліцеї"]["image"]["alt"] == "Міська площа"
    assert items["Ремонт доріг"]["image"] is None


@pytest.mark.django_db
def test_news_limit_and_offset(client, news):
    payload = client.get(f"{API}/news/", {"limit": 1, "offset": 1}).json()

    assert payload["count"] == 3
    assert titles(payload) == ["Укриття в ліцеї"]


@pytest.mark.django_db
@pytest.mark.parametrize(("query", "expected"), [
    ({"category": "transport"}, ["Ремонт доріг", "Новий маршрут"]),
    ({"tag": "школи"}, ["Укриття в ліцеї"]),
    ({"month": "2025-03"}, ["Укриття в ліцеї", "Новий маршрут"]),
    ({"official": "true"}, ["Ремонт доріг", "Укриття в ліцеї"]),
    ({"official": "false"}, ["Новий маршрут"]),
    ({"category": "transport", "official": "true"}, ["Ремонт доріг"]),
    ({"month": "2024-01"}, []),
])
def test_news_filters(client, news, query, expected):
    payload = client.get(f"{API}/news/", query).json()

    assert titles(payload) == expected
    assert payload["count"] == len(expected)


@pytest.mark.django_db
def test_news_detail(client, news, settings):
    article = news["route"]
    related = StandardPageFactory(parent=article.get_parent().get_parent(), title="Розклад руху", slug="rozklad")
    NewsPageRelatedPage.objects.create(source=article, page=related)

    response = client.get(f"{API}/news/{article.pk}/")

    assert response.status_code == 200
    detail = response.json()
    assert detail["title"] == "Новий маршрут"
    assert "<p>Інтервал — <b>12 хвилин</b>.</p>" in detail["body_html"]
    assert detail["categories"][0]["slug"] == "transport"
    assert detail["tags"] == ["тролейбус"]
    assert detail["image"]["alt"] == "Тролейбус на Соборній"
    assert detail["image"]["renditions"]["large"]["url"].startswith("http://testserver/media/images/")
    assert detail["related_pages"] == [{"id": related.pk, "title": "Розклад руху",
                                        "url": f"http://testserver{related.url}"}]


@pytest.mark.django_db
def test_news_detail_of_a_draft_or_unknown_id_is_not_found(client, news):
    assert_problem(client.get(f"{API}/news/{news['draft'].pk}/"), 404, "not_found")
    assert_problem(client.get(f"{API}/news/999999/"), 404, "not_found")


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["news", "events", "pages"])
def test_id_beyond_the_database_integer_range_is_not_found(client, path):
    # SQLite's driver used to overflow on such ids (500).
    assert_problem(client.get(f"{API}/{path}/{2**64}/"), 404, "not_found")


@pytest.mark.django_db
@pytest.mark.parametrize("query", [
    {"month": "2026-13"},
    {"month": "abc"},
    {"official": "maybe"},
    {"limit": "abc"},
    {"limit": "0"},
    {"offset": "-1"},
    {"offset": str(2**63)},  # past a 64-bit integer: used to overflow the database driver (500)
    {"category": "x" * 101},
    {"category": "\x00"},  # NUL bytes used to reach PostgreSQL (500)
    {"tag": "\x00"},
    {"tag": "два слова"},
    {"month": "0000-01"},  # year 0 used to crash datetime.date (500)
])
def test_malformed_news_query_is_a_400_problem(client, query):
    problem = assert_problem(client.get(f"{API}/news/", query), 400, "invalid_query")

    assert problem["errors"][0]["loc"][0] == "query"


@pytest.mark.django_db
def test_unknown_category_is_a_400_problem(client, news):
    assert_problem(client.get(f"{API}/news/", {"category": "no-such"}), 400, "unknown_category")


@pytest.mark.django_db
def test_limit_above_the_maximum_is_a_400_problem(client):
    problem = assert_problem(client.get(f"{API}/news/", {"limit": "101"}), 400, "invalid_query")

    assert problem["detail"] == "Деякі параметри запиту мають неправильні значення."  # Ukrainian by default
    assert "100" in problem["errors"][0]["msg"]
    assert client.get(f"{API}/news/", {"limit": "100"}).status_code == 200


@pytest.mark.django_db
def test_categories(client, transport, education):
    response = client.get(f"{API}/news-categories/")

    assert response.status_code == 200
    assert response.json() == [{"id": education.pk, "name": "Освіта", "slug": "osvita"},
                               {"id": transport.pk, "name": "Транспорт", "slug": "transport"}]


@pytest.fixture
def api_events(event_index):
    now = timezone.now().replace(microsecond=0)  # the API writes milliseconds at most
    return {
        "fair": EventPageFactory(parent=event_index, title="Ярмарок", start=now + datetime.timedelta(days=2),
                                 end=now + datetime.timedelta(days=2, hours=5), location_name="Площа",
                                 address="пл. Незалежності", organiser="Міська рада",
                                 body=[("paragraph", "<p>Вхід вільний.</p>")]),
        "session": EventPageFactory(parent=event_index, title="Сесія", start=now + datetime.timedelta(days=9)),
        "concert": EventPageFactory(parent=event_index, title="Концерт", start=now - datetime.timedelta(days=10)),
        "festival": EventPageFactory(parent=event_index, title="Фестиваль", start=now - datetime.timedelta(days=3)),
    }


@pytest.mark.django_db
def test_events_upcoming_by_default_and_past_on_request(client, api_events):
    upcoming = client.get(f"{API}/events/").json()
    explicit = client.get(f"{API}/events/", {"period": "upcoming"}).json()
    past = client.get(f"{API}/events/", {"period": "past"}).json()

    assert titles(upcoming) == titles(explicit) == ["Ярмарок", "Сесія"]
    assert titles(past) == ["Фестиваль", "Концерт"]
    assert past["count"] == 2


@pytest.mark.django_db
def test_event_detail_with_its_ical_address(client, api_events):
    fair = api_events["fair"]

    detail = client.get(f"{API}/events/{fair.pk}/").json()

    assert detail["title"] == "Ярмарок"
    assert detail["location_name"] == "Площа"
    assert detail["address"] == "пл. Незалежності"
    assert datetime.datetime.fromisoformat(detail["start"]) == fair.start
    assert datetime.datetime.fromisoformat(detail["end"]) == fair.end
    assert "Вхід вільний." in detail["body_html"]
    assert detail["ical_url"] == f"http://testserver{fair.url}ical/"
    ical = client.get(detail["ical_url"].removeprefix("http://testserver"))
    assert ical.status_code == 200
    assert ical["Content-Type"].startswith("text/calendar")


@pytest.mark.django_db
def test_an_event_no_site_serves_has_no_address_and_no_ical_address(client, api_events, home_page):
    """A live event in a page tree that no Site has as its root (e.g. a second city's tree before its site is set up)
    has no address: its iCalendar address is null too, as the schema says, not "Noneical/"."""
    import jsonschema_rs
    from wagtail.models import Page

    from tests.factories import EventIndexPageFactory, HomePageFactory

    unserved = EventIndexPageFactory(parent=HomePageFactory(parent=Page.get_first_root_node(), slug="inshe-misto"))
    orphan = EventPageFactory(parent=unserved, title="Ярмарок без сайту",
                              start=api_events["fair"].start + datetime.timedelta(hours=1))
    detail = client.get(f"{API}/events/{orphan.pk}/").json()
    assert detail["url"] is None and detail["ical_url"] is None
    listed = {item["title"]: item for item in client.get(f"{API}/events/").json()["items"]}
    assert listed["Ярмарок без сайту"]["ical_url"] is None
    assert listed["Ярмарок"]["ical_url"] == f"http://testserver{api_events['fair'].url}ical/"
    document = client.get("/api/v3/openapi.json").json()
    schema = document["paths"]["/api/v3/home/events/{event_id}/"]["get"]["responses"]["200"]["content"][
        "application/json"]["schema"]
    jsonschema_rs.validator_for({**schema, "components": document["components"]}).validate(detail)


@pytest.mark.django_db
def test_bad_period_and_unknown_event(client, api_events):
    assert_problem(client.get(f"{API}/events/", {"period": "future"}), 400, "invalid_query")
    assert_problem(client.get(f"{API}/events/999999/"), 404, "not_found")


@pytest.mark.django_db
def test_search_endpoint(client, news, api_events):
    response = client.get(f"{API}/search/", {"q": "маршрут"})

    assert response.status_code == 200
    payload = response.json()
    assert payload["count"] == 1
    (result,) = payload["items"]
    assert result == {"id": news["route"].pk, "title": "Новий маршрут", "url": f"http://testserver{news['route'].url}",
                      "type": "home.NewsPage", "summary": news["route"].lead}


@pytest.mark.django_db
@pytest.mark.parametrize("query", [{}, {"q": ""}, {"q": "м" * 201}])
def test_search_endpoint_refuses_empty_and_long_queries(client, query):
    assert_problem(client.get(f"{API}/search/", query), 400, "invalid_query")


@pytest.mark.django_db
@pytest.mark.parametrize("q", ["   ", '"', 'маршрут"'])
def test_search_endpoint_survives_characters_the_backends_cannot_take(client, news, q):
    # Blank queries and quotes used to break SQLite's full-text search (NUL bytes: tests/cms/test_api_input.py).
    response = client.get(f"{API}/search/", {"q": q})

    assert response.status_code == 200
    expected = ["Новий маршрут"] if "маршрут" in q else []
    assert titles(response.json()) == expected


@pytest.mark.django_db
def test_openapi_schema_documents_the_city_site(client):
    response = client.get("/api/v3/openapi.json")

    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v3/home/news/" in paths
    assert "/api/v3/home/events/" in paths
    assert "/api/v3/home/news/{news_id}/" in paths


@pytest.mark.django_db
def test_wagtail_page_api_lists_news_and_shows_api_fields(client, news):
    listing = client.get("/api/v3/pages/", {"type": "home.NewsPage"})

    assert listing.status_code == 200
    assert {item["title"] for item in listing.json()["items"]} == {"Новий маршрут", "Укриття в ліцеї", "Ремонт доріг"}

    detail = client.get(f"/api/v3/pages/{news['route'].pk}/").json()
    assert detail["meta"]["type"] == "home.NewsPage"
    assert detail["lead"] == news["route"].lead
    assert datetime.datetime.fromisoformat(detail["date"]) == kyiv(2025, 3, 10)
    assert detail["body"][0]["type"] == "paragraph"
    assert client.get(f"/api/v3/pages/{news['draft'].pk}/").status_code == 404


@pytest.mark.django_db
def test_article_whose_image_file_is_lost_still_lists_without_image(client, news_index):
    from tests.factories import ImageFactory, NewsPageFactory

    image = ImageFactory(description="Площа")
    NewsPageFactory(parent=news_index, title="З фото", main_image=image, main_image_alt="Площа")
    image.file.storage.delete(image.file.name)  # the file is gone, the database row stays

    response = client.get("/api/v3/home/news/")
    assert response.status_code == 200
    assert response.json()["items"][0]["image"] is None


@pytest.mark.django_db
def test_search_endpoint_counts_all_matches_and_pages_through_them(client, news_index):
    from tests.factories import NewsPageFactory

    titles = {NewsPageFactory(parent=news_index, title=f"Ремонт дороги {n}").title for n in range(3)}
    NewsPageFactory(parent=news_index, title="Концерт оркестру")

    pages = [client.get(f"{API}/search/", {"q": "дороги", "limit": 1, "offset": n}).json() for n in range(3)]

    assert [page["count"] for page in pages] == [3, 3, 3]
    assert {page["items"][0]["title"] for page in pages} == titles
