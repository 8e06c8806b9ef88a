"""`manage.py seed_demo`: a demo city that renders, and running it again changes nothing."""
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.images import get_image_model
from wagtail.models import Revision, Site

from home.models import (
    EventPage,
    FooterLink,
    HomePage,
    MainMenuItem,
    NewsCategory,
    NewsIndexPage,
    NewsPage,
    PortalSettings,
    StandardPage,
)

COUNTED = [HomePage, NewsIndexPage, NewsPage, EventPage, StandardPage, NewsCategory, MainMenuItem, FooterLink,
           Site, Revision]


def counts() -> dict[str, int]:
    result = {model.__name__: model.objects.count() for model in COUNTED}
    result["images"] = get_image_model().objects.count()
    result["users"] = get_user_model().objects.count()
    return result


def seed(**options) -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


@pytest.mark.django_db
def test_seed_demo_is_idempotent(client):
    seed(news=12, allow_demo_accounts=True)
    first = counts()
    output = seed(news=12, allow_demo_accounts=True)

    assert counts() == first
    assert "(0 new)" in output
    assert first["HomePage"] == 1 and first["Site"] == 1
    assert first["NewsPage"] == 12
    assert first["EventPage"] == 6
    assert first["StandardPage"] == 4
    assert first["NewsCategory"] == 6
    assert first["MainMenuItem"] == 6 + 4  # and the council module's deputies, sessions, drafts, decisions
    assert first["images"] == 6
    assert first["users"] == 3


@pytest.mark.django_db
def test_demo_city_renders(client):
    seed(news=12, no_users=True)
    site = Site.objects.get(is_default_site=True)
    newest = NewsPage.objects.live().order_by("-date").first()

    home = client.get("/", HTTP_HOST=site.hostname)

    assert home.status_code == 200
    html = home.content.decode()
    assert PortalSettings.for_site(site).city_name == "Світлогірськ"
    assert "Світлогірськ" in html
    assert newest.title in html
    assert get_user_model().objects.count() == 0
    assert NewsPage.objects.filter(main_image__isnull=False).exists()
    pages = [newest, NewsIndexPage.objects.get(), StandardPage.objects.get(slug="kontakty"), EventPage.objects.first()]
    for page in pages:
        assert client.get(page.url, HTTP_HOST=site.hostname).status_code == 200, page.url


@pytest.mark.django_db
def test_demo_accounts_are_refused_when_debug_is_off():
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="DEBUG is off"):
        seed(news=3)
    assert get_user_model().objects.count() == 0
