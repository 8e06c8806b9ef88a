"""The petition life cycle through its services: each rule refuses bad input with a stable code and saves nothing."""
import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone, translation
from wagtail.models import ModelLogEntry

from cms.workdays import add_working_days
from participation.models import Follow, Notification
from petitions import services
from petitions.models import Petition, PetitionAttachment, PetitionStatusChange, Signature
from tests.confirm import confirmed
from tests.factories import UserFactory
from tests.factories.files import image_bytes, pdf_bytes

from .conftest import TEXT, make_petition

pytestmark = pytest.mark.django_db
Status = Petition.Status


def refused(code, func, **kwargs):
    before = (Petition.objects.count(), Signature.objects.count(), PetitionAttachment.objects.count(),
              list(Petition.objects.order_by("pk").values_list("status", "signature_count")))
    with pytest.raises(services.PetitionError) as caught:
        func(**kwargs)
    assert caught.value.code == code
    assert caught.value.message
    after = (Petition.objects.count(), Signature.objects.count(), PetitionAttachment.objects.count(),
             list(Petition.objects.order_by("pk").values_list("status", "signature_count")))
    assert after == before
    return caught.value.message


def pdf(name="doc.pdf", size=None):
    content = pdf_bytes()
    if size:  # too large for the limit, which is checked before the file is read
        content += b"%" + b"0" * (size - len(content) - 1)
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def draft(resident, category, **kwargs):
    return services.petition_save_draft(author=resident, title="Пішохідний перехід біля школи № 5", text=TEXT,
                                        category=category, **kwargs)


# Drafts and submission ------------------------------------------------------------------------------------

def test_full_life_cycle_with_timeline_and_notifications(resident, category, petition_settings, petition_index,
                                                         moderator, secretary, django_capture_on_commit_callbacks):
    petition = draft(resident, category, files=[pdf()])
    assert petition.status == Status.DRAFT and petition.author_name == resident.full_name
    assert petition.attachments.count() == 1
    now = timezone.now()
    services.petition_submit(petition=petition, author=resident, accept_rules=True, now=now)
    petition.refresh_from_db()
    assert petition.status == Status.MODERATION
    assert petition.publication_due == add_working_days(timezone.localdate(now), 2)
    with django_capture_on_commit_callbacks(execute=True):
        services.petition_publish(petition=petition, moderator=moderator)
    petition.refresh_from_db()
    assert petition.status == Status.COLLECTING and petition.signature_count == 1  # the author's own signature
    assert petition.signature_threshold == 3
    assert petition.collection_ends_at - petition.published_at == datetime.timedelta(days=90)
    assert any("опубліковано" in message.subject.lower() or resident.email in message.to for message in mail.outbox)

    signers = UserFactory.create_batch(2)
    with django_capture_on_commit_callbacks(execute=True):
        services.petition_sign(petition=petition, user=signers[0])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.petition_sign(petition=petition, user=signers[1])
    petition.refresh_from_db()
    assert petition.status == Status.CONSIDERATION and petition.signature_count == 3
    assert petition.response_due == add_working_days(timezone.localdate(), 10)
    assert Notification.objects.filter(user=secretary, kind="staff").exists()
    assert secretary.email in {address for message in mail.outbox for address in message.to}

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        confirmed(services.petition_answer, petition=petition, official=secretary,
                  text="Перехід облаштують у травні.",
                                 outcome="supported", decision_url="https://rada.example/proekty/12/")
    petition.refresh_from_db()
    assert petition.status == Status.ANSWERED and petition.closed_at
    # Signers follow with the reason "signed" and get the answer; the author follows too.
    assert Follow.objects.filter(user=signers[0], reason="signed").exists()
    answered = {message.to[0] for message in mail.outbox}
    assert {signers[0].email, signers[1].email, resident.email} <= answered
    assert list(PetitionStatusChange.objects.filter(petition=petition).values_list("to_status", flat=True)) == [
        Status.MODERATION, Status.COLLECTING, Status.CONSIDERATION, Status.ANSWERED]
    assert ModelLogEntry.objects.filter(action="petitions.status", object_id=str(petition.pk)).count() == 4


def test_empty_title_and_bad_texts_are_refused(resident, category, petition_settings):
    refused("empty_title", services.petition_save_draft, author=resident, title="   ", text=TEXT, category=category)
    refused("title_too_long", services.petition_save_draft, author=resident, title="Я" * 201, text=TEXT,
            category=category)
    refused("text_too_long", services.petition_save_draft, author=resident, title="Назва петиції", text="т" * 5001,
            category=category)
    refused("invalid_category", services.petition_save_draft, author=resident, title="Назва петиції", text=TEXT,
            category=None)


def test_unverified_or_nameless_residents_cannot_submit(unverified_resident, category, petition_settings):
    refused("not_verified", services.petition_save_draft, author=unverified_resident, title="Назва петиції",
            text=TEXT, category=category)
    nameless = UserFactory(full_name="")
    refused("name_required", services.petition_save_draft, author=nameless, title="Назва петиції", text=TEXT,
            category=category)


def test_attachments_allow_listed_and_limited(resident, category, petition_settings):
    fake = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    message = refused("attachment_content", draft, resident=resident, category=category, files=[fake])
    assert "virus.pdf" in message
    exe = SimpleUploadedFile("run.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    refused("attachment_type", draft, resident=resident, category=category, files=[exe])
    refused("attachment_too_large", draft, resident=resident, category=category,
            files=[pdf(size=services.ATTACHMENT_MAX_BYTES + 1)])
    refused("too_many_attachments", draft, resident=resident, category=category,
            files=[pdf(f"{n}.pdf") for n in range(4)])
    png = SimpleUploadedFile("photo.png", image_bytes("PNG"), content_type="image/png")
    assert draft(resident, category, files=[png]).attachments.get().name == "photo.png"


def test_submit_needs_rules_full_text_and_the_author(resident, category, petition_settings):
    short = services.petition_save_draft(author=resident, title="Коротка", text="Мало тексту", category=category)
    refused("title_too_short", services.petition_submit, petition=short, author=resident, accept_rules=True)
    petition = draft(resident, category)
    refused("rules_not_accepted", services.petition_submit, petition=petition, author=resident, accept_rules=False)
    refused("not_author", services.petition_submit, petition=petition, author=UserFactory(), accept_rules=True)
    refused("not_author", services.petition_save_draft, author=UserFactory(), petition=petition, title="Інша назва",
            text=TEXT, category=category)
    services.petition_submit(petition=petition, author=resident, accept_rules=True)
    refused("invalid_state", services.petition_save_draft, author=resident, petition=petition,
            title="Змінена назва", text=TEXT, category=category)


def test_reject_needs_a_reason_and_tells_the_author(resident, category, petition_settings, moderator,
                                                    django_capture_on_commit_callbacks):
    petition = make_petition(author=resident, category=category, status=Status.MODERATION)
    refused("invalid_reason", confirmed, service=services.petition_reject, petition=petition, moderator=moderator,
            reason="nope")
    # Every reason needs an explanation the author can act on, not only "other".
    refused("reason_required", confirmed, service=services.petition_reject, petition=petition, moderator=moderator,
            reason="outside_powers")
    refused("explanation_too_short", confirmed, service=services.petition_reject, petition=petition,
            moderator=moderator, reason="unclear", text="Ні")
    text = "Питання належить до повноважень держави."
    refused("confirmation_required", services.petition_reject, petition=petition, moderator=moderator,
            reason="outside_powers", text=text, confirmation=None)
    # confirming another reason (what the moderator saw) does not reject with this one
    seen = services.petition_reject_statement(petition=petition, reason="duplicate", text=text).digest
    refused("confirmation_required", services.petition_reject, petition=petition, moderator=moderator,
            reason="outside_powers", text=text, confirmation=seen)
    assert not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        with translation.override("en"):  # the moderator's admin is in English; the author reads Ukrainian
            confirmed(services.petition_reject, petition=petition, moderator=moderator, reason="outside_powers",
                      text="Питання належить до повноважень держави.")
    petition.refresh_from_db()
    assert petition.status == Status.REJECTED and petition.rejection_text == text
    assert [message.to for message in mail.outbox] == [[resident.email]]  # once, not again by the digest
    assert "Питання належить до повноважень держави." in mail.outbox[-1].body
    assert mail.outbox[-1].subject == "Вашу петицію відхилено"
    # the notification centre lists what was e-mailed, marked as sent so the digest does not repeat it
    notice = Notification.objects.get(user=resident)
    assert notice.title == "Вашу петицію відхилено" and text in notice.body and notice.email == "sent"
    assert notice.url == petition.get_absolute_url()


def test_only_moderators_publish_and_reject(resident, category, petition_settings, secretary):
    petition = make_petition(author=resident, category=category, status=Status.MODERATION)
    with pytest.raises(PermissionDenied):
        services.petition_publish(petition=petition, moderator=resident)
    with pytest.raises(PermissionDenied):
        confirmed(services.petition_reject, petition=petition, moderator=secretary, reason="unclear",
                  text="Незрозуміло, що саме має зробити рада.")
    petition.refresh_from_db()
    assert petition.status == Status.MODERATION


def test_collection_never_longer_than_three_months(resident, category, petition_settings, moderator):
    petition_settings.collection_days = 92
    petition_settings.save()
    petition = make_petition(author=resident, category=category, status=Status.MODERATION)
    start = datetime.datetime(2026, 11, 30, 10, tzinfo=datetime.UTC)
    services.petition_publish(petition=petition, moderator=moderator, now=start)
    petition.refresh_from_db()
    assert petition.collection_ends_at == datetime.datetime(2027, 2, 28, 10, tzinfo=datetime.UTC)


# Signing ------------------------------------------------------------------------------------------------------

def test_signing_twice_is_refused_and_nothing_changes(collecting, other_user):
    services.petition_sign(petition=collecting, user=other_user)
    message = refused("already_signed", services.petition_sign, petition=Petition.objects.get(pk=collecting.pk),
                      user=other_user)
    assert "вже підписали" in message
    collecting.refresh_from_db()
    assert collecting.signature_count == 1 == collecting.signatures.count()


@pytest.mark.parametrize("status", [Status.DRAFT, Status.MODERATION, Status.REJECTED, Status.NOT_SUPPORTED,
                                    Status.CONSIDERATION, Status.ANSWERED])
def test_only_collecting_petitions_can_be_signed(resident, category, petition_settings, other_user, status):
    petition = make_petition(author=resident, category=category, status=status)
    refused("petition_not_collecting", services.petition_sign, petition=petition, user=other_user)


def test_a_petition_past_its_end_cannot_be_signed_even_before_the_command_runs(collecting, other_user):
    Petition.objects.filter(pk=collecting.pk).update(collection_ends_at=timezone.now() - datetime.timedelta(minutes=1))
    refused("petition_not_collecting", services.petition_sign, petition=collecting, user=other_user)


def test_unverified_residents_cannot_sign(collecting, unverified_resident):
    refused("not_verified", services.petition_sign, petition=collecting, user=unverified_resident)


@override_settings(PETITIONS_RATE_LIMITS={"sign": {"user": (2, 60), "ip": (3, 60)},
                                          "submit": {"user": (5, 3600), "ip": (20, 3600)}})
def test_signing_is_rate_limited_per_account_and_per_ip(resident, category, petition_settings):
    petitions = [make_petition(author=resident, category=category, threshold=100) for _ in range(4)]
    user = UserFactory()
    services.petition_sign(petition=petitions[0], user=user, ip_address="10.1.1.1")
    services.petition_sign(petition=petitions[1], user=user, ip_address="10.1.1.1")
    refused("rate_limited", services.petition_sign, petition=petitions[2], user=user, ip_address="10.1.1.2")
    other = UserFactory()
    services.petition_sign(petition=petitions[0], user=other, ip_address="10.1.1.1")  # third from this IP
    refused("rate_limited", services.petition_sign, petition=petitions[1], user=UserFactory(), ip_address="10.1.1.1")


@override_settings(PETITIONS_RATE_LIMITS={"sign": {"user": (10, 60), "ip": (100, 60)},
                                          "submit": {"user": (1, 3600), "ip": (20, 3600)}})
def test_submission_is_rate_limited(resident, category, petition_settings):
    draft(resident, category)
    refused("rate_limited", draft, resident=resident, category=category)


# Deadlines and expiry ---------------------------------------------------------------------------------------

def test_expiry_is_idempotent_and_notifies_followers(resident, category, petition_settings,
                                                     django_capture_on_commit_callbacks):
    expired = make_petition(author=resident, category=category,
                            collection_ends_at=timezone.now() - datetime.timedelta(minutes=1))
    running = make_petition(author=resident, category=category)
    from participation.notifications import follow

    follow(resident, expired, reason="created")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.petition_close_expired() == 1
    assert services.petition_close_expired() == 0
    expired.refresh_from_db()
    running.refresh_from_db()
    assert expired.status == Status.NOT_SUPPORTED and expired.closed_at
    assert running.status == Status.COLLECTING
    assert expired.status_changes.count() == 1
    assert Notification.objects.filter(user=resident, kind="status").count() == 1


def test_close_expired_command_runs_twice_safely(resident, category, petition_settings):
    from django.core.management import call_command

    make_petition(author=resident, category=category, collection_ends_at=timezone.now() - datetime.timedelta(days=1))
    call_command("close_expired_petitions")
    call_command("close_expired_petitions")
    assert Petition.objects.get().status == Status.NOT_SUPPORTED
    assert PetitionStatusChange.objects.count() == 1


def test_failed_petition_forwarded_as_an_appeal_once(resident, category, petition_settings, moderator,
                                                     django_capture_on_commit_callbacks):
    petition = make_petition(author=resident, category=category, status=Status.NOT_SUPPORTED)
    with django_capture_on_commit_callbacks(execute=True):
        confirmed(services.petition_forward_as_appeal, petition=petition, by=moderator, note="Прошу розглянути")
    petition.refresh_from_db()
    assert petition.forwarded_at
    assert "zvernennia@rada.example" in {address for message in mail.outbox for address in message.to}
    refused("already_forwarded", confirmed, service=services.petition_forward_as_appeal, petition=petition,
            by=moderator)
    collecting = make_petition(author=resident, category=category)
    refused("invalid_state", confirmed, service=services.petition_forward_as_appeal, petition=collecting,
            by=moderator)


def test_answer_needs_text_outcome_and_permission(resident, category, petition_settings, moderator, secretary):
    petition = make_petition(author=resident, category=category, status=Status.CONSIDERATION)
    with pytest.raises(PermissionDenied):
        confirmed(services.petition_answer, petition=petition, official=moderator, text="Так", outcome="supported")
    refused("answer_required", confirmed, service=services.petition_answer, petition=petition, official=secretary,
            text=" ",
            outcome="supported")
    refused("invalid_outcome", confirmed, service=services.petition_answer, petition=petition, official=secretary,
            text="Відповідь",
            outcome="maybe")


# Abuse and privacy ------------------------------------------------------------------------------------------

def test_invalidation_lowers_the_count_and_is_logged(resident, category, petition_settings, secretary, moderator):
    petition = make_petition(author=resident, category=category, threshold=100, signatures=4)
    honest = UserFactory(email="honest@ukr.net")
    services.petition_sign(petition=petition, user=honest, ip_address="10.9.9.9")
    with pytest.raises(PermissionDenied):
        services.signatures_invalidate(petition=petition, by=moderator, reason="Бот", ip_address="10.0.0.1")
    refused("criteria_required", services.signatures_invalidate, petition=petition, by=secretary, reason="Бот")
    refused("reason_required", services.signatures_invalidate, petition=petition, by=secretary, reason=" ",
            ip_address="10.0.0.1")
    invalidation = services.signatures_invalidate(petition=petition, by=secretary, reason="Сплеск з однієї адреси",
                                                  ip_address="10.0.0.1")
    petition.refresh_from_db()
    assert invalidation.count == 4
    assert petition.signature_count == 1 == petition.signatures.filter(is_valid=True).count()
    assert ModelLogEntry.objects.filter(action="petitions.invalidate", object_id=str(petition.pk)).exists()


def test_signer_emails_removed_after_retention_names_stay(resident, category, petition_settings):
    old = make_petition(author=resident, category=category, status=Status.ANSWERED, signatures=2,
                        closed_at=timezone.now() - datetime.timedelta(days=366))
    recent = make_petition(author=resident, category=category, status=Status.ANSWERED, signatures=2,
                           closed_at=timezone.now() - datetime.timedelta(days=10))
    assert services.signer_emails_purge() == 2
    assert services.signer_emails_purge() == 0
    cleared = old.signatures.order_by().values_list("email", "ip_address", "email_domain").distinct()
    assert list(cleared) == [("", None, "")]
    assert all(name for name in old.signatures.values_list("name", flat=True))
    assert recent.signatures.exclude(email="").count() == 2


def test_settings_refuse_identity_without_a_provider_and_long_periods(petition_settings):
    from django.core.exceptions import ValidationError

    petition_settings.signing_requires_identity = True
    with pytest.raises(ValidationError) as caught:
        petition_settings.full_clean()
    assert "signing_requires_identity" in caught.value.message_dict
    petition_settings.signing_requires_identity = False
    petition_settings.collection_days = 120
    with pytest.raises(ValidationError) as caught:
        petition_settings.full_clean()
    assert "collection_days" in caught.value.message_dict


@pytest.fixture
def other_user(db):
    return UserFactory()


def test_petition_deadlines_follow_the_secretariats_calendar_corrections(db):
    """Petitions and council drafts count working days on one calendar: a day off the secretariat adds
    (e.g. a Cabinet order) pushes the answer deadline too."""
    from sessions.models import CalendarDay

    monday = datetime.date(2026, 12, 7)
    assert add_working_days(monday, 2) == datetime.date(2026, 12, 9)
    CalendarDay.objects.create(date=datetime.date(2026, 12, 8), kind=CalendarDay.Kind.DAY_OFF)
    assert add_working_days(monday, 2) == datetime.date(2026, 12, 10)
    saturday = datetime.date(2026, 12, 12)
    CalendarDay.objects.create(date=saturday, kind=CalendarDay.Kind.WORKING_DAY)
    assert add_working_days(datetime.date(2026, 12, 11), 1) == saturday


def test_signing_by_id_checks_the_petition_in_the_database(collecting, other_user, resident, category):
    """The API signs by id without loading the petition: the statement itself refuses what does not collect."""
    signed = services.petition_sign(petition=collecting.pk, user=other_user)
    assert signed.signature_count == 1 and signed.status == Status.COLLECTING
    assert signed.signature.name == other_user.full_name
    draft = make_petition(author=resident, category=category, status=Status.DRAFT)
    refused("not_found", services.petition_sign, petition=draft.pk, user=UserFactory())
    refused("not_found", services.petition_sign, petition=10**9, user=UserFactory())
    closed = make_petition(author=resident, category=category, status=Status.NOT_SUPPORTED)
    refused("petition_not_collecting", services.petition_sign, petition=closed.pk, user=UserFactory())
    assert Signature.objects.filter(petition__in=[draft, closed]).count() == 0


def test_a_stale_petition_object_cannot_sign_a_petition_that_moved_on(collecting, other_user):
    """The page loaded the petition while it collected; it was closed meanwhile: the database decides."""
    Petition.objects.filter(pk=collecting.pk).update(status=Status.NOT_SUPPORTED)
    assert collecting.status == Status.COLLECTING
    refused("petition_not_collecting", services.petition_sign, petition=collecting, user=other_user)
    assert Signature.objects.filter(petition=collecting).count() == 0


def test_signers_follow_unless_they_turned_automatic_follows_off(collecting, other_user):
    from participation.models import NotificationSettings

    services.petition_sign(petition=collecting.pk, user=other_user)
    assert Follow.objects.filter(user=other_user, object_id=collecting.pk, reason="signed").count() == 1
    quiet = UserFactory()
    NotificationSettings.objects.create(user=quiet, auto_follow=False)
    services.petition_sign(petition=collecting.pk, user=quiet)
    assert not Follow.objects.filter(user=quiet).exists()


def test_a_refused_second_signature_does_not_follow_again(collecting, other_user):
    """Who signed and then unfollowed stays unfollowed when they try to sign again."""
    from participation.notifications import unfollow

    services.petition_sign(petition=collecting, user=other_user)
    unfollow(other_user, collecting)
    refused("already_signed", services.petition_sign, petition=collecting.pk, user=other_user)
    assert not Follow.objects.filter(user=other_user).exists()


def test_threshold_steps_interrupted_after_the_signature_are_finished_by_the_minute_command(
        resident, category, petition_settings, monkeypatch):
    """The signature that reaches the threshold commits on its own; if its request dies before the deadline, the
    timeline entry and the notices, the every-minute command finishes them, once."""
    from participation.notifications import follow

    petition = make_petition(author=resident, category=category, threshold=1)
    follow(resident, petition)

    def crash(*args, **kwargs):
        raise RuntimeError("worker died")

    monkeypatch.setattr(services, "notify_followers", crash)
    with pytest.raises(RuntimeError):
        services.petition_sign(petition=petition.pk, user=UserFactory())
    petition.refresh_from_db()
    assert (petition.status, petition.signature_count, petition.response_due) == (Status.CONSIDERATION, 1, None)
    assert petition.status_changes.count() == 0
    monkeypatch.undo()
    services.petition_close_expired()
    petition.refresh_from_db()
    assert petition.response_due == add_working_days(timezone.localdate(petition.threshold_reached_at),
                                                     petition_settings.response_working_days)
    assert list(petition.status_changes.values_list("to_status", flat=True)) == [Status.CONSIDERATION]
    assert Notification.objects.filter(user=resident, kind="status").count() == 1
    notices = Notification.objects.count()
    services.petition_close_expired()
    assert petition.status_changes.count() == 1 and Notification.objects.count() == notices


def test_threshold_steps_skip_a_petition_answered_meanwhile(resident, category, petition_settings):
    petition = make_petition(author=resident, category=category, threshold=1)
    Petition.objects.filter(pk=petition.pk).update(status=Status.ANSWERED)
    assert services._threshold_reached(petition.pk, timezone.now()) is False
    petition.refresh_from_db()
    assert petition.response_due is None and petition.status_changes.count() == 0


@pytest.mark.parametrize("name", ["Ivanов Петро", "Петро\u202e Іванов"])
def test_a_name_saved_before_the_name_rules_cannot_sign_or_file(collecting, other_user, category, name):
    other_user.full_name = name
    other_user.save(update_fields=["full_name"])
    with pytest.raises(services.PetitionError) as refused:
        services.petition_sign(petition=collecting, user=other_user)
    assert refused.value.code == "invalid_name" and refused.value.status == 422
    with pytest.raises(services.PetitionError):
        services.petition_save_draft(author=other_user, title="Нова петиція про сквер", text="Текст", category=category)
    assert collecting.signatures.count() == 0
