"""The admin's main menu: the council's and the petitions' pages are items of their module's group, shown only to
the roles allowed to open them, and their addresses still answer."""
import json
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from cms.roles import ADMIN_ACCESS, role_group
from tests.factories import UserFactory, activate_totp, login_with_mfa

pytestmark = pytest.mark.django_db

# menu item name -> (group it belongs in, URL name)
COUNCIL_ITEMS = {
    "council-votes": "council_votes:index",
    "council-deputies-import": "council_deputy_import",
    "council-votes-import": "council_votes_import",
    "council-addresses": "council_addresses:index",
    "council-addresses-import": "council_addresses_import",
}
PETITIONS_ITEMS = {"petitions-bursts": "petitions_bursts"}
GROUPED = {**{name: "council" for name in COUNCIL_ITEMS}, **{name: "petitions" for name in PETITIONS_ITEMS}}


def unpack(value, refs):
    """Telepath's packing of the sidebar props: repeated values are sent once (``_val`` + ``_id``), then ``_ref``."""
    if isinstance(value, list):
        return [unpack(item, refs) for item in value]
    if not isinstance(value, dict):
        return value
    if "_ref" in value:
        return refs[value["_ref"]]
    if "_val" in value:
        refs[value["_id"]] = unpacked = unpack(value["_val"], refs)
        return unpacked
    return {key: unpack(item, refs) for key, item in value.items()}


def main_menu(client) -> dict[str, list[str] | None]:
    """The sidebar's main menu as the admin sends it: top-level item name -> its submenu's item names (None for a
    link)."""
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    props = re.search(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>',
                      response.content.decode(), re.S).group(1)
    modules = unpack(json.loads(props), {})["modules"]
    items = next(module["_args"][0] for module in modules if module["_type"] == "wagtail.sidebar.MainMenuModule")
    menu = {}
    for item in items:
        options, *rest = item["_args"]  # a submenu's second argument is its items (the explorer's: a page id)
        children = rest[0] if rest and isinstance(rest[0], list) else None
        menu[options["name"]] = [child["_args"][0]["name"] for child in children] if children is not None else None
    return menu


def admin_client(client, user):
    activate_totp(user)
    login_with_mfa(client, user)
    return client


def staff_of(role_key):
    user = UserFactory()
    user.groups.add(role_group(role_key))
    return user


@pytest.fixture
def superuser(db):
    return UserFactory(is_superuser=True, is_staff=True)


def assert_grouped_not_top_level(menu, names):
    for name in names:
        assert name not in menu, f"{name} is a top-level item"
        assert name in menu[GROUPED[name]], f"{name} is missing from the {GROUPED[name]} group"


def test_the_secretariat_finds_votes_imports_and_bursts_inside_their_groups(client, roles):
    menu = main_menu(admin_client(client, staff_of("council_secretariat")))
    assert_grouped_not_top_level(menu, GROUPED)
    # the group keeps its reference data first, then the votes and the imports
    assert menu["council"][-5:] == ["council-votes", "council-deputies-import", "council-votes-import",
                                    "council-addresses", "council-addresses-import"]
    assert menu["petitions"] == ["petitions-list", "petitions-signatures", "petitions-bursts", "petitions-categories"]


def test_a_superuser_sees_every_item_inside_its_group(client, superuser, roles):
    assert_grouped_not_top_level(main_menu(admin_client(client, superuser)), GROUPED)


def test_moderators_see_neither_the_council_pages_nor_the_signing_bursts(client, roles):
    menu = main_menu(admin_client(client, staff_of("moderators")))
    assert "council" not in menu  # nothing of the council is theirs, so not even the group
    assert menu["petitions"] == ["petitions-list"]  # petitions to moderate, no signatures or bursts
    assert not set(GROUPED) & set(menu)


def test_the_press_office_sees_no_council_or_petitions_group(client, roles):
    menu = main_menu(admin_client(client, staff_of("press_office")))
    assert "council" not in menu and "petitions" not in menu
    assert not set(GROUPED) & set(menu)


def test_each_item_follows_its_own_permission(client, roles):
    """Reading roll-call votes does not show the imports, which need their own permissions."""
    group = Group.objects.create(name="Читачі голосувань")
    group.permissions.add(*[Permission.objects.get(content_type__app_label=label, codename=codename) for label, codename
                            in (ADMIN_ACCESS.split("."), ("council", "view_voteevent"))])
    user = UserFactory()
    user.groups.add(group)
    menu = main_menu(admin_client(client, user))
    assert menu["council"] == ["council-votes"]
    assert "petitions" not in menu


@pytest.mark.parametrize("url_name", [*COUNCIL_ITEMS.values(), *PETITIONS_ITEMS.values()])
def test_every_moved_page_still_opens_for_the_secretariat(client, roles, url_name):
    response = admin_client(client, staff_of("council_secretariat")).get(reverse(url_name))
    assert response.status_code == 200


@pytest.mark.parametrize("url_name", [*COUNCIL_ITEMS.values(), *PETITIONS_ITEMS.values()])
def test_every_moved_page_stays_closed_to_moderators(client, roles, url_name):
    response = admin_client(client, staff_of("moderators")).get(reverse(url_name))
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response["Location"] != reverse(url_name)
