"""Draft decisions (published before consideration, discussed publicly) and adopted decisions with their registry."""
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms import pagecache
from cms.page_api import documents_field, label_field, page_field, pages_field, snippet_field
from cms.search import UkrainianSearchField, ukrainian_search_fields
from participation.discussion import POST_MODERATION, Discussion

from ..admin_forms import DecisionPageForm

TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul", "document-link"]


class DraftDecisionIndexPage(RoutablePageMixin, Page):
    intro = models.TextField(_("introduction"), blank=True, max_length=800,
                             help_text=_("What residents can do with drafts: read, comment, follow."))

    content_panels = Page.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["council.DraftDecisionPage"]

    class Meta:
        verbose_name = _("draft decisions index")

    @path("")
    def index_route(self, request):
        from ..views import draft_index

        return draft_index(request, self)


class InitiatorKind(models.TextChoices):
    DEPUTY = "deputy", _("Deputy")
    COMMITTEE = "committee", _("Standing committee")
    MAYOR = "mayor", _("Mayor")
    EXECUTIVE = "executive", _("Executive body")
    PETITION = "petition", _("Residents (e-petition)")


class DraftStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    PUBLISHED = "published", _("Published for discussion")
    ON_AGENDA = "on_agenda", _("On the agenda")
    ADOPTED = "adopted", _("Adopted")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# The life cycle of docs/council.md: which status may follow which.
DRAFT_TRANSITIONS = {
    DraftStatus.REGISTERED: {DraftStatus.PUBLISHED, DraftStatus.WITHDRAWN},
    DraftStatus.PUBLISHED: {DraftStatus.ON_AGENDA, DraftStatus.WITHDRAWN},
    DraftStatus.ON_AGENDA: {DraftStatus.ADOPTED, DraftStatus.REJECTED, DraftStatus.WITHDRAWN,
                            DraftStatus.PUBLISHED},
    DraftStatus.ADOPTED: set(),
    DraftStatus.REJECTED: set(),
    DraftStatus.WITHDRAWN: set(),
}


class DraftDecisionPage(Discussion, Page):
    registration_number = models.CharField(_("registration number"), max_length=50, unique=True,
                                           help_text=_("As registered by the secretariat, e.g. «757/2»."))
    initiator_kind = models.CharField(_("initiator"), max_length=20, choices=InitiatorKind.choices,
                                      default=InitiatorKind.EXECUTIVE)
    initiator_deputy = models.ForeignKey("council.DeputyPage", verbose_name=_("initiating deputy"), null=True,
                                         blank=True, on_delete=models.SET_NULL, related_name="initiated_drafts")
    initiator_committee = models.ForeignKey("council.Committee", verbose_name=_("initiating committee"), null=True,
                                            blank=True, on_delete=models.SET_NULL, related_name="initiated_drafts")
    initiator_name = models.CharField(_("initiator's name"), max_length=255, blank=True,
                                      help_text=_("For the mayor, an executive body or a petition: who exactly."))
    department = models.ForeignKey("council.Department", verbose_name=_("responsible department"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="drafts")
    publication_date = models.DateField(_("publication date"), null=True, blank=True, db_index=True,
                                        help_text=_("Filled in on first publication; the 10 working days count "
                                                    "from it."))
    status = models.CharField(_("status"), max_length=20, choices=DraftStatus.choices,
                              default=DraftStatus.REGISTERED, db_index=True)
    summary = models.TextField(_("summary"), max_length=600, blank=True,
                               help_text=_("What the decision would change, in one or two plain sentences."))
    text = RichTextField(_("text of the draft"), features=TEXT_FEATURES)
    explanatory_note = RichTextField(_("explanatory note"), blank=True, features=TEXT_FEATURES)
    urgent = models.BooleanField(_("urgent (exception from the publication term)"), default=False,
                                 help_text=_("Only where the law allows urgent consideration; say why in the note."))
    allow_comments = models.BooleanField(_("open for public discussion"), default=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("registration_number"), FieldPanel("status"), FieldPanel("publication_date"),
                         FieldPanel("urgent")], heading=_("Registration")),
        MultiFieldPanel([FieldPanel("initiator_kind"), FieldPanel("initiator_deputy"),
                         FieldPanel("initiator_committee"), FieldPanel("initiator_name"),
                         FieldPanel("department")], heading=_("Initiator")),
        FieldPanel("summary"), FieldPanel("text"), FieldPanel("explanatory_note"),
        InlinePanel("attachments", label=_("Attachment"), heading=_("Attachments")),
    ]
    settings_panels = Page.settings_panels + [FieldPanel("allow_comments")]
    comments = GenericRelation("participation.Comment", related_query_name="draft_decision")
    search_fields = ukrainian_search_fields(Page.search_fields) + [
        UkrainianSearchField("registration_number", boost=2), UkrainianSearchField("summary"),
        UkrainianSearchField("text"), index.FilterField("status"), index.FilterField("publication_date"),
    ]
    api_fields = [
        APIField("registration_number"), APIField("status"), label_field("status_label", "status"),
        APIField("publication_date"), APIField("urgent"),
        APIField("initiator_kind"), label_field("initiator_kind_label", "initiator_kind"),
        page_field("initiator_deputy"), snippet_field("initiator_committee"), APIField("initiator_name"),
        snippet_field("department"),
        APIField("summary"), APIField("text"), APIField("explanatory_note"),
        documents_field("attachments", "attachments"), APIField("allow_comments"),
    ]
    parent_page_types = ["council.DraftDecisionIndexPage"]
    subpage_types = []

    comment_moderation = POST_MODERATION

    class Meta:
        verbose_name = _("draft decision")
        verbose_name_plural = _("draft decisions")
        ordering = ["-publication_date", "-pk"]

    @property
    def comments_enabled(self) -> bool:
        return self.allow_comments and self.status != DraftStatus.REGISTERED

    @property
    def comments_closed(self) -> bool:
        # Residents discuss a draft until the council takes it up.
        return self.status not in {DraftStatus.PUBLISHED}

    @property
    def initiator_display(self) -> str:
        named = self.initiator_deputy or self.initiator_committee
        return str(named or self.initiator_name or self.get_initiator_kind_display())

    def clean(self):
        super().clean()
        if self.initiator_kind == InitiatorKind.DEPUTY and not self.initiator_deputy_id:
            raise ValidationError({"initiator_deputy": _("Choose the deputy who initiated the draft.")})
        if self.initiator_kind == InitiatorKind.COMMITTEE and not self.initiator_committee_id:
            raise ValidationError({"initiator_committee": _("Choose the committee that initiated the draft.")})
        if self.pk:
            previous = DraftDecisionPage.objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if previous and previous != self.status and self.status not in DRAFT_TRANSITIONS[previous]:
                raise ValidationError({"status": _("A draft cannot go from «%(old)s» to «%(new)s».") % {
                    "old": DraftStatus(previous).label, "new": DraftStatus(self.status).label}})

    def get_context(self, request, *args, **kwargs):
        from ..selectors import draft_context

        context = super().get_context(request, *args, **kwargs)
        context.update(draft_context(self))
        return context


class DraftStatusNotice(models.Model):
    """The status followers were last told about: each published change notifies them once. Kept outside the
    page, because publishing a revision rewrites every page field."""

    draft = models.OneToOneField(DraftDecisionPage, on_delete=models.CASCADE, related_name="status_notice")
    status = models.CharField(max_length=20)

    def __str__(self):
        return f"{self.draft_id}: {self.status}"


class DraftAttachment(Orderable):
    draft = ParentalKey(DraftDecisionPage, related_name="attachments", on_delete=models.CASCADE)
    title = models.CharField(_("title"), max_length=255)
    document = models.ForeignKey("wagtaildocs.Document", verbose_name=_("document"), on_delete=models.CASCADE,
                                 related_name="+")

    panels = [FieldPanel("title"), FieldPanel("document")]


class DecisionTopic(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True,
                            help_text=_("Latin letters for the address and filters."))

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("decision topic")
        verbose_name_plural = _("decision topics")

    def __str__(self):
        return self.name


class DecisionIndexPage(RoutablePageMixin, Page):
    intro = models.TextField(_("introduction"), blank=True, max_length=800)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["council.DecisionPage"]

    class Meta:
        verbose_name = _("decisions registry")

    @path("")
    def index_route(self, request):
        from ..views import decision_index

        return decision_index(request, self)


class DecisionStatus(models.TextChoices):
    IN_FORCE = "in_force", _("In force")
    AMENDED = "amended", _("Amended")
    REPEALED = "repealed", _("Repealed")
    SUSPENDED = "suspended", _("Suspended")


class DecisionPage(Page):
    number = models.CharField(_("number"), max_length=50, unique=True, help_text=_("E.g. «1234-45/VIII»."))
    date = models.DateField(_("date of adoption"), db_index=True)
    session = models.ForeignKey("council.SessionPage", verbose_name=_("session"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="decisions")
    draft = models.ForeignKey(DraftDecisionPage, verbose_name=_("draft"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="decisions")
    status = models.CharField(_("status"), max_length=20, choices=DecisionStatus.choices,
                              default=DecisionStatus.IN_FORCE, db_index=True)
    topic = models.ForeignKey(DecisionTopic, verbose_name=_("topic"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="decisions")
    summary = models.TextField(_("summary"), max_length=600, blank=True)
    text = RichTextField(_("text"), features=TEXT_FEATURES)
    amends = ParentalManyToManyField("self", verbose_name=_("amends"), blank=True, symmetrical=False,
                                     related_name="amended_by")
    repeals = ParentalManyToManyField("self", verbose_name=_("repeals"), blank=True, symmetrical=False,
                                      related_name="repealed_by")

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("number"), FieldPanel("date"), FieldPanel("session"), FieldPanel("draft"),
                         FieldPanel("status"), FieldPanel("topic")], heading=_("Registration")),
        FieldPanel("summary"), FieldPanel("text"),
        MultiFieldPanel([FieldPanel("amends"), FieldPanel("repeals")], heading=_("Relations to other decisions")),
        InlinePanel("documents", label=_("Document"), heading=_("Documents")),
    ]
    search_fields = ukrainian_search_fields(Page.search_fields) + [
        UkrainianSearchField("number", boost=3), UkrainianSearchField("summary"), UkrainianSearchField("text"),
        index.FilterField("date"), index.FilterField("status"), index.FilterField("session_id"),
        index.FilterField("topic_id"), index.FilterField("draft_id"), index.FilterField("number"),
    ]
    api_fields = [
        APIField("number"), APIField("date"), APIField("status"), label_field("status_label", "status"),
        page_field("session"), page_field("draft"), snippet_field("topic"),
        APIField("summary"), APIField("text"), documents_field("documents", "documents"),
        pages_field("amends"), pages_field("repeals"), pages_field("amended_by"), pages_field("repealed_by"),
    ]
    base_form_class = DecisionPageForm  # its «Змінює»/«Скасовує» pickers show number and date
    parent_page_types = ["council.DecisionIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-date", "-pk"]

    def clean(self):
        super().clean()
        from ..services import decision_date_errors

        errors = decision_date_errors(date=self.date, session=self.session if self.session_id else None)
        if errors:
            raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        from ..selectors import DECISION_CONTEXT, decision_context

        context = super().get_context(request, *args, **kwargs)
        # Read only when the page's cached fragment is rendered (cms.pagecache.cached_fragment).
        context.update(pagecache.lazy_values(lambda: decision_context(self), DECISION_CONTEXT))
        return context

    def cache_dependents(self) -> list[str]:
        """Besides its index and the home page (cms.pagecache): the session and the draft it came from show it,
        and the council's open data lists it."""
        related = [page for page in (self.session, self.draft) if page is not None]
        return [page.url for page in related if page.url] + ["/vidkryti-dani/rada/*"]


class DecisionDocument(Orderable):
    decision = ParentalKey(DecisionPage, related_name="documents", on_delete=models.CASCADE)
    title = models.CharField(_("title"), max_length=255)
    document = models.ForeignKey("wagtaildocs.Document", verbose_name=_("document"), on_delete=models.CASCADE,
                                 related_name="+")

    panels = [FieldPanel("title"), FieldPanel("document")]
