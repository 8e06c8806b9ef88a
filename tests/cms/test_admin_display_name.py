"""The admin names staff by their full name (their e-mail address until they give one), never by the username the
portal generates: in the sidebar, the dashboard's greeting and the "edited by" columns."""
import json
import re

import pytest

from tests.factories import StandardPageFactory, UserFactory, activate_totp, login_with_mfa

pytestmark = pytest.mark.django_db


def sidebar_account(html: str) -> dict:
    props = json.loads(re.search(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>',
                                 html, re.S).group(1))
    main_menu = next(module for module in props["modules"] if module.get("_type") == "wagtail.sidebar.MainMenuModule")
    return main_menu["_args"][2]


def staff(**fields):
    user = UserFactory(is_superuser=True, is_staff=True, **fields)
    activate_totp(user)
    return user


def test_the_sidebar_and_the_dashboard_show_the_full_name(client, home_page):
    user = staff(username="u7f3k2", full_name="Коваленко Олена Петрівна")
    login_with_mfa(client, user)
    html = client.get("/admin/").content.decode()
    assert sidebar_account(html)["name"] == "Коваленко Олена Петрівна"
    assert html.count('id="wagtail-sidebar-props"') == 1
    assert "Коваленко Олена Петрівна</h2>" in html  # the dashboard's account summary
    assert "u7f3k2" not in html


def test_without_a_name_the_admin_shows_the_email_address(client, home_page):
    user = staff(username="u9x1z", full_name="", email="press@example.com")
    login_with_mfa(client, user)
    html = client.get("/admin/").content.decode()
    assert sidebar_account(html)["name"] == "press@example.com"
    assert "u9x1z" not in html


def test_edited_by_columns_show_the_full_name(client, home_page):
    user = staff(username="u4q8w", full_name="Гончаренко Ірина Василівна")
    page = StandardPageFactory(parent=home_page, title="Про місто")
    page.save_revision(user=user, log_action=True)
    login_with_mfa(client, user)
    html = client.get(f"/admin/pages/{page.pk}/history/").content.decode()
    assert "Гончаренко Ірина Василівна" in html and "u4q8w" not in html


def test_residents_public_name_never_shows_the_email_address():
    from cms.models import User

    assert str(User(email="someone@example.com").public_name) == "Мешканець"
    assert User(email="someone@example.com").get_full_name() == "someone@example.com"
