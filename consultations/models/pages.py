"""The consultations index and the consultation page with its documents, questionnaire and final report."""
import datetime

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from ninja import Schema
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.page_api import api_value, document_field, documents_field
from cms.search import UkrainianSearchField, ukrainian_search_fields
from home.blocks import RICH_TEXT_FEATURES, BaseStreamBlock
from participation.discussion import POST_MODERATION, Discussion

from ..admin_forms import ConsultationPageForm

MAX_QUESTIONS = 10
MAX_OPTIONS = 10


class ConsultationStatus(models.TextChoices):
    # A context of their own: the project's catalogue already translates the bare words for other lists.
    UPCOMING = "upcoming", pgettext_lazy("consultation status", "Upcoming")
    OPEN = "open", pgettext_lazy("consultation status", "Open")
    CLOSED = "closed", pgettext_lazy("consultation status", "Closed")
    REPORT_PUBLISHED = "report_published", pgettext_lazy("consultation status", "Report published")


def rich_text_is_empty(value: str) -> bool:
    return not strip_tags(value or "").strip()


class ConsultationIndexPage(RoutablePageMixin, Page):
    intro = models.TextField(
        _("introduction"), blank=True, max_length=1000,
        help_text=_("What public consultations are and how residents take part; shown above the list."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = ukrainian_search_fields(Page.search_fields) + [UkrainianSearchField("intro")]
    api_fields = [APIField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["consultations.ConsultationPage"]

    class Meta:
        verbose_name = _("consultations index")

    @path("")
    def index_route(self, request):
        from ..views import consultation_index

        return consultation_index(request, self)

    @re_path(r"^dani/(?P<fmt>csv|json)/$")
    def open_data_route(self, request, fmt):
        from ..opendata import open_data_response

        return open_data_response(request, self, fmt)


class ConsultationQuestionOptionOut(Schema):
    id: int
    text: str


class ConsultationQuestionOut(Schema):
    id: int
    text: str
    kind: str
    required: bool
    options: list[ConsultationQuestionOptionOut]


class ConsultationPageProposalOut(Schema):
    proposal: str
    source: str
    decision: str
    decision_label: str
    reason: str


class ConsultationPage(RoutablePageMixin, Discussion, Page):
    def cache_dependents(self) -> list[str]:
        """Besides its index and the home page (cms.pagecache), the index's open data lists the consultation."""
        index = self.get_parent().url or ""
        return [f"{index}dani/csv/", f"{index}dani/json/"] if index else []

    def discussion_listed_at(self) -> list[str]:
        """The index and its open data show each consultation's number of comments (participation.signals)."""
        index = self.get_parent().url or ""
        return [index, *self.cache_dependents()] if index else []

    question = models.CharField(
        _("question"), max_length=300,
        help_text=_("The question put to residents, in one sentence, e.g. «Яким має бути сквер на вулиці Липовій?»"),
    )
    summary = models.TextField(
        _("summary"), max_length=600,
        help_text=_("Two or three sentences: what is decided and why residents' opinion matters. "
                    "Shown in lists and search results."),
    )
    description = StreamField(
        BaseStreamBlock(), verbose_name=_("description"), blank=True,
        help_text=_("The full description: background, options under consideration, maps and images."),
    )
    organiser = models.CharField(
        _("organiser"), max_length=255, blank=True,
        help_text=_("The department or body that runs the consultation and prepares the report."),
    )
    start = models.DateTimeField(
        _("start"), db_index=True,
        help_text=_("From this moment residents can comment and answer the questionnaire."),
    )
    end = models.DateTimeField(
        _("end"), db_index=True,
        help_text=_("After this moment the discussion is read-only and the questionnaire results are shown."),
    )
    report_summary = RichTextField(
        _("final report"), blank=True, features=RICH_TEXT_FEATURES,
        help_text=_("What was taken into account and why. Filling this in publishes the report "
                    "(allowed only after the consultation has ended)."),
    )
    report_document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("report document"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text=_("The signed report as a file (optional)."),
    )
    # Comments are removed with the consultation (they point at it through a generic relation).
    comments = GenericRelation("participation.Comment", related_query_name="consultation_page")

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("question"), FieldPanel("summary"), FieldPanel("organiser")],
                        heading=_("Essentials")),
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")], heading=_("Period")),
        FieldPanel("description"),
        InlinePanel("documents", label=_("Document"), heading=_("Documents")),
    ]
    questionnaire_panels = [
        InlinePanel(
            "questions", label=_("Question"), heading=_("Questionnaire"), max_num=MAX_QUESTIONS,
            help_text=_("Optional. Up to %(count)d short questions with ready answers. Once residents have "
                        "answered, questions and options can no longer be added, removed or changed in kind; "
                        "wording corrections stay possible.") % {"count": MAX_QUESTIONS},
        ),
    ]
    report_panels = [
        FieldPanel("report_summary"),
        FieldPanel("report_document"),
        InlinePanel("proposals", label=_("Proposal"), heading=_("Proposals and decisions")),
    ]
    edit_handler = TabbedInterface([
        ObjectList(content_panels, heading=_("Consultation")),
        ObjectList(questionnaire_panels, heading=_("Questionnaire")),
        ObjectList(report_panels, heading=_("Final report")),
        ObjectList(Page.promote_panels, heading=_("Promote")),
        ObjectList(Page.settings_panels, heading=_("Settings")),
    ])

    search_fields = ukrainian_search_fields(Page.search_fields) + [
        UkrainianSearchField("question", boost=1.5),
        UkrainianSearchField("summary"),
        UkrainianSearchField("description"),
        index.FilterField("start"),
        index.FilterField("end"),
    ]
    # Results of the questionnaire (after closing) and answering it: /api/v3/participation/consultations/{id}/.
    api_fields = [
        APIField("question"), APIField("summary"), APIField("organiser"), APIField("start"), APIField("end"),
        APIField("status"), APIField("description"), documents_field("documents", "documents"),
        api_value("questions", list[ConsultationQuestionOut], lambda page: [
            {"id": question.pk, "text": question.text, "kind": question.kind, "required": question.required,
             "options": [{"id": option.pk, "text": option.text} for option in question.options.all()]}
            for question in page.questions.all()]),
        APIField("report_summary"), document_field("report_document"),
        api_value("proposals", list[ConsultationPageProposalOut], lambda page: [
            {"proposal": row.proposal, "source": row.source, "decision": row.decision,
             "decision_label": str(row.get_decision_display()), "reason": row.reason}
            for row in page.proposals.all()] if page.report_summary else []),
    ]

    parent_page_types = ["consultations.ConsultationIndexPage"]
    subpage_types = []

    # The form checks the questionnaire as a whole (options per question, no changes once answered).
    base_form_class = ConsultationPageForm
    comment_moderation = POST_MODERATION

    class Meta:
        verbose_name = _("public consultation")
        verbose_name_plural = _("public consultations")
        constraints = [models.CheckConstraint(
            condition=models.Q(end__gt=models.F("start")), name="consultation_ends_after_start",
            violation_error_message=_("The consultation must end after it starts."))]

    # --- status ---------------------------------------------------------------------------------
    @property
    def has_report(self) -> bool:
        return not rich_text_is_empty(self.report_summary)

    def status_at(self, now: datetime.datetime) -> str:
        if now < self.start:
            return ConsultationStatus.UPCOMING
        if now < self.end:
            return ConsultationStatus.OPEN
        return ConsultationStatus.REPORT_PUBLISHED if self.has_report else ConsultationStatus.CLOSED

    @property
    def status(self) -> str:
        return self.status_at(timezone.now())

    def next_status_change(self, now: datetime.datetime | None = None) -> datetime.datetime | None:
        """When the status turns over by the clock (opens at the start, closes at the end); None once it has ended
        (a report is published, and purged, as a page)."""
        now = now or timezone.now()
        if now < self.start:
            return self.start
        return self.end if now < self.end else None

    @property
    def status_label(self) -> str:
        return ConsultationStatus(self.status).label

    @property
    def is_open(self) -> bool:
        return self.status == ConsultationStatus.OPEN

    @property
    def results_visible(self) -> bool:
        return self.status in (ConsultationStatus.CLOSED, ConsultationStatus.REPORT_PUBLISHED)

    # --- discussion -----------------------------------------------------------------------------
    @property
    def comments_closed(self) -> bool:
        return not self.is_open

    @property
    def comments_closed_note(self) -> str:
        if self.status == ConsultationStatus.UPCOMING:
            return str(_("The consultation starts on %(date)s; comments can be added from then.") % {
                "date": date_format(timezone.localtime(self.start), "j E Y, H:i")})
        return str(_("The consultation ended on %(date)s. Comments can be read but no longer added.") % {
            "date": date_format(timezone.localtime(self.end), "j E Y, H:i")})

    # --- routes and checks ------------------------------------------------------------------------
    @path("")
    def page_route(self, request):
        from ..views import consultation_page

        return consultation_page(request, self)

    @path("vidpovid/")
    def respond_route(self, request):
        from ..views import consultation_respond

        return consultation_respond(request, self)

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = _("The consultation must end after it starts: choose an end later than %(start)s.") % {
                "start": date_format(timezone.localtime(self.start), "j E Y, H:i")}
        if self.has_report and self.end and self.end > timezone.now():
            errors["report_summary"] = _(
                "The final report can be published only after the consultation has ended (%(end)s). "
                "Keep it in a draft until then."
            ) % {"end": date_format(timezone.localtime(self.end), "j E Y, H:i")}
        if errors:
            raise ValidationError(errors)


class ConsultationDocument(Orderable):
    page = ParentalKey(ConsultationPage, related_name="documents", on_delete=models.CASCADE)
    document = models.ForeignKey("wagtaildocs.Document", verbose_name=_("document"), on_delete=models.CASCADE,
                                 related_name="+")
    title = models.CharField(_("title shown to visitors"), max_length=255, blank=True,
                             help_text=_("Leave empty to use the document's own title."))

    panels = [FieldPanel("document"), FieldPanel("title")]

    @property
    def display_title(self) -> str:
        return self.title or self.document.title


class ConsultationQuestion(Orderable, ClusterableModel):
    class Kind(models.TextChoices):
        SINGLE = "single", _("One answer")
        MULTIPLE = "multiple", _("Several answers")

    page = ParentalKey(ConsultationPage, related_name="questions", on_delete=models.CASCADE)
    text = models.CharField(_("question"), max_length=300)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SINGLE,
                            help_text=_("One answer: residents pick exactly one option. Several answers: any "
                                        "number of options."))
    required = models.BooleanField(_("answer required"), default=True)

    panels = [
        FieldPanel("text"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("required")]),
        InlinePanel("options", label=_("Option"), heading=_("Options"), min_num=2, max_num=MAX_OPTIONS),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return self.text


class QuestionOption(Orderable):
    question = ParentalKey(ConsultationQuestion, related_name="options", on_delete=models.CASCADE)
    text = models.CharField(_("option"), max_length=200)

    panels = [FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = _("option")
        verbose_name_plural = _("options")

    def __str__(self):
        return self.text


class ConsultationProposal(Orderable):
    class Decision(models.TextChoices):
        ACCEPTED = "accepted", _("Taken into account")
        PARTLY = "partly", _("Partly taken into account")
        REJECTED = "rejected", _("Rejected")

    page = ParentalKey(ConsultationPage, related_name="proposals", on_delete=models.CASCADE)
    proposal = models.TextField(_("proposal"), max_length=2000,
                                help_text=_("The proposal in brief, as residents made it."))
    source = models.CharField(pgettext_lazy("author of a proposal", "from"), max_length=255, blank=True,
                              help_text=_("Who made it, without personal data, e.g. «мешканці вулиці Липової» "
                                          "or «коментар на порталі»."))
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    reason = models.TextField(_("reason"), max_length=2000,
                              help_text=_("Why it was taken into account, partly or not at all."))

    panels = [FieldPanel("proposal"), FieldPanel("source"), FieldPanel("decision"), FieldPanel("reason")]

    class Meta(Orderable.Meta):
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
