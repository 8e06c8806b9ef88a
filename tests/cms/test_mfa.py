"""Staff who use the admin must have TOTP (cms.staff_area.StaffMFAMiddleware, allauth.mfa)."""
import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import Permission
from django.test import override_settings
from django.urls import reverse

from tests.factories import TEST_PASSWORD, UserFactory, activate_totp, login_with_mfa, totp_code

ADMIN_URL = "/admin/"
LOGIN_URL = "/account/login/"
MFA_AUTHENTICATE_URL = "/account/2fa/authenticate/"


@pytest.fixture
def staff(db):
    """A staff member with admin access (as every role gives) and no authenticator yet."""
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin",
                                                     codename="access_admin"))
    return user


def logged_in_user_id(client):
    return client.session.get(SESSION_KEY)


def wrong_code(secret):
    good = int(totp_code(secret))
    return f"{(good + 500000) % 1000000:06d}"


def test_activation_url_is_allauths():
    assert reverse("mfa_activate_totp") == "/account/2fa/totp/activate/"
    assert reverse("mfa_authenticate") == MFA_AUTHENTICATE_URL


@pytest.mark.django_db
def test_staff_without_totp_is_sent_to_activation(client, staff):
    client.force_login(staff)

    for url in (ADMIN_URL, "/admin/pages/", "/admin/images/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("mfa_activate_totp")


@pytest.mark.django_db
def test_superuser_without_totp_is_sent_to_activation(client):
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)

    response = client.get(ADMIN_URL)

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


@pytest.mark.django_db
def test_staff_with_totp_opens_the_admin(client, staff, home_page):
    activate_totp(staff)
    login_with_mfa(client, staff)

    response = client.get(ADMIN_URL)

    assert response.status_code == 200
    assert "wagtailadmin/home.html" in [template.name for template in response.templates]


@pytest.mark.django_db
def test_recovery_codes_alone_do_not_satisfy_the_rule(client, staff):
    Authenticator.objects.create(user=staff, type=Authenticator.Type.RECOVERY_CODES, data={})
    client.force_login(staff)

    response = client.get(ADMIN_URL)

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


@pytest.mark.django_db
@override_settings(PORTAL_STAFF_MFA_REQUIRED=False)
def test_admin_opens_without_totp_when_the_rule_is_off(client, staff, home_page):
    client.force_login(staff)

    response = client.get(ADMIN_URL)

    assert response.status_code == 200
    assert "wagtailadmin/home.html" in [template.name for template in response.templates]


@pytest.mark.django_db
def test_resident_in_admin_is_refused_by_wagtail_not_sent_to_mfa(client, resident):
    client.force_login(resident)

    response = client.get(ADMIN_URL)

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)
    assert "2fa" not in response["Location"]
    assert not Authenticator.objects.filter(user=resident).exists()


@pytest.mark.django_db
def test_anonymous_admin_goes_to_portal_login(client):
    response = client.get(ADMIN_URL)

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?next=/admin/"


@pytest.mark.django_db
def test_admin_login_redirects_to_portal_login_keeping_next(client):
    response = client.get("/admin/login/?next=/admin/pages/")

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?next=/admin/pages/"


def reauthenticate(client, response):
    """allauth asks for the password again before adding an authenticator (a fresh login does not count)."""
    assert response.status_code == 302
    assert response["Location"].startswith("/account/reauthenticate/")
    response = client.post(response["Location"], {"password": TEST_PASSWORD})
    assert response.status_code == 302
    return response


@pytest.mark.django_db
def test_mfa_pages_themselves_are_not_blocked(client, staff):
    """The middleware guards /admin/ only; the activation page stays reachable (no redirect loop)."""
    client.post(LOGIN_URL, {"login": staff.email, "password": TEST_PASSWORD})

    response = reauthenticate(client, client.get(reverse("mfa_activate_totp")))

    assert response["Location"] == reverse("mfa_activate_totp")
    assert client.get(reverse("mfa_activate_totp")).status_code == 200


# allauth announces the new authenticator on commit, which only happens outside a test transaction.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_staff_activates_totp_then_opens_the_admin(client, staff, home_page):
    # Password login (no authenticator yet: no code step) lands on the admin, which asks for TOTP first.
    response = client.post(LOGIN_URL, {"login": staff.email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == ADMIN_URL
    response = client.get(ADMIN_URL)
    assert response["Location"] == reverse("mfa_activate_totp")

    response = reauthenticate(client, client.get(response["Location"]))
    page = client.get(response["Location"])
    assert page.status_code == 200
    secret = client.session[SECRET_SESSION_KEY]

    # A wrong code activates nothing.
    response = client.post(reverse("mfa_activate_totp"), {"code": wrong_code(secret)})
    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert not Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()
    assert client.get(ADMIN_URL).status_code == 302

    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()
    assert client.get(ADMIN_URL).status_code == 200


@pytest.mark.django_db
def test_login_with_totp_asks_for_the_code(client, staff, home_page):
    secret = activate_totp(staff)

    response = client.post(LOGIN_URL, {"login": staff.email, "password": TEST_PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == MFA_AUTHENTICATE_URL
    assert logged_in_user_id(client) is None  # not logged in until the code is given
    assert client.get(ADMIN_URL)["Location"].startswith(LOGIN_URL)
    assert client.get(MFA_AUTHENTICATE_URL).status_code == 200

    response = client.post(MFA_AUTHENTICATE_URL, {"code": totp_code(secret)})

    assert response.status_code == 302
    assert response["Location"] == ADMIN_URL  # PortalAccountAdapter sends staff to the admin
    assert str(logged_in_user_id(client)) == str(staff.pk)
    assert client.get(ADMIN_URL).status_code == 200


@pytest.mark.django_db
def test_login_with_a_wrong_code_fails(client, staff):
    secret = activate_totp(staff)
    client.post(LOGIN_URL, {"login": staff.email, "password": TEST_PASSWORD})

    response = client.post(MFA_AUTHENTICATE_URL, {"code": wrong_code(secret)})

    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert logged_in_user_id(client) is None
    assert client.get(ADMIN_URL).status_code == 302


@pytest.mark.django_db
def test_a_code_cannot_be_used_twice(client, staff):
    secret = activate_totp(staff)
    code = totp_code(secret)
    client.post(LOGIN_URL, {"login": staff.email, "password": TEST_PASSWORD})
    assert client.post(MFA_AUTHENTICATE_URL, {"code": code}).status_code == 302
    client.logout()

    client.post(LOGIN_URL, {"login": staff.email, "password": TEST_PASSWORD})
    response = client.post(MFA_AUTHENTICATE_URL, {"code": code})

    assert response.status_code == 200
    assert logged_in_user_id(client) is None


@pytest.mark.django_db
def test_code_step_without_password_step_goes_to_login(client, staff):
    activate_totp(staff)

    response = client.get(MFA_AUTHENTICATE_URL)

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)


@pytest.mark.django_db
def test_resident_login_goes_to_profile_not_admin(client, resident):
    response = client.post(LOGIN_URL, {"login": resident.email, "password": TEST_PASSWORD})

    assert response["Location"] == "/account/profile/"


@pytest.mark.django_db
def test_staff_with_totp_but_password_only_session_must_enter_the_code(client, staff, home_page):
    """A device is not enough: a session opened without the code (any login path) is stopped."""
    secret = activate_totp(staff)
    client.force_login(staff)

    response = client.get(ADMIN_URL + "pages/")

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_reauthenticate") + "?next=%2Fadmin%2Fpages%2F"
    response = client.post(response["Location"], {"code": totp_code(secret)})
    assert response.status_code == 302
    assert response["Location"] == "/admin/pages/"
    assert client.get(ADMIN_URL).status_code == 200


@pytest.mark.django_db
def test_wagtail_password_only_login_is_not_a_way_around_allauth(client, staff):
    activate_totp(staff)
    response = client.get("/_util/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/account/login/?next=/admin/"
    response = client.post("/_util/login/", {"username": staff.username, "password": TEST_PASSWORD})
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
@pytest.mark.parametrize("mount", ["script_name", "urlconf"])
def test_staff_mfa_holds_when_the_portal_is_mounted_under_a_prefix(client, staff, home_page, mount, settings):
    """The check is on the resolved admin view: «/misto/admin/» is the admin as much as «/admin/» is."""
    activate_totp(staff)
    client.force_login(staff)  # a password-only session
    if mount == "urlconf":
        settings.ROOT_URLCONF = "tests.cms.prefixed_urls"
        requests = [client.get("/misto" + url) for url in (ADMIN_URL, "/admin/pages/", "/admin/images/")]
    else:
        requests = [client.get(url, SCRIPT_NAME="/misto") for url in (ADMIN_URL, "/admin/pages/", "/admin/images/")]
    for response in requests:
        assert response.status_code == 302
        assert "/account/reauthenticate/" in response["Location"] or "/2fa/" in response["Location"]
    login_with_mfa(client, staff)
    if mount == "urlconf":
        assert client.get("/misto" + ADMIN_URL).status_code == 200
    else:
        assert client.get(ADMIN_URL, SCRIPT_NAME="/misto").status_code == 200


@pytest.mark.django_db
def test_every_admin_view_carries_the_staff_area_mark_and_public_views_do_not():
    from django.urls import resolve

    from cms.staff_area import is_staff_view

    for url in ("/admin/", "/admin/pages/", "/admin/images/", "/admin/documents/", "/admin/snippets/"):
        assert is_staff_view(resolve(url).func), url
    for url in ("/", "/account/profile/", "/api/v3/pages/", "/admin/login/"):
        assert not is_staff_view(resolve(url).func), url
