"""Roll-call votes: one event per vote on a question, one record per deputy; the address register."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class VoteKind(models.TextChoices):
    WHOLE = "whole", _("As a whole")
    BASIS = "basis", _("As a basis")
    AMENDMENT = "amendment", _("Amendment")
    PROCEDURAL = "procedural", _("Procedural")


class VoteResult(models.TextChoices):
    """The open-data vocabulary of 29-votes-voteEvents.csv."""
    ADOPTED = "Прийнято", _("Adopted")
    NOT_ADOPTED = "Не прийнято", _("Not adopted")
    NOT_VOTED = "Не голосували", _("Not voted")
    NOT_CONSIDERED = "Не розглядали", _("Not considered")


class Choice(models.TextChoices):
    """The open-data vocabulary of 29-votes-votings.csv."""
    FOR = "За", _("For")
    AGAINST = "Проти", _("Against")
    ABSTAIN = "Утримався", _("Abstained")
    NOT_VOTING = "Не голосував", _("Did not vote")
    ABSENT = "Відсутній", _("Absent")


# Choice -> the VoteEvent counter it adds to.
TOTAL_FIELDS = {Choice.FOR: "votes_for", Choice.AGAINST: "votes_against", Choice.ABSTAIN: "votes_abstain",
                Choice.NOT_VOTING: "not_voting", Choice.ABSENT: "absent"}


class VoteEvent(models.Model):
    session = models.ForeignKey("council.SessionPage", verbose_name=_("session"), on_delete=models.CASCADE,
                                related_name="vote_events")
    agenda_item = models.ForeignKey("council.AgendaItem", verbose_name=_("agenda item"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="vote_events")
    uid = models.CharField(_("identifier"), max_length=100, unique=True)
    motion_uid = models.CharField(_("question identifier"), max_length=100, db_index=True)
    title = models.CharField(_("question"), max_length=1000)
    project_number = models.CharField(_("draft number"), max_length=50, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=VoteKind.choices, default=VoteKind.WHOLE)
    start = models.DateTimeField(_("started"), null=True, blank=True)
    end = models.DateTimeField(_("ended"), null=True, blank=True)
    result = models.CharField(_("result"), max_length=20, choices=VoteResult.choices)
    votes_for = models.PositiveSmallIntegerField(_("for"), default=0)
    votes_against = models.PositiveSmallIntegerField(_("against"), default=0)
    votes_abstain = models.PositiveSmallIntegerField(_("abstained"), default=0)
    not_voting = models.PositiveSmallIntegerField(_("did not vote"), default=0)
    absent = models.PositiveSmallIntegerField(_("absent"), default=0)
    text_url = models.URLField(_("document address"), blank=True)
    text = models.CharField(_("document file"), max_length=255, blank=True)
    position = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["session", "position", "pk"]
        verbose_name = _("vote")
        verbose_name_plural = _("votes")

    def __str__(self):
        return self.title

    @property
    def totals(self) -> dict[str, int]:
        return {choice: getattr(self, field) for choice, field in TOTAL_FIELDS.items()}


class VoteRecord(models.Model):
    event = models.ForeignKey(VoteEvent, verbose_name=_("vote"), on_delete=models.CASCADE, related_name="records")
    deputy = models.ForeignKey("council.DeputyPage", verbose_name=_("deputy"), on_delete=models.PROTECT,
                               related_name="vote_records")
    choice = models.CharField(_("choice"), max_length=20, choices=Choice.choices)
    # The faction at the time of the vote: members move between factions, old votes must not.
    faction = models.ForeignKey("council.Faction", verbose_name=_("faction"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("vote record")
        verbose_name_plural = _("vote records")
        constraints = [models.UniqueConstraint(fields=["event", "deputy"], name="council_one_record_per_deputy")]
        indexes = [models.Index(fields=["deputy", "event"], name="council_record_by_deputy")]

    def __str__(self):
        return f"{self.deputy}: {self.choice}"


class AddressRecord(models.Model):
    """One address of the city's register (37-address-register.csv) with the electoral district it lies in."""

    uid = models.CharField(_("identifier"), max_length=100, unique=True)
    post_name = models.CharField(_("town"), max_length=100, blank=True)
    thoroughfare = models.CharField(_("street"), max_length=200)
    locator_designator = models.CharField(_("house number"), max_length=20)
    locator_building = models.CharField(_("building"), max_length=20, blank=True)
    post_code = models.CharField(_("postcode"), max_length=10, blank=True)
    status = models.CharField(_("status"), max_length=40, blank=True)
    district = models.ForeignKey("council.ElectoralDistrict", verbose_name=_("electoral district"),
                                 on_delete=models.CASCADE, related_name="addresses")
    street_key = models.CharField(max_length=200, db_index=True, editable=False)
    house_key = models.CharField(max_length=40, editable=False)

    class Meta:
        ordering = ["thoroughfare", "locator_designator"]
        verbose_name = _("address")
        verbose_name_plural = _("address register")
        indexes = [models.Index(fields=["street_key", "house_key"], name="council_address_lookup")]

    def __str__(self):
        return f"{self.thoroughfare}, {self.locator_designator}"

    def save(self, *args, **kwargs):
        from ..addresses import house_key, street_key

        self.street_key, self.house_key = street_key(self.thoroughfare), house_key(self.locator_designator)
        return super().save(*args, **kwargs)
