"""The annual plan of regulatory acts: a page per year with one row per planned act."""
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Orderable, Page

from cms.page_api import label_field, page_field, snippet_field
from cms.search import UkrainianSearchField, ukrainian_search_fields


class RegulatoryPlanPage(RoutablePageMixin, Page):
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_("The year the plan is for."),
    )
    intro = models.TextField(_("introduction"), blank=True, max_length=800)
    approved_by = models.CharField(
        _("approved by"), max_length=300, blank=True,
        help_text=_("The act that approved the plan, e.g. «Рішення виконавчого комітету від 15.12.2025 № 412»."),
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("year"), FieldPanel("approved_by"), FieldPanel("intro")],
                        heading=_("Essentials")),
        InlinePanel("items", label=_("Planned act"), heading=_("Acts in the plan")),
    ]
    search_fields = ukrainian_search_fields(Page.search_fields) + [UkrainianSearchField("intro")]
    api_fields = [APIField("year"), APIField("intro"), APIField("approved_by"), APIField("items")]

    parent_page_types = ["regulatory.RegulatoryActIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("plan of regulatory acts")
        verbose_name_plural = _("plans of regulatory acts")

    def get_context(self, request, *args, **kwargs):
        from ..selectors import plan_items

        context = super().get_context(request, *args, **kwargs)
        context["items"] = plan_items(self)
        return context

    @path("opendata/csv/")
    def opendata_csv(self, request):
        from ..views import plan_open_data

        return plan_open_data(request, self, "csv")

    @path("opendata/json/")
    def opendata_json(self, request):
        from ..views import plan_open_data

        return plan_open_data(request, self, "json")


class PlanItem(Orderable):
    class ProjectType(models.TextChoices):
        NEW = "new", _("Adoption of a new regulatory act")
        AMENDMENT = "amendment", _("Amendment of a regulatory act")
        REPEAL = "repeal", _("Repeal of a regulatory act")

    plan = ParentalKey(RegulatoryPlanPage, related_name="items", on_delete=models.CASCADE)
    title = models.CharField(_("title of the act"), max_length=500,
                             help_text=_("E.g. «Порядок встановлення режиму роботи закладів торгівлі»."))
    legal_act_title = models.CharField(
        _("title of the draft decision"), max_length=500,
        help_text=_("The full title of the draft decision or order that will adopt it."),
    )
    kind = models.CharField(_("kind of act"), max_length=16, choices=[
        ("council", _("Decision of the city council")),
        ("executive", _("Decision of the executive committee")),
        ("mayor", _("Order of the mayor")),
    ], default="council")
    project_type = models.CharField(_("kind of project"), max_length=16, choices=ProjectType.choices,
                                    default=ProjectType.NEW)
    objective = models.TextField(_("goal"), max_length=2000,
                                 help_text=_("Why the act is needed; separate several goals with a semicolon."))
    amends_uid = models.CharField(_("identifier of the act amended"), max_length=100, blank=True,
                                  help_text=_("For amendments and repeals: the act's identifier in the register."))
    amends_title = models.CharField(_("title of the act amended"), max_length=500, blank=True)
    department = models.ForeignKey("council.Department", verbose_name=_("responsible department"), null=True,
                                   on_delete=models.SET_NULL, related_name="regulatory_plan_items")
    deadline = models.DateField(_("development deadline"),
                                help_text=_("For a month or a quarter, give its last day."))
    submission_date = models.DateField(_("submitted for consideration on"), null=True, blank=True)
    act = models.ForeignKey("regulatory.RegulatoryActPage", verbose_name=_("page of the act"), null=True,
                            blank=True, on_delete=models.SET_NULL, related_name="plan_items",
                            help_text=_("Once the draft is published, link its page: the status comes from it."))

    api_fields = [APIField("title"), APIField("legal_act_title"), APIField("kind"), label_field("kind_label", "kind"),
                  APIField("project_type"), label_field("project_type_label", "project_type"), APIField("objective"),
                  APIField("amends_uid"), APIField("amends_title"), snippet_field("department"),
                  APIField("deadline"), APIField("submission_date"), page_field("act")]
    panels = [
        FieldPanel("title"), FieldPanel("legal_act_title"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("project_type")]),
        FieldPanel("objective"),
        FieldRowPanel([FieldPanel("amends_uid"), FieldPanel("amends_title")]),
        FieldPanel("department"),
        FieldRowPanel([FieldPanel("deadline"), FieldPanel("submission_date")]),
        FieldPanel("act"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("planned act")
        verbose_name_plural = _("planned acts")

    def clean(self):
        super().clean()
        if self.project_type != self.ProjectType.NEW and not (self.amends_uid or self.amends_title):
            raise ValidationError({"amends_title": _("Name the act that is amended or repealed.")})

    @property
    def status_label(self) -> str:
        if self.act_id and self.act and self.act.live:
            return self.act.get_status_display()
        return str(_("Planned"))
