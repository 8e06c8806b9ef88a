"""Pages behind a view restriction never leak their titles through related links or the home page."""
import pytest
from wagtail.models import PageViewRestriction

from home.models import NewsPageRelatedPage
from tests.factories import NewsPageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db


def restrict(page):
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.PASSWORD, password="x")


def test_private_related_page_is_not_linked_in_html_or_api(client, news_index, home_page):
    article = NewsPageFactory(parent=news_index, title="Новина з посиланнями")
    public = StandardPageFactory(parent=home_page, title="Публічна довідка", slug="dovidka")
    secret = StandardPageFactory(parent=home_page, title="Службова записка", slug="zapyska")
    restrict(secret)
    NewsPageRelatedPage.objects.create(source=article, page=secret, sort_order=0)
    NewsPageRelatedPage.objects.create(source=article, page=public, sort_order=1)

    html = client.get(article.url).content.decode()
    assert "Публічна довідка" in html
    assert "Службова записка" not in html

    related = client.get(f"/api/v3/home/news/{article.pk}/").json()["related_pages"]
    assert [item["title"] for item in related] == ["Публічна довідка"]


def test_private_lead_news_falls_back_to_the_newest_public_article(client, home_page, news_index):
    newest = NewsPageFactory(parent=news_index, title="Найновіша публічна")
    hidden = NewsPageFactory(parent=news_index, title="Закрита новина")
    restrict(hidden)
    home_page.lead_news = hidden
    home_page.save_revision().publish()

    response = client.get("/")
    assert response.context["lead"] == newest
    assert "Закрита новина" not in response.content.decode()


def test_menu_hides_unpublished_pages_and_keeps_its_items_when_a_page_is_deleted(client, home_page):
    from wagtail.models import Site

    from home.models import MainMenuItem, PortalSettings

    settings = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    settings.save()
    kept = StandardPageFactory(parent=home_page, title="Про місто", slug="pro-misto")
    draft = StandardPageFactory(parent=home_page, title="Чернетка", slug="chernetka")
    MainMenuItem.objects.create(setting=settings, label="Про місто", link_page=kept, sort_order=0)
    MainMenuItem.objects.create(setting=settings, label="Чернетка", link_page=draft, sort_order=1)
    MainMenuItem.objects.create(setting=settings, label="Портал відкритих даних",
                                link_url="https://data.gov.ua/", sort_order=2)
    draft.unpublish()

    nav = client.get("/").content.decode().split('class="main-nav"')[1].split("</nav>")[0]
    assert "Про місто" in nav and "Портал відкритих даних" in nav
    assert "Чернетка" not in nav

    kept.delete()
    assert MainMenuItem.objects.filter(label="Про місто", link_page=None).exists()
    nav = client.get("/").content.decode().split('class="main-nav"')[1].split("</nav>")[0]
    assert "Про місто" not in nav and "Портал відкритих даних" in nav
