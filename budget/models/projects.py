"""Projects residents submit: cost breakdown, co-authors, files, the commission's review and, for winners, the
implementation with its dated updates."""
from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cms.uploads import PrivateFileField, private_file_url, register_private_files
from participation.discussion import POST_MODERATION, Discussion

from .campaign import BudgetCampaignPage, BudgetCategory, District

TITLE_MIN_LENGTH = 10
TITLE_MAX_LENGTH = 200
DESCRIPTION_MIN_LENGTH = 100
DESCRIPTION_MAX_LENGTH = 10000


class ProjectStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("budget project status", "Draft")
    SUBMITTED = "submitted", _("Submitted")
    ADMITTED = "admitted", _("Admitted to voting")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn by the author")
    WINNER = "winner", _("Winner")
    NOT_SELECTED = "not_selected", _("Not selected")
    IMPLEMENTING = "implementing", _("Being implemented")
    IMPLEMENTED = "implemented", _("Implemented")


# What the public sees (drafts, submitted-but-unreviewed and withdrawn projects are their authors' own business).
PUBLIC_STATUSES = (ProjectStatus.ADMITTED, ProjectStatus.REJECTED, ProjectStatus.WINNER,
                   ProjectStatus.NOT_SELECTED, ProjectStatus.IMPLEMENTING, ProjectStatus.IMPLEMENTED)
# Projects on the ballot and counted in the results.
ON_BALLOT_STATUSES = (ProjectStatus.ADMITTED, ProjectStatus.WINNER, ProjectStatus.NOT_SELECTED,
                      ProjectStatus.IMPLEMENTING, ProjectStatus.IMPLEMENTED)
WINNER_STATUSES = (ProjectStatus.WINNER, ProjectStatus.IMPLEMENTING, ProjectStatus.IMPLEMENTED)


class BudgetProject(Discussion, models.Model):
    campaign = models.ForeignKey(BudgetCampaignPage, verbose_name=_("campaign"), on_delete=models.CASCADE,
                                 related_name="projects")
    category = models.ForeignKey(BudgetCategory, verbose_name=_("category"), on_delete=models.PROTECT,
                                 related_name="projects")
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    description = models.TextField(_("description"), max_length=DESCRIPTION_MAX_LENGTH)
    district = models.ForeignKey(District, verbose_name=_("district"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="projects")
    address = models.CharField(_("address"), max_length=300, blank=True,
                               help_text=_("Where the project will be carried out, e.g. «вул. Шевченка, 12»."))
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="budget_projects")
    author_name = models.CharField(_("author's full name"), max_length=255)
    status = models.CharField(_("status"), max_length=16, choices=ProjectStatus.choices,
                              default=ProjectStatus.DRAFT, db_index=True)
    cost = models.PositiveBigIntegerField(_("cost, UAH"), default=0,
                                          help_text=_("The sum of the cost breakdown, computed."))
    corrected_cost = models.PositiveBigIntegerField(_("cost corrected by the commission, UAH"), null=True,
                                                    blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True, max_length=3000)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("review decision"), null=True, blank=True)
    # Implementation (winners)
    progress = models.PositiveSmallIntegerField(_("progress, %"), default=0,
                                                validators=[MaxValueValidator(100)])
    spent = models.PositiveBigIntegerField(_("money spent, UAH"), default=0)
    department = models.CharField(_("responsible department"), max_length=255, blank=True)
    external_id = models.CharField(_("identifier in the source file"), max_length=100, blank=True,
                                   help_text=_("For projects imported from a Pabulib file."))

    comments = GenericRelation("participation.Comment", related_query_name="budget_project")
    comment_moderation = POST_MODERATION

    class Meta:
        ordering = ["category__sort_order", "pk"]
        verbose_name = _("budget project")
        verbose_name_plural = _("budget projects")
        permissions = [
            ("review_budgetproject", "Can review budget projects (admit or reject)"),
            ("enter_paper_ballot", "Can enter paper ballots"),
            ("track_implementation", "Can update the implementation of winning projects"),
        ]
        indexes = [models.Index(fields=["campaign", "status"], name="budget_project_campaign_status")]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="budget_project_progress_max"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        from ..selectors import campaign_url

        return f"{campaign_url(self.campaign_id)}proiekty/{self.pk}/"

    @classmethod
    def visible_queryset(cls, viewer):
        """The one visibility rule (cms.object_visibility): see selectors.projects_visible_to."""
        from ..selectors import projects_visible_to

        return projects_visible_to(viewer)

    @property
    def effective_cost(self) -> int:
        """What the project costs on the ballot and in the results: the commission's figure when it corrected it."""
        return self.corrected_cost if self.corrected_cost is not None else self.cost

    @property
    def uid(self) -> str:
        return f"{self.campaign_id}-{self.pk}"

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def comments_enabled(self) -> bool:
        return self.is_public and self.status != ProjectStatus.REJECTED

    @property
    def is_winner(self) -> bool:
        return self.status in WINNER_STATUSES


class BudgetCostItem(models.Model):
    project = models.ForeignKey(BudgetProject, on_delete=models.CASCADE, related_name="cost_items")
    name = models.CharField(_("item"), max_length=200)
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    unit_price = models.PositiveBigIntegerField(_("price per unit, UAH"), validators=[MinValueValidator(1)])
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("cost item")
        verbose_name_plural = _("cost items")
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gte=1, unit_price__gte=1),
                                   name="budget_cost_item_positive"),
        ]

    def __str__(self):
        return self.name

    @property
    def total(self) -> int:
        return self.quantity * self.unit_price


class BudgetCoAuthor(models.Model):
    project = models.ForeignKey(BudgetProject, on_delete=models.CASCADE, related_name="coauthors")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="budget_coauthorships")
    name = models.CharField(_("full name"), max_length=255)

    class Meta:
        verbose_name = _("co-author")
        verbose_name_plural = _("co-authors")
        constraints = [models.UniqueConstraint(fields=["project", "user"], name="budget_coauthor_unique")]

    def __str__(self):
        return self.name


@register_private_files
class BudgetProjectFile(models.Model):
    """Photos and attachments, in private storage: served to whoever may see the project (a draft's to its author
    and the commission only)."""

    class Kind(models.TextChoices):
        PHOTO = "photo", _("Photo")
        ATTACHMENT = "attachment", _("Attachment")

    project = models.ForeignKey(BudgetProject, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    file = PrivateFileField(_("file"), prefix="budget")
    name = models.CharField(_("name"), max_length=200)
    size = models.PositiveIntegerField(_("size"), default=0)

    class Meta:
        ordering = ["kind", "pk"]
        verbose_name = _("project file")
        verbose_name_plural = _("project files")

    def __str__(self):
        return self.name

    @classmethod
    def visible_queryset(cls, viewer):
        from ..selectors import projects_visible_to

        return cls.objects.filter(project__in=projects_visible_to(viewer).values("pk"))

    @property
    def url(self) -> str:
        return private_file_url(self)


class ReviewDecision(models.TextChoices):
    ADMITTED = "admitted", _("Admitted to voting")
    REJECTED = "rejected", _("Rejected")


class BudgetReview(models.Model):
    """The commission's review of one project: a checklist, comments, a corrected cost and the decision."""

    project = models.OneToOneField(BudgetProject, on_delete=models.CASCADE, related_name="review")
    within_powers = models.BooleanField(_("within the council's powers"), default=False)
    on_city_land = models.BooleanField(_("on land or property of the community"), default=False)
    cost_realistic = models.BooleanField(_("the cost is realistic"), default=False)
    one_year = models.BooleanField(_("can be carried out within the budget year"), default=False)
    no_duplicate = models.BooleanField(_("does not duplicate city programmes"), default=False)
    comments = models.TextField(_("commission's comments"), blank=True, max_length=5000)
    decision = models.CharField(_("decision"), max_length=10, choices=ReviewDecision.choices, blank=True)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reviewer"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    CHECKLIST = ("within_powers", "on_city_land", "cost_realistic", "one_year", "no_duplicate")

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")

    def __str__(self):
        return str(self.project)


class ImplementationUpdate(models.Model):
    project = models.ForeignKey(BudgetProject, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField(_("date"), default=timezone.localdate)
    text = models.TextField(_("what was done"), max_length=3000)
    progress = models.PositiveSmallIntegerField(_("progress, %"), validators=[MaxValueValidator(100)])
    spent = models.PositiveBigIntegerField(_("money spent so far, UAH"), default=0)
    photo = models.ForeignKey("wagtailimages.Image", verbose_name=_("photo"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("implementation update")
        verbose_name_plural = _("implementation updates")

    def __str__(self):
        return f"{self.project} — {self.date}"
