"""Every e-mail the portal sends, rendered for real and read as a resident would: no empty placeholders, the portal's
name, Ukrainian words, a subject in sentence case (not Title Case), and the account pages call people by name."""
import pytest
from django.core import mail
from django.core.management import call_command

from participation.notifications import notify_users
from tests.emails import assert_reads_well

from .test_accounts import SIGNUP_URL, signup_data

pytestmark = pytest.mark.django_db

def test_the_sign_up_e_mail_names_the_portal_and_reads_in_ukrainian(client):
    client.post(SIGNUP_URL, signup_data(full_name="Коваленко Олена Петрівна"))
    [message] = mail.outbox
    assert_reads_well(message)
    assert "Привіт від !" not in message.body and "Коваленко Олена Петрівна" in message.body
    assert message.subject == "Підтвердьте адресу електронної пошти"


def test_the_account_e_mails_read_well(client, resident):
    client.post(SIGNUP_URL, signup_data(email=resident.email, full_name="Хтось Інший"))  # already registered
    client.post("/account/password/reset/", {"email": resident.email})
    client.post("/account/password/reset/", {"email": "stranger@example.com"})  # unknown account
    assert len(mail.outbox) == 3
    for message in mail.outbox:
        assert_reads_well(message)


def test_the_notification_digest_reads_well(resident, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify_users([resident], None, kind="status", title="Вашу тему «Темний двір» опубліковано", url="/forum/1/")
        notify_users([resident], None, kind="answer", title="Відповідь на петицію «Світло»: підтримано",
                     body="Перехід облаштують у травні.", url="/petytsii/1/")
    call_command("send_notification_emails")
    assert mail.outbox
    for message in mail.outbox:
        assert_reads_well(message)


def test_the_account_pages_call_the_person_by_name_in_plain_ukrainian(client):
    from django.contrib.auth import get_user_model

    from .test_accounts import CONFIRM_LINK, VERIFICATION_SENT_URL

    client.post(SIGNUP_URL, signup_data(full_name="Коваленко Олена Петрівна"))
    sent = client.get(VERIFICATION_SENT_URL).content.decode()
    assert "Слідуйте" not in sent and "Перейдіть за посиланням" in sent
    link = CONFIRM_LINK.search(mail.outbox[0].body).group(1)
    page = client.get(link).content.decode()
    user = get_user_model().objects.get(email="olena@example.com")
    assert "Коваленко Олена Петрівна" in page and user.username not in page.replace(user.email, "")
    assert "адресоюелектронної" not in page and "Підтвердьте, що" in page
