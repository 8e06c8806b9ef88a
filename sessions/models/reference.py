"""Reference data the secretariat manages: convocations, factions, committees, districts, departments, calendar."""
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable
from wagtail.search import index

from ..geo import GeoJSONError, parse_boundary

EDRPOU_VALIDATOR = RegexValidator(r"^\d{8}$", _("The EDRPOU code has exactly 8 digits."))


class Convocation(models.Model):
    number = models.PositiveSmallIntegerField(_("number"), unique=True, help_text=_("E.g. 8 for the VIII convocation."))
    label = models.CharField(_("label"), max_length=100, help_text=_("As it is written, e.g. «VIII скликання»."))
    date_from = models.DateField(_("start date"))
    date_until = models.DateField(_("end date"), null=True, blank=True,
                                  help_text=_("Leave empty while the convocation is working."))
    is_current = models.BooleanField(_("current"), default=False,
                                     help_text=_("The convocation now working; only one can be current."))

    panels = [FieldPanel("number"), FieldPanel("label"), FieldPanel("date_from"), FieldPanel("date_until"),
              FieldPanel("is_current")]

    class Meta:
        ordering = ["-number"]
        verbose_name = _("convocation")
        verbose_name_plural = _("convocations")
        constraints = [models.UniqueConstraint(fields=["is_current"], condition=models.Q(is_current=True),
                                               name="council_one_current_convocation")]

    def __str__(self):
        return self.label

    @property
    def uid(self) -> str:
        return str(self.number)

    def clean(self):
        if self.date_until and self.date_from and self.date_until < self.date_from:
            raise ValidationError({"date_until": _("The end date cannot be before the start date.")})
        if self.is_current and Convocation.objects.filter(is_current=True).exclude(pk=self.pk).exists():
            raise ValidationError({"is_current": _("Another convocation is already marked as current.")})


class Faction(index.Indexed, models.Model):
    convocation = models.ForeignKey(Convocation, verbose_name=_("convocation"), on_delete=models.PROTECT,
                                    related_name="factions")
    name = models.CharField(_("name"), max_length=255, help_text=_("The full name, e.g. «Фракція партії …»."))
    short_name = models.CharField(_("short name"), max_length=60, blank=True,
                                  help_text=_("Shown in vote tables; the full name is used when empty."))
    slug = models.SlugField(_("slug"), max_length=80, help_text=_("Latin letters for the address and filters."))
    party_name = models.CharField(_("party"), max_length=255, blank=True,
                                  help_text=_("The local party organisation that nominated its members."))

    panels = [FieldPanel("convocation"), FieldPanel("name"), FieldPanel("short_name"), FieldPanel("slug"),
              FieldPanel("party_name")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("faction")
        verbose_name_plural = _("factions")
        constraints = [models.UniqueConstraint(fields=["convocation", "slug"], name="council_faction_slug"),
                       models.UniqueConstraint(fields=["convocation", "name"], name="council_faction_name")]

    def __str__(self):
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


class Committee(index.Indexed, ClusterableModel):
    convocation = models.ForeignKey(Convocation, verbose_name=_("convocation"), on_delete=models.PROTECT,
                                    related_name="committees")
    name = models.CharField(_("name"), max_length=255, help_text=_("E.g. «Постійна комісія з питань бюджету»."))
    slug = models.SlugField(_("slug"), max_length=80, help_text=_("Latin letters for the address and filters."))
    remit = models.TextField(_("remit"), blank=True, help_text=_("What the committee deals with, in plain words."))

    panels = [FieldPanel("convocation"), FieldPanel("name"), FieldPanel("slug"), FieldPanel("remit"),
              InlinePanel("memberships", label=_("Member"), heading=_("Members and posts"))]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("standing committee")
        verbose_name_plural = _("standing committees")
        constraints = [models.UniqueConstraint(fields=["convocation", "slug"], name="council_committee_slug"),
                       models.UniqueConstraint(fields=["convocation", "name"], name="council_committee_name")]

    def __str__(self):
        return self.name


class CommitteePost(models.TextChoices):
    CHAIR = "chair", _("Chair")
    DEPUTY_CHAIR = "deputy_chair", _("Deputy chair")
    SECRETARY = "secretary", _("Secretary")
    MEMBER = "member", _("Member")


class CommitteeMembership(Orderable):
    committee = ParentalKey(Committee, related_name="memberships", on_delete=models.CASCADE)
    deputy = models.ForeignKey("council.DeputyPage", verbose_name=_("deputy"), on_delete=models.CASCADE,
                               related_name="committee_memberships")
    post = models.CharField(_("post"), max_length=20, choices=CommitteePost.choices, default=CommitteePost.MEMBER)

    panels = [FieldPanel("deputy"), FieldPanel("post")]

    class Meta(Orderable.Meta):
        verbose_name = _("committee membership")
        constraints = [models.UniqueConstraint(fields=["committee", "deputy"], name="council_one_membership")]

    def __str__(self):
        return f"{self.deputy} — {self.get_post_display()}"


class ElectoralDistrict(models.Model):
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    name = models.CharField(_("name"), max_length=255, help_text=_("E.g. «Центральний округ»."))
    description = models.TextField(_("description"), blank=True,
                                   help_text=_("Streets and neighbourhoods, for people who do not use the map."))
    boundary = models.JSONField(
        _("boundary (GeoJSON)"), default=dict,
        help_text=_("Paste the boundary as GeoJSON: a Polygon or MultiPolygon geometry, a Feature or a "
                    "FeatureCollection with one feature, coordinates as longitude, latitude."),
    )

    panels = [FieldPanel("number"), FieldPanel("name"), FieldPanel("description"), FieldPanel("boundary")]

    class Meta:
        ordering = ["number"]
        verbose_name = _("electoral district")
        verbose_name_plural = _("electoral districts")

    def __str__(self):
        return f"№ {self.number} {self.name}"

    def clean(self):
        try:
            self.boundary = parse_boundary(self.boundary)
        except GeoJSONError as error:
            raise ValidationError({"boundary": error.message})


def department_name_key(name: str) -> str:
    """Two department names are the same department when they differ only in letter case or spacing."""
    return " ".join(name.split()).casefold()


class Department(models.Model):
    """A structural unit of the council's executive bodies: the one list of city departments that draft decisions,
    reports and regulatory acts (as developer or responsible department) pick from."""

    name = models.CharField(_("name"), max_length=255, unique=True,
                            help_text=_("The full official name, e.g. «Управління освіти Світлогірської міської "
                                        "ради»."))
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    edrpou = models.CharField(
        _("EDRPOU code"), max_length=8, blank=True, validators=[EDRPOU_VALIDATOR],
        help_text=_("Only if the department is a legal entity with its own code; otherwise leave empty."),
    )
    head = models.CharField(_("head"), max_length=255, blank=True, help_text=_("Full name of the head."))
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)

    panels = [FieldPanel("name"), FieldPanel("short_name"), FieldPanel("edrpou"), FieldPanel("head"),
              FieldPanel("email"), FieldPanel("phone"), FieldPanel("address")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("city department")
        verbose_name_plural = _("city departments")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        self.name = " ".join(self.name.split())
        # The unique index compares exact text; one department must not appear twice in another spelling (the
        # list is a few dozen rows, so comparing the names here is cheap).
        key = department_name_key(self.name)
        others = Department.objects.exclude(pk=self.pk).values_list("name", flat=True)
        if key and any(department_name_key(name) == key for name in others):
            raise ValidationError({"name": _("A department with this name already exists.")})


class CalendarDay(models.Model):
    """A correction of the default Ukrainian holiday calendar used for working-day deadlines."""

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("Day off (holiday)")
        WORKING_DAY = "working_day", _("Working day")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    note = models.CharField(_("note"), max_length=255, blank=True,
                            help_text=_("Why, e.g. the Cabinet's order that moved the day off."))

    panels = [FieldPanel("date"), FieldPanel("kind"), FieldPanel("note")]

    class Meta:
        ordering = ["-date"]
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar corrections")

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}"
