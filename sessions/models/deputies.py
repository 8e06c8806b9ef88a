"""Deputies: the index with filters and their pages; reception schedules and yearly reports the deputy edits."""
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from ninja import Schema
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.names import validate_person_name
from cms.page_api import (
    DocumentValue,
    ObjectRef,
    api_value,
    document_value,
    image_field,
    label_field,
    object_ref,
    snippet_field,
)
from cms.search import UkrainianSearchField, ukrainian_search_fields

from ..names import normalise_name


class DeputyIndexPage(RoutablePageMixin, Page):
    intro = models.TextField(_("introduction"), blank=True, max_length=500,
                             help_text=_("A sentence or two above the list of deputies."))

    content_panels = Page.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["council.DeputyPage"]

    class Meta:
        verbose_name = _("deputies index")

    @path("")
    def index_route(self, request):
        from ..views import deputy_index

        return deputy_index(request, self)

    @path("fraktsii/")
    def factions_route(self, request):
        from ..views import faction_list

        return faction_list(request, self)

    @path("znaity-deputata/")
    def find_route(self, request):
        from ..views import find_my_deputy

        return find_my_deputy(request, self)


class Gender(models.IntegerChoices):
    """ISO/IEC 5218, as 30-deputies.csv writes it."""
    UNKNOWN = 0, _("Not known")
    MALE = 1, _("Male")
    FEMALE = 2, _("Female")
    NOT_APPLICABLE = 9, _("Not applicable")


class FactionPost(models.TextChoices):
    HEAD = "head", _("Head of the faction")
    DEPUTY_HEAD = "deputy_head", _("Deputy head of the faction")
    SECRETARY = "secretary", _("Secretary of the faction")
    MEMBER = "member", _("Member of the faction")


class MandateStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    ENDED = "ended", _("Ended")


class CommitteeMembershipOut(Schema):
    committee: ObjectRef
    post: str
    post_label: str


class SocialLinkOut(Schema):
    url: str
    label: str


class DeputyReportOut(Schema):
    year: int
    title: str
    summary: str
    document: DocumentValue | None


class DeputyPage(Page):
    family_name = models.CharField(_("family name"), max_length=100, validators=[validate_person_name])
    given_name = models.CharField(_("given name"), max_length=100, validators=[validate_person_name])
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True, validators=[validate_person_name])
    external_id = models.CharField(
        _("identifier"), max_length=50, unique=True, null=True, blank=True,
        help_text=_("The number of the deputy's certificate, the «id» column of the open data."),
    )
    voting_identifier = models.CharField(
        _("voting-system identifier"), max_length=50, unique=True, null=True, blank=True,
        help_text=_("How the electronic voting system names the deputy (voterId), e.g. «dep-23»."),
    )
    normalised_name = models.CharField(max_length=320, db_index=True, editable=False, default="")
    photo = models.ForeignKey("wagtailimages.Image", verbose_name=_("photo"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    gender = models.PositiveSmallIntegerField(_("gender"), choices=Gender.choices, default=Gender.UNKNOWN)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    convocations = ParentalManyToManyField("council.Convocation", verbose_name=_("convocations"), blank=True,
                                           related_name="deputies")
    party_name = models.CharField(_("nominating party"), max_length=255, blank=True)
    faction = models.ForeignKey("council.Faction", verbose_name=_("faction"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="members",
                                help_text=_("Leave empty for a deputy outside factions."))
    faction_post = models.CharField(_("post in the faction"), max_length=20, choices=FactionPost.choices,
                                    default=FactionPost.MEMBER)
    district = models.ForeignKey("council.ElectoralDistrict", verbose_name=_("electoral district"), null=True,
                                 blank=True, on_delete=models.SET_NULL, related_name="deputies")
    biography = RichTextField(_("biography"), blank=True, features=["bold", "italic", "link", "ul", "ol"])
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, help_text=_("As +380XXXXXXXXX."))
    mandate_status = models.CharField(_("mandate"), max_length=20, choices=MandateStatus.choices,
                                      default=MandateStatus.ACTIVE)
    mandate_start = models.DateField(_("mandate since"), null=True, blank=True)
    mandate_end = models.DateField(_("mandate until"), null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("staff account"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="deputy_page",
        help_text=_("The deputy's own account in the «Депутати» role: it may edit this deputy's reception "
                    "schedule and reports."),
    )

    content_panels = [
        MultiFieldPanel([FieldRowPanel([FieldPanel("family_name"), FieldPanel("given_name"),
                                        FieldPanel("patronymic")]),
                         FieldPanel("photo"), FieldPanel("gender"), FieldPanel("birth_date")],
                        heading=_("Person")),
        MultiFieldPanel([FieldPanel("convocations", widget=forms.CheckboxSelectMultiple), FieldPanel("party_name"),
                         FieldPanel("faction"), FieldPanel("faction_post"), FieldPanel("district")],
                        heading=_("In the council")),
        MultiFieldPanel([FieldPanel("mandate_status"), FieldPanel("mandate_start"), FieldPanel("mandate_end")],
                        heading=_("Mandate")),
        FieldPanel("biography"),
        MultiFieldPanel([FieldPanel("email"), FieldPanel("phone"),
                         InlinePanel("social_links", label=_("Link"), heading=_("Social media"))],
                        heading=_("Contacts")),
        MultiFieldPanel([FieldPanel("external_id"), FieldPanel("voting_identifier"), FieldPanel("user")],
                        heading=_("Identifiers")),
    ]
    search_fields = ukrainian_search_fields(Page.search_fields) + [
        UkrainianSearchField("biography"), index.FilterField("faction_id"), index.FilterField("district_id"),
    ]
    # Vote statistics, vote records and the reception schedule: /api/v3/council/deputies/{id}/ (docs/api.md).
    api_fields = [
        APIField("family_name"), APIField("given_name"), APIField("patronymic"),
        image_field("photo", "photo", "full_name"), APIField("party_name"),
        snippet_field("faction"), APIField("faction_post"), label_field("faction_post_label", "faction_post"),
        snippet_field("district"),
        api_value("committees", list[CommitteeMembershipOut], lambda page: [
            {"committee": object_ref(membership.committee), "post": membership.post,
             "post_label": str(membership.get_post_display())}
            for membership in page.committee_memberships.select_related("committee")]),
        APIField("mandate_status"), label_field("mandate_status_label", "mandate_status"),
        APIField("mandate_start"), APIField("mandate_end"),
        APIField("biography"), APIField("email"), APIField("phone"),
        api_value("social_links", list[SocialLinkOut], lambda page: [
            {"url": link.url, "label": link.label} for link in page.social_links.all()]),
        api_value("reports", list[DeputyReportOut], lambda page: [
            {"year": report.year, "title": report.title, "summary": report.summary,
             "document": document_value(report.document)} for report in page.reports.select_related("document")]),
    ]
    parent_page_types = ["council.DeputyIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("deputy")
        verbose_name_plural = _("deputies")
        ordering = ["family_name", "given_name"]
        permissions = [("import_deputies", "Can import and export deputies")]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.family_name, self.given_name, self.patronymic) if part)

    def full_clean(self, *args, **kwargs):
        # The page title is the deputy's full name: editors fill the three parts only.
        if self.family_name and self.given_name:
            self.title = self.full_name
        super().full_clean(*args, **kwargs)

    def save(self, *args, **kwargs):
        if self.family_name and self.given_name:
            self.title = self.full_name
        self.normalised_name = normalise_name(self.full_name)
        return super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.mandate_end and self.mandate_start and self.mandate_end < self.mandate_start:
            raise ValidationError({"mandate_end": _("The mandate cannot end before it starts.")})

    def get_context(self, request, *args, **kwargs):
        from ..views import deputy_context

        context = super().get_context(request, *args, **kwargs)
        context.update(deputy_context(request, self))
        return context

    def serve(self, request, *args, **kwargs):
        from ..views import deputy_serve

        return deputy_serve(request, self, super().serve, *args, **kwargs)


class DeputySocialLink(Orderable):
    deputy = ParentalKey(DeputyPage, related_name="social_links", on_delete=models.CASCADE)
    url = models.URLField(_("address"))
    label = models.CharField(_("label"), max_length=50, blank=True, help_text=_("E.g. «Facebook»."))

    panels = [FieldPanel("url"), FieldPanel("label")]


class Weekday(models.IntegerChoices):
    MONDAY = 1, _("Mon")
    TUESDAY = 2, _("Tue")
    WEDNESDAY = 3, _("Wed")
    THURSDAY = 4, _("Thu")
    FRIDAY = 5, _("Fri")
    SATURDAY = 6, _("Sat")
    SUNDAY = 7, _("Sun")


# The day abbreviations of 30-deputies.csv (openingHours), whatever the interface language.
OPEN_DATA_WEEKDAYS = {1: "Пн", 2: "Вт", 3: "Ср", 4: "Чт", 5: "Пт", 6: "Сб", 7: "Нд"}


class ReceptionSchedule(ClusterableModel):
    """Where and when the deputy receives residents (30-deputies.csv address and openingHours)."""

    deputy = models.OneToOneField(DeputyPage, verbose_name=_("deputy"), on_delete=models.CASCADE,
                                  related_name="reception")
    post_code = models.CharField(_("postcode"), max_length=10, blank=True)
    post_name = models.CharField(_("town"), max_length=100, blank=True,
                                 help_text=_("Without «м.», e.g. «Світлогірськ»."))
    thoroughfare = models.CharField(_("street"), max_length=200, blank=True, help_text=_("E.g. «вул. Шевченка»."))
    locator_designator = models.CharField(_("house number"), max_length=20, blank=True)
    locator_building = models.CharField(_("building"), max_length=20, blank=True)
    locator_name = models.CharField(_("room or place"), max_length=200, blank=True,
                                    help_text=_("E.g. «приміщення громадської приймальні, каб. 2»."))
    restriction = models.CharField(_("note"), max_length=300, blank=True,
                                   help_text=_("E.g. «Прийом лише кожного першого понеділка місяця»."))

    panels = [FieldPanel("deputy"),
              MultiFieldPanel([FieldPanel("post_code"), FieldPanel("post_name"), FieldPanel("thoroughfare"),
                               FieldPanel("locator_designator"), FieldPanel("locator_building"),
                               FieldPanel("locator_name")], heading=_("Address")),
              InlinePanel("slots", label=_("Reception hours"), heading=_("Days and hours")),
              FieldPanel("restriction")]

    class Meta:
        verbose_name = _("reception schedule")
        verbose_name_plural = _("reception schedules")

    def __str__(self):
        return str(self.deputy)

    @property
    def address(self) -> str:
        street = " ".join(part for part in (self.thoroughfare, self.locator_designator) if part)
        if self.locator_building:
            street += f", корп. {self.locator_building}"
        return ", ".join(part for part in (self.post_name, street, self.locator_name) if part)

    @property
    def opening_hours(self) -> str:
        return "; ".join(slot.open_data for slot in self.slots.all())


class ReceptionSlot(Orderable):
    schedule = ParentalKey(ReceptionSchedule, related_name="slots", on_delete=models.CASCADE)
    day_from = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    day_to = models.PositiveSmallIntegerField(_("to day"), choices=Weekday.choices, null=True, blank=True,
                                              help_text=_("For a range such as Mon–Fri; empty for one day."))
    time_from = models.TimeField(_("from"))
    time_to = models.TimeField(_("until"))

    panels = [FieldRowPanel([FieldPanel("day_from"), FieldPanel("day_to"), FieldPanel("time_from"),
                             FieldPanel("time_to")])]

    class Meta(Orderable.Meta):
        verbose_name = _("reception hours")

    def clean(self):
        if self.time_from and self.time_to and self.time_to <= self.time_from:
            raise ValidationError({"time_to": _("The reception must end after it starts.")})
        if self.day_to and self.day_from and self.day_to <= self.day_from:
            raise ValidationError({"day_to": _("The last day must come after the first.")})

    @property
    def open_data(self) -> str:
        days = OPEN_DATA_WEEKDAYS[self.day_from]
        if self.day_to:
            days += "-" + OPEN_DATA_WEEKDAYS[self.day_to]
        return f"{days} {self.time_from:%H:%M}-{self.time_to:%H:%M}"

    @property
    def display(self) -> str:
        days = str(Weekday(self.day_from).label)
        if self.day_to:
            days += "–" + str(Weekday(self.day_to).label)
        return f"{days} {self.time_from:%H:%M}–{self.time_to:%H:%M}"


class DeputyReport(models.Model):
    """A deputy's yearly report to the voters."""

    deputy = models.ForeignKey(DeputyPage, verbose_name=_("deputy"), on_delete=models.CASCADE,
                               related_name="reports")
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=255)
    summary = models.TextField(_("summary"), blank=True, help_text=_("The main results in a few sentences."))
    document = models.ForeignKey("wagtaildocs.Document", verbose_name=_("document"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")

    panels = [FieldPanel("deputy"), FieldPanel("year"), FieldPanel("title"), FieldPanel("summary"),
              FieldPanel("document")]

    class Meta:
        ordering = ["-year"]
        verbose_name = _("deputy's report")
        verbose_name_plural = _("deputies' reports")
        constraints = [models.UniqueConstraint(fields=["deputy", "year"], name="council_one_report_a_year")]

    def __str__(self):
        return f"{self.deputy} — {self.year}"
