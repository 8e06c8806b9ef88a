"""Accounts (django-allauth): sign-up by e-mail with full name, mandatory verification, login, rate limits,
password reset. E-mails leave through cms.tasks.send_email (immediate backend in tests)."""
import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import SESSION_KEY, get_user_model
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext

from tests.factories import TEST_PASSWORD, UserFactory

User = get_user_model()

SIGNUP_URL = "/account/signup/"
LOGIN_URL = "/account/login/"
VERIFICATION_SENT_URL = "/account/confirm-email/"
NEW_PASSWORD = "another-long-passphrase-42"
CONFIRM_LINK = re.compile(r"https?://[^/\s]+(/account/confirm-email/[^/\s]+/)")
RESET_LINK = re.compile(r"https?://[^/\s]+(/account/password/reset/key/[^/\s]+/)")


def signup_data(**overrides):
    data = {
        "email": "olena@example.com",
        "full_name": "Коваленко Олена Петрівна",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    }
    data.update(overrides)
    return data


def login(client, email, password=TEST_PASSWORD):
    return client.post(LOGIN_URL, {"login": email, "password": password})


def logged_in_user_id(client):
    return client.session.get(SESSION_KEY)


def error_codes(form, field=None):
    errors = form.errors.as_data().get(field or "__all__", [])
    return [error.code for error in errors]


@pytest.mark.django_db
def test_signup_verify_and_login(client):
    response = client.post(SIGNUP_URL, signup_data(full_name="  Коваленко   Олена Петрівна "))

    assert response.status_code == 302
    assert response["Location"] == VERIFICATION_SENT_URL
    user = User.objects.get(email="olena@example.com")
    assert user.full_name == "Коваленко Олена Петрівна"  # whitespace normalised
    assert not EmailAddress.objects.get(user=user).verified
    assert logged_in_user_id(client) is None  # mandatory verification: no session yet

    # The verification e-mail went out through the task (the adapter's send_mail).
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["olena@example.com"]
    link = CONFIRM_LINK.search(message.body)
    assert link, message.body
    confirm_url = link.group(1)

    # GET only shows the confirmation page (ACCOUNT_CONFIRM_EMAIL_ON_GET = False) ...
    page = client.get(confirm_url)
    assert page.status_code == 200
    assert "olena@example.com" in page.content.decode()
    assert not EmailAddress.objects.get(user=user).verified
    # ... POST confirms.
    confirmed = client.post(confirm_url)
    assert confirmed.status_code == 302
    assert EmailAddress.objects.get(user=user).verified

    client.logout()
    response = login(client, "olena@example.com", NEW_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/account/profile/"
    assert str(logged_in_user_id(client)) == str(user.pk)


@pytest.mark.django_db
def test_signup_email_goes_through_the_task(client, monkeypatch):
    from cms.tasks import send_email

    calls = []

    class SpyTask:
        @staticmethod
        def enqueue(**kwargs):
            calls.append(kwargs)
            return send_email.enqueue(**kwargs)

    monkeypatch.setattr("cms.adapters.send_email", SpyTask)
    client.post(SIGNUP_URL, signup_data())

    assert len(calls) == 1
    assert calls[0]["to"] == ["olena@example.com"]
    assert CONFIRM_LINK.search(calls[0]["body"])
    assert len(mail.outbox) == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"full_name": ""}, "full_name", "required"),
        ({"full_name": "Олена"}, "full_name", "two_words"),
        ({"full_name": "   Олена   "}, "full_name", "two_words"),
        ({"password2": "something-else-entirely"}, "password2", None),
        ({"email": "not-an-email"}, "email", "invalid"),
        ({"password1": "123", "password2": "123"}, "password1", None),
    ],
    ids=["empty-name", "one-word-name", "one-word-name-padded", "passwords-differ", "bad-email", "weak-password"],
)
def test_signup_bad_input_creates_nothing(client, overrides, field, code):
    response = client.post(SIGNUP_URL, signup_data(**overrides))

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors.get(field), form.errors
    if code == "two_words":
        with translation.override("uk"):
            assert form.errors[field] == [gettext("Enter at least your surname and first name.")]
    elif code:
        assert code in error_codes(form, field)
    assert not User.objects.exists()
    assert not EmailAddress.objects.exists()
    assert mail.outbox == []
    assert logged_in_user_id(client) is None


@pytest.mark.django_db
def test_signup_with_existing_email_creates_no_account(client, resident):
    """allauth's enumeration protection (ACCOUNT_PREVENT_ENUMERATION, default on): the form does not say the
    address is taken; the owner of the address gets an "account already exists" notice instead."""
    response = client.post(SIGNUP_URL, signup_data(email=resident.email.upper()))

    assert response.status_code == 302
    assert response["Location"] == VERIFICATION_SENT_URL
    assert User.objects.count() == 1
    assert EmailAddress.objects.count() == 1
    assert User.objects.get().full_name == resident.full_name
    assert len(mail.outbox) == 1
    notice = mail.outbox[0]
    assert notice.to == [resident.email]
    assert not CONFIRM_LINK.search(notice.body)  # nothing to confirm
    assert "/account/password/reset/" in notice.body
    assert logged_in_user_id(client) is None


@pytest.mark.django_db
def test_unverified_resident_cannot_log_in(client, unverified_resident):
    response = login(client, unverified_resident.email)

    assert response.status_code == 302
    assert response["Location"] == VERIFICATION_SENT_URL
    assert logged_in_user_id(client) is None
    # The login attempt sends a fresh confirmation link.
    assert len(mail.outbox) == 1
    assert CONFIRM_LINK.search(mail.outbox[0].body)
    # Nothing that needs a session opens.
    assert client.get("/account/profile/").status_code == 302


@pytest.mark.django_db
def test_login_by_email(client, resident):
    response = login(client, resident.email.upper())

    assert response.status_code == 302
    assert response["Location"] == "/account/profile/"
    assert str(logged_in_user_id(client)) == str(resident.pk)


@pytest.mark.django_db
def test_login_page_renders_in_portal_design(client):
    response = client.get(LOGIN_URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="uk"' in html
    assert 'name="login"' in html and 'name="password"' in html
    assert "allauth/layouts/base.html" in [template.name for template in response.templates]
    assert "base.html" in [template.name for template in response.templates]


@pytest.mark.django_db
def test_login_wrong_password(client, resident):
    response = login(client, resident.email, "wrong-password-123")

    assert response.status_code == 200
    assert "email_password_mismatch" in error_codes(response.context["form"])
    assert logged_in_user_id(client) is None


@pytest.mark.django_db
def test_failed_logins_for_one_email_are_rate_limited(client, resident):
    """ACCOUNT_RATE_LIMITS["login_failed"] = "10/m/ip,5/5m/key": five failures lock the address."""
    for _ in range(5):
        response = login(client, resident.email, "wrong-password-123")
        assert "email_password_mismatch" in error_codes(response.context["form"])

    response = login(client, resident.email)  # even the right password is refused now

    assert response.status_code == 200
    assert "too_many_login_attempts" in error_codes(response.context["form"])
    assert logged_in_user_id(client) is None

    # Another resident from another address is not affected by this key's lock.
    other = UserFactory()
    response = client.post(LOGIN_URL, {"login": other.email, "password": TEST_PASSWORD}, REMOTE_ADDR="10.0.0.2")
    assert response.status_code == 302
    assert str(logged_in_user_id(client)) == str(other.pk)


@pytest.mark.django_db
def test_failed_logins_from_one_ip_are_rate_limited(client, resident):
    for number in range(10):
        response = login(client, f"nobody{number}@example.com", "wrong-password-123")
        assert response.status_code == 200

    response = login(client, resident.email)

    assert response.status_code == 200
    assert "too_many_login_attempts" in error_codes(response.context["form"])
    assert logged_in_user_id(client) is None


@pytest.mark.django_db
def test_login_requests_from_one_ip_are_rate_limited(client, resident):
    """ACCOUNT_RATE_LIMITS["login"] = "30/m/ip": the 31st login POST in a minute gets 429."""
    for number in range(30):
        response = client.post(LOGIN_URL, {"login": f"nobody{number}@example.com", "password": "x"})
        assert response.status_code == 200

    response = login(client, resident.email)

    assert response.status_code == 429
    assert logged_in_user_id(client) is None


@pytest.mark.django_db
def test_signups_from_one_ip_are_rate_limited(client):
    """ACCOUNT_RATE_LIMITS["signup"] = "10/h/ip"."""
    for number in range(10):
        response = client.post(SIGNUP_URL, signup_data(email=f"r{number}@example.com", full_name="Олена"))
        assert response.status_code == 200

    response = client.post(SIGNUP_URL, signup_data())

    assert response.status_code == 429
    assert not User.objects.exists()


@pytest.mark.django_db
def test_password_reset(client, resident):
    response = client.post("/account/password/reset/", {"email": resident.email})

    assert response.status_code == 302
    assert response["Location"] == "/account/password/reset/done/"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [resident.email]
    link = RESET_LINK.search(mail.outbox[0].body)
    assert link, mail.outbox[0].body

    # The key link stores the key in the session and redirects to a key-less address.
    response = client.get(link.group(1))
    assert response.status_code == 302
    set_password_url = response["Location"]
    assert client.get(set_password_url).status_code == 200
    response = client.post(set_password_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302

    resident.refresh_from_db()
    assert resident.check_password(NEW_PASSWORD)
    client.logout()
    assert login(client, resident.email, TEST_PASSWORD).status_code == 200  # old password refused
    assert login(client, resident.email, NEW_PASSWORD).status_code == 302


@pytest.mark.django_db
def test_password_reset_for_unknown_email_sends_nothing_revealing(client):
    response = client.post("/account/password/reset/", {"email": "stranger@example.com"})

    assert response.status_code == 302
    assert not RESET_LINK.search("".join(message.body for message in mail.outbox))


@pytest.mark.django_db
def test_send_email_task_sends_text_and_html():
    from cms.tasks import send_email

    result = send_email.enqueue(
        subject="Петицію зареєстровано", body="Текст листа", html_body="<p>Текст <b>листа</b></p>",
        to=["olena@example.com"], from_email="portal@example.com", headers={"X-Portal": "1"},
    )

    assert result.status == "SUCCESSFUL"
    assert result.return_value == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Петицію зареєстровано"
    assert message.body == "Текст листа"
    assert message.to == ["olena@example.com"]
    assert message.from_email == "portal@example.com"
    assert message.extra_headers["X-Portal"] == "1"
    assert message.alternatives == [("<p>Текст <b>листа</b></p>", "text/html")]


@pytest.mark.django_db
def test_send_email_task_without_html_sends_plain_text():
    from cms.tasks import send_email

    send_email.enqueue(subject="Тема", body="Лише текст", to=["a@example.com"])

    assert len(mail.outbox) == 1
    assert mail.outbox[0].alternatives == []
    assert mail.outbox[0].from_email == "portal@localhost"


@pytest.mark.django_db
@pytest.mark.parametrize("html_only", [False, True], ids=["text-and-html", "html-only"])
def test_adapter_keeps_the_html_part_of_allauth_mails(rf, monkeypatch, html_only):
    from django.core.mail import EmailMessage, EmailMultiAlternatives

    from cms.adapters import PortalAccountAdapter

    def render_mail(self, template_prefix, email, context, headers=None):
        if html_only:
            message = EmailMessage("Тема", "<p>Лише HTML</p>", "portal@example.com", [email])
            message.content_subtype = "html"
        else:
            message = EmailMultiAlternatives("Тема", "Текст", "portal@example.com", [email])
            message.attach_alternative("<p>HTML</p>", "text/html")
        return message

    monkeypatch.setattr(PortalAccountAdapter, "render_mail", render_mail)

    PortalAccountAdapter(rf.get("/")).send_mail("account/email/anything", "olena@example.com", {})

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["olena@example.com"]
    assert message.subject == "Тема"
    if html_only:
        assert message.body == ""
        assert message.alternatives == [("<p>Лише HTML</p>", "text/html")]
    else:
        assert message.body == "Текст"
        assert message.alternatives == [("<p>HTML</p>", "text/html")]
