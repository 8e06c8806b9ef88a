"""The directory's rules: importing objects (all or nothing, upsert by external_id), residents' corrections and
their review, and the version number that keeps the cached GeoJSON fresh."""
from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from cms import pagecache
from cms.errors import RuleError
from cms.ratelimit import count_attempt
from cms.search_types import bump_module_search_version

from . import importing
from .models import CityObject, Correction, CorrectionKind, CorrectionStatus

CACHE_VERSION_KEY = "directory:version"
CORRECTION_MAX_LENGTH = 2000
CORRECTION_MIN_LENGTH = 5


class DirectoryError(RuleError):
    """A rule refused the action; ``code`` is stable (API clients rely on it), ``message`` is for people."""

    STATUS = {"invalid_file": 400, "invalid_rows": 400, "not_verified": 403, "rate_limited": 429,
              "invalid_kind": 422, "text_too_short": 422, "text_too_long": 422, "already_decided": 409,
              "not_found": 404}

    def __init__(self, code: str, message: str, lines: list[str] | None = None):
        super().__init__(code, message, errors=[{"msg": line} for line in lines] if lines else None)
        self.lines = lines or []


# Cache ----------------------------------------------------------------------------------------------------------

def data_version() -> int:
    """A number that changes whenever objects or categories change: part of every cache key and ETag."""
    version = cache.get(CACHE_VERSION_KEY)
    if version is None:
        version = int(timezone.now().timestamp() * 1000)
        cache.add(CACHE_VERSION_KEY, version, None)
        version = cache.get(CACHE_VERSION_KEY, version)
    return version


def data_changed() -> None:
    """Called after every write to objects or categories (signals, and bulk imports, which send none): the map data
    kept under the version, and the directory's pages kept for anonymous readers and in the HTTP cache in front
    (cms.pagecache purges at once and again after the commit)."""
    try:
        cache.incr(CACHE_VERSION_KEY)
    except ValueError:  # not set yet (or evicted): any new value invalidates the old keys
        cache.set(CACHE_VERSION_KEY, int(timezone.now().timestamp() * 1000), None)
    _purge_directory_pages()


def _purge_directory_pages() -> None:
    # Read afresh, not through selectors.directory_url: a change made before the page exists must not keep "".
    from .selectors import directory_page

    page = directory_page()
    if page is not None and page.url:
        pagecache.module_purge(trees=[page.url])


# Import ---------------------------------------------------------------------------------------------------------

def directory_import(*, data: bytes, filename: str, user=None) -> importing.ImportResult:
    """Import objects from CSV, XLSX or GeoJSON: every row is checked first; all rows are saved or none."""
    try:
        rows = importing.read_rows(data, filename)
        objects = importing.validate_rows(rows, geojson=(filename or "").lower().endswith((".geojson", ".json")))
    except importing.ImportRefused as refusal:
        raise DirectoryError("invalid_rows" if refusal.lines else "invalid_file", refusal.message, refusal.lines)
    with transaction.atomic():
        result = importing.save_objects(objects)
        if user is not None:
            log(instance=objects[0], action="directory.import", user=user,
                data={"created": result.created, "updated": result.updated, "file": filename})
        transaction.on_commit(data_changed)
        # A bulk upsert sends no save signals: site search's hits kept for anonymous readers are renewed here.
        bump_module_search_version()
    return result


# Corrections ----------------------------------------------------------------------------------------------------

def _client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


def correction_suggest(*, city_object: CityObject, user, kind: str, text: str, ip_address: str | None = None
                       ) -> Correction:
    """A resident with a confirmed e-mail tells staff what is wrong with a published object."""
    from allauth.account.models import EmailAddress

    if not EmailAddress.objects.filter(user=user, verified=True).exists():
        raise DirectoryError("not_verified", _("Confirm your e-mail address before you send corrections."))
    if kind not in CorrectionKind.values:
        raise DirectoryError("invalid_kind", _("Choose what is wrong."))
    text = (text or "").strip()
    if len(text) < CORRECTION_MIN_LENGTH:
        raise DirectoryError("text_too_short", _("Write what should be corrected."))
    if len(text) > CORRECTION_MAX_LENGTH:
        raise DirectoryError("text_too_long", _("The correction is too long (at most %(limit)s characters).")
                             % {"limit": CORRECTION_MAX_LENGTH})
    limit, window = settings.DIRECTORY_CORRECTION_RATE_LIMIT
    keys = {f"directory:corrections:user:{user.pk}": window}
    if ip_address:
        keys[f"directory:corrections:ip:{ip_address}"] = window
    if any(count > limit for count in count_attempt(keys).values()):
        raise DirectoryError("rate_limited", _("You have sent many corrections. Try again later."))
    with transaction.atomic():
        correction = Correction(city_object=city_object, author=user, kind=kind, text=text)
        correction.full_clean()
        correction.save()
    return correction


def _decide(*, correction: Correction, user, status: str, note: str) -> Correction:
    with transaction.atomic():
        correction = Correction.objects.select_for_update().select_related("city_object").get(pk=correction.pk)
        if correction.status != CorrectionStatus.PENDING:
            raise DirectoryError("already_decided", _("This correction has already been decided."))
        correction.status, correction.staff_note = status, (note or "").strip()
        correction.decided_by, correction.decided_at = user, timezone.now()
        correction.save(update_fields=["status", "staff_note", "decided_by", "decided_at"])
        log(instance=correction, action=f"directory.correction.{status}", user=user)
    return correction


def correction_accept(*, correction: Correction, user, note: str = "") -> Correction:
    """Staff confirm the correction (having fixed the object): the object counts as checked today."""
    with transaction.atomic():
        correction = _decide(correction=correction, user=user, status=CorrectionStatus.ACCEPTED, note=note)
        CityObject.objects.filter(pk=correction.city_object_id).update(last_checked=timezone.localdate(),
                                                                        updated_at=timezone.now())
        transaction.on_commit(data_changed)
    return correction


def correction_reject(*, correction: Correction, user, note: str = "") -> Correction:
    return _decide(correction=correction, user=user, status=CorrectionStatus.REJECTED, note=note)
