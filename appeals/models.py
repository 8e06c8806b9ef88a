"""Citizens' appeals (Law "On citizens' appeals"): the city's service catalogue and routing, the index page,
appeals with their history, clarifications, internal notes, photos, and the registration-number counter."""
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Page

from cms.search import words_document
from cms.uploads import PrivateFileField, private_file_url, register_private_files

TEXT_MIN_LENGTH = 20
TEXT_MAX_LENGTH = 10000
# What a resident's search words are looked for in (selectors.filter_appeals, through ``Appeal.search_vector``);
# the registration number is matched whole.
WORD_SEARCH_FIELDS = ("text", "address")


_LABELS: dict[tuple[type, str | None], dict[str, str]] = {}


def choice_labels(choices: type[models.TextChoices]) -> dict[str, str]:
    """``{value: label}`` of ``choices`` in the active language, translated once per language and process: Django's
    ``get_FOO_display()`` hashes every lazy label of the field, one translation each (the list's 20 rows asked ~260
    of them for their status and type)."""
    key = (choices, get_language())
    labels = _LABELS.get(key)
    if labels is None:
        labels = _LABELS[key] = {value: str(label) for value, label in choices.choices}
    return labels


@register_setting(icon="mail")
class AppealSettings(BaseSiteSetting):
    reminder_days = models.PositiveSmallIntegerField(
        _("remind executors, days before the deadline"), default=3,
        validators=[MinValueValidator(1), MaxValueValidator(14)],
        help_text=_("Executors get an e-mail this many days before an appeal's answer is due."))
    auto_close_days = models.PositiveSmallIntegerField(
        _("close answered appeals after, days"), default=30, validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("An answered appeal the author has not rated is closed after this many days."))
    dispatch_email = models.EmailField(
        _("dispatchers' e-mail"), blank=True,
        help_text=_("New appeals without a responsible service and unsatisfied ratings are reported here."))
    region = models.CharField(_("region"), max_length=100, blank=True,
                              help_text=_("For the open data, e.g. «Полтавська область»."))
    district = models.CharField(_("district of the region"), max_length=100, blank=True,
                                help_text=_("For the open data, e.g. «Кременчуцький район»."))
    community = models.CharField(_("territorial community"), max_length=100, blank=True,
                                 help_text=_("For the open data, e.g. «Світлогірська»."))
    settlement = models.CharField(_("settlement"), max_length=100, blank=True,
                                  help_text=_("For the open data: the name only, without «місто», "
                                              "e.g. «Світлогірськ»."))
    katottg = models.CharField(_("KATOTTH code"), max_length=20, blank=True,
                               help_text=_("For the open data, e.g. UA53060250010015970."))

    panels = [
        MultiFieldPanel([FieldPanel("reminder_days"), FieldPanel("auto_close_days"), FieldPanel("dispatch_email")],
                        heading=_("Processing")),
        MultiFieldPanel([FieldPanel("region"), FieldPanel("district"), FieldPanel("community"),
                         FieldPanel("settlement"), FieldPanel("katottg")], heading=_("Open data")),
    ]

    class Meta:
        verbose_name = _("appeal settings")


class Service(models.Model):
    """A city service that answers appeals (a department, a municipal enterprise, the CNAP)."""

    name = models.CharField(_("name"), max_length=255, unique=True,
                            help_text=_("The official name, e.g. «КП «Міськводоканал»»."))
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    edrpou = models.CharField(_("EDRPOU code"), max_length=8, blank=True,
                              help_text=_("Published in the open data as the executor's code."))
    email = models.EmailField(_("e-mail"), blank=True, help_text=_("Reminders of deadlines go here too."))
    group = models.OneToOneField(
        "auth.Group", verbose_name=_("executors' group"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="appeal_service",
        help_text=_("Staff in this group are the service's executors: they see and answer only this service's "
                    "appeals. Add them also to the «Виконавці (служби міста)» role."))
    is_active = models.BooleanField(_("takes appeals"), default=True)

    panels = [FieldPanel("name"), FieldPanel("short_name"), FieldPanel("edrpou"), FieldPanel("email"),
              FieldPanel("group"), FieldPanel("is_active")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("city service")
        verbose_name_plural = _("city services")

    def __str__(self):
        return self.short_name or self.name


class Category(models.Model):
    """A topic of the city's catalogue; it decides the responsible service (the routing staff edit)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("code"), max_length=60, unique=True,
                            help_text=_("Latin letters, e.g. «water»: the Open311 service code and the filter value."))
    description = models.CharField(_("description"), max_length=255, blank=True,
                                   help_text=_("One line that helps residents choose, e.g. «Ями, розмітка, знаки»."))
    service = models.ForeignKey(Service, verbose_name=_("responsible service"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="categories",
                                help_text=_("New appeals of this category go to this service. Empty: the "
                                            "dispatchers assign them by hand."))
    is_active = models.BooleanField(_("offered to residents"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description"), FieldPanel("service"),
              FieldPanel("is_active"), FieldPanel("sort_order")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("appeal category")
        verbose_name_plural = _("appeal categories")

    def __str__(self):
        return self.name


class AppealIndexPage(RoutablePageMixin, Page):
    """«Звернення»: map and list of public appeals, appeal pages, the form, "my appeals", statistics, open data."""

    intro = models.TextField(_("introduction"), blank=True, max_length=1000,
                             help_text=_("A few words on what residents can write about and how fast the city "
                                         "answers."))

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("appeals index")

    def get_sitemap_urls(self, request=None):
        """The list and every public appeal (one query): confidential appeals never appear."""
        from .visibility import public_appeals

        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        if base:
            rows = public_appeals().order_by("-registered_at").values_list("pk", "updated_at")
            urls += [{"location": f"{base}{pk}/", "lastmod": updated} for pk, updated in rows]
        return urls

    @path("")
    def index_route(self, request):
        from . import views

        return views.appeal_list(request, self)

    @path("tochky/")
    def points_route(self, request):
        from . import views

        return views.appeal_points(request, self)

    @re_path(r"^(?P<pk>\d{1,18})/$")
    def detail_route(self, request, pk):
        from . import views

        return views.appeal_detail(request, self, int(pk))

    @re_path(r"^(?P<pk>\d{1,18})/(?P<action>utochnennia|otsinka)/$")
    def author_action_route(self, request, pk, action):
        from . import views

        return views.appeal_author_action(request, self, int(pk), action)

    @path("nove/")
    def create_route(self, request):
        from . import views

        return views.appeal_create(request, self)

    @path("moi/")
    def mine_route(self, request):
        from . import views

        return views.my_appeals(request, self)

    @path("statystyka/")
    def statistics_route(self, request):
        from . import views

        return views.appeal_statistics(request, self)

    @re_path(r"^dani/(?P<fmt>csv|json)/$")
    def open_data_route(self, request, fmt):
        from .opendata import open_data_response

        return open_data_response(request, fmt)


class Appeal(models.Model):
    class Kind(models.TextChoices):
        PROPOSAL = "proposal", _("Proposal")
        STATEMENT = "statement", _("Statement")
        COMPLAINT = "complaint", _("Complaint")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        REGISTERED = "registered", _("Registered")
        ASSIGNED = "assigned", _("Assigned to an executor")
        IN_PROGRESS = "in_progress", _("In progress")
        EXTENDED = "extended", _("Term extended")
        ANSWERED = "answered", _("Answered")
        RATED = "rated", _("Rated by the author")
        CLOSED = "closed", pgettext_lazy("appeal status", "Closed")

    class Channel(models.TextChoices):
        PORTAL = "portal", _("Portal")
        API = "api", _("Mobile app (API)")
        OPEN311 = "open311", _("Open311 application")
        PETITION = "petition", _("Petition without enough signatures")

    OPEN_STATUSES = (Status.REGISTERED, Status.ASSIGNED, Status.IN_PROGRESS, Status.EXTENDED)
    ANSWERED_STATUSES = (Status.ANSWERED, Status.RATED, Status.CLOSED)

    number = models.CharField(_("registration number"), max_length=20, unique=True)
    registered_at = models.DateTimeField(_("registered"), default=timezone.now, db_index=True)
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices, default=Kind.STATEMENT)
    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.PROTECT,
                                 related_name="appeals")
    service = models.ForeignKey(Service, verbose_name=_("responsible service"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="appeals")
    # The council's deputy page (through sessions.interface); the name is kept should the page go.
    deputy = models.ForeignKey("wagtailcore.Page", verbose_name=_("deputy"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    deputy_name = models.CharField(_("deputy's name"), max_length=255, blank=True)
    # The account may be deleted: the appeal stays (the law keeps the file), under the name it was filed with.
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="appeals")
    author_name = models.CharField(_("author's full name"), max_length=255)
    author_email = models.EmailField(_("author's e-mail"))
    text = models.TextField(_("text"), max_length=TEXT_MAX_LENGTH)
    address = models.CharField(_("address"), max_length=255, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    district_name = models.CharField(_("district"), max_length=255, blank=True, db_index=True)
    is_public = models.BooleanField(_("public"), default=True,
                                    help_text=_("Public appeals and their answers are shown on the portal without "
                                                "the author's name; confidential ones only to the author."))
    channel = models.CharField(_("received through"), max_length=10, choices=Channel.choices,
                               default=Channel.PORTAL)
    source_reference = models.CharField(_("source"), max_length=255, blank=True,
                                        help_text=_("E.g. the address of the petition this appeal came from."))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED,
                              db_index=True)
    needs_study = models.BooleanField(_("needs additional study"), default=False)
    due_date = models.DateField(_("answer due by"), null=True, blank=True, db_index=True)
    extended_at = models.DateTimeField(_("term extended"), null=True, blank=True)
    extension_reason = models.TextField(_("reason for the extension"), blank=True, max_length=2000)
    awaiting_clarification = models.BooleanField(_("waiting for the author's clarification"), default=False)
    answer_text = models.TextField(_("answer"), blank=True, max_length=TEXT_MAX_LENGTH)
    answer_documents = models.ManyToManyField("wagtaildocs.Document", verbose_name=_("answer documents"),
                                              blank=True, related_name="+")
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("answered by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    satisfied = models.BooleanField(_("author satisfied"), null=True, blank=True)
    rating_comment = models.TextField(_("author's comment on the answer"), blank=True, max_length=2000)
    rated_at = models.DateTimeField(_("rated"), null=True, blank=True)
    reopen_requested = models.BooleanField(_("author asks to reconsider"), default=False)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    external_id = models.CharField(_("number in the document system"), max_length=100, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Stored, so that a search reads each row's words instead of running the Ukrainian dictionary over them again
    # (a list scanned row by row in its order recomputed it: 0.2-0.4 s a page at 25,000 appeals).
    search_vector = models.GeneratedField(expression=words_document(*WORD_SEARCH_FIELDS),
                                          output_field=SearchVectorField(), db_persist=True)

    class Meta:
        ordering = ["-registered_at", "-pk"]
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        permissions = [
            ("dispatch_appeal", "Can see every appeal, assign, reassign, reopen and close"),
            ("handle_appeal", "Can work on appeals of own service or addressed to oneself"),
            ("integrate_appeal", "Can read the appeals feed and push statuses (document system)"),
            ("submit_open311", "Can submit appeals through Open311 on residents' behalf"),
        ]
        indexes = [models.Index(fields=["is_public", "status", "-registered_at"], name="appeal_public_list"),
                   GinIndex(fields=["search_vector"], name="appeal_search_vector")]
        constraints = [
            models.CheckConstraint(name="appeal_point_complete",
                                   condition=models.Q(latitude__isnull=True, longitude__isnull=True)
                                   | models.Q(latitude__isnull=False, longitude__isnull=False)),
            models.CheckConstraint(name="appeal_one_addressee",
                                   condition=models.Q(service__isnull=True) | models.Q(deputy__isnull=True)),
        ]

    def __str__(self):
        return f"№ {self.number}"

    def get_absolute_url(self) -> str:
        from .selectors import index_url

        return f"{index_url()}{self.pk}/"

    @classmethod
    def visible_queryset(cls, viewer):
        """The one rule (appeals.visibility), as cms.object_visibility asks every model reached by id."""
        from django.contrib.auth.models import AnonymousUser

        from .visibility import visible_appeals

        return visible_appeals(viewer if viewer is not None else AnonymousUser())

    @property
    def status_label(self) -> str:
        return choice_labels(self.Status)[self.status]

    @property
    def kind_label(self) -> str:
        return choice_labels(self.Kind)[self.kind]

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def title(self) -> str:
        """How lists and site search name an appeal (never by its author)."""
        return f"№ {self.number}: {self.category.name}"

    @property
    def summary(self) -> str:
        return self.text if len(self.text) <= 200 else self.text[:200].rsplit(" ", 1)[0] + "…"

    @property
    def visibility_label(self) -> str:
        return str(_("Public") if self.is_public else _("Confidential"))

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def addressee(self) -> str:
        if self.deputy_id or self.deputy_name:
            return self.deputy_name
        return str(self.service) if self.service_id else ""

    @property
    def received_on(self):
        return timezone.localdate(self.registered_at)

    def deadline_state(self, today=None) -> str:
        from .deadlines import deadline_state

        return deadline_state(self, today=today)

    def days_left(self, today=None) -> int | None:
        if not self.is_open or not self.due_date:
            return None
        return (self.due_date - (today or timezone.localdate())).days


class AppealEvent(models.Model):
    """The history of an appeal: every status change and step, in order. Its id is the integration cursor.
    ``public`` steps form the timeline the author (and, for public appeals, everyone) sees."""

    wagtail_reference_index_ignore = True

    class Kind(models.TextChoices):
        CREATED = "created", _("Received")
        STATUS = "status", _("Status changed")
        ASSIGNED = "assigned", _("Responsible service changed")
        CLARIFICATION_REQUESTED = "clarification_requested", _("Clarification requested")
        CLARIFIED = "clarified", _("Author clarified")
        EXTENDED = "extended", _("Term extended")
        ANSWERED = "answered", _("Answered")
        RATED = "rated", _("Rated")
        EXTERNAL = "external", _("Update from the document system")

    appeal = models.ForeignKey(Appeal, verbose_name=_("appeal"), on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    from_status = models.CharField(_("from"), max_length=12, choices=Appeal.Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=12, choices=Appeal.Status.choices)
    at = models.DateTimeField(_("when"), default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True,
                           on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(_("note"), blank=True, max_length=4000)
    public = models.BooleanField(_("shown in the timeline"), default=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("appeal event")
        verbose_name_plural = _("appeal events")

    def __str__(self):
        return f"{self.appeal_id}: {self.kind} → {self.to_status}"


class AppealNote(models.Model):
    """A note between staff; the author never sees it (not in the timeline, the API or the feed)."""

    wagtail_reference_index_ignore = True

    appeal = models.ForeignKey(Appeal, verbose_name=_("appeal"), on_delete=models.CASCADE, related_name="notes")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True,
                           on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("text"), max_length=4000)
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")

    def __str__(self):
        return self.text[:50]


class Clarification(models.Model):
    """The executor asks, the author answers in the portal."""

    appeal = models.ForeignKey(Appeal, verbose_name=_("appeal"), on_delete=models.CASCADE,
                               related_name="clarifications")
    question = models.TextField(_("question"), max_length=2000)
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("asked by"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    asked_at = models.DateTimeField(_("asked"), default=timezone.now)
    answer = models.TextField(_("author's answer"), blank=True, max_length=TEXT_MAX_LENGTH)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["asked_at", "pk"]
        verbose_name = _("clarification")
        verbose_name_plural = _("clarifications")

    def __str__(self):
        return self.question[:50]


@register_private_files(name_field=None)
class AppealPhoto(models.Model):
    """A photo follows its appeal: private storage, served by /faily/ to those who may see the appeal."""

    appeal = models.ForeignKey(Appeal, verbose_name=_("appeal"), on_delete=models.CASCADE, related_name="photos")
    file = PrivateFileField(_("file"), prefix="appeals")
    content_type = models.CharField(_("type"), max_length=30)
    size = models.PositiveIntegerField(_("size, bytes"))
    width = models.PositiveIntegerField(_("width"), default=0)
    height = models.PositiveIntegerField(_("height"), default=0)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self):
        return self.file.name

    def get_absolute_url(self) -> str:
        return private_file_url(self)

    @classmethod
    def visible_queryset(cls, viewer):
        return cls.objects.filter(appeal__in=Appeal.visible_queryset(viewer).values("pk"))


class NumberCounter(models.Model):
    """The last registration number given in a year (row-locked, so numbers never repeat or skip)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("registration counter")

    def __str__(self):
        return f"{self.year}: {self.last}"
