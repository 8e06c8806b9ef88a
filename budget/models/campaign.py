"""Campaigns of the participatory budget: the index page, a campaign page with its fund, phases, eligibility and
binding rule, its categories (share of the fund, cost limits, ballot rule) and the city's districts."""
import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.models import Orderable, Page

from cms import pagecache
from cms.search import ukrainian_search_fields


class District(models.Model):
    """A district (or neighbourhood) of the city that projects belong to and voters live in."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True,
                            help_text=_("Latin letters for the address, e.g. «tsentralnyi»."))

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self):
        return self.name


class BudgetIndexPage(Page):
    """«Громадський бюджет»: the campaigns, newest first."""

    intro = models.TextField(_("introduction"), blank=True, max_length=2000,
                             help_text=_("A few words on how the participatory budget works in the city."))

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["budget.BudgetCampaignPage"]
    max_count = 1

    class Meta:
        verbose_name = _("participatory budget index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        campaigns = list(BudgetCampaignPage.objects.child_of(self).live().order_by("-year", "-pk"))
        # Each campaign's phase turns over by the clock: the list is kept by the page caches until the next turnover.
        pagecache.changes_at(request, min(filter(None, (campaign.next_phase_change() for campaign in campaigns)),
                                          default=None))
        context["campaigns"] = campaigns
        return context


class Phase(models.TextChoices):
    UPCOMING = "upcoming", _("Not started yet")
    SUBMISSION = "submission", _("Submission of projects")
    REVIEW = "review", _("Review of projects")
    VOTING = "voting", _("Voting")
    COUNTING = "counting", _("Counting the votes")
    RESULTS = "results", _("Results and implementation")


class BallotRule(models.TextChoices):
    APPROVAL = "approval", _("Approval: at most N projects")
    KNAPSACK = "knapsack", _("Knapsack: the chosen projects fit in the category's fund")


class BindingRule(models.TextChoices):
    GREEDY = "greedy", _("Greedy by votes")
    MES = "mes", _("Method of Equal Shares")


class Residency(models.TextChoices):
    NONE = "none", _("Not checked")
    DECLARED = "declared", _("Declared by the voter")
    VERIFIED = "verified", _("Verified by staff")


class BudgetCampaignPage(RoutablePageMixin, Page):
    """One year's campaign: its pages (landing, catalogue, project, ballot, results, statistics) are routes."""

    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)],
                                            help_text=_("The budget year the projects are paid from."))
    fund = models.PositiveBigIntegerField(_("fund, UAH"), validators=[MinValueValidator(1)],
                                          help_text=_("The part of the city budget residents decide on, "
                                                      "in whole hryvnias."))
    intro = models.TextField(_("introduction"), blank=True, max_length=3000,
                             help_text=_("What the campaign is about and who can take part."))
    submission_starts = models.DateTimeField(_("submission starts"))
    submission_ends = models.DateTimeField(_("submission ends"),
                                           help_text=_("Authors can change or withdraw their projects until then."))
    voting_starts = models.DateTimeField(_("voting starts"),
                                         help_text=_("The commission reviews projects between submission and voting."))
    voting_ends = models.DateTimeField(_("voting ends"))
    results_at = models.DateTimeField(_("results announced"),
                                      help_text=_("From then on winners are shown and implementation is tracked."))
    min_age = models.PositiveSmallIntegerField(_("minimum age of voters"), default=14,
                                               validators=[MinValueValidator(0), MaxValueValidator(120)],
                                               help_text=_("Residents vote from this age (often 14 or 16)."))
    residency = models.CharField(_("residency"), max_length=10, choices=Residency.choices,
                                 default=Residency.DECLARED,
                                 help_text=_("Whether voters declare that they live in the city, or staff must have "
                                             "verified it."))
    identity_required = models.BooleanField(
        _("verified identity required"), default=False,
        help_text=_("Voters must log in through the state identity service (OpenID Connect), not only confirm "
                    "their e-mail."))
    binding_rule = models.CharField(_("binding rule"), max_length=10, choices=BindingRule.choices,
                                    default=BindingRule.GREEDY,
                                    help_text=_("Which method decides the winners; the other is shown beside it "
                                                "for comparison."))
    decision_url = models.URLField(_("decision on the winners"), blank=True,
                                   help_text=_("Link to the council's decision approving the winners."))
    decision_date = models.DateField(_("date of the decision"), null=True, blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldRowPanel([FieldPanel("year"), FieldPanel("fund")]), FieldPanel("intro")],
                        heading=_("Campaign")),
        MultiFieldPanel([FieldRowPanel([FieldPanel("submission_starts"), FieldPanel("submission_ends")]),
                         FieldRowPanel([FieldPanel("voting_starts"), FieldPanel("voting_ends")]),
                         FieldPanel("results_at")], heading=_("Phases")),
        MultiFieldPanel([FieldPanel("min_age"), FieldPanel("residency"), FieldPanel("identity_required")],
                        heading=_("Who can vote")),
        InlinePanel("categories", heading=_("Categories"), min_num=1,
                    help_text=_("Each category has its share of the fund, cost limits and ballot rule.")),
        MultiFieldPanel([FieldPanel("binding_rule"), FieldPanel("decision_url"), FieldPanel("decision_date")],
                        heading=_("Results")),
    ]
    search_fields = ukrainian_search_fields(Page.search_fields)
    parent_page_types = ["budget.BudgetIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("participatory budget campaign")

    def clean(self):
        super().clean()
        order = [self.submission_starts, self.submission_ends, self.voting_starts, self.voting_ends, self.results_at]
        if all(order) and any(earlier > later for earlier, later in zip(order, order[1:], strict=False)):
            raise ValidationError(_("The phases must follow each other: submission, review, voting, results."))

    def phase(self, now: datetime.datetime | None = None) -> str:
        """The one place that says which phase the campaign is in."""
        now = now or timezone.now()
        if now < self.submission_starts:
            return Phase.UPCOMING
        if now < self.submission_ends:
            return Phase.SUBMISSION
        if now < self.voting_starts:
            return Phase.REVIEW
        if now < self.voting_ends:
            return Phase.VOTING
        if now < self.results_at:
            return Phase.COUNTING
        return Phase.RESULTS

    def next_phase_change(self, now: datetime.datetime | None = None) -> datetime.datetime | None:
        """When the phase turns over by the clock (submission opens or closes, voting opens or closes, results are
        due); None once the results are due."""
        now = now or timezone.now()
        return min((moment for moment in (self.submission_starts, self.submission_ends, self.voting_starts,
                                          self.voting_ends, self.results_at) if moment > now), default=None)

    def serve(self, request, *args, **kwargs):
        # Every route shows or depends on the phase (the landing's timeline, the catalogue, the ballot, the results):
        # the page caches keep an answer until the next turnover only.
        pagecache.changes_at(request, self.next_phase_change())
        return super().serve(request, *args, **kwargs)

    def phase_label(self) -> str:
        return str(Phase(self.phase()).label)

    def timeline(self) -> list[dict]:
        now, current = timezone.now(), self.phase()
        steps = [(Phase.SUBMISSION, self.submission_starts, self.submission_ends),
                 (Phase.REVIEW, self.submission_ends, self.voting_starts),
                 (Phase.VOTING, self.voting_starts, self.voting_ends),
                 (Phase.COUNTING, self.voting_ends, self.results_at),
                 (Phase.RESULTS, self.results_at, None)]
        return [{"phase": phase, "label": phase.label, "starts": starts, "ends": ends, "current": phase == current,
                 "done": ends is not None and ends <= now} for phase, starts, ends in steps]

    # Routes: the views live in budget/views.py -------------------------------------------------------------
    @path("")
    def landing_route(self, request):
        from .. import views

        return views.campaign_landing(request, self)

    @path("proiekty/")
    def catalogue_route(self, request):
        from .. import views

        return views.catalogue(request, self)

    @re_path(r"^proiekty/(?P<pk>\d{1,18})/$")
    def project_route(self, request, pk):
        from .. import views

        return views.project_detail(request, self, int(pk))

    @path("proiekty/novyi/")
    def project_create_route(self, request):
        from .. import views

        return views.project_edit(request, self, None)

    @re_path(r"^proiekty/(?P<pk>\d{1,18})/redaguvaty/$")
    def project_edit_route(self, request, pk):
        from .. import views

        return views.project_edit(request, self, int(pk))

    @re_path(r"^proiekty/(?P<pk>\d{1,18})/vidklykaty/$")
    def project_withdraw_route(self, request, pk):
        from .. import views

        return views.project_withdraw(request, self, int(pk))

    @path("biuleten/")
    def ballot_route(self, request):
        from .. import views

        return views.ballot_form(request, self)

    @path("biuleten/pidtverdzhennia/")
    def ballot_review_route(self, request):
        from .. import views

        return views.ballot_review(request, self)

    @path("biuleten/pryiniato/")
    def ballot_done_route(self, request):
        from .. import views

        return views.ballot_done(request, self)

    @path("miy-biuleten/")
    def my_ballot_route(self, request):
        from .. import views

        return views.my_ballot(request, self)

    @path("moi-proiekty/")
    def my_projects_route(self, request):
        from .. import views

        return views.my_projects(request, self)

    @path("rezultaty/")
    def results_route(self, request):
        from .. import views

        return views.results(request, self)

    @path("statystyka/")
    def statistics_route(self, request):
        from .. import views

        return views.statistics(request, self)


class BudgetCategory(Orderable):
    campaign = ParentalKey(BudgetCampaignPage, related_name="categories", on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=100, help_text=_("E.g. «Малі проєкти»."))
    slug = models.SlugField(_("slug"), max_length=50, help_text=_("Latin letters for filters, e.g. «mali»."))
    share = models.DecimalField(_("share of the fund, %"), max_digits=5, decimal_places=2,
                                validators=[MinValueValidator(0), MaxValueValidator(100)],
                                help_text=_("The category's part of the campaign's fund, in per cent."))
    min_cost = models.PositiveBigIntegerField(_("minimum project cost, UAH"), default=0)
    max_cost = models.PositiveBigIntegerField(_("maximum project cost, UAH"),
                                              help_text=_("A project above this cost is refused at submission."))
    ballot_rule = models.CharField(_("ballot rule"), max_length=10, choices=BallotRule.choices,
                                   default=BallotRule.APPROVAL)
    max_projects = models.PositiveSmallIntegerField(
        _("at most N projects per ballot"), null=True, blank=True, validators=[MinValueValidator(1)],
        help_text=_("For approval ballots: how many projects of this category a voter may choose."))
    min_projects = models.PositiveSmallIntegerField(
        _("at least this many projects per ballot"), default=0,
        help_text=_("0: no minimum. Otherwise a voter who votes in this category chooses at least this many."))

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("slug"), FieldPanel("share")]),
              FieldRowPanel([FieldPanel("min_cost"), FieldPanel("max_cost")]),
              FieldRowPanel([FieldPanel("ballot_rule"), FieldPanel("max_projects"), FieldPanel("min_projects")])]

    class Meta(Orderable.Meta):
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "slug"], name="budget_category_unique_slug"),
            models.CheckConstraint(condition=models.Q(min_cost__lte=models.F("max_cost")),
                                   name="budget_category_cost_limits"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.max_cost is not None and self.min_cost > self.max_cost:
            raise ValidationError({"max_cost": _("The maximum cost must not be below the minimum cost.")})
        if self.ballot_rule == BallotRule.APPROVAL and not self.max_projects:
            raise ValidationError({"max_projects": _("An approval ballot needs the number N of projects.")})
        if self.max_projects and self.min_projects > self.max_projects:
            raise ValidationError({"min_projects": _("The minimum cannot exceed the maximum number of projects.")})

    @property
    def budget(self) -> int:
        """The category's fund in whole hryvnias (rounded down)."""
        return int(self.campaign.fund * self.share // 100)
