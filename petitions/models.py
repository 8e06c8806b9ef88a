"""E-petitions (Law "On citizens' appeals", art. 23-1): settings, categories, the index page, petitions,
their status timeline, attachments, signatures and bulk invalidations of signatures."""
import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Page

from cms import pagecache
from cms.names import validate_full_name
from cms.search import SEARCH_CONFIG, ukrainian_search_fields
from cms.uploads import PrivateFileField, private_file_url, register_private_files
from participation.discussion import POST_MODERATION, Discussion

TITLE_MAX_LENGTH = 200
TITLE_MIN_LENGTH = 10
TEXT_MAX_LENGTH = 5000
TEXT_MIN_LENGTH = 100
# The law caps signature collection at three months; 92 days is the longest three calendar months.
MAX_COLLECTION_DAYS = 92


def identity_provider_configured() -> bool:
    """An OpenID Connect provider (state identity service) is set up through allauth.socialaccount."""
    if "allauth.socialaccount.providers.openid_connect" not in settings.INSTALLED_APPS:
        return False
    providers = getattr(settings, "SOCIALACCOUNT_PROVIDERS", {}).get("openid_connect", {})
    return bool(providers.get("APPS"))


@register_setting(icon="form")
class PetitionSettings(BaseSiteSetting):
    signature_threshold = models.PositiveIntegerField(
        _("signatures needed"), default=250, validators=[MinValueValidator(1), MaxValueValidator(1_000_000)],
        help_text=_("How many signatures a petition needs to be considered (set by the community's charter)."),
    )
    collection_days = models.PositiveSmallIntegerField(
        _("collection period, days"), default=90,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_COLLECTION_DAYS)],
        help_text=_("How long signatures are collected after publication; the law allows at most three months."),
    )
    publication_working_days = models.PositiveSmallIntegerField(
        _("publication deadline, working days"), default=2, validators=[MinValueValidator(1), MaxValueValidator(2)],
        help_text=_("A submitted petition must be published (or rejected) within this many working days."),
    )
    response_working_days = models.PositiveSmallIntegerField(
        _("response deadline, working days"), default=10, validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("A petition that reached the threshold must be answered within this many working days."),
    )
    list_rejected = models.BooleanField(
        _("list rejected petitions publicly"), default=True,
        help_text=_("Rejected petitions stay visible with the reason for rejection."),
    )
    comments_enabled = models.BooleanField(
        _("comments on petitions"), default=True,
        help_text=_("Residents with a confirmed e-mail can discuss published petitions."),
    )
    signing_requires_identity = models.BooleanField(
        _("signing needs a verified identity"), default=False,
        help_text=_("Signers must log in through the state identity service (OpenID Connect). "
                    "Can be turned on only when such a provider is configured; otherwise a confirmed e-mail "
                    "is enough."),
    )
    email_retention_days = models.PositiveSmallIntegerField(
        _("keep signers' e-mails, days"), default=365, validators=[MinValueValidator(1), MaxValueValidator(3650)],
        help_text=_("After a petition is closed, signers' e-mails are kept this long and then removed; "
                    "names stay public as the law requires."),
    )
    appeals_email = models.EmailField(
        _("appeals office e-mail"), blank=True,
        help_text=_("A petition that did not gather enough signatures can be forwarded here as an ordinary appeal."),
    )
    authority_code = models.CharField(
        _("council's EDRPOU code"), max_length=10, blank=True,
        help_text=_("Published with the open data on petitions (authorityId), e.g. 01234567."),
    )
    authority_katottg = models.CharField(
        _("KATOTTH code of the community"), max_length=20, blank=True,
        help_text=_("Published with the open data on petitions (authorityCattutc), e.g. UA32140050000046018."),
    )

    panels = [
        MultiFieldPanel([FieldPanel("signature_threshold"), FieldPanel("collection_days")],
                        heading=_("Signatures")),
        MultiFieldPanel([FieldPanel("publication_working_days"), FieldPanel("response_working_days")],
                        heading=_("Deadlines")),
        MultiFieldPanel([FieldPanel("list_rejected"), FieldPanel("comments_enabled"),
                         FieldPanel("signing_requires_identity"), FieldPanel("email_retention_days"),
                         FieldPanel("appeals_email")], heading=_("Rules")),
        MultiFieldPanel([FieldPanel("authority_code"), FieldPanel("authority_katottg")], heading=_("Open data")),
    ]

    class Meta:
        verbose_name = _("petition settings")

    def clean(self):
        super().clean()
        if self.signing_requires_identity and not identity_provider_configured():
            raise ValidationError({"signing_requires_identity": _(
                "No identity provider (OpenID Connect) is configured on this portal, so a confirmed e-mail "
                "is the only check available."
            )})


class PetitionCategory(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True,
                            help_text=_("Latin letters for the address, e.g. «transport»."))

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("petition category")
        verbose_name_plural = _("petition categories")

    def __str__(self):
        return self.name


class PetitionIndexPage(RoutablePageMixin, Page):
    """«Електронні петиції»: list, petition pages, submission, "my petitions" and open data."""

    intro = models.TextField(_("introduction"), blank=True, max_length=1000,
                             help_text=_("A few words on how petitions work in the city."))
    rules = models.TextField(
        _("rules for authors"), blank=True, max_length=5000,
        help_text=_("What a petition may and may not ask for; authors accept these rules before submitting."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("rules")]
    # The petitions themselves are residents' submissions, not pages: /api/v3/petitions/ (docs/api.md).
    api_fields = [APIField("intro"), APIField("rules")]
    search_fields = ukrainian_search_fields(Page.search_fields)
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("petitions index")

    def get_sitemap_urls(self, request=None):
        """The list and every public petition (one query), so search engines and residents' searches find them."""
        from .selectors import public_petitions

        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        if base:
            petitions = public_petitions().select_related(None).only("pk", "published_at").order_by("-published_at")
            urls += [{"location": f"{base}{petition.pk}/", "lastmod": petition.published_at} for petition in petitions]
        return urls

    @path("")
    def index_route(self, request):
        from . import views

        return views.petition_list(request, self)

    @re_path(r"^(?P<pk>\d{1,18})/$")
    def detail_route(self, request, pk):
        from . import views

        return views.petition_detail(request, self, int(pk))

    @re_path(r"^(?P<pk>\d{1,18})/pidpysaty/$")
    def sign_route(self, request, pk):
        from . import views

        return views.petition_sign_view(request, self, int(pk))

    @path("nova/")
    def create_route(self, request):
        from . import views

        return views.petition_edit(request, self, None)

    @re_path(r"^(?P<pk>\d{1,18})/redaguvaty/$")
    def edit_route(self, request, pk):
        from . import views

        return views.petition_edit(request, self, int(pk))

    @path("moi/")
    def mine_route(self, request):
        from . import views

        return views.my_petitions(request, self)


class Petition(Discussion, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("petition status", "Draft")
        MODERATION = "moderation", _("Under moderation")
        COLLECTING = "collecting", _("Collecting signatures")
        CONSIDERATION = "consideration", _("Under consideration")
        NOT_SUPPORTED = "not_supported", _("Not enough signatures")
        ANSWERED = "answered", _("Answered")
        REJECTED = "rejected", pgettext_lazy("petition status", "Rejected")

    class RejectionReason(models.TextChoices):
        OUTSIDE_POWERS = "outside_powers", _("Outside the council's powers")
        DUPLICATE = "duplicate", _("Duplicates a petition already collecting signatures")
        UNLAWFUL = "unlawful", _("Calls for unlawful actions or hatred")
        OFFENSIVE = "offensive", _("Offensive language")
        UNCLEAR = "unclear", _("No clear demand")
        ADVERTISING = "advertising", _("Advertising or spam")
        OTHER = "other", _("Other reason")

    class Outcome(models.TextChoices):
        SUPPORTED = "supported", _("Supported")
        PARTLY = "partly", _("Partly supported")
        NOT_SUPPORTED = "not_supported", _("Not supported")

    PUBLIC_STATUSES = (Status.COLLECTING, Status.CONSIDERATION, Status.NOT_SUPPORTED, Status.ANSWERED,
                       Status.REJECTED)

    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    text = models.TextField(_("text"), max_length=TEXT_MAX_LENGTH)
    category = models.ForeignKey(PetitionCategory, verbose_name=_("category"), on_delete=models.PROTECT,
                                 related_name="petitions")
    # Deleting an account keeps the petition public under the name it was filed with.
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="petitions")
    author_name = models.CharField(_("author's full name"), max_length=255, validators=[validate_full_name])
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT,
                              db_index=True)
    signature_count = models.PositiveIntegerField(_("signatures"), default=0)
    signature_threshold = models.PositiveIntegerField(_("signatures needed"), default=0)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    rules_accepted_at = models.DateTimeField(_("rules accepted"), null=True, blank=True,
                                             help_text=_("When the author ticked «I accept the rules» on the draft."))
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    publication_due = models.DateField(_("publish by"), null=True, blank=True)
    published_at = models.DateTimeField(_("collection started"), null=True, blank=True, db_index=True)
    collection_ends_at = models.DateTimeField(_("collection ends"), null=True, blank=True, db_index=True)
    threshold_reached_at = models.DateTimeField(_("threshold reached"), null=True, blank=True)
    response_due = models.DateField(_("answer by"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    rejection_reason = models.CharField(_("reason for rejection"), max_length=20, blank=True,
                                        choices=RejectionReason.choices)
    rejection_text = models.TextField(_("explanation of the rejection"), blank=True, max_length=2000)
    moderated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("moderator"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    answer_text = models.TextField(_("official answer"), blank=True)
    answer_outcome = models.CharField(_("outcome"), max_length=16, blank=True, choices=Outcome.choices)
    answer_decision_url = models.URLField(_("draft decision"), blank=True)
    answer_documents = models.ManyToManyField("wagtaildocs.Document", verbose_name=_("answer documents"),
                                              blank=True, related_name="+")
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("answered by"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    forwarded_at = models.DateTimeField(_("forwarded as an appeal"), null=True, blank=True)
    forwarded_note = models.TextField(_("forwarding note"), blank=True, max_length=2000)

    comments = GenericRelation("participation.Comment", related_query_name="petition")
    # Stored, so site search reads it instead of running the Ukrainian dictionary over every petition per query.
    search_vector = models.GeneratedField(
        expression=SearchVector("title", config=SEARCH_CONFIG, weight="A")
        + SearchVector("text", config=SEARCH_CONFIG, weight="B"),
        output_field=SearchVectorField(), db_persist=True)

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")
        permissions = [
            ("moderate_petition", "Can publish and reject petitions"),
            ("answer_petition", "Can publish official answers to petitions"),
            ("process_signatures", "Can see, export and invalidate signatures"),
        ]
        indexes = [models.Index(fields=["status", "-published_at"], name="petition_status_published"),
                   GinIndex(fields=["search_vector"], name="petition_search_vector")]
        constraints = [
            models.CheckConstraint(condition=models.Q(signature_count__gte=0), name="petition_count_not_negative"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        from .selectors import index_url

        return f"{index_url()}{self.pk}/"

    comment_moderation = POST_MODERATION

    @classmethod
    def visible_queryset(cls, viewer):
        from .selectors import visible_petitions

        return visible_petitions(viewer)

    @property
    def comments_enabled(self) -> bool:
        from .selectors import petition_settings

        return self.status in self.PUBLIC_STATUSES and self.status != self.Status.REJECTED \
            and petition_settings().comments_enabled

    @property
    def comments_closed(self) -> bool:
        return self.status in (self.Status.ANSWERED, self.Status.NOT_SUPPORTED)

    @property
    def uid(self) -> str:
        """The open-data identifier: date of submission and number (e.g. 2026-03-04-17)."""
        moment = timezone.localtime(self.submitted_at or self.created_at)
        return f"{moment:%Y-%m-%d}-{self.pk}"

    @property
    def is_public(self) -> bool:
        return self.status in self.PUBLIC_STATUSES

    @property
    def is_collecting(self) -> bool:
        return self.status == self.Status.COLLECTING

    @property
    def progress_percent(self) -> int:
        if not self.signature_threshold:
            return 0
        return min(100, self.signature_count * 100 // self.signature_threshold)

    def days_left(self, now: datetime.datetime | None = None) -> int | None:
        if self.status != self.Status.COLLECTING or not self.collection_ends_at:
            return None
        remaining = self.collection_ends_at - (now or timezone.now())
        return max(0, remaining.days + (1 if remaining.seconds else 0))

    def days_left_changes_at(self, now: datetime.datetime | None = None) -> datetime.datetime | None:
        """When ``days_left()`` next shows one day fewer: a page showing it is kept by the page caches until then
        (cms.pagecache.changes_at). None when nothing is counted (the end itself turns the status over by a save,
        which purges)."""
        left = self.days_left(now)
        if not left:
            return None
        # It shows k while more than k - 1 days and a second remain (a part of a second counts as nothing).
        return self.collection_ends_at - datetime.timedelta(days=left - 1, seconds=1, microseconds=-1)

    def clock_changes_at(self, now: datetime.datetime | None = None) -> datetime.datetime | None:
        """The next moment the petition's page reads differently by the clock alone: a day fewer left to sign, or
        (while it is considered) a working day fewer left for the answer, counted from local midnight."""
        now = now or timezone.now()
        moments = [self.days_left_changes_at(now)]
        if self.response_working_days_left(timezone.localdate(now)) is not None:
            moments.append(pagecache.next_local_midnight(now))
        return min(filter(None, moments), default=None)

    def response_working_days_left(self, today: datetime.date | None = None) -> int | None:
        from cms.workdays import working_days_between

        if self.status != self.Status.CONSIDERATION or not self.response_due:
            return None
        return working_days_between(today or timezone.localdate(), self.response_due)

    def get_discussion_url(self) -> str:
        return self.get_absolute_url()


def attachment_path(instance, filename: str) -> str:
    """The old, guessable place of attachments (kept for migrations 0001-0003)."""
    return f"petitions/{timezone.now():%Y/%m}/{filename}"


@register_private_files
class PetitionAttachment(models.Model):
    """A file of a petition: in private storage under a random name, downloadable by whoever may see the petition."""

    petition = models.ForeignKey(Petition, verbose_name=_("petition"), on_delete=models.CASCADE,
                                 related_name="attachments")
    file = PrivateFileField(_("file"), prefix="petitions")
    name = models.CharField(_("name"), max_length=255)
    size = models.PositiveIntegerField(_("size, bytes"))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.name

    @classmethod
    def visible_queryset(cls, viewer):
        """An attachment is seen by whoever may see its petition (selectors.visible_petitions)."""
        from .selectors import visible_petitions

        return cls.objects.filter(petition__in=visible_petitions(viewer).values("pk"))

    @property
    def url(self) -> str:
        return private_file_url(self)


class PetitionStatusChange(models.Model):
    """The public timeline of a petition: every status it went through, when and (for staff) by whom."""
    # Records, not content: Wagtail's reference index would add two queries to every signature.
    wagtail_reference_index_ignore = True


    petition = models.ForeignKey(Petition, verbose_name=_("petition"), on_delete=models.CASCADE,
                                 related_name="status_changes")
    from_status = models.CharField(_("from"), max_length=16, choices=Petition.Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=16, choices=Petition.Status.choices)
    at = models.DateTimeField(_("when"), default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True,
                           on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self):
        return f"{self.petition_id}: {self.from_status} → {self.to_status}"


class SignatureInvalidation(models.Model):
    # Records, not content: Wagtail's reference index would add two queries to every signature.
    wagtail_reference_index_ignore = True

    petition = models.ForeignKey(Petition, verbose_name=_("petition"), on_delete=models.CASCADE,
                                 related_name="invalidations")
    reason = models.CharField(_("reason"), max_length=500)
    criteria = models.JSONField(_("criteria"), default=dict, blank=True)
    count = models.PositiveIntegerField(_("signatures invalidated"), default=0)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True,
                           on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("invalidation of signatures")
        verbose_name_plural = _("invalidations of signatures")

    def __str__(self):
        return f"{self.petition_id}: {self.count} — {self.reason}"


class Signature(models.Model):
    # Records, not content: Wagtail's reference index would add two queries to every signature.
    wagtail_reference_index_ignore = True

    # No index of its own: the one-signature constraint (petition, user) serves look-ups by petition, and every
    # index is one more write per signature.
    petition = models.ForeignKey(Petition, verbose_name=_("petition"), on_delete=models.CASCADE,
                                 related_name="signatures", db_index=False)
    # The account may be deleted later: the signature (name, date) stays, as the law keeps the list public.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("signer"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="petition_signatures")
    name = models.CharField(_("full name"), max_length=255, validators=[validate_full_name])
    # Kept for the procedure only, never shown publicly, removed after the retention period.
    email = models.EmailField(_("e-mail"), blank=True)
    email_domain = models.CharField(_("e-mail domain"), max_length=255, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    created_at = models.DateTimeField(_("signed"), default=timezone.now)
    is_valid = models.BooleanField(_("valid"), default=True)
    invalidation = models.ForeignKey(SignatureInvalidation, verbose_name=_("invalidated by"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="signatures")

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [models.UniqueConstraint(fields=["petition", "user"], name="one_signature_per_user")]
        indexes = [models.Index(fields=["petition", "is_valid", "created_at"], name="signature_public_list"),
                   # Bursts per e-mail domain; equality only, so no LIKE index beside it.
                   models.Index(fields=["email_domain"], name="signature_email_domain")]

    def __str__(self):
        return f"{self.name} → {self.petition_id}"


def _forget_cached_settings(**kwargs):
    from django.core.cache import cache

    cache.delete_many(["petitions:settings", "petitions:index-url"])


models.signals.post_save.connect(_forget_cached_settings, sender=PetitionSettings,
                                 dispatch_uid="petitions_settings_saved")
models.signals.post_save.connect(_forget_cached_settings, sender=PetitionIndexPage,
                                 dispatch_uid="petitions_index_saved")
