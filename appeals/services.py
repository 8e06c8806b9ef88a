"""Every write of appeals: submission (registration number at once), routing, assignment, work, clarifications,
extension, answers, ratings, reopening, closing, integration updates and reminders. Each one transaction; each
step is recorded in the appeal's history and told to the author by e-mail."""
import datetime
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from cms import maps
from cms.emails import with_signature
from cms.errors import RuleError
from cms.names import clean_full_name
from cms.ratelimit import count_attempt
from cms.services import user_has_verified_email
from cms.tasks import send_email
from cms.uploads import FILE_KINDS, UploadRejected, check_upload
from sessions import interface as council

from . import deadlines, selectors, visibility
from .models import (
    TEXT_MAX_LENGTH,
    TEXT_MIN_LENGTH,
    Appeal,
    AppealEvent,
    AppealNote,
    AppealPhoto,
    Category,
    Clarification,
    NumberCounter,
    Service,
)

Status = Appeal.Status
Kind = AppealEvent.Kind

PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_MAX_FILES = 3
PHOTO_KINDS = {"jpeg", "png", "webp"}
NOTE_MAX_LENGTH = 4000


class AppealError(RuleError):
    """A rule refused the action; ``code`` is stable for API clients, ``message`` is for people."""

    STATUS = {
        "not_verified": 403, "name_required": 422, "not_author": 403, "not_allowed": 403, "not_found": 404,
        "invalid_state": 409, "rate_limited": 429,
        "text_too_short": 422, "text_too_long": 422, "invalid_kind": 422, "invalid_category": 422,
        "invalid_deputy": 422, "invalid_service": 422, "invalid_point": 422, "point_outside_city": 422,
        "photo_type": 422, "photo_too_large": 422, "too_many_photos": 422, "answer_required": 422,
        "question_required": 422, "reason_required": 422, "invalid_extension": 422, "note_required": 422,
        "no_clarification_pending": 409, "already_extended": 409, "invalid_status": 422, "email_required": 422,
    }


# Helpers ---------------------------------------------------------------------------------------------------

# Set while appeals are written that nobody should be e-mailed about (the demo, an import of past appeals).
_quiet: ContextVar[bool] = ContextVar("appeals_quiet", default=False)


@contextmanager
def without_email():
    token = _quiet.set(True)
    try:
        yield
    finally:
        _quiet.reset(token)


def _send_after_commit(*, subject: str, body: str, to: list[str]) -> None:
    if not _quiet.get():
        transaction.on_commit(lambda: send_email.enqueue(subject=subject, body=body, to=to))


def _absolute(url: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + url


def _email_author(appeal: Appeal, subject: str, body: str) -> None:
    """Every step reaches the author by e-mail, after the transaction commits (text already in Ukrainian)."""
    address = appeal.author_email
    if not address:
        return
    _send_after_commit(subject=subject, to=[address],
                       body=with_signature(f"{body}\n\n{_absolute(appeal.get_absolute_url())}"))


def _in_portal_language():
    # Messages for residents are stored and sent in Ukrainian whatever language the staff's admin is in.
    return translation.override(settings.LANGUAGE_CODE)


def _record(appeal: Appeal, *, kind: str, from_status: str, by=None, note: str = "", public: bool = True,
            at=None) -> AppealEvent:
    event = AppealEvent.objects.create(appeal=appeal, kind=kind, from_status=from_status, to_status=appeal.status,
                                       by=by, note=note[:4000], public=public, at=at or timezone.now())
    log(instance=appeal, action="appeals.event", user=by,
        data={"kind": kind, "from": from_status, "to": appeal.status, "note": note[:500]})
    from .integration import emit_event

    emit_event(event)
    return event


def _locked(appeal: Appeal | int, allowed) -> Appeal:
    pk = appeal if isinstance(appeal, int) else appeal.pk
    locked = Appeal.objects.select_for_update().filter(pk=pk).first()
    if locked is None:
        raise AppealError("not_found", _("There is no such appeal."))
    if locked.status not in allowed:
        raise AppealError("invalid_state", _("This action does not apply to the appeal in its current status."))
    return locked


def _require_handler(user, appeal: Appeal) -> None:
    if not visibility.can_handle(user, appeal):
        raise AppealError("not_allowed", _("Only the service or deputy the appeal is addressed to, or a dispatcher, "
                                           "can do this."))


def _require_dispatcher(user) -> None:
    if not visibility.can_dispatch(user):
        raise AppealError("not_allowed", _("Only a dispatcher of appeals can do this."))


def _clean_text(value: str, *, code: str, message: str, limit: int = TEXT_MAX_LENGTH) -> str:
    value = (value or "").replace("\r\n", "\n").replace("\x00", "").strip()
    if not value:
        raise AppealError(code, message)
    if len(value) > limit:
        raise AppealError("text_too_long", _("The text can be at most %(limit)d characters long; this one has "
                                             "%(length)d.") % {"limit": limit, "length": len(value)})
    return value


# Submission ------------------------------------------------------------------------------------------------

def check_author(user) -> str:
    """The law considers no anonymous appeal: a verified account with a full name (at least surname and name,
    checked by the portal's one name validator)."""
    if not user.is_authenticated or not user_has_verified_email(user):
        raise AppealError("not_verified", _("Log in with a confirmed e-mail address to send an appeal."))
    if len((user.full_name or "").split()) < 2:
        raise AppealError("name_required", _("Add your full name (surname, first name and patronymic) in your "
                                             "profile: the law does not consider anonymous appeals."))
    try:
        return clean_full_name(user.full_name)
    except ValidationError as error:
        raise AppealError("name_required", _("Correct your full name in your profile: %(reason)s") % {
            "reason": " ".join(error.messages)})


def clean_point(latitude, longitude) -> tuple[Decimal, Decimal] | tuple[None, None]:
    """Both empty (no point) or both numbers inside the city's box."""
    if latitude in (None, "") and longitude in (None, ""):
        return None, None
    try:
        lat, lon = Decimal(str(latitude).strip().replace(",", ".")), Decimal(str(longitude).strip().replace(",", "."))
        if not (lat.is_finite() and lon.is_finite()):
            raise InvalidOperation
    except (InvalidOperation, ValueError, TypeError):
        raise AppealError("invalid_point", _("Give both latitude and longitude as numbers, e.g. 49.5912 and 34.5531, "
                                             "or leave both empty."))
    if not maps.city_bounds().contains(latitude=float(lat), longitude=float(lon)):  # the portal's one city box
        raise AppealError("point_outside_city", _("The point is outside the city. Choose a place within the city's "
                                                  "boundaries."))
    return lat.quantize(Decimal("0.000001")), lon.quantize(Decimal("0.000001"))


def check_photos(files) -> list[dict]:
    """Photos are checked by reading them as images (the kernel's upload check, not their names): JPEG, PNG or
    WebP, 5 MB at most, three at most."""
    from PIL import Image

    files = list(files)
    if len(files) > PHOTO_MAX_FILES:
        raise AppealError("too_many_photos", _("An appeal can have at most %(limit)d photos.") % {
            "limit": PHOTO_MAX_FILES})
    checked = []
    for upload in files:
        name = (getattr(upload, "name", "") or "")[:100]
        if upload.size > PHOTO_MAX_BYTES:
            raise AppealError("photo_too_large", _("«%(name)s» is too large: a photo can be at most %(limit)d MB.") % {
                "name": name, "limit": PHOTO_MAX_BYTES // (1024 * 1024)})
        try:
            kind = check_upload(upload, allowed=PHOTO_KINDS)
        except UploadRejected as rejection:
            raise AppealError("photo_type", rejection.message)
        with Image.open(upload) as image:  # parsed already: only its size is read here
            width, height = image.width, image.height
        upload.seek(0)
        checked.append({"upload": upload, "content_type": FILE_KINDS[kind][1], "width": width, "height": height})
    return checked


def _next_number(year: int) -> str:
    NumberCounter.objects.get_or_create(year=year)
    counter = NumberCounter.objects.select_for_update().get(year=year)
    counter.last = F("last") + 1
    counter.save(update_fields=["last"])
    counter.refresh_from_db(fields=["last"])
    return f"{year}/{counter.last}"


def _check_rate(user) -> None:
    limit, window = settings.APPEALS_SUBMIT_LIMIT
    key = f"appeals:rate:submit:{user.pk}"
    if count_attempt({key: window})[key] > limit:
        raise AppealError("rate_limited", _("Too many appeals in a short time. Try again in an hour."))


@transaction.atomic
def appeal_submit(*, author, kind: str, category: Category | None, text: str, is_public: bool,
                  deputy_id: int | None = None, latitude=None, longitude=None, address: str = "", photos=(),
                  channel: str = Appeal.Channel.PORTAL, source_reference: str = "", author_name: str | None = None,
                  author_email: str | None = None, owner=None, now: datetime.datetime | None = None) -> Appeal:
    """Receive and register at once: a number and a date, routed to the category's service (or the deputy),
    the due date set, the author told by e-mail.

    ``author_name``/``author_email`` are for Open311 applications and forwarded petitions, submitted on a named
    person's behalf (``author`` is then the submitting account, which never becomes the appeal's author;
    ``owner`` is the person's own portal account, if they have one, so the appeal is in their cabinet)."""
    now = now or timezone.now()
    if author_name is None:
        name = check_author(author)
        email, owner = author.email, author
        _check_rate(author)
    else:
        if len((author_name or "").split()) < 2:
            raise AppealError("name_required", _("Give the author's full name: the law does not consider anonymous "
                                                 "appeals."))
        try:
            name = clean_full_name(author_name)
        except ValidationError as error:
            raise AppealError("name_required", " ".join(error.messages))
        email = (author_email or "").strip()
        try:
            validate_email(email)
        except ValidationError:
            raise AppealError("email_required", _("Give the author's e-mail: the answer is sent there."))
    if kind not in Appeal.Kind.values:
        raise AppealError("invalid_kind", _("Choose the type: proposal, statement or complaint."))
    offered = Category.objects.all() if channel == Appeal.Channel.PETITION else Category.objects.filter(is_active=True)
    if category is None or not offered.filter(pk=category.pk).exists():
        raise AppealError("invalid_category", _("Choose a category from the list."))
    text = (text or "").replace("\r\n", "\n").replace("\x00", "").strip()
    if len(text) < TEXT_MIN_LENGTH:
        raise AppealError("text_too_short", _("Describe the matter in at least %(limit)d characters.") % {
            "limit": TEXT_MIN_LENGTH})
    if len(text) > TEXT_MAX_LENGTH:
        raise AppealError("text_too_long", _("The text can be at most %(limit)d characters long; this one has "
                                             "%(length)d.") % {"limit": TEXT_MAX_LENGTH, "length": len(text)})
    deputy = None
    if deputy_id:
        deputy = council.deputy(int(deputy_id))
        if deputy is None:
            raise AppealError("invalid_deputy", _("Choose a deputy from the list."))
    lat, lon = clean_point(latitude, longitude)
    checked_photos = check_photos(photos)

    category = Category.objects.select_related("service").get(pk=category.pk)
    service = None if deputy else (category.service if category.service and category.service.is_active else None)
    received_on = timezone.localdate(now)
    appeal = Appeal(
        number=_next_number(received_on.year), registered_at=now, kind=kind, category=category, service=service,
        deputy_id=deputy.id if deputy else None, deputy_name=deputy.name if deputy else "",
        author=owner, author_name=name[:255], author_email=email, text=text, address=(address or "").strip()[:255],
        latitude=lat, longitude=lon, is_public=bool(is_public), channel=channel,
        source_reference=(source_reference or "")[:255], status=Status.RECEIVED,
        due_date=deadlines.due_date(received_on, needs_study=False),
        district_name=council.district_name_at(latitude=float(lat), longitude=float(lon)) if lat is not None else "",
    )
    appeal.full_clean(exclude=["answer_documents"])
    appeal.save()
    for photo in checked_photos:
        upload = photo["upload"]
        AppealPhoto.objects.create(appeal=appeal, file=upload, content_type=photo["content_type"], size=upload.size,
                                   width=photo["width"], height=photo["height"])
    with _in_portal_language():
        _record(appeal, kind=Kind.CREATED, from_status="", by=owner, at=now,
                note=str(Appeal.Channel(channel).label))
        appeal.status = Status.REGISTERED
        appeal.save(update_fields=["status"])
        _record(appeal, kind=Kind.STATUS, from_status=Status.RECEIVED, at=now,
                note=_("Registration number %(number)s") % {"number": appeal.number})
        if deputy or service:
            appeal.status = Status.ASSIGNED
            appeal.save(update_fields=["status"])
            _record(appeal, kind=Kind.ASSIGNED, from_status=Status.REGISTERED, at=now, note=appeal.addressee)
        _email_author(appeal, _("Your appeal is registered: № %(number)s") % {"number": appeal.number}, _(
            "Your appeal is registered on %(date)s under number %(number)s.\n"
            "The answer is due by %(due)s (Law of Ukraine «On citizens' appeals», art. 20).") % {
            "date": timezone.localtime(now).strftime("%d.%m.%Y %H:%M"), "number": appeal.number,
            "due": appeal.due_date.strftime("%d.%m.%Y")})
    if not (deputy or service):
        _tell_dispatchers(appeal, _("A new appeal needs a responsible service: № %(number)s") % {
            "number": appeal.number})
    return appeal


def _tell_dispatchers(appeal: Appeal, subject: str) -> None:
    address = selectors.appeal_settings().dispatch_email
    if address:
        _send_after_commit(subject=subject, body=f"{subject}\n\n{_absolute(_admin_url(appeal))}", to=[address])


def _admin_url(appeal: Appeal) -> str:
    from django.urls import reverse

    return reverse("appeals_appeal:edit", args=[appeal.pk])


# Routing and work ------------------------------------------------------------------------------------------

@transaction.atomic
def appeal_assign(*, appeal: Appeal, by, service: Service, note: str = "") -> Appeal:
    """A dispatcher gives the appeal to a service (or moves it to another one); the deadline does not move."""
    _require_dispatcher(by)
    if service is None or not Service.objects.filter(pk=service.pk, is_active=True).exists():
        raise AppealError("invalid_service", _("Choose a service that takes appeals."))
    appeal = _locked(appeal, Appeal.OPEN_STATUSES)
    if appeal.service_id == service.pk and not appeal.deputy_id:
        raise AppealError("invalid_service", _("The appeal is already with this service."))
    previous = appeal.status
    appeal.service, appeal.deputy, appeal.deputy_name = service, None, ""
    if previous == Status.REGISTERED:
        appeal.status = Status.ASSIGNED
    appeal.reminded_at = None
    appeal.save()
    with _in_portal_language():
        _record(appeal, kind=Kind.ASSIGNED, from_status=previous, by=by, note=str(service))
        _email_author(appeal, _("Your appeal № %(number)s is with %(service)s") % {
            "number": appeal.number, "service": service}, _(
            "Your appeal is passed to %(service)s, which will answer it.") % {"service": service.name})
    if note.strip():
        AppealNote.objects.create(appeal=appeal, by=by, text=note.strip()[:NOTE_MAX_LENGTH])
    return appeal


@transaction.atomic
def appeal_start(*, appeal: Appeal, by, needs_study: bool = False) -> Appeal:
    """The executor takes the appeal into work; one that needs additional study gets 30 days instead of 15."""
    _require_handler(by, appeal)
    appeal = _locked(appeal, (Status.ASSIGNED,))
    appeal.status = Status.IN_PROGRESS
    appeal.needs_study = bool(needs_study)
    if not appeal.extended_at:
        appeal.due_date = deadlines.due_date(appeal.received_on, needs_study=appeal.needs_study)
    appeal.save()
    with _in_portal_language():
        note = _("Needs additional study: answer due by %(due)s") if needs_study else _("Answer due by %(due)s")
        _record(appeal, kind=Kind.STATUS, from_status=Status.ASSIGNED, by=by,
                note=note % {"due": appeal.due_date.strftime("%d.%m.%Y")})
        _email_author(appeal, _("Your appeal № %(number)s is being considered") % {"number": appeal.number},
                      _("The executor has taken your appeal into work. The answer is due by %(due)s.") % {
                          "due": appeal.due_date.strftime("%d.%m.%Y")})
    return appeal


@transaction.atomic
def appeal_extend(*, appeal: Appeal, by, until: datetime.date, reason: str) -> Appeal:
    """Extend the term with notice to the author: once, and never past 45 days from receipt in total."""
    _require_handler(by, appeal)
    reason = _clean_text(reason, code="reason_required", message=_("Explain why the term is extended: the author "
                                                                   "receives this explanation."), limit=2000)
    appeal = _locked(appeal, (Status.ASSIGNED, Status.IN_PROGRESS, Status.EXTENDED))
    if appeal.extended_at:
        raise AppealError("already_extended", _("The term of this appeal has already been extended once."))
    latest = deadlines.latest_due_date(appeal.received_on)
    if until is None or until <= appeal.due_date or until > latest:
        raise AppealError("invalid_extension", _(
            "The new date must be after %(due)s and no later than %(latest)s: the law allows 45 days in total.") % {
            "due": appeal.due_date.strftime("%d.%m.%Y"), "latest": latest.strftime("%d.%m.%Y")})
    previous = appeal.status
    appeal.status, appeal.due_date = Status.EXTENDED, until
    appeal.extended_at, appeal.extension_reason, appeal.reminded_at = timezone.now(), reason, None
    appeal.needs_study = True
    appeal.save()
    with _in_portal_language():
        _record(appeal, kind=Kind.EXTENDED, from_status=previous, by=by, note=_("Answer due by %(due)s. %(reason)s") % {
            "due": until.strftime("%d.%m.%Y"), "reason": reason})
        _email_author(appeal, _("The term of your appeal № %(number)s is extended") % {"number": appeal.number}, _(
            "The term of consideration of your appeal is extended to %(due)s.\nReason: %(reason)s") % {
            "due": until.strftime("%d.%m.%Y"), "reason": reason})
    return appeal


@transaction.atomic
def appeal_note_add(*, appeal: Appeal, by, text: str) -> AppealNote:
    """An internal note: staff who handle the appeal see it; the author never does."""
    _require_handler(by, appeal)
    text = _clean_text(text, code="note_required", message=_("Write the note."), limit=NOTE_MAX_LENGTH)
    return AppealNote.objects.create(appeal=appeal, by=by, text=text)


@transaction.atomic
def appeal_request_clarification(*, appeal: Appeal, by, question: str) -> Clarification:
    _require_handler(by, appeal)
    question = _clean_text(question, code="question_required", message=_("Write what the author should clarify."),
                           limit=2000)
    appeal = _locked(appeal, (Status.ASSIGNED, Status.IN_PROGRESS, Status.EXTENDED))
    if not appeal.author_id:
        raise AppealError("invalid_state", _("This appeal came without a portal account: ask the author by e-mail."))
    clarification = Clarification.objects.create(appeal=appeal, question=question, asked_by=by)
    appeal.awaiting_clarification = True
    appeal.save(update_fields=["awaiting_clarification", "updated_at"])
    with _in_portal_language():
        _record(appeal, kind=Kind.CLARIFICATION_REQUESTED, from_status=appeal.status, by=by, note=question)
        _email_author(appeal, _("Please clarify your appeal № %(number)s") % {"number": appeal.number}, _(
            "The executor asks you to clarify your appeal:\n\n%(question)s\n\nAnswer on the appeal's page in your "
            "cabinet.") % {"question": question})
    return clarification


@transaction.atomic
def appeal_clarify(*, appeal: Appeal, author, answer: str) -> Clarification:
    """The author answers the open request for clarification, in the portal."""
    if not visibility.is_author(author, appeal):
        raise AppealError("not_author", _("Only the author of the appeal can clarify it."))
    answer = _clean_text(answer, code="text_too_short", message=_("Write your clarification."))
    appeal = _locked(appeal, Appeal.OPEN_STATUSES)
    clarification = appeal.clarifications.select_for_update().filter(answered_at__isnull=True).last()
    if clarification is None:
        raise AppealError("no_clarification_pending", _("Nobody has asked you to clarify this appeal."))
    clarification.answer, clarification.answered_at = answer, timezone.now()
    clarification.save()
    appeal.awaiting_clarification = appeal.clarifications.filter(answered_at__isnull=True).exists()
    appeal.save(update_fields=["awaiting_clarification", "updated_at"])
    with _in_portal_language():
        _record(appeal, kind=Kind.CLARIFIED, from_status=appeal.status, by=author, note=answer)
    return clarification


# Answer, rating, closing -----------------------------------------------------------------------------------

@transaction.atomic
def appeal_answer(*, appeal: Appeal, by, text: str, documents=(), now: datetime.datetime | None = None) -> Appeal:
    _require_handler(by, appeal)
    text = _clean_text(text, code="answer_required", message=_("Write the text of the answer."))
    now = now or timezone.now()
    appeal = _locked(appeal, (Status.ASSIGNED, Status.IN_PROGRESS, Status.EXTENDED))
    previous = appeal.status
    appeal.status, appeal.answer_text, appeal.answered_at, appeal.answered_by = Status.ANSWERED, text, now, by
    appeal.awaiting_clarification = False
    appeal.reopen_requested = False
    appeal.save()
    if documents:
        appeal.answer_documents.set(documents)
    with _in_portal_language():
        _record(appeal, kind=Kind.ANSWERED, from_status=previous, by=by, at=now)
        _email_author(appeal, _("Answer to your appeal № %(number)s") % {"number": appeal.number}, _(
            "%(text)s\n\nTell us on the appeal's page whether the answer satisfies you.") % {"text": text})
    return appeal


@transaction.atomic
def appeal_rate(*, appeal: Appeal, author, satisfied: bool, comment: str = "", reopen: bool = False) -> Appeal:
    """The author says whether the answer satisfied them; an unsatisfied author may ask to reconsider (a dispatcher
    then decides to reopen it)."""
    if not visibility.is_author(author, appeal):
        raise AppealError("not_author", _("Only the author of the appeal can rate its answer."))
    appeal = _locked(appeal, (Status.ANSWERED,))
    comment = (comment or "").replace("\x00", "").strip()
    if len(comment) > 2000:
        raise AppealError("text_too_long", _("The comment can be at most %(limit)d characters long.") % {
            "limit": 2000})
    appeal.status, appeal.satisfied, appeal.rating_comment = Status.RATED, bool(satisfied), comment
    appeal.rated_at = timezone.now()
    appeal.reopen_requested = bool(reopen) and not satisfied
    appeal.save()
    with _in_portal_language():
        note = _("Satisfied with the answer") if satisfied else _("Not satisfied with the answer")
        if appeal.reopen_requested:
            note += ". " + _("Asks to reconsider")
        _record(appeal, kind=Kind.RATED, from_status=Status.ANSWERED, by=author,
                note=f"{note}. {comment}" if comment else note)
    if appeal.reopen_requested:
        _tell_dispatchers(appeal, _("The author asks to reconsider appeal № %(number)s") % {"number": appeal.number})
    return appeal


@transaction.atomic
def appeal_reopen(*, appeal: Appeal, by, note: str) -> Appeal:
    """A dispatcher sends an answered or rated appeal back to its executor; the term is the law's, from receipt
    (45 days at most), or 10 more days when that has passed."""
    _require_dispatcher(by)
    note = _clean_text(note, code="reason_required", message=_("Explain why the appeal is reopened."), limit=2000)
    appeal = _locked(appeal, (Status.ANSWERED, Status.RATED))
    previous = appeal.status
    appeal.status = Status.ASSIGNED if (appeal.service_id or appeal.deputy_id) else Status.REGISTERED
    appeal.reopen_requested, appeal.reminded_at, appeal.closed_at = False, None, None
    appeal.due_date = max(deadlines.latest_due_date(appeal.received_on), timezone.localdate()
                          + datetime.timedelta(days=10))
    appeal.save()
    with _in_portal_language():
        _record(appeal, kind=Kind.STATUS, from_status=previous, by=by, note=note)
        _email_author(appeal, _("Your appeal № %(number)s is reconsidered") % {"number": appeal.number},
                      _("Your appeal is sent back for a new answer.\n%(note)s") % {"note": note})
    return appeal


@transaction.atomic
def appeal_close(*, appeal: Appeal, by=None, note: str = "", now: datetime.datetime | None = None) -> Appeal:
    """Close an answered or rated appeal (a dispatcher, or the automatic closing when the author does not rate)."""
    if by is not None:
        _require_dispatcher(by)
    appeal = _locked(appeal, (Status.ANSWERED, Status.RATED))
    previous = appeal.status
    appeal.status, appeal.closed_at, appeal.reopen_requested = Status.CLOSED, now or timezone.now(), False
    appeal.save()
    with _in_portal_language():
        _record(appeal, kind=Kind.STATUS, from_status=previous, by=by, note=(note or "").strip())
    return appeal


# Integration (document-management system) -----------------------------------------------------------------

# What a document system may report: the step it took, as a status of ours.
PUSHABLE = {Status.REGISTERED, Status.IN_PROGRESS, Status.ANSWERED, Status.CLOSED}


@transaction.atomic
def appeal_external_update(*, appeal: Appeal | int, by, status: str = "", external_id: str = "",
                           note: str = "", answer_text: str = "") -> Appeal:
    """A status pushed back by the document-management system (its number, in progress, answered, closed)."""
    if not by.has_perm("appeals.integrate_appeal"):
        raise PermissionDenied
    if status and status not in PUSHABLE:
        raise AppealError("invalid_status", _("The status must be one of: %(statuses)s.") % {
            "statuses": ", ".join(sorted(PUSHABLE))})
    pk = appeal if isinstance(appeal, int) else appeal.pk
    locked = Appeal.objects.select_for_update().filter(pk=pk).first()
    if locked is None:
        raise AppealError("not_found", _("There is no such appeal."))
    previous = locked.status
    if external_id:
        locked.external_id = external_id.strip()[:100]
    if status == Status.IN_PROGRESS:
        if previous not in (Status.ASSIGNED, Status.REGISTERED):
            raise AppealError("invalid_state", _("This action does not apply to the appeal in its current status."))
        locked.status = Status.IN_PROGRESS
    elif status == Status.ANSWERED:
        if previous not in (Status.REGISTERED, Status.ASSIGNED, Status.IN_PROGRESS, Status.EXTENDED):
            raise AppealError("invalid_state", _("This action does not apply to the appeal in its current status."))
        answer_text = _clean_text(answer_text, code="answer_required", message=_("Write the text of the answer."))
        locked.status, locked.answer_text, locked.answered_at = Status.ANSWERED, answer_text, timezone.now()
    elif status == Status.CLOSED:
        if previous not in (Status.ANSWERED, Status.RATED):
            raise AppealError("invalid_state", _("This action does not apply to the appeal in its current status."))
        locked.status, locked.closed_at = Status.CLOSED, timezone.now()
    locked.save()
    with _in_portal_language():
        _record(locked, kind=Kind.EXTERNAL, from_status=previous, by=by, note=(note or "").strip()[:2000],
                public=locked.status != previous)
        if locked.status == Status.ANSWERED and previous != Status.ANSWERED:
            _email_author(locked, _("Answer to your appeal № %(number)s") % {"number": locked.number}, _(
                "%(text)s\n\nTell us on the appeal's page whether the answer satisfies you.") % {"text": answer_text})
    return locked


# Deadlines -------------------------------------------------------------------------------------------------

def appeals_send_reminders(*, today: datetime.date | None = None) -> int:
    """E-mail each service (and each executor in its group, each deputy) about its appeals due within the
    reminder period, once per appeal and term. Safe to run any number of times."""
    today = today or timezone.localdate()
    config = selectors.appeal_settings()
    horizon = today + datetime.timedelta(days=config.reminder_days)
    sent = 0
    due = (Appeal.objects.filter(status__in=Appeal.OPEN_STATUSES, due_date__lte=horizon, reminded_at__isnull=True)
           .select_related("service__group").order_by("due_date", "pk"))
    for appeal in due:
        with transaction.atomic():
            if not Appeal.objects.filter(pk=appeal.pk, reminded_at__isnull=True).update(reminded_at=timezone.now()):
                continue
            recipients = set()
            if appeal.service_id:
                if appeal.service.email:
                    recipients.add(appeal.service.email)
                if appeal.service.group_id:
                    recipients.update(address for address in appeal.service.group.user_set.filter(is_active=True)
                                      .values_list("email", flat=True) if address)
            if appeal.deputy_id:
                deputy = council.deputy(appeal.deputy_id)
                if deputy and deputy.email:
                    recipients.add(deputy.email)
            if not recipients:
                continue
            with _in_portal_language():
                late = appeal.due_date < today
                subject = (_("Overdue appeal № %(number)s") if late else _("Appeal № %(number)s is due %(due)s")) % {
                    "number": appeal.number, "due": appeal.due_date.strftime("%d.%m.%Y")}
                body = _("Appeal № %(number)s (%(category)s) must be answered by %(due)s.\n%(url)s") % {
                    "number": appeal.number, "category": appeal.category.name,
                    "due": appeal.due_date.strftime("%d.%m.%Y"), "url": _absolute(_admin_url(appeal))}
            _send_after_commit(subject=subject, body=body, to=sorted(recipients))
            sent += 1
    return sent


def appeals_close_unrated(*, now: datetime.datetime | None = None) -> int:
    """Close answered appeals the author has not rated within the setting's days."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=selectors.appeal_settings().auto_close_days)
    closed = 0
    for pk in list(Appeal.objects.filter(status=Status.ANSWERED, answered_at__lte=cutoff).values_list("pk", flat=True)):
        try:
            appeal_close(appeal=Appeal(pk=pk), now=now, note=_("Closed: the author did not rate the answer"))
        except AppealError:
            continue
        closed += 1
    return closed
