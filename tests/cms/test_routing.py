"""Page routing in two queries (cms.routing) finds what Wagtail's own routing finds, and never serves a page that
Wagtail would not: unpublished, scheduled and restricted pages, aliases, routable sub-pages, several sites."""
import datetime

import pytest
from django.test import RequestFactory
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction, Site

from cms import routing
from home.models import StandardPage
from tests.factories import NewsIndexPageFactory, NewsPageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(home_page):
    news = NewsIndexPageFactory(parent=home_page)
    article = NewsPageFactory(parent=news, title="Ремонт мосту", slug="remont-mostu")
    draft = NewsPageFactory(parent=news, title="Чернетка новини", slug="chernetka-novyny", live=False)
    scheduled = NewsPageFactory(parent=news, title="Заплановано", slug="zaplanovano", live=False,
                                go_live_at=timezone.now() + datetime.timedelta(days=1))
    shadowed = NewsPageFactory(parent=news, title="Стрічка", slug="rss")  # the index's own rss/ route wins
    about = StandardPageFactory(parent=home_page, title="Про місто", slug="pro-misto")
    history = StandardPageFactory(parent=about, title="Історія", slug="istoriia")
    closed = StandardPageFactory(parent=home_page, title="Для депутатів", slug="zakryto", intro="Таємний вступ")
    inner = StandardPageFactory(parent=closed, title="Службова записка", slug="zapyska", intro="Таємний текст")
    PageViewRestriction.objects.create(page=closed, restriction_type=PageViewRestriction.PASSWORD, password="x")
    members = StandardPageFactory(parent=home_page, title="Лише для мешканців", slug="meshkantsi")
    PageViewRestriction.objects.create(page=members, restriction_type=PageViewRestriction.LOGIN)
    unpublished_parent = StandardPageFactory(parent=home_page, title="Знята", slug="zniata", live=False)
    StandardPageFactory(parent=unpublished_parent, title="Дитина", slug="dytyna")
    alias = about.create_alias(parent=home_page, update_slug="pro-misto-2")
    other_root = Page.get_first_root_node().add_child(instance=StandardPage(title="Інший сайт", slug="inshyi"))
    StandardPageFactory(parent=other_root, title="Новини іншого сайту", slug="novyny")
    Site.objects.create(hostname="inshe.example", port=80, root_page=other_root, site_name="Інше")
    return {"news": news, "article": article, "draft": draft, "scheduled": scheduled, "shadowed": shadowed,
            "about": about, "history": history, "closed": closed, "inner": inner, "members": members,
            "alias": alias}


PATHS = ["", "novyny/", "novyny/rss/", "novyny/atom/", "novyny/remont-mostu/", "novyny/chernetka-novyny/",
         "novyny/zaplanovano/", "novyny/remont-mostu/zaivyi/", "novyny/nemaie/", "nemaie/", "pro-misto/",
         "pro-misto/istoriia/", "zakryto/", "zakryto/zapyska/", "meshkantsi/", "zniata/", "zniata/dytyna/",
         "pro-misto-2/", "pro-misto-2/istoriia/", "novyny/rss/zaivyi/"]
HOSTS = ["localhost", "inshe.example", "inshe.example:8080", "nevidomyi.example"]


def wagtail_route(host, path):
    request = RequestFactory().get("/" + path, HTTP_HOST=host)
    route = Page.route_for_request(request, path)
    site = Site.find_for_request(request)
    return site, route


def describe(route):
    if route is None:
        return None
    page, args, kwargs = route
    view = args[0].__func__ if args else None  # a routable page's view method, bound to the page
    return page.pk, type(page), view, tuple(args[1:]), kwargs


@pytest.mark.parametrize("host", HOSTS)
def test_finds_the_same_site_page_and_sub_route_as_wagtail(tree, host):
    for path in PATHS:
        request = RequestFactory().get("/" + path, HTTP_HOST=host)
        site, route, guarded = routing.find_route(request, path)
        expected_site, expected_route = wagtail_route(host, path)

        assert site == expected_site, (host, path)
        assert describe(route) == describe(expected_route), (host, path)
        if route is not None:
            # Wagtail's restriction check is left out only where it would find nothing.
            assert guarded == route.page.get_view_restrictions().exists() or route.page.alias_of_id, (host, path)
            assert route.page.get_parent().pk == expected_route.page.get_parent().pk


def test_an_article_is_routed_with_two_queries(client, tree, django_assert_num_queries):
    request = RequestFactory().get(tree["article"].url)
    with django_assert_num_queries(2):  # site, pages on the way and restrictions; then the article's own row
        site, route, guarded = routing.find_route(request, "novyny/remont-mostu/")
    assert route.page == tree["article"] and isinstance(route.page, type(tree["article"])) and not guarded


def test_unpublished_and_scheduled_articles_stay_not_found(client, tree):
    assert client.get(tree["article"].url).status_code == 200
    assert client.get("/novyny/chernetka-novyny/").status_code == 404
    assert client.get("/novyny/zaplanovano/").status_code == 404
    tree["article"].unpublish()
    assert client.get("/novyny/remont-mostu/").status_code == 404


def test_restricted_pages_and_everything_below_them_are_not_leaked(client, tree, resident):
    for url in ("/zakryto/", "/zakryto/zapyska/"):
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 200 and 'name="password"' in html, url  # Wagtail's password form
        assert "Таємний" not in html and "Службова записка" not in html
        assert "no-cache" in response["Cache-Control"]  # as Wagtail marks restricted pages
    response = client.get("/meshkantsi/")
    assert response.status_code == 302 and "/account/login/" in response["Location"]
    client.force_login(resident)
    assert "Лише для мешканців" in client.get("/meshkantsi/").content.decode()


def test_a_restriction_added_later_applies_at_once(client, tree):
    assert "Історія" in client.get("/pro-misto/istoriia/").content.decode()
    PageViewRestriction.objects.create(page=tree["about"], restriction_type=PageViewRestriction.PASSWORD,
                                       password="x")
    html = client.get("/pro-misto/istoriia/").content.decode()
    assert 'name="password"' in html and "Історія</h1>" not in html


def test_an_alias_is_served_with_the_restrictions_of_its_original(client, tree):
    assert "Про місто" in client.get("/pro-misto-2/").content.decode()
    PageViewRestriction.objects.create(page=tree["about"], restriction_type=PageViewRestriction.LOGIN)
    assert client.get("/pro-misto-2/").status_code == 302


def test_routable_sub_pages_answer_from_their_index(client, tree):
    response = client.get("/novyny/rss/")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/rss+xml")
    assert client.get("/novyny/").status_code == 200


def test_each_site_serves_its_own_tree(client, tree):
    assert "Новини іншого сайту" in client.get("/novyny/", HTTP_HOST="inshe.example").content.decode()
    assert client.get("/novyny/remont-mostu/", HTTP_HOST="inshe.example").status_code == 404
    assert client.get("/novyny/remont-mostu/", HTTP_HOST="nevidomyi.example").status_code == 200  # default site


def test_a_page_class_with_a_route_of_its_own_is_routed_by_wagtail(client, tree, monkeypatch):
    def route(self, request, path_components):
        if path_components == ["osoblyvyi"]:
            from wagtail.url_routing import RouteResult

            return RouteResult(self)
        return Page.route(self, request, path_components)

    monkeypatch.setattr(StandardPage, "route", route)
    request = RequestFactory().get("/pro-misto/osoblyvyi/")
    site, found, guarded = routing.find_route(request, "pro-misto/osoblyvyi/")
    assert found.page == tree["about"]
    assert client.get("/pro-misto/osoblyvyi/").status_code == 200
    assert client.get("/pro-misto/istoriia/").status_code == 200


def test_without_any_site_nothing_is_served(client, tree):
    Site.objects.all().delete()
    assert client.get("/").status_code == 404
    assert client.get("/novyny/remont-mostu/").status_code == 404


@pytest.mark.parametrize("host", HOSTS)
def test_finds_the_same_site_as_wagtail_in_one_plain_query(tree, host, django_assert_num_queries):
    request = RequestFactory().get("/api/v3/home/news/", HTTP_HOST=host)
    with django_assert_num_queries(1):
        site = routing.find_site(request)
        assert routing.find_site(request) is site  # kept on the request, as Wagtail keeps it
    assert site == Site.find_for_request(RequestFactory().get("/", HTTP_HOST=host))
    assert Site.find_for_request(request) is site
