"""`manage.py seed_demo`: a demo city that renders, and running it again changes nothing."""
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.images import get_image_model
from wagtail.models import Revision, Site

from cms.slots import home_slot_choices
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
from sessions.models import Department
from sessions.models.reference import department_name_key

COUNTED = [HomePage, NewsIndexPage, NewsPage, EventPage, StandardPage, NewsCategory, MainMenuItem, FooterLink,
           Site, Revision, Department]


def counts() -> dict[str, int]:
    result = {model.__name__: model.objects.count() for model in COUNTED}
    result["images"] = get_image_model().objects.count()
    result["users"] = get_user_model().objects.count()
    # Modules add residents with unusable passwords to fill the demo; these are the ones anyone can log in to.
    result["accounts"] = sum(user.has_usable_password() for user in get_user_model().objects.all())
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
    # News, events; deputies, sessions and decisions; petitions, consultations, regulatory acts, forum; the map;
    # appeals; the participatory budget.
    assert first["MainMenuItem"] == 12
    # Every module's home section is placed once.
    modules = [block.value["slot"] for block in HomePage.objects.get().sections if block.block_type == "module"]
    assert sorted(modules) == sorted(name for name, _label in home_slot_choices())
    assert first["images"] == 6
    # One account per role with the demo password, all printed; modules add residents who cannot log in.
    from cms.roles import ROLES
    from home.management.commands.seed_demo import Command

    assert len(Command.DEMO_ACCOUNTS) == 10
    # and the appeals module's demo dispatcher and waterworks executor (appeals/demo.py), with the same password
    assert first["accounts"] == len(Command.DEMO_ACCOUNTS) + 2
    # every role has its account; the appeals dispatcher comes from the appeals module's own demo
    assert {role for *_rest, role in Command.DEMO_ACCOUNTS if role} | {"appeals_dispatchers"} == set(ROLES)
    for label, email, _name, role in Command.DEMO_ACCOUNTS:
        assert label in output and email in output
        if role:
            assert get_user_model().objects.get(email=email).groups.get().name == ROLES[role].name
    # One set of groups: Wagtail's default «Editors» and «Moderators» are merged into ours.
    from django.contrib.auth.models import Group
    from wagtail.models import Workflow

    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()
    assert not Workflow.objects.filter(name="Moderators approval").exists()
    # The council and the regulatory acts share one list of city departments, each department once.
    names = [department_name_key(name) for name in Department.objects.values_list("name", flat=True)]
    assert len(names) == len(set(names)) == 7


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
    # No account anyone can log in to (modules' demo residents have unusable passwords).
    assert not any(user.has_usable_password() for user in get_user_model().objects.all())
    assert NewsPage.objects.filter(main_image__isnull=False).exists()
    pages = [newest, NewsIndexPage.objects.get(), StandardPage.objects.get(slug="kontakty"), EventPage.objects.first()]
    for page in pages:
        assert client.get(page.url, HTTP_HOST=site.hostname).status_code == 200, page.url


@pytest.mark.django_db
def test_demo_accounts_are_refused_when_debug_is_off():
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="DEBUG is off"):
        seed(news=3)
    # No account anyone can log in to (modules' demo residents have unusable passwords).
    assert not any(user.has_usable_password() for user in get_user_model().objects.all())
