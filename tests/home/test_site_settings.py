"""Portal settings (colour contrast, menu, footer), sitemap.xml, robots.txt and the 404 page."""
import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from wagtail.models import Site
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from home.models import FooterLink, MainMenuItem, SocialLink
from home.models.site_settings import contrast_with_white
from tests.factories import NewsPageFactory, StandardPageFactory


def links(html: str, container: str) -> list[tuple[str, str]]:
    soup = BeautifulSoup(html, "html.parser")
    return [(link.get_text(strip=True), link["href"]) for link in soup.select(f"{container} a")]


@pytest.mark.parametrize(("colour", "ratio"), [("#ffffff", 1.0), ("#000000", 21.0), ("#0b4f8a", 8.40)])
def test_contrast_with_white(colour, ratio):
    assert contrast_with_white(colour) == pytest.approx(ratio, abs=0.01)


@pytest.mark.django_db
class TestPrimaryColour:
    @pytest.mark.parametrize("colour", ["#ffcc00", "#FFCC00", "#777777", "#ffffff"])
    def test_colour_white_text_cannot_be_read_on_is_refused(self, portal_settings, colour):
        portal_settings.primary_colour = colour

        with pytest.raises(ValidationError) as caught:
            portal_settings.full_clean()

        assert set(caught.value.message_dict) == {"primary_colour"}

    @pytest.mark.parametrize("colour", ["#0b4f8a", "#005BBB", "#000000", "#767676"])
    def test_readable_colour_is_accepted(self, portal_settings, colour):
        portal_settings.primary_colour = colour

        portal_settings.full_clean()
        portal_settings.save()
        portal_settings.refresh_from_db()
        assert portal_settings.primary_colour == colour

    @pytest.mark.parametrize("colour", ["#12345", "0b4f8a", "#0b4f8g", "blue", "#0b4f8a;}"])
    def test_malformed_colour_is_refused(self, portal_settings, colour):
        portal_settings.primary_colour = colour

        with pytest.raises(ValidationError) as caught:
            portal_settings.full_clean()

        assert "primary_colour" in caught.value.message_dict

    def test_admin_form_refuses_a_low_contrast_colour(self, portal_settings, admin_site_client):
        site = Site.objects.get(is_default_site=True)
        data = nested_form_data({
            "city_name": "Полтава", "council_name": "Полтавська міська рада", "primary_colour": "#ffcc00",
            "address": "", "phone": "", "email": "", "working_hours": "", "footer_text": "",
            "menu_items": inline_formset([]), "footer_links": inline_formset([]), "social_links": inline_formset([]),
        })

        response = admin_site_client.post(f"/admin/settings/home/portalsettings/{site.pk}/", data)

        assert response.status_code == 200  # the form again, not a redirect
        assert "primary_colour" in response.context["form"].errors
        portal_settings.refresh_from_db()
        assert portal_settings.primary_colour == "#0b4f8a"

    def test_admin_form_saves_a_readable_colour(self, portal_settings, admin_site_client):
        site = Site.objects.get(is_default_site=True)
        data = nested_form_data({
            "city_name": "Полтава", "council_name": "Полтавська міська рада", "primary_colour": "#005bbb",
            "address": "", "phone": "", "email": "", "working_hours": "", "footer_text": "",
            "menu_items": inline_formset([]), "footer_links": inline_formset([]), "social_links": inline_formset([]),
        })

        response = admin_site_client.post(f"/admin/settings/home/portalsettings/{site.pk}/", data)

        assert response.status_code == 302
        portal_settings.refresh_from_db()
        assert (portal_settings.city_name, portal_settings.primary_colour) == ("Полтава", "#005bbb")
        assert "--brand: #005bbb" in admin_site_client.get("/").content.decode()


@pytest.mark.django_db
class TestLinks:
    def test_a_link_needs_a_page_or_an_address(self, portal_settings):
        with pytest.raises(ValidationError) as caught:
            MainMenuItem(setting=portal_settings, label="Порожньо").full_clean()
        assert set(caught.value.message_dict) == {"link_url"}

    def test_a_link_cannot_have_both(self, portal_settings, home_page):
        with pytest.raises(ValidationError) as caught:
            FooterLink(setting=portal_settings, label="Обидва", link_page=home_page,
                       link_url="https://data.gov.ua/").full_clean()
        assert set(caught.value.message_dict) == {"link_url"}

    def test_menu_footer_and_contacts_show_on_every_page(self, client, portal_settings, home_page, news_index):
        about = StandardPageFactory(parent=home_page, title="Про місто", slug="pro-misto")
        portal_settings.city_name = "Світлогірськ"
        portal_settings.phone = "+380 532 00 00 00"
        portal_settings.save()
        MainMenuItem.objects.create(setting=portal_settings, label="Новини", link_page=news_index, sort_order=0)
        MainMenuItem.objects.create(setting=portal_settings, label="Про місто", link_page=about, sort_order=1)
        FooterLink.objects.create(setting=portal_settings, label="Відкриті дані", link_url="https://data.gov.ua/")
        SocialLink.objects.create(setting=portal_settings, network="telegram", url="https://t.me/misto")

        home = client.get("/").content.decode()
        news = client.get(news_index.url).content.decode()

        for html in (home, news):
            assert links(html, "nav.main-nav") == [("Новини", news_index.url), ("Про місто", about.url)]
            footer = links(html, "footer.site-footer")
            assert ("Відкриті дані", "https://data.gov.ua/") in footer
            assert ("Telegram", "https://t.me/misto") in footer
            assert ("+380 532 00 00 00", "tel:+380532000000") in footer
            assert "Світлогірськ" in html
        assert f'<a href="{news_index.url}" aria-current="page">Новини</a>' in news
        assert "aria-current" not in str(BeautifulSoup(home, "html.parser").select_one("nav.main-nav"))


@pytest.mark.django_db
def test_sitemap_lists_live_pages(client, news_index):
    article = NewsPageFactory(parent=news_index, title="Бюджет ухвалено")
    draft = NewsPageFactory(parent=news_index, title="Чернетка", live=False)

    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    xml = response.content.decode()
    assert f"<loc>{article.full_url}</loc>" in xml
    assert f"<loc>{news_index.full_url}</loc>" in xml
    assert draft.slug not in xml


@pytest.mark.django_db
def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines
    assert lines[0] == "User-agent: *"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/does-not-exist/", "/novyny/no-such-article/", "/novyny/rss/extra/"])
def test_missing_page_is_a_404_in_the_portal_design(client, news_index, portal_settings, path):
    portal_settings.city_name = "Світлогірськ"
    portal_settings.save()

    response = client.get(path)

    assert response.status_code == 404
    html = response.content.decode()
    assert 'href="#main"' in html
    assert '<main id="main"' in html
    assert "Світлогірськ" in html
    assert 'action="/poshuk/"' in html  # a way on: search


@pytest.mark.django_db
class TestCachedLinks:
    """Menu, footer and social links are cached per site; every change an editor makes shows on the next request."""

    def test_a_menu_label_changed_in_the_admin_shows_on_the_next_request(self, client, admin_site_client,
                                                                          portal_settings, news_index):
        item = MainMenuItem.objects.create(setting=portal_settings, label="Новини", link_page=news_index,
                                           sort_order=0)
        assert links(client.get("/").content.decode(), "nav.main-nav") == [("Новини", news_index.url)]
        site = Site.objects.get(is_default_site=True)
        data = nested_form_data({
            "city_name": portal_settings.city_name, "council_name": portal_settings.council_name,
            "primary_colour": portal_settings.primary_colour, "address": "", "phone": "", "email": "",
            "working_hours": "", "footer_text": "",
            "menu_items": inline_formset([{"id": item.pk, "label": "Новини міста", "link_page": news_index.pk,
                                           "link_url": "", "ORDER": 0}], initial=1),
            "footer_links": inline_formset([]), "social_links": inline_formset([]),
        })

        assert admin_site_client.post(f"/admin/settings/home/portalsettings/{site.pk}/", data).status_code == 302

        assert links(client.get("/").content.decode(), "nav.main-nav") == [("Новини міста", news_index.url)]

    def test_a_link_to_an_unpublished_or_moved_page_follows_it(self, client, portal_settings, home_page, news_index):
        about = StandardPageFactory(parent=home_page, title="Про місто", slug="pro-misto")
        MainMenuItem.objects.create(setting=portal_settings, label="Про місто", link_page=about, sort_order=0)
        assert links(client.get("/").content.decode(), "nav.main-nav") == [("Про місто", "/pro-misto/")]

        about.move(news_index, pos="last-child")
        assert links(client.get("/").content.decode(), "nav.main-nav") == [("Про місто", "/novyny/pro-misto/")]

        about.refresh_from_db()
        about.unpublish()
        assert links(client.get("/").content.decode(), "nav.main-nav") == []

    def test_footer_and_social_links_added_or_removed_show_at_once(self, client, portal_settings):
        assert links(client.get("/").content.decode(), "footer.site-footer nav") == []
        footer = FooterLink.objects.create(setting=portal_settings, label="Відкриті дані",
                                           link_url="https://data.gov.ua/")
        social = SocialLink.objects.create(setting=portal_settings, network="telegram", url="https://t.me/misto")
        html = client.get("/").content.decode()
        assert ("Відкриті дані", "https://data.gov.ua/") in links(html, "footer.site-footer")
        assert ("Telegram", "https://t.me/misto") in links(html, "footer.site-footer")

        footer.delete()
        social.delete()
        footer_links = links(client.get("/").content.decode(), "footer.site-footer")
        assert ("Відкриті дані", "https://data.gov.ua/") not in footer_links
        assert ("Telegram", "https://t.me/misto") not in footer_links
