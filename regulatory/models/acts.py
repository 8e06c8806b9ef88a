"""The registry of regulatory acts (an index page) and the act itself, with its proposals and tracking reports."""
import datetime

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms import pagecache
from cms.page_api import document_field, documents_field, label_field, page_field, snippet_field
from cms.search import UkrainianSearchField, ukrainian_search_fields
from home.blocks import RICH_TEXT_FEATURES, BaseStreamBlock
from participation.discussion import POST_MODERATION, Discussion

from .. import services
from ..panels import TrackingSchedulePanel
from ..services import Status


class RegulatoryActIndexPage(RoutablePageMixin, Page):
    intro = models.TextField(_("introduction"), blank=True, max_length=800)
    council_authority_name = models.CharField(
        _("council's full name"), max_length=255, blank=True,
        help_text=_("As in open data, e.g. «Світлогірська міська рада»."),
    )
    executive_authority_name = models.CharField(
        _("executive committee's full name"), max_length=255, blank=True,
        help_text=_("E.g. «Виконавчий комітет Світлогірської міської ради»."),
    )
    mayor_authority_name = models.CharField(
        _("mayor's title"), max_length=255, blank=True,
        help_text=_("E.g. «Світлогірський міський голова»."),
    )
    authority_edrpou = models.CharField(
        _("council's EDRPOU code"), max_length=8, blank=True,
        help_text=_("8 digits; published in the open data as the regulatory authority's identifier."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel([FieldPanel("council_authority_name"), FieldPanel("executive_authority_name"),
                         FieldPanel("mayor_authority_name"), FieldPanel("authority_edrpou")],
                        heading=_("Regulatory authorities (for open data)")),
    ]
    search_fields = ukrainian_search_fields(Page.search_fields) + [UkrainianSearchField("intro")]
    api_fields = [APIField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["regulatory.RegulatoryActPage", "regulatory.RegulatoryPlanPage"]

    class Meta:
        verbose_name = _("register of regulatory acts")

    def clean(self):
        super().clean()
        if self.authority_edrpou and not (self.authority_edrpou.isdigit() and len(self.authority_edrpou) == 8):
            raise ValidationError({"authority_edrpou": _("The EDRPOU code has exactly 8 digits.")})

    def authority_name(self, kind: str) -> str:
        names = {RegulatoryActPage.Kind.COUNCIL: self.council_authority_name,
                 RegulatoryActPage.Kind.EXECUTIVE: self.executive_authority_name,
                 RegulatoryActPage.Kind.MAYOR: self.mayor_authority_name}
        return names.get(kind) or str(RegulatoryActPage.Kind(kind).label)

    @path("")
    def registry(self, request):
        from ..views import registry

        return registry(request, self)

    @path("opendata/csv/")
    def opendata_csv(self, request):
        from ..views import acts_open_data

        return acts_open_data(request, self, "csv")

    @path("opendata/json/")
    def opendata_json(self, request):
        from ..views import acts_open_data

        return acts_open_data(request, self, "json")


class RegulatoryActForm(WagtailAdminPageForm):
    """The law's rules, checked where editors work: the same functions the services use."""

    def clean(self):
        cleaned_data = super().clean()
        act = self.instance
        for name in ("status", "notice_date", "comment_start", "comment_end", "decision_number", "decision_date",
                     "effective_date"):
            if name in cleaned_data:
                setattr(act, name, cleaned_data[name])
        previous = None
        if act.pk:
            previous = type(act).objects.filter(pk=act.pk).values_list("status", flat=True).first()
        for field, message in services.act_errors(act, previous_status=previous).items():
            if field in self.fields and field not in self.errors:
                self.add_error(field, message)
        return cleaned_data

    def is_valid(self):
        # The inline formsets are validated after the form's own clean(), so their rows are checked here.
        valid = super().is_valid()
        return self._tracking_reports_are_unique() and valid

    def _tracking_reports_are_unique(self) -> bool:
        formset = self.formsets.get("tracking_reports")
        if formset is None:
            return True
        formset.is_valid()  # cleans its rows even when another formset already made the form invalid
        unique, seen = True, set()
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None) or {}
            kind = data.get("kind")
            if data.get("DELETE") or kind not in {services.BASELINE, services.REPEATED}:
                continue
            if kind in seen:
                form.add_error("kind", _("An act has only one baseline and one repeated tracking report."))
                unique = False
            seen.add(kind)
        return unique


class RegulatoryActPage(Discussion, Page):
    class Kind(models.TextChoices):
        COUNCIL = "council", _("Decision of the city council")
        EXECUTIVE = "executive", _("Decision of the executive committee")
        MAYOR = "mayor", _("Order of the mayor")

    STATUS_CHOICES = [
        (Status.PLANNED, _("Planned")),
        (Status.CONSULTATION, _("Draft published for comments")),
        (Status.SUMMARISED, _("Comments summarised")),
        (Status.ADOPTED, _("Adopted")),
        (Status.TRACKING, _("In force, effectiveness tracked")),
        (Status.WITHDRAWN, _("Withdrawn")),
        (Status.REPEALED, _("Repealed")),
    ]

    kind = models.CharField(_("kind of act"), max_length=16, choices=Kind.choices, default=Kind.COUNCIL,
                            help_text=_("Who adopts the act."))
    status = models.CharField(
        _("status"), max_length=16, choices=STATUS_CHOICES, default=Status.PLANNED, db_index=True,
        help_text=_("Where the act is in its life cycle. Moving on is checked against the law's rules."),
    )
    summary = models.TextField(
        _("summary"), max_length=800,
        help_text=_("What the act regulates and for whom, in two or three plain sentences."),
    )
    department = models.ForeignKey(
        "council.Department", verbose_name=_("developer department"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="regulatory_acts",
        help_text=_("The department that drafted the act and answers for it."),
    )
    draft_text = StreamField(BaseStreamBlock(), verbose_name=_("text of the draft"), blank=True,
                             help_text=_("The text of the draft act (or of the adopted act, once adopted)."))
    impact_analysis = RichTextField(
        _("regulatory impact analysis"), blank=True, features=RICH_TEXT_FEATURES,
        help_text=_("The analysis of regulatory impact (АРВ), or its main conclusions."),
    )
    impact_analysis_document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("analysis document"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", help_text=_("The full analysis as a file."),
    )
    notice_date = models.DateField(
        _("publication date"), null=True, blank=True, db_index=True,
        help_text=_("The day the draft, the analysis and the notice were published."),
    )
    notice_text = RichTextField(
        _("notice of publication"), blank=True, features=RICH_TEXT_FEATURES,
        help_text=_("Where and how comments and proposals are sent (address, e-mail), and the developer's contacts."),
    )
    comment_start = models.DateField(_("comments from"), null=True, blank=True,
                                      help_text=_("Usually the publication date."))
    comment_end = models.DateField(
        _("comments until"), null=True, blank=True, db_index=True,
        help_text=_("By law, from one to three months after publication (inclusive of this day)."),
    )
    proposals_summary = RichTextField(
        _("summary of comments"), blank=True, features=RICH_TEXT_FEATURES,
        help_text=_("How many comments came and what was done with them; the table below lists each proposal."),
    )
    decision_number = models.CharField(_("number of the adopted act"), max_length=50, blank=True,
                                       help_text=_("Without the № sign, e.g. 1719."))
    decision_date = models.DateField(_("adopted on"), null=True, blank=True)
    decision_title = models.CharField(
        _("full title of the adopting act"), max_length=500, blank=True,
        help_text=_("E.g. «Рішення міської ради від 30.05.2026 № 1719 „Про …“»."),
    )
    effective_date = models.DateField(
        _("enters into force on"), null=True, blank=True,
        help_text=_("Tracking deadlines are computed from this day."),
    )
    decision_page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("page of the adopted decision"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text=_("The decision's page on this portal, if there is one."),
    )
    decision_url = models.URLField(_("address of the adopted decision"), blank=True,
                                   help_text=_("Or a link to the decision elsewhere."))
    bibliographic_citation = models.CharField(
        _("printed publication"), max_length=300, blank=True,
        help_text=_("Where the act was printed, e.g. «Вісник Світлогірська. 2026. № 5. С. 2.»."),
    )

    comments = GenericRelation("participation.Comment", related_query_name="regulatory_act")
    # Residents' and businesses' comments appear at once; moderators act on reported ones.
    comment_moderation = POST_MODERATION

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldRowPanel([FieldPanel("kind"), FieldPanel("status")]), FieldPanel("department"),
                         FieldPanel("summary")], heading=_("Essentials")),
        FieldPanel("draft_text"),
        InlinePanel("documents", label=_("Document"), heading=_("Documents of the draft")),
        MultiFieldPanel([FieldPanel("impact_analysis"), FieldPanel("impact_analysis_document")],
                        heading=_("Regulatory impact analysis")),
    ]
    consultation_panels = [
        MultiFieldPanel([FieldPanel("notice_date"), FieldPanel("notice_text"),
                         FieldRowPanel([FieldPanel("comment_start"), FieldPanel("comment_end")])],
                        heading=_("Notice and comment period")),
        FieldPanel("proposals_summary"),
        InlinePanel("proposals", label=_("Proposal"), heading=_("Summary table of proposals")),
    ]
    adoption_panels = [
        MultiFieldPanel([FieldRowPanel([FieldPanel("decision_number"), FieldPanel("decision_date"),
                                        FieldPanel("effective_date")]),
                         FieldPanel("decision_title"), FieldPanel("decision_page"), FieldPanel("decision_url"),
                         FieldPanel("bibliographic_citation")], heading=_("Adopted act")),
        TrackingSchedulePanel(heading=_("Tracking deadlines")),
        InlinePanel("tracking_reports", label=_("Tracking report"), heading=_("Effectiveness tracking reports")),
    ]
    edit_handler = TabbedInterface([
        ObjectList(content_panels, heading=_("Draft")),
        ObjectList(consultation_panels, heading=_("Consultation")),
        ObjectList(adoption_panels, heading=_("Adoption and tracking")),
        ObjectList(Page.promote_panels, heading=_("Promote")),
        ObjectList(Page.settings_panels, heading=_("Settings")),
    ])
    base_form_class = RegulatoryActForm

    search_fields = ukrainian_search_fields(Page.search_fields) + [
        UkrainianSearchField("summary", boost=1.5),
        UkrainianSearchField("draft_text"),
        UkrainianSearchField("impact_analysis"),
        index.FilterField("status"),
        index.FilterField("kind"),
        index.FilterField("department"),
        index.FilterField("notice_date"),
    ]
    api_fields = [
        APIField("kind"), label_field("kind_label", "kind"), APIField("status"), label_field("status_label", "status"),
        snippet_field("department"), APIField("summary"), APIField("draft_text"),
        documents_field("documents", "documents"),
        APIField("impact_analysis"), document_field("impact_analysis_document"),
        APIField("notice_date"), APIField("notice_text"), APIField("comment_start"), APIField("comment_end"),
        APIField("proposals_summary"), APIField("proposals"),
        APIField("decision_number"), APIField("decision_date"), APIField("decision_title"),
        APIField("effective_date"), page_field("decision_page"), APIField("decision_url"),
        APIField("bibliographic_citation"), APIField("tracking_reports"),
    ]

    parent_page_types = ["regulatory.RegulatoryActIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("regulatory act")
        verbose_name_plural = _("regulatory acts")

    @classmethod
    def status_label(cls, value: str) -> str:
        return str(dict(cls.STATUS_CHOICES).get(value, value))

    def cache_dependents(self) -> list[str]:
        """Besides its register and the home page (cms.pagecache), the annual plans that list the act show its status
        and link to it: each plan's page and its open data."""
        from .plan import RegulatoryPlanPage

        plans = RegulatoryPlanPage.objects.live().filter(items__act_id=self.pk).distinct()
        return [f"{plan.url}*" for plan in plans if plan.url]

    # --- the discussion is open only during the comment period ---------------------------------------
    @property
    def comments_enabled(self) -> bool:
        return self.status != Status.PLANNED and self.comment_start is not None

    @property
    def comments_open(self) -> bool:
        today = timezone.localdate()
        return (self.status == Status.CONSULTATION and self.comment_start is not None
                and self.comment_end is not None and self.comment_start <= today <= self.comment_end)

    @property
    def comments_closed(self) -> bool:
        return not self.comments_open

    @property
    def comments_closed_note(self) -> str:
        if self.status == Status.WITHDRAWN:
            return str(_("The draft was withdrawn; comments are no longer taken."))
        if self.comment_start and timezone.localdate() < self.comment_start:
            return str(_("Comments will be taken from %(start)s to %(end)s.") % {
                "start": date_format(self.comment_start, "j E Y"), "end": date_format(self.comment_end, "j E Y")})
        return str(_("Comments were taken from %(start)s to %(end)s. The period is over: the discussion can be "
                     "read but not added to; the proposals are summarised on this page.") % {
            "start": date_format(self.comment_start, "j E Y"), "end": date_format(self.comment_end, "j E Y")})

    # --- adoption and tracking ---------------------------------------------------------------------
    @property
    def uid(self) -> str:
        """The open-data identifier: the adopting act's number and date, e.g. 719-2014-05-29."""
        if self.decision_number and self.decision_date:
            return f"{self.decision_number}-{self.decision_date.isoformat()}"
        return f"draft-{self.pk}"

    @property
    def adopted_decision_url(self) -> str:
        if self.decision_page_id and self.decision_page and self.decision_page.live:
            return self.decision_page.url or self.decision_url
        return self.decision_url

    @cached_property
    def tracking_schedule(self) -> list[services.TrackingDue]:
        if self.status not in services.ADOPTED_STATES:
            return []
        return services.tracking_schedule(effective_date=self.effective_date, reports=self.tracking_reports.all())

    @property
    def days_left_for_comments(self) -> int | None:
        if not self.comments_open:
            return None
        return (self.comment_end - timezone.localdate()).days

    def comment_period_pending(self, today: datetime.date) -> bool:
        """A comment period that has not ended by ``today``: it opens, or closes, at a local midnight."""
        return self.status == Status.CONSULTATION and self.comment_end is not None and today <= self.comment_end

    def counts_days(self, today: datetime.date) -> bool:
        """Whether the page shows something that turns over at local midnight: a comment period not yet over (its
        notice of days left, the comment form, «will be taken from»), or a tracking report not yet approved (due,
        overdue)."""
        return self.comment_period_pending(today) or any(item.report is None for item in self.tracking_schedule)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["today"] = timezone.localdate()
        if self.counts_days(context["today"]):
            pagecache.changes_at(request, pagecache.next_local_midnight())
        context["documents_list"] = list(self.documents.select_related("document"))
        context["proposal_rows"] = list(self.proposals.all())
        return context


class RegulatoryActDocument(Orderable):
    act = ParentalKey(RegulatoryActPage, related_name="documents", on_delete=models.CASCADE)
    document = models.ForeignKey("wagtaildocs.Document", verbose_name=_("document"), on_delete=models.CASCADE,
                                 related_name="+")
    title = models.CharField(_("title"), max_length=255, blank=True,
                             help_text=_("What the document is, e.g. «Проєкт рішення» (the file's title if empty)."))

    panels = [FieldPanel("document"), FieldPanel("title")]

    @property
    def label(self) -> str:
        return self.title or self.document.title


class Proposal(Orderable):
    """One row of the summary table: a proposal received and what the developer decided about it."""

    class Decision(models.TextChoices):
        ACCEPTED = "accepted", _("Taken into account")
        PARTLY = "partly", _("Partly taken into account")
        REJECTED = "rejected", _("Rejected")

    act = ParentalKey(RegulatoryActPage, related_name="proposals", on_delete=models.CASCADE)
    author = models.CharField(_("author or organisation"), max_length=255,
                              help_text=_("A person's public name or an organisation; no addresses or phones."))
    text = models.TextField(_("proposal"), max_length=4000)
    decision = models.CharField(_("decision"), max_length=16, choices=Decision.choices)
    reason = models.TextField(_("reason"), max_length=4000, blank=True,
                              help_text=_("Why the proposal was taken into account in part or rejected."))

    panels = [FieldPanel("author"), FieldPanel("text"), FieldPanel("decision"), FieldPanel("reason")]
    api_fields = [APIField("author"), APIField("text"), APIField("decision"),
                  label_field("decision_label", "decision"), APIField("reason")]

    class Meta(Orderable.Meta):
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")

    def clean(self):
        super().clean()
        if self.decision in {self.Decision.PARTLY, self.Decision.REJECTED} and not self.reason.strip():
            raise ValidationError({"reason": _("Give the reason when a proposal is rejected or taken in part.")})


class TrackingReport(Orderable):
    """A report on effectiveness tracking; its due date comes from the schedule, not from the editor."""

    class Kind(models.TextChoices):
        BASELINE = services.BASELINE, _("Baseline")
        REPEATED = services.REPEATED, _("Repeated")
        PERIODIC = services.PERIODIC, _("Periodic")

    act = ParentalKey(RegulatoryActPage, related_name="tracking_reports", on_delete=models.CASCADE)
    kind = models.CharField(_("kind of tracking"), max_length=16, choices=Kind.choices)
    approved_on = models.DateField(_("report approved on"), null=True, blank=True,
                                   help_text=_("Empty while the report is being prepared."))
    document = models.ForeignKey("wagtaildocs.Document", verbose_name=_("report document"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    url = models.URLField(_("report address"), blank=True, help_text=_("If the report is published elsewhere."))
    summary = models.TextField(_("main results"), blank=True, max_length=4000)
    citation = models.CharField(_("printed publication"), max_length=300, blank=True)

    api_fields = [APIField("kind"), label_field("kind_label", "kind"), APIField("approved_on"),
                  document_field("document"), APIField("url"), APIField("summary"), APIField("citation")]
    panels = [FieldRowPanel([FieldPanel("kind"), FieldPanel("approved_on")]), FieldPanel("document"),
              FieldPanel("url"), FieldPanel("summary"), FieldPanel("citation")]

    class Meta(Orderable.Meta):
        verbose_name = _("tracking report")
        verbose_name_plural = _("tracking reports")

    def clean(self):
        super().clean()
        if self.approved_on and self.approved_on > timezone.localdate() + datetime.timedelta(days=1):
            raise ValidationError({"approved_on": _("A report cannot be approved in the future.")})

    @property
    def link(self) -> str:
        return self.document.url if self.document_id and self.document else self.url
