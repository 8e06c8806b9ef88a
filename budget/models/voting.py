"""Voting. Who voted (BudgetParticipation, personal, seen by staff) and what was chosen (BudgetBallot, anonymous:
a random id, the day, the channel and the projects) are separate tables with nothing in common that staff can read;
see docs/budget.md "Secrecy"."""
import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .campaign import BudgetCampaignPage, BudgetCategory, District
from .projects import BudgetProject


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    PAPER = "paper", _("Paper ballot")
    IMPORTED = "imported", _("Imported from a Pabulib file")


class VoterProfile(models.Model):
    """What eligibility needs beyond the account: birth date, district, residency."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="budget_voter")
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    district = models.ForeignKey(District, verbose_name=_("district"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    residency_declared = models.BooleanField(_("declares living in the city"), default=False)
    residency_verified = models.BooleanField(_("residency verified by staff"), default=False)

    class Meta:
        verbose_name = _("voter profile")
        verbose_name_plural = _("voter profiles")

    def __str__(self):
        return str(self.user)


class BudgetParticipation(models.Model):
    """That a person voted in a campaign (and through which channel), never what they chose."""

    # Every vote writes a row here and one in BudgetBallot, so their indexes are only those something reads: the
    # campaign's own look-ups use the unique (campaign, …) indexes; district and clerk, empty on most rows, are
    # indexed where set (what deleting a district or an account looks up).
    campaign = models.ForeignKey(BudgetCampaignPage, verbose_name=_("campaign"), on_delete=models.CASCADE,
                                 related_name="participations", db_index=False)
    person_key = models.CharField(max_length=64, editable=False,
                                  help_text="HMAC of the normalised full name and birth date: one person, one vote "
                                            "across channels")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="budget_participations")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    voted_on = models.DateField(_("voted on"), default=timezone.localdate)
    age_group = models.CharField(_("age group"), max_length=10, blank=True)
    district = models.ForeignKey(District, verbose_name=_("district"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+", db_index=False)
    # Paper ballots: the identity the staff member checked, and who entered it where.
    full_name = models.CharField(_("full name"), max_length=255, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    document = models.CharField(_("identity document"), max_length=100, blank=True)
    service_centre = models.CharField(_("service centre"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+", db_index=False)

    class Meta:
        verbose_name = _("voter")
        verbose_name_plural = _("voters")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "person_key"], name="budget_one_vote_per_person"),
            models.UniqueConstraint(fields=["campaign", "user"], condition=models.Q(user__isnull=False),
                                    name="budget_one_vote_per_account"),
        ]
        indexes = [
            models.Index(fields=["district"], condition=models.Q(district__isnull=False),
                         name="budget_participation_district"),
            models.Index(fields=["recorded_by"], condition=models.Q(recorded_by__isnull=False),
                         name="budget_participation_clerk"),
        ]

    def __str__(self):
        return self.full_name or str(self.user or "")


class BudgetBallot(models.Model):
    """The anonymous contents of one vote: nothing here names or points to the voter for anyone without the
    ballot key (settings.BUDGET_BALLOT_KEY), which only the voter's own "my ballot" look-up uses."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Indexed by (campaign, cast_on) below, which serves the campaign's look-ups too.
    campaign = models.ForeignKey(BudgetCampaignPage, on_delete=models.CASCADE, related_name="ballots", db_index=False)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    cast_on = models.DateField(_("day"), default=timezone.localdate)
    project_ids = ArrayField(models.BigIntegerField(), verbose_name=_("projects"))
    # HMAC(ballot key, campaign, account) for online ballots: lets the voter (and nobody reading the tables)
    # find their own ballot. Paper ballots have none.
    # A constraint rather than unique=True: the same unique index without the pattern-matching copy PostgreSQL
    # gets for unique text columns, which nothing here uses.
    owner_tag = models.CharField(max_length=64, null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        indexes = [models.Index(fields=["campaign", "cast_on"], name="budget_ballot_campaign_day")]
        constraints = [models.UniqueConstraint(fields=["owner_tag"], name="budget_ballot_owner_tag")]

    def __str__(self):
        return str(self.id)


class BudgetResult(models.Model):
    """A category's counted result for one project: votes, rank and whether each method selects it."""

    campaign = models.ForeignKey(BudgetCampaignPage, on_delete=models.CASCADE, related_name="results")
    category = models.ForeignKey(BudgetCategory, on_delete=models.CASCADE, related_name="results")
    project = models.OneToOneField(BudgetProject, on_delete=models.CASCADE, related_name="result")
    votes = models.PositiveIntegerField(pgettext_lazy("number of votes", "votes"))
    rank = models.PositiveIntegerField(_("place"))
    cost = models.PositiveBigIntegerField(_("cost, UAH"))
    greedy_selected = models.BooleanField(_("selected by greedy"), default=False)
    mes_selected = models.BooleanField(_("selected by equal shares"), default=False)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["category__sort_order", "rank"]
        verbose_name = _("result")
        verbose_name_plural = _("results")

    def __str__(self):
        return f"{self.project}: {self.votes}"
