"""Every write of e-petitions: drafts, submission, moderation, signing, thresholds, expiry, answers,
forwarding, invalidation of signatures and removal of signers' e-mails. Each one transaction."""
import datetime
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from cms import pagecache
from cms.confirmation import PublicText, Statement, require_confirmation
from cms.emails import with_signature
from cms.errors import RuleError
from cms.names import name_errors
from cms.ratelimit import count_attempt
from cms.services import user_has_verified_email
from cms.tasks import send_email
from cms.uploads import UploadRejected, check_upload
from cms.webhooks import emit_event
from cms.workdays import add_months, add_working_days
from participation.models import Follow
from participation.notifications import (
    automatic_follow_params,
    automatic_follow_sql,
    follow,
    notify_followers,
    notify_users,
)

from . import selectors
from .models import (
    TEXT_MAX_LENGTH,
    TEXT_MIN_LENGTH,
    TITLE_MAX_LENGTH,
    TITLE_MIN_LENGTH,
    Petition,
    PetitionAttachment,
    PetitionCategory,
    PetitionStatusChange,
    Signature,
    SignatureInvalidation,
    identity_provider_configured,
)
from .webhooks import PETITION_ANSWERED, PETITION_PUBLISHED

Status = Petition.Status
MODERATE = "petitions.moderate_petition"
ANSWER = "petitions.answer_petition"
PROCESS_SIGNATURES = "petitions.process_signatures"

ATTACHMENT_KINDS = {"pdf", "png", "jpeg", "docx", "odt"}  # each read as its format by cms.uploads, not by name
ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024
ATTACHMENT_MAX_FILES = 3


class PetitionError(RuleError):
    """A rule refused the action; ``code`` is stable (API clients rely on it), ``message`` is for people."""

    STATUS = {
        "not_verified": 403, "identity_required": 403, "not_author": 403, "name_required": 422, "invalid_name": 422,
        "already_signed": 409, "petition_not_collecting": 409, "invalid_state": 409, "already_forwarded": 409,
        "rate_limited": 429, "not_found": 404,
        "empty_title": 422, "title_too_short": 422, "title_too_long": 422, "text_too_short": 422,
        "text_too_long": 422, "invalid_category": 422, "rules_not_accepted": 422, "attachment_type": 422,
        "attachment_content": 422,
        "attachment_too_large": 422, "too_many_attachments": 422, "reason_required": 422,
        "invalid_reason": 422, "answer_required": 422, "invalid_outcome": 422, "criteria_required": 422,
        "appeals_email_missing": 422, "appeal_refused": 422, "explanation_too_short": 422,
        "confirmation_required": 428,
    }

REJECTION_TEXT_MIN_LENGTH = 20  # a reason the author can act on, not "ні"


# Rate limits -----------------------------------------------------------------------------------------------

def check_rate(action: str, *, user, ip_address: str | None) -> None:
    """Refuse when the account or the address went over the limit for ``action`` ("sign" or "submit")."""
    limits = settings.PETITIONS_RATE_LIMITS[action]
    checks = [("user", user.pk)] + ([("ip", ip_address)] if ip_address else [])
    keys = {f"petitions:rate:{action}:{scope}:{value}": scope for scope, value in checks}
    counts = count_attempt({key: limits[scope][1] for key, scope in keys.items()})
    if any(counts[key] > limits[scope][0] for key, scope in keys.items()):
        raise PetitionError("rate_limited", _("Too many attempts in a short time. Wait a minute and try again."))


# Who may act -----------------------------------------------------------------------------------------------

def _check_resident(user) -> None:
    if not user.is_authenticated or not user_has_verified_email(user):
        raise PetitionError("not_verified", _("Confirm your e-mail address to create and sign petitions."))
    if not (user.full_name or "").strip():
        raise PetitionError("name_required", _(
            "Add your full name in your profile: the law requires petitions and signatures to carry it."))
    errors = name_errors(user.full_name, min_words=2)
    if errors:  # a name saved before the name rules (or by staff): the petition and signatures would carry it
        raise PetitionError("invalid_name", _("Correct your full name in your profile: %(reason)s")
                            % {"reason": errors[0]})


def _check_identity(user) -> None:
    if not (selectors.petition_settings().signing_requires_identity and identity_provider_configured()):
        return
    if not user.socialaccount_set.filter(provider="openid_connect").exists():
        raise PetitionError("identity_required", _(
            "Signing needs a verified identity: log in through the state identity service first."))


def _require(user, permission: str) -> None:
    if not user.has_perm(permission):
        raise PermissionDenied


# Life cycle ------------------------------------------------------------------------------------------------

def purge_public_pages(petition: Petition) -> None:
    """The petition's page, the index that lists it and the home page's petitions section show its status and
    count: every status change, answer, forwarding and invalidation purges them from the page caches."""
    pagecache.module_purge(paths=[petition.get_absolute_url(), selectors.index_url(), "/"])


def _record(petition: Petition, *, from_status: str, to_status: str, by=None, note: str = "", at=None) -> None:
    purge_public_pages(petition)
    PetitionStatusChange.objects.create(petition=petition, from_status=from_status, to_status=to_status,
                                        by=by, note=note[:500], at=at or timezone.now())
    log(instance=petition, action="petitions.status", user=by,
        data={"from": from_status, "to": to_status, "note": note[:500]})


def _locked(petition: Petition, allowed: set[str]) -> Petition:
    petition = Petition.objects.select_for_update().get(pk=petition.pk)
    if petition.status not in allowed:
        raise PetitionError("invalid_state", _("This action does not apply to the petition in its current status."))
    return petition


def _email(to: list[str], subject: str, body: str) -> None:
    recipients = [address for address in to if address]
    if recipients:
        body = with_signature(body)
        transaction.on_commit(lambda: send_email.enqueue(subject=subject, body=body, to=recipients))


def _absolute(url: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + url


def _in_ukrainian():
    """Residents read Ukrainian, whatever language the member of staff's admin uses."""
    return translation.override(settings.LANGUAGE_CODE)


def _tell_author(petition: Petition, subject: str, body: str) -> None:
    """E-mail the author (the law requires it, whatever their settings) and list it in their notification centre."""
    if petition.author_id:
        _email([petition.author.email], subject, body)
        notify_users([petition.author], petition, kind="status", title=subject, body=body[:1000],
                     url=petition.get_absolute_url(), emailed=True)


# Drafts and submission ---------------------------------------------------------------------------------------

def _clean_title(title: str, *, final: bool) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise PetitionError("empty_title", _("Give the petition a title."))
    if len(title) > TITLE_MAX_LENGTH:
        raise PetitionError("title_too_long", _(
            "The title can be at most %(limit)d characters long; this one has %(length)d."
        ) % {"limit": TITLE_MAX_LENGTH, "length": len(title)})
    if final and len(title) < TITLE_MIN_LENGTH:
        raise PetitionError("title_too_short", _(
            "The title must be at least %(limit)d characters long.") % {"limit": TITLE_MIN_LENGTH})
    return title


def _clean_text(text: str, *, final: bool) -> str:
    text = (text or "").replace("\r\n", "\n").strip()
    if len(text) > TEXT_MAX_LENGTH:
        raise PetitionError("text_too_long", _(
            "The text can be at most %(limit)d characters long; this one has %(length)d."
        ) % {"limit": TEXT_MAX_LENGTH, "length": len(text)})
    if final and len(text) < TEXT_MIN_LENGTH:
        raise PetitionError("text_too_short", _(
            "Describe the demand in at least %(limit)d characters.") % {"limit": TEXT_MIN_LENGTH})
    return text


def _check_attachments(files, existing: int) -> None:
    if existing + len(files) > ATTACHMENT_MAX_FILES:
        raise PetitionError("too_many_attachments", _(
            "A petition can have at most %(limit)d attachments.") % {"limit": ATTACHMENT_MAX_FILES})
    for upload in files:
        if upload.size > ATTACHMENT_MAX_BYTES:  # before reading it
            raise PetitionError("attachment_too_large", _(
                "«%(name)s» is too large: a file can be at most %(limit)d MB."
            ) % {"name": upload.name[:100], "limit": ATTACHMENT_MAX_BYTES // (1024 * 1024)})
        try:
            check_upload(upload, allowed=ATTACHMENT_KINDS)
        except UploadRejected as refusal:
            raise PetitionError(refusal.code, refusal.message)


@transaction.atomic
def petition_save_draft(*, author, title: str, text: str, category: PetitionCategory | None,
                        petition: Petition | None = None, files=(), remove_attachment_ids=(),
                        accept_rules: bool | None = None, ip_address: str | None = None) -> Petition:
    """Create or change a draft (only the author, only while it is a draft); nothing is public yet. The draft
    remembers whether its author accepted the rules (``accept_rules`` None leaves that as it was)."""
    _check_resident(author)
    if petition is not None:
        petition = Petition.objects.select_for_update().get(pk=petition.pk)
        if petition.author_id != author.pk:
            raise PetitionError("not_author", _("Only the author can change this petition."))
        if petition.status != Status.DRAFT:
            raise PetitionError("invalid_state", _("A submitted petition can no longer be changed."))
    else:
        check_rate("submit", user=author, ip_address=ip_address)
    title = _clean_title(title, final=False)
    text = _clean_text(text, final=False)
    if category is None or not PetitionCategory.objects.filter(pk=category.pk).exists():
        raise PetitionError("invalid_category", _("Choose a category."))
    kept = petition.attachments.exclude(pk__in=list(remove_attachment_ids)).count() if petition else 0
    _check_attachments(list(files), kept)
    if petition is None:
        petition = Petition(author=author, status=Status.DRAFT)
    petition.title, petition.text, petition.category = title, text, category
    petition.author_name = author.full_name.strip()
    if accept_rules is not None:
        petition.rules_accepted_at = (petition.rules_accepted_at or timezone.now()) if accept_rules else None
    petition.full_clean()
    petition.save()
    if remove_attachment_ids:
        petition.attachments.filter(pk__in=list(remove_attachment_ids)).delete()
    for upload in files:
        PetitionAttachment.objects.create(petition=petition, file=upload, name=upload.name[:255], size=upload.size)
    return petition


@transaction.atomic
def petition_submit(*, petition: Petition, author, accept_rules: bool = False, ip_address: str | None = None,
                    now: datetime.datetime | None = None) -> Petition:
    """Send a draft to moderation; it must be published or rejected within the publication deadline. The rules
    are accepted now (``accept_rules``) or earlier on the draft."""
    now = now or timezone.now()
    _check_resident(author)
    petition = Petition.objects.select_for_update().get(pk=petition.pk)
    if petition.author_id != author.pk:
        raise PetitionError("not_author", _("Only the author can change this petition."))
    if petition.status != Status.DRAFT:
        raise PetitionError("invalid_state", _("This petition has already been submitted."))
    if not (accept_rules or petition.rules_accepted_at):
        raise PetitionError("rules_not_accepted", _("Accept the rules for petitions to submit yours."))
    petition.rules_accepted_at = petition.rules_accepted_at or now
    _clean_title(petition.title, final=True)
    _clean_text(petition.text, final=True)
    check_rate("submit", user=author, ip_address=ip_address)
    config = selectors.petition_settings()
    petition.status = Status.MODERATION
    petition.author_name = author.full_name.strip()
    petition.submitted_at = now
    petition.publication_due = add_working_days(timezone.localdate(now), config.publication_working_days)
    petition.save()
    _record(petition, from_status=Status.DRAFT, to_status=Status.MODERATION, by=author, at=now)
    follow(author, petition, reason="created")
    return petition


# Moderation --------------------------------------------------------------------------------------------------

def collection_end(start: datetime.datetime, days: int) -> datetime.datetime:
    """Never more than three calendar months, whatever the setting says."""
    return min(start + datetime.timedelta(days=days), add_months(start, 3))


@transaction.atomic
def petition_publish(*, petition: Petition, moderator, now: datetime.datetime | None = None) -> Petition:
    """Publish: collection starts, the author's own signature is the first one."""
    _require(moderator, MODERATE)
    now = now or timezone.now()
    petition = _locked(petition, {Status.MODERATION})
    config = selectors.petition_settings()
    petition.status = Status.COLLECTING
    petition.published_at = now
    petition.collection_ends_at = collection_end(now, config.collection_days)
    petition.signature_threshold = config.signature_threshold
    petition.moderated_by = moderator
    petition.signature_count = 0
    petition.save()
    _record(petition, from_status=Status.MODERATION, to_status=Status.COLLECTING, by=moderator, at=now)
    emit_event(event_type=PETITION_PUBLISHED, obj=petition, data={"api_url": f"/api/v3/petitions/{petition.pk}/"})
    if petition.author_id:
        author = petition.author
        Signature.objects.create(petition=petition, user=author, name=petition.author_name, email=author.email,
                                 email_domain=author.email.rpartition("@")[2].lower(), created_at=now)
        Petition.objects.filter(pk=petition.pk).update(signature_count=F("signature_count") + 1)
        petition.refresh_from_db(fields=["signature_count"])
        with _in_ukrainian():
            _tell_author(petition, _("Your petition is published"), _(
                "Your petition «%(title)s» is published and collects signatures until %(until)s.\n\n%(url)s"
            ) % {"title": petition.title,
                 "until": timezone.localtime(petition.collection_ends_at).strftime("%d.%m.%Y"),
                 "url": _absolute(petition.get_absolute_url())})
    return petition


def petition_reject_statement(*, petition: Petition, reason: str, text: str) -> Statement:
    """What rejecting says in public and to the author; refuses a missing reason or explanation. The same text is
    shown on the confirmation step and then sent, so what staff confirm is what the author reads."""
    if reason not in Petition.RejectionReason.values:
        raise PetitionError("invalid_reason", _("Choose the reason for the rejection."))
    text = (text or "").replace("\x00", "").replace("\r\n", "\n").strip()
    if not text:
        raise PetitionError("reason_required", _("Explain the reason: the author and the public will see it."))
    if len(text) < REJECTION_TEXT_MIN_LENGTH:
        raise PetitionError("explanation_too_short", _(
            "Explain the reason in at least %(limit)d characters: the author must understand what to change."
        ) % {"limit": REJECTION_TEXT_MIN_LENGTH})
    with _in_ukrainian():
        label = str(Petition.RejectionReason(reason).label)
        body = _("Your petition «%(title)s» was not published.\nReason: %(reason)s\n%(text)s") % {
            "title": petition.title, "reason": label, "text": text}
        return Statement(action="petition.reject", authored=(reason, text[:2000]), texts=[
            PublicText(label=_("On the petition's public page"), text=f"{label}. {text}"),
            PublicText(label=_("E-mail and notification to the author"), subject=_("Your petition was rejected"),
                       text=body)])


@transaction.atomic
def petition_reject(*, petition: Petition, moderator, reason: str, text: str = "", confirmation: str | None,
                    now: datetime.datetime | None = None) -> Petition:
    """Reject with a reason and an explanation the author can act on, once the moderator confirmed the text."""
    _require(moderator, MODERATE)
    now = now or timezone.now()
    statement = petition_reject_statement(petition=petition, reason=reason, text=text)
    require_confirmation(statement, confirmation, error=PetitionError)
    text = statement.authored[1]
    petition = _locked(petition, {Status.MODERATION})
    petition.status = Status.REJECTED
    petition.rejection_reason, petition.rejection_text = reason, text
    petition.moderated_by, petition.closed_at = moderator, now
    petition.save()
    _record(petition, from_status=Status.MODERATION, to_status=Status.REJECTED, by=moderator, at=now,
            note=petition.get_rejection_reason_display())
    notice = statement.texts[1]
    _tell_author(petition, notice.subject, notice.text)
    return petition


# Signing -----------------------------------------------------------------------------------------------------

# One statement: the signature row, the +1 on the counter and, for the signature that reaches the threshold,
# the move to consideration commit together or not at all, and the signer follows the petition (its answer reaches
# them) unless they turned automatic follows off. FOR UPDATE locks the petition row first and re-reads
# it, so nobody signs a petition that a concurrent signature has just moved on; the unique constraint decides
# who already signed (ON CONFLICT DO NOTHING). Four round trips became one: this is the busiest write.
_SIGN_SQL = """
WITH collecting AS (
    SELECT id, signature_threshold > 0 AND signature_count + 1 >= signature_threshold AS reached FROM {petition}
    WHERE id = %(petition)s AND status = %(collecting)s AND collection_ends_at > %(now)s
    FOR UPDATE
), new_signature AS (
    INSERT INTO {signature} (petition_id, user_id, name, email, email_domain, ip_address, created_at, is_valid)
    SELECT id, %(user)s, %(name)s, %(email)s, %(domain)s, %(ip)s, %(now)s, TRUE FROM collecting
    ON CONFLICT DO NOTHING
    RETURNING id, petition_id, user_id
), followed AS (
    {follow}
)
UPDATE {petition} AS petition SET
    signature_count = petition.signature_count + 1,
    status = CASE WHEN collecting.reached THEN %(consideration)s ELSE petition.status END,
    threshold_reached_at = CASE WHEN collecting.reached THEN %(now)s ELSE petition.threshold_reached_at END
FROM new_signature JOIN collecting ON collecting.id = new_signature.petition_id
WHERE petition.id = new_signature.petition_id
RETURNING new_signature.id, petition.signature_count, petition.status
"""


def _insert_signature(petition_id: int, user, ip_address: str | None,
                      now: datetime.datetime) -> tuple[Signature, int, str] | None:
    """(signature, count, status), or None when nothing was saved (signed before, or not collecting)."""
    email = user.email or ""
    values = {"user": user.pk, "name": user.full_name.strip(), "email": email,
              "domain": email.rpartition("@")[2].lower(), "ip": ip_address, "now": now,
              "petition": petition_id, "collecting": Status.COLLECTING, "consideration": Status.CONSIDERATION}
    values.update(automatic_follow_params(Petition, reason=Follow.Reason.SIGNED))
    sql = _SIGN_SQL.format(signature=Signature._meta.db_table, petition=Petition._meta.db_table,
                           follow=automatic_follow_sql("(SELECT user_id, petition_id AS object_id FROM new_signature)"))
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        row = cursor.fetchone()
    if row is None:
        return None
    signature_id, count, status = row
    signature = Signature(pk=signature_id, petition_id=petition_id, user=user, name=values["name"], email=email,
                          email_domain=values["domain"], ip_address=ip_address, created_at=now)
    return signature, count, status


def _refusal(petition_id: int, user) -> PetitionError:
    """Why nothing was saved (the rare path, so the look-ups happen only here)."""
    if Signature.objects.filter(petition_id=petition_id, user=user).exists():
        return PetitionError("already_signed", _("You have already signed this petition. A signature cannot be "
                                                 "withdrawn or given twice."))
    if not selectors.public_petitions().filter(pk=petition_id).exists():
        return PetitionError("not_found", _("There is no such petition."))
    return PetitionError("petition_not_collecting", _("This petition is not collecting signatures."))


@dataclass(frozen=True)
class Signed:
    signature: Signature
    signature_count: int  # the exact count right after this signature
    status: str  # "consideration" when this signature reached the threshold


def petition_sign(*, petition: Petition | int, user, ip_address: str | None = None,
                  now: datetime.datetime | None = None) -> Signed:
    """One signature per person: the unique constraint decides; the count changes in the same statement.

    ``petition`` may be an id: the API signs without loading the petition first. A Petition instance gets its
    ``signature_count`` (and ``status`` when the threshold is reached) updated."""
    now = now or timezone.now()
    petition_id = petition if isinstance(petition, int) else petition.pk
    if isinstance(petition, Petition) and petition.status != Status.COLLECTING:
        raise PetitionError("petition_not_collecting", _("This petition is not collecting signatures."))
    _check_resident(user)
    _check_identity(user)
    check_rate("sign", user=user, ip_address=ip_address)
    saved = _insert_signature(petition_id, user, ip_address, now)
    if saved is None:
        raise _refusal(petition_id, user)
    signature, count, status = saved
    if isinstance(petition, Petition):
        petition.signature_count, petition.status = count, status
    if status == Status.CONSIDERATION:  # this signature reached the threshold: only one signature can
        _threshold_reached(petition_id, now)
    return Signed(signature=signature, signature_count=count, status=status)


@transaction.atomic
def _threshold_reached(petition_id: int, now: datetime.datetime) -> bool:
    """After the signature that moved the petition to consideration: the response deadline, the timeline, and the
    news for staff and followers. Idempotent: done once, by whoever comes first — the signing request right after
    its statement, or ``petition_close_expired`` (every minute) if that request died in between."""
    petition = Petition.objects.select_for_update().get(pk=petition_id)
    if petition.status != Status.CONSIDERATION or petition.response_due is not None:
        return False  # done already, or answered meanwhile
    config = selectors.petition_settings()
    due = add_working_days(timezone.localdate(petition.threshold_reached_at or now), config.response_working_days)
    petition.response_due = due
    petition.save(update_fields=["response_due"])
    now = petition.threshold_reached_at or now
    _record(petition, from_status=Status.COLLECTING, to_status=Status.CONSIDERATION, at=now,
            note=_("Threshold reached: %(count)d signatures") % {"count": petition.signature_count})
    url = petition.get_absolute_url()
    title = _("Petition «%(title)s» reached %(count)d signatures") % {"title": petition.title,
                                                                      "count": petition.signature_count}
    body = _("The answer is due by %(date)s.") % {"date": due.strftime("%d.%m.%Y")}
    notify_users(list(selectors.staff_to_notify()), petition, kind="staff", title=title, body=body, url=url)
    notify_followers(petition, kind="status", title=title, body=body, url=url)
    return True


# Deadlines ---------------------------------------------------------------------------------------------------

def petition_close_expired(*, now: datetime.datetime | None = None) -> int:
    """Move petitions whose collection ended to "not enough signatures", and finish the threshold steps of any
    petition whose signing request died before them. Safe to run any number of times."""
    now = now or timezone.now()
    for pk in list(Petition.objects.filter(status=Status.CONSIDERATION, response_due__isnull=True)
                   .values_list("pk", flat=True)):
        _threshold_reached(pk, now)
    closed = 0
    due = Petition.objects.filter(status=Status.COLLECTING, collection_ends_at__lte=now).values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            if not Petition.objects.filter(pk=pk, status=Status.COLLECTING, collection_ends_at__lte=now).update(
                    status=Status.NOT_SUPPORTED, closed_at=now):
                continue  # a concurrent run or the last signature got there first
            petition = Petition.objects.get(pk=pk)
            _record(petition, from_status=Status.COLLECTING, to_status=Status.NOT_SUPPORTED, at=now,
                    note=_("Collection ended with %(count)d of %(needed)d signatures") % {
                        "count": petition.signature_count, "needed": petition.signature_threshold})
            notify_followers(petition, kind="status", url=petition.get_absolute_url(),
                             title=_("Petition «%(title)s» did not gather enough signatures") % {
                                 "title": petition.title})
            closed += 1
    return closed


def _register_as_appeal(petition: Petition, by) -> str:
    """Where the appeals module is installed, the petition becomes a real appeal of its author through the module's
    named interface; returns its registration number ("" without the module)."""
    if not apps.is_installed("appeals"):
        return ""
    from appeals.interface import appeal_from_petition

    try:
        appeal = appeal_from_petition(title=petition.title, text=petition.text, author=petition.author,
                                      author_name=petition.author_name, note=petition.forwarded_note,
                                      source_url=_absolute(petition.get_absolute_url()), by=by)
    except RuleError as error:  # the appeals module's refusal (e.g. no author to answer)
        raise PetitionError("appeal_refused", error.message)
    return appeal.number


def petition_forward_statement(*, petition: Petition, note: str) -> Statement:
    """The e-mails forwarding sends: to the appeals office and to the author."""
    note = (note or "").replace("\x00", "").strip()[:2000]
    with _in_ukrainian():
        office = _("Petition «%(title)s» by %(author)s did not gather enough signatures and is forwarded as an "
                   "ordinary appeal (Law «On citizens' appeals», art. 23-1).\n\n%(text)s\n\n%(note)s\n%(url)s") % {
            "title": petition.title, "author": petition.author_name, "text": petition.text, "note": note,
            "url": _absolute(petition.get_absolute_url())}
        author = _("Your petition «%(title)s» is forwarded to the council's appeals office and will be answered as "
                   "an ordinary appeal.") % {"title": petition.title}
        return Statement(action="petition.forward", authored=(note,), texts=[
            PublicText(label=_("E-mail to the appeals office"), text=office,
                       subject=_("Petition forwarded as an appeal: «%(title)s»") % {"title": petition.title}),
            PublicText(label=_("E-mail and notification to the author"), text=author,
                       subject=_("Your petition is forwarded as an appeal"))])


@transaction.atomic
def petition_forward_as_appeal(*, petition: Petition, by, note: str = "", confirmation: str | None,
                               now: datetime.datetime | None = None) -> Petition:
    """A failed petition becomes an ordinary appeal: registered in the appeals module when it is installed, and
    e-mailed to the appeals office when its address is set (one of the two is needed); recorded."""
    if not (by.has_perm(MODERATE) or by.has_perm(ANSWER)):
        raise PermissionDenied
    now = now or timezone.now()
    address = selectors.petition_settings().appeals_email
    if not address and not apps.is_installed("appeals"):
        raise PetitionError("appeals_email_missing", _(
            "Set the appeals office e-mail in the petition settings first."))
    statement = petition_forward_statement(petition=petition, note=note)
    require_confirmation(statement, confirmation, error=PetitionError)
    petition = _locked(petition, {Status.NOT_SUPPORTED})
    if petition.forwarded_at:
        raise PetitionError("already_forwarded", _("This petition has already been forwarded as an appeal."))
    petition.forwarded_at, petition.forwarded_note = now, statement.authored[0]
    petition.save(update_fields=["forwarded_at", "forwarded_note"])
    number = _register_as_appeal(petition, by)
    recorded = _("Forwarded to the appeals office as an appeal")
    if number:
        recorded = _("Registered as appeal № %(number)s") % {"number": number}
    purge_public_pages(petition)
    PetitionStatusChange.objects.create(petition=petition, from_status=petition.status, to_status=petition.status,
                                        by=by, at=now, note=str(recorded))
    log(instance=petition, action="petitions.forward", user=by, data={"to": address, "appeal": number})
    office, author = statement.texts
    if address:
        _email([address], office.subject, office.text)
    if not number:  # a registered appeal tells its author itself
        _tell_author(petition, author.subject, author.text)
    return petition


# Answers -----------------------------------------------------------------------------------------------------

def petition_answer_statement(*, petition: Petition, text: str, outcome: str) -> Statement:
    """The official answer as the petition's page and its followers' notification will show it."""
    text = (text or "").replace("\x00", "").strip()
    if not text:
        raise PetitionError("answer_required", _("Write the text of the answer."))
    if outcome not in Petition.Outcome.values:
        raise PetitionError("invalid_outcome", _("Choose the outcome: supported, partly or not supported."))
    with _in_ukrainian():
        label = str(Petition.Outcome(outcome).label)
        return Statement(action="petition.answer", authored=(outcome, text), texts=[
            PublicText(label=_("On the petition's public page"), text=f"{label}\n\n{text}"),
            PublicText(label=_("Notification to the signers and followers"), text=text[:1000],
                       subject=_("Answer to the petition «%(title)s»: %(outcome)s") % {
                           "title": petition.title, "outcome": label})])


@transaction.atomic
def petition_answer(*, petition: Petition, official, text: str, outcome: str, confirmation: str | None,
                    decision_url: str = "", documents=(), now: datetime.datetime | None = None) -> Petition:
    """Publish the official answer once the official confirmed its public text; signers and followers hear it."""
    _require(official, ANSWER)
    now = now or timezone.now()
    statement = petition_answer_statement(petition=petition, text=text, outcome=outcome)
    require_confirmation(statement, confirmation, error=PetitionError)
    text = statement.authored[1]
    petition = _locked(petition, {Status.CONSIDERATION})
    petition.status = Status.ANSWERED
    petition.answer_text, petition.answer_outcome = text, outcome
    petition.answer_decision_url = (decision_url or "").strip()
    petition.answered_at, petition.answered_by, petition.closed_at = now, official, now
    petition.full_clean(exclude=["category", "author"])
    petition.save()
    if documents:
        petition.answer_documents.set(documents)
    _record(petition, from_status=Status.CONSIDERATION, to_status=Status.ANSWERED, by=official, at=now,
            note=petition.get_answer_outcome_display())
    emit_event(event_type=PETITION_ANSWERED, obj=petition,
               data={"api_url": f"/api/v3/petitions/{petition.pk}/", "outcome": petition.answer_outcome})
    notice = statement.texts[1]
    notify_followers(petition, kind="answer", url=petition.get_absolute_url(), title=notice.subject,
                     body=notice.text)
    return petition


# Abuse and privacy -------------------------------------------------------------------------------------------

@transaction.atomic
def signatures_invalidate(*, petition: Petition, by, reason: str, ip_address: str | None = None,
                          email_domain: str | None = None, signature_ids=None) -> SignatureInvalidation:
    """Staff strike out signatures (e.g. a burst from one address); the count follows, the act is logged."""
    _require(by, PROCESS_SIGNATURES)
    reason = (reason or "").strip()
    if not reason:
        raise PetitionError("reason_required", _("Give the reason for invalidating the signatures."))
    criteria = {key: value for key, value in {
        "ip_address": ip_address, "email_domain": (email_domain or "").strip().lower() or None,
        "signature_ids": sorted(int(pk) for pk in signature_ids) if signature_ids else None}.items() if value}
    if not criteria:
        raise PetitionError("criteria_required", _(
            "Choose which signatures to invalidate (an IP address, an e-mail domain or a list)."))
    petition = Petition.objects.select_for_update().get(pk=petition.pk)
    signatures = Signature.objects.filter(petition=petition, is_valid=True)
    if "ip_address" in criteria:
        signatures = signatures.filter(ip_address=criteria["ip_address"])
    if "email_domain" in criteria:
        signatures = signatures.filter(email_domain=criteria["email_domain"])
    if "signature_ids" in criteria:
        signatures = signatures.filter(pk__in=criteria["signature_ids"])
    invalidation = SignatureInvalidation.objects.create(petition=petition, reason=reason[:500], criteria=criteria,
                                                        by=by)
    count = signatures.update(is_valid=False, invalidation=invalidation)
    invalidation.count = count
    invalidation.save(update_fields=["count"])
    purge_public_pages(petition)
    Petition.objects.filter(pk=petition.pk).update(signature_count=F("signature_count") - count)
    log(instance=petition, action="petitions.invalidate", user=by,
        data={"count": count, "reason": invalidation.reason, "criteria": criteria})
    return invalidation


def signer_emails_purge(*, now: datetime.datetime | None = None) -> int:
    """Remove signers' e-mails and addresses once the retention period after closing has passed."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=selectors.petition_settings().email_retention_days)
    closed = Petition.objects.filter(closed_at__lte=cutoff).values("pk")
    with transaction.atomic():
        return Signature.objects.filter(petition__in=closed).exclude(email="", ip_address=None, email_domain="") \
            .update(email="", email_domain="", ip_address=None)
