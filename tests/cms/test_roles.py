"""Staff roles (cms.roles, `manage.py setup_roles`): idempotent groups and their boundaries in the real admin."""
import datetime
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import GroupCollectionPermission, GroupPagePermission, Page, Site
from wagtail.test.utils.form_data import inline_formset, nested_form_data, querydict_from_html, rich_text, streamfield

from cms.roles import ROLES, role_group, setup_roles
from home.models import NewsPage, PortalSettings, StandardPage
from tests.factories import (
    ImageFactory,
    NewsCategoryFactory,
    NewsPageFactory,
    StandardPageFactory,
    UserFactory,
    activate_totp,
    login_with_mfa,
)


def snapshot():
    """Every group with its model, page and collection permissions, comparable between runs."""
    return {
        group.name: (
            sorted(group.permissions.values_list("content_type__app_label", "codename")),
            sorted(GroupPagePermission.objects.filter(group=group).values_list("page_id", "permission__codename")),
            sorted(GroupCollectionPermission.objects.filter(group=group)
                   .values_list("collection_id", "permission__codename")),
        )
        for group in Group.objects.order_by("name")
    }


def staff_member(role_key):
    user = UserFactory()
    user.groups.add(role_group(role_key))
    activate_totp(user)
    return user


@pytest.fixture
def site_tree(home_page, news_index, event_index):
    """The home page with news and events, an ordinary page beside them; roles set up after the pages exist."""
    about = StandardPageFactory(parent=home_page, title="Про місто", slug="pro-misto")
    setup_roles()
    return {"home": home_page, "news": news_index, "events": event_index, "about": about}


@pytest.fixture
def press_officer(site_tree):
    return staff_member("press_office")


@pytest.fixture
def site_editor(site_tree):
    return staff_member("site_editors")


@pytest.mark.django_db
def test_setup_roles_creates_every_role(site_tree):
    names = set(Group.objects.values_list("name", flat=True))

    assert {role.name for role in ROLES.values()} <= names
    for key in ROLES:
        assert role_group(key).permissions.filter(codename="access_admin").exists(), key


@pytest.mark.django_db
def test_setup_roles_is_idempotent(site_tree):
    first = snapshot()
    group_ids = dict(Group.objects.values_list("name", "pk"))

    setup_roles()
    call_command("setup_roles", stdout=StringIO())

    assert snapshot() == first
    assert dict(Group.objects.values_list("name", "pk")) == group_ids
    assert Group.objects.filter(name=ROLES["press_office"].name).count() == 1


@pytest.mark.django_db
def test_setup_roles_command_reports_each_group(site_tree):
    out = StringIO()

    call_command("setup_roles", stdout=out)

    for role in ROLES.values():
        count = Group.objects.get(name=role.name).permissions.count()
        assert f"{role.name}: {count} permissions" in out.getvalue()


@pytest.mark.django_db
def test_press_office_page_permissions_are_on_news_and_events(site_tree):
    group = role_group("press_office")
    pages = set(GroupPagePermission.objects.filter(group=group).values_list("page_id", flat=True))

    assert pages == {site_tree["news"].pk, site_tree["events"].pk}
    codenames = set(GroupPagePermission.objects.filter(group=group, page=site_tree["news"])
                    .values_list("permission__codename", flat=True))
    assert {"add_page", "change_page", "publish_page"} <= codenames
    assert "delete_page" not in codenames


@pytest.mark.django_db
def test_setup_roles_picks_up_index_pages_created_later(site_tree):
    from tests.factories import NewsIndexPageFactory

    second_index = NewsIndexPageFactory(parent=site_tree["about"], title="Новини відділу", slug="novyny-viddilu")
    setup_roles()

    assert GroupPagePermission.objects.filter(group=role_group("press_office"), page=second_index,
                                              permission__codename="change_page").exists()


def news_form_data(*, title, slug, image, category, related_page, action="action-publish"):
    date = timezone.localtime() - datetime.timedelta(hours=2)
    data = nested_form_data({
        "title": title,
        "slug": slug,
        "date": date.strftime("%Y-%m-%d %H:%M"),
        "is_official": "on",
        "lead": "Міська рада ухвалила бюджет на наступний рік.",
        "main_image": image.pk,
        "main_image_alt": "Сесійна зала міської ради",
        "body": streamfield([
            ("heading", {"text": "Головне", "level": "h2"}),
            ("paragraph", rich_text("<p>Бюджет розвитку зросте на десять відсотків.</p>")),
        ]),
        "tags": "бюджет, сесія",
        "related_pages": inline_formset([{"page": related_page.pk}]),
        "comments": inline_formset([]),
        action: action,
    })
    data["categories"] = [category.pk]  # a multiple-choice field: one key, many values
    return data


@pytest.mark.django_db
def test_press_office_creates_and_publishes_news_through_the_admin(client, site_tree, press_officer):
    news = site_tree["news"]
    image = ImageFactory()
    category = NewsCategoryFactory(name="Бюджет", slug="biudzhet")
    login_with_mfa(client, press_officer)
    add_url = f"/admin/pages/add/home/newspage/{news.pk}/"

    form_page = client.get(add_url)
    assert form_page.status_code == 200

    response = client.post(add_url, news_form_data(
        title="Бюджет на 2026 рік ухвалено", slug="biudzhet-2026", image=image, category=category,
        related_page=site_tree["about"],
    ))

    assert response.status_code == 302, response.context and response.context["form"].errors
    article = NewsPage.objects.get(slug="biudzhet-2026")
    assert article.get_parent().pk == news.pk
    assert article.live
    assert article.owner == press_officer
    assert article.is_official
    assert article.main_image == image
    assert list(article.categories.all()) == [category]
    assert sorted(tag.name for tag in article.tags.all()) == ["бюджет", "сесія"]
    assert [rel.page_id for rel in article.related_pages.all()] == [site_tree["about"].pk]
    assert [block.block_type for block in article.body] == ["heading", "paragraph"]
    assert "десять відсотків" in str(article.body)
    # And the public sees it.
    client.logout()
    public = client.get(article.url)
    assert public.status_code == 200
    assert "Бюджет на 2026 рік ухвалено" in public.content.decode()


@pytest.mark.django_db
def test_press_office_edits_existing_news(client, site_tree, press_officer):
    article = NewsPageFactory(parent=site_tree["news"], title="Стара назва")
    login_with_mfa(client, press_officer)

    assert client.get(f"/admin/pages/{article.pk}/edit/").status_code == 200
    response = client.post(f"/admin/pages/{article.pk}/edit/", nested_form_data({
        "title": "Нова назва", "slug": article.slug,
        "date": timezone.localtime(article.date).strftime("%Y-%m-%d %H:%M"),
        "lead": article.lead, "body": streamfield([]), "tags": "", "main_image_alt": "",
        "related_pages": inline_formset([]), "comments": inline_formset([]), "action-publish": "action-publish",
    }))

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Нова назва"
    assert article.live


@pytest.mark.django_db
def test_press_office_cannot_edit_a_page_outside_news_and_events(client, site_tree, press_officer):
    about = site_tree["about"]
    login_with_mfa(client, press_officer)
    edit_url = f"/admin/pages/{about.pk}/edit/"

    response = client.get(edit_url)
    assert response.status_code in (302, 403)

    response = client.post(edit_url, nested_form_data({
        "title": "Зламано", "slug": about.slug, "intro": "Змінено",
        "body": streamfield([]), "comments": inline_formset([]), "action-publish": "action-publish",
    }))

    assert response.status_code in (302, 403)
    about.refresh_from_db()
    assert about.title == "Про місто"
    assert about.intro == "Коротко про сторінку."
    assert about.latest_revision is None or about.latest_revision.content["title"] == "Про місто"


@pytest.mark.django_db
def test_press_office_cannot_add_pages_under_the_home_page(client, site_tree, press_officer):
    home = site_tree["home"]
    login_with_mfa(client, press_officer)
    count = Page.objects.count()

    assert client.get(f"/admin/pages/add/home/standardpage/{home.pk}/").status_code in (302, 403)
    response = client.post(f"/admin/pages/add/home/standardpage/{home.pk}/", nested_form_data({
        "title": "Самовільна сторінка", "slug": "samovilna", "intro": "", "body": streamfield([]),
        "comments": inline_formset([]), "action-publish": "action-publish",
    }))

    assert response.status_code in (302, 403)
    assert Page.objects.count() == count
    assert not StandardPage.objects.filter(slug="samovilna").exists()
    # Nor a news index beside the existing one.
    assert client.get(f"/admin/pages/add/home/newsindexpage/{home.pk}/").status_code in (302, 403)


@pytest.mark.django_db
def test_press_office_cannot_delete_the_news_index_or_pages_outside_news(client, site_tree, press_officer):
    """Wagtail's change permission lets them delete single articles, not a section with its articles."""
    news = site_tree["news"]
    NewsPageFactory(parent=news)
    login_with_mfa(client, press_officer)

    for page in (news, site_tree["about"], site_tree["home"]):
        response = client.post(f"/admin/pages/{page.pk}/delete/")
        assert response.status_code in (302, 403)
        assert Page.objects.filter(pk=page.pk).exists()
    assert NewsPage.objects.child_of(news).count() == 1


@pytest.mark.django_db
def test_press_office_cannot_change_portal_settings(client, site_tree, press_officer):
    site = Site.objects.get(is_default_site=True)
    login_with_mfa(client, press_officer)

    response = client.get(f"/admin/settings/home/portalsettings/{site.pk}/")

    assert response.status_code in (302, 403)


@pytest.mark.django_db
def test_site_editor_edits_portal_settings(client, site_tree, site_editor):
    site = Site.objects.get(is_default_site=True)
    login_with_mfa(client, site_editor)
    url = f"/admin/settings/home/portalsettings/{site.pk}/"

    response = client.get(url)
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="w-editor-form")
    data["city_name"] = "Полтава"
    data["council_name"] = "Полтавська міська рада"
    data["phone"] = "+380 532 56 00 00"
    response = client.post(url, data)

    assert response.status_code == 302, response.context and response.context["form"].errors
    settings = PortalSettings.for_site(site)
    assert settings.city_name == "Полтава"
    assert settings.council_name == "Полтавська міська рада"
    assert "Полтава" in client.get("/").content.decode()


@pytest.mark.django_db
def test_site_editor_edits_a_standard_page(client, site_tree, site_editor):
    about = site_tree["about"]
    login_with_mfa(client, site_editor)

    assert client.get(f"/admin/pages/{about.pk}/edit/").status_code == 200
    response = client.post(f"/admin/pages/{about.pk}/edit/", nested_form_data({
        "title": "Про наше місто", "slug": about.slug, "intro": about.intro,
        "body": streamfield([("paragraph", rich_text("<p>Місто засноване давно.</p>"))]),
        "comments": inline_formset([]), "action-publish": "action-publish",
    }))

    assert response.status_code == 302
    about.refresh_from_db()
    assert about.title == "Про наше місто"
