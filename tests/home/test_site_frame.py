"""/api/v3/home/site/: the frame of every page for a separate front end, cached and renewed when editors change it."""
import pytest
from django.test import Client
from wagtail.models import Site
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from cms.webhooks.models import WebhookDelivery, WebhookEndpoint
from home.models import FooterLink, MainMenuItem, SocialLink

pytestmark = pytest.mark.django_db
FRAME = "/api/v3/home/site/"


@pytest.fixture
def framed(portal_settings, news_index, image):
    portal_settings.city_name, portal_settings.council_name = "Світлогірськ", "Світлогірська міська рада"
    portal_settings.primary_colour, portal_settings.coat_of_arms = "#005bbb", image
    portal_settings.phone = "+380 532 00 00 00"
    portal_settings.save()
    MainMenuItem.objects.create(setting=portal_settings, label="Новини", link_page=news_index, sort_order=0)
    FooterLink.objects.create(setting=portal_settings, label="Відкриті дані", link_url="https://data.gov.ua/")
    SocialLink.objects.create(setting=portal_settings, network="telegram", url="https://t.me/misto")
    return portal_settings


def test_the_frame_has_identity_menu_footer_social_links_and_languages(framed, news_index, image):
    frame = Client().get(FRAME).json()

    assert frame["identity"]["city_name"] == "Світлогірськ"
    assert frame["identity"]["primary_colour"] == "#005bbb"
    coat = frame["identity"]["coat_of_arms"]
    assert coat["id"] == image.pk and coat["alt"] == "Світлогірська міська рада"
    assert coat["renditions"]["thumbnail"]["url"].startswith("http://testserver/media/")
    assert frame["contacts"]["phone"] == "+380 532 00 00 00"
    assert frame["menu"] == [{"label": "Новини", "url": "http://testserver" + news_index.url}]
    assert frame["footer"] == [{"label": "Відкриті дані", "url": "https://data.gov.ua/"}]
    assert frame["social"] == [{"network": "telegram", "name": "Telegram", "url": "https://t.me/misto"}]
    assert frame["languages"] == [{"code": "uk", "name": "Українська", "default": True},
                                  {"code": "en", "name": "English", "default": False}]
    assert frame["language"] == "uk" and frame["site"]["home_page"]["type"] == "home.HomePage"


def test_the_frame_is_cached_until_an_editor_changes_it(framed, news_index, admin_site_client,
                                                        django_assert_max_num_queries):
    public = Client()
    with django_assert_max_num_queries(20):  # settings, links, home page, coat of arms and its two renditions
        public.get(FRAME)
    with django_assert_max_num_queries(1):  # the site for the request; the frame itself from the cache
        cached = public.get(FRAME)
    assert cached["Cache-Control"] == "public, max-age=60"

    item = MainMenuItem.objects.get()
    site = Site.objects.get(is_default_site=True)
    data = nested_form_data({
        "city_name": "Нове місто", "council_name": framed.council_name, "primary_colour": framed.primary_colour,
        "coat_of_arms": framed.coat_of_arms_id, "address": "", "phone": "", "email": "", "working_hours": "",
        "footer_text": "",
        "menu_items": inline_formset([{"id": item.pk, "label": "Новини міста", "link_page": news_index.pk,
                                       "link_url": "", "ORDER": 0}], initial=1),
        "footer_links": inline_formset([]), "social_links": inline_formset([]),
    })
    assert admin_site_client.post(f"/admin/settings/home/portalsettings/{site.pk}/", data).status_code == 302

    frame = public.get(FRAME).json()
    assert frame["identity"]["city_name"] == "Нове місто"
    assert [link["label"] for link in frame["menu"]] == ["Новини міста"]


def test_an_unpublished_menu_page_leaves_the_frame(framed, news_index):
    public = Client()
    assert len(public.get(FRAME).json()["menu"]) == 1
    news_index.unpublish()
    assert public.get(FRAME).json()["menu"] == []


def test_another_site_by_hostname_and_an_unknown_one(framed, home_page):
    other = Site.objects.create(hostname="rada.example.org", port=443, root_page=home_page, site_name="Інший сайт")

    frame = Client().get(FRAME, {"site": "rada.example.org:443"}).json()
    assert frame["site"]["id"] == other.pk and frame["site"]["name"] == "Інший сайт"

    for bad in ("nowhere.example.org", "bad host!", "x" * 300):
        response = Client().get(FRAME, {"site": bad})
        assert response.status_code in (400, 404) and response["Content-Type"] == "application/problem+json"
    missing = Client().get(FRAME, {"site": "nowhere.example.org"}).json()
    assert missing["code"] == "unknown_site" and missing["detail"] == "Сайту з такою адресою немає."


def test_an_editor_saving_the_settings_tells_webhook_endpoints(framed, admin_site_client, news_index):
    WebhookEndpoint.objects.create(name="Фронтенд", url="https://front.example.org/", secret="s" * 32,
                                   events=["site.changed"])
    framed.city_name = "Нове місто"
    framed.save()

    (delivery,) = WebhookDelivery.objects.all()
    assert delivery.event_type == "site.changed"
    assert delivery.payload["object"] == {"type": "wagtailcore.Site", "id": framed.site_id,
                                          "url": "http://testserver/api/v3/home/site/"}
