"""django-import-export resources in the open-data columns: deputies (30-deputies.csv)."""
import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from import_export import fields, resources

from .models import (
    Committee,
    CommitteeMembership,
    CommitteePost,
    Convocation,
    DeputyIndexPage,
    DeputyPage,
    DeputySocialLink,
    ElectoralDistrict,
    Faction,
    FactionPost,
    Gender,
    ReceptionSchedule,
    ReceptionSlot,
)
from .models.deputies import OPEN_DATA_WEEKDAYS

DEPUTY_COLUMNS = [
    "id", "votingIdentifier", "familyName", "name", "additionalName", "gender", "birthDate", "image", "biography",
    "partyName", "partyId", "email", "telephone", "homepage", "account", "factionName", "factionPost",
    "commissionName", "commissionPost", "areaId", "CATUTTC", "addressPostCode", "addressAdminUnitL1",
    "addressAdminUnitL2", "addressAdminUnitL3", "addressAdminUnitL4", "addressPostName", "addressThoroughfare",
    "addressLocatorDesignator", "addressLocatorBuilding", "addressLocatorName", "openingHours",
    "availabilityRestriction",
]
NULL = "null"
OUTSIDE_FACTIONS = "Позафракційний"
FACTION_POSTS = {FactionPost.HEAD: "Голова фракції", FactionPost.DEPUTY_HEAD: "Заступник голови фракції",
                 FactionPost.SECRETARY: "Секретар фракції", FactionPost.MEMBER: "Член депутатської фракції"}
COMMITTEE_POSTS = {CommitteePost.CHAIR: "Голова", CommitteePost.DEPUTY_CHAIR: "Заступник голови",
                   CommitteePost.SECRETARY: "Секретар", CommitteePost.MEMBER: "Член постійної комісії"}
_DAYS = {label: number for number, label in OPEN_DATA_WEEKDAYS.items()}
_DAY = "(Пн|Вт|Ср|Чт|Пт|Сб|Нд)"
_HOURS = re.compile(rf"^{_DAY}(?:\s*-\s*{_DAY})?\s+(\d{{1,2}}:\d{{2}})\s*-\s*(\d{{1,2}}:\d{{2}})$")


def _value(row, column) -> str:
    value = row.get(column)
    text = "" if value is None else str(value).strip()
    return "" if text.lower() == NULL else text


def parse_opening_hours(text: str) -> list[tuple[int, int | None, str, str]]:
    """«Пн-Пт 09:00-17:00; Сб 10:00-12:00» as (day_from, day_to, time_from, time_to) tuples."""
    slots = []
    for part in filter(None, (piece.strip() for piece in re.split(r"[;\n]", text or ""))):
        match = _HOURS.match(part)
        if not match:
            raise ValidationError(_("The reception hours «%(value)s» are not in the form «Пн-Пт 09:00-17:00».")
                                  % {"value": part})
        first, last, start, end = match.groups()
        slots.append((_DAYS[first], _DAYS[last] if last else None, start.zfill(5), end.zfill(5)))
    return slots


def _lookup(name, source, key, message):
    if not name:
        return None
    found = source.get(key(name))
    if found is None:
        raise ValidationError(message % {"value": name})
    return found


class DeputyResource(resources.ModelResource):
    """Deputies in the columns of 30-deputies.csv. Rows are matched by «id» (the certificate number);
    new deputies are added under the deputies index and published."""

    id = fields.Field(attribute="external_id", column_name="id")
    votingIdentifier = fields.Field(attribute="voting_identifier", column_name="votingIdentifier")
    familyName = fields.Field(attribute="family_name", column_name="familyName")
    name = fields.Field(attribute="given_name", column_name="name")
    additionalName = fields.Field(attribute="patronymic", column_name="additionalName")
    email = fields.Field(attribute="email", column_name="email")
    telephone = fields.Field(attribute="phone", column_name="telephone")
    partyName = fields.Field(attribute="party_name", column_name="partyName")

    class Meta:
        model = DeputyPage
        import_id_fields = ["id"]
        fields = DEPUTY_COLUMNS
        export_order = DEPUTY_COLUMNS
        skip_unchanged = False
        clean_model_instances = True
        use_transactions = True

    def __init__(self, *, request=None, index_page=None, convocation=None):
        super().__init__()
        self.request = request
        self.index_page = index_page or DeputyIndexPage.objects.first()
        self.convocation = convocation or Convocation.objects.filter(is_current=True).first()
        self.factions = {f.name.casefold(): f for f in Faction.objects.all()}
        self.committees = {c.name.casefold(): c for c in Committee.objects.all()}
        self.districts = {str(d.number): d for d in ElectoralDistrict.objects.all()}
        self._related: dict[str, dict] = {}

    # --- export ----------------------------------------------------------------------------------------
    def get_export_headers(self, selected_fields=None):
        return list(DEPUTY_COLUMNS)

    def export(self, queryset=None, **kwargs):
        if queryset is None:
            queryset = DeputyPage.objects.all()
        queryset = queryset.select_related("faction", "district", "photo").prefetch_related(
            "social_links", "committee_memberships__committee", "reception__slots")
        return super().export(queryset=queryset, **kwargs)

    def export_resource(self, instance, selected_fields=None, **kwargs):
        try:
            reception = instance.reception
        except ReceptionSchedule.DoesNotExist:
            reception = None
        memberships = sorted(instance.committee_memberships.all(),
                             key=lambda m: list(CommitteePost.values).index(m.post))
        membership = memberships[0] if memberships else None
        base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        row = {
            "id": instance.external_id or f"page-{instance.pk}",
            "votingIdentifier": instance.voting_identifier or NULL,
            "familyName": instance.family_name, "name": instance.given_name,
            "additionalName": instance.patronymic,
            "gender": instance.gender, "birthDate": instance.birth_date.isoformat() if instance.birth_date else NULL,
            "image": f"{base}{instance.photo.get_rendition('fill-240x300').url}" if instance.photo else NULL,
            "biography": strip_tags(instance.biography).strip(),
            "partyName": instance.party_name or NULL, "partyId": NULL,
            "email": instance.email, "telephone": instance.phone,
            "homepage": f"{base}{instance.url}" if instance.live and instance.url else NULL,
            "account": ",".join(link.url for link in instance.social_links.all()) or NULL,
            "factionName": instance.faction.name if instance.faction else OUTSIDE_FACTIONS,
            "factionPost": FACTION_POSTS[instance.faction_post] if instance.faction else NULL,
            "commissionName": membership.committee.name if membership else NULL,
            "commissionPost": COMMITTEE_POSTS[membership.post] if membership else NULL,
            "areaId": instance.district.number if instance.district else NULL,
            "CATUTTC": settings.COUNCIL_CATUTTC,
            "addressPostCode": reception.post_code if reception else "",
            "addressAdminUnitL1": "Україна", "addressAdminUnitL2": settings.COUNCIL_REGION,
            "addressAdminUnitL3": NULL, "addressAdminUnitL4": NULL,
            "addressPostName": reception.post_name if reception else "",
            "addressThoroughfare": reception.thoroughfare if reception else "",
            "addressLocatorDesignator": reception.locator_designator if reception else "",
            "addressLocatorBuilding": (reception.locator_building or NULL) if reception else NULL,
            "addressLocatorName": (reception.locator_name or NULL) if reception else NULL,
            "openingHours": reception.opening_hours if reception else "",
            "availabilityRestriction": (reception.restriction or NULL) if reception else NULL,
        }
        return [row[column] for column in DEPUTY_COLUMNS]

    # --- import ----------------------------------------------------------------------------------------
    def before_import(self, dataset, **kwargs):
        missing = [column for column in ("id", "familyName", "name") if column not in (dataset.headers or [])]
        if missing:
            raise ValidationError(_("The file has no column(s) %(columns)s: use the columns of 30-deputies.csv.")
                                  % {"columns": ", ".join(missing)})
        if self.index_page is None:
            raise ValidationError(_("Create the deputies index page first: new deputies are added under it."))

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        errors = {}
        key = _value(row, "id")
        for column in ("votingIdentifier", "additionalName", "email", "telephone", "partyName"):
            if _value(row, column) == "" and column in row:
                setattr(instance, self.fields[column].attribute, None if column == "votingIdentifier" else "")
        try:
            gender = int(_value(row, "gender") or 0)
            if gender not in Gender.values:
                raise ValueError
            instance.gender = gender
        except ValueError:
            errors["gender"] = _("The gender must be 0, 1, 2 or 9 (ISO/IEC 5218).")
        birth = _value(row, "birthDate")
        if birth:
            try:
                instance.birth_date = datetime.date.fromisoformat(birth[:10])
            except ValueError:
                errors["birth_date"] = _("The date of birth must be written as YYYY-MM-DD.")
        biography = _value(row, "biography")
        if biography:
            instance.biography = "".join(f"<p>{line}</p>" for line in biography.splitlines() if line.strip())
        related = {}
        try:
            faction_name = _value(row, "factionName")
            if faction_name == OUTSIDE_FACTIONS:
                faction_name = ""
            instance.faction = _lookup(faction_name, self.factions, str.casefold,
                                       _("There is no faction «%(value)s»: add it under Factions first."))
            post = _value(row, "factionPost")
            posts = {label.casefold(): key for key, label in FACTION_POSTS.items()}
            instance.faction_post = posts.get(post.casefold(), FactionPost.MEMBER) if post else FactionPost.MEMBER
            instance.district = _lookup(_value(row, "areaId"), self.districts, str,
                                        _("There is no electoral district № %(value)s."))
            related["committee"] = _lookup(_value(row, "commissionName"), self.committees, str.casefold,
                                           _("There is no committee «%(value)s»: add it under Committees first."))
            committee_posts = {label.casefold(): key for key, label in COMMITTEE_POSTS.items()}
            related["committee_post"] = committee_posts.get(_value(row, "commissionPost").casefold(),
                                                            CommitteePost.MEMBER)
            related["slots"] = parse_opening_hours(_value(row, "openingHours"))
        except ValidationError as error:
            errors["__all__"] = error.messages
        related["accounts"] = [url.strip() for url in _value(row, "account").split(",") if url.strip()]
        related["reception"] = {
            "post_code": _value(row, "addressPostCode"), "post_name": _value(row, "addressPostName"),
            "thoroughfare": _value(row, "addressThoroughfare"),
            "locator_designator": _value(row, "addressLocatorDesignator"),
            "locator_building": _value(row, "addressLocatorBuilding"),
            "locator_name": _value(row, "addressLocatorName"),
            "restriction": _value(row, "availabilityRestriction"),
        }
        self._related[key] = related
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        if instance.family_name and instance.given_name:
            instance.title = instance.full_name
        if not instance.slug:
            from cms.text import latin_slug

            instance.slug = latin_slug(instance.full_name) or f"deputat-{instance.external_id}"
        # Tree fields are set when the page is added under the index (save_instance).
        exclude = {"path", "depth", "content_type", "draft_title", "live_revision", "latest_revision", "url_path"}
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(exclude=exclude, validate_unique=validate_unique)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                if field == "slug":  # another deputy with the same name: the slug is made unique on save
                    continue
                errors.setdefault(field, []).extend(messages if isinstance(messages, list) else [messages])
        if errors:
            raise ValidationError(errors)

    def save_instance(self, instance, is_create, row, **kwargs):
        if kwargs.get("dry_run") and not kwargs.get("using_transactions", True):
            return
        if is_create or not instance.pk:
            base, number = instance.slug, 2
            while DeputyPage.objects.filter(slug=instance.slug).exists():
                instance.slug, number = f"{base}-{number}", number + 1
            self.index_page.add_child(instance=instance)
        if self.convocation and not instance.convocations.filter(pk=self.convocation.pk).exists():
            instance.convocations.add(self.convocation)
        related = self._related.get(_value(row, "id"), {})
        instance.social_links = [DeputySocialLink(url=url) for url in related.get("accounts", [])]
        instance.save_revision().publish()
        self._save_related(instance, related)

    @transaction.atomic
    def _save_related(self, deputy, related):
        CommitteeMembership.objects.filter(deputy=deputy).delete()
        if related.get("committee"):
            CommitteeMembership.objects.create(committee=related["committee"], deputy=deputy,
                                               post=related["committee_post"])
        schedule, _created = ReceptionSchedule.objects.update_or_create(deputy=deputy,
                                                                        defaults=related.get("reception", {}))
        schedule.slots.all().delete()
        for position, (day_from, day_to, start, end) in enumerate(related.get("slots", [])):
            ReceptionSlot.objects.create(schedule=schedule, sort_order=position, day_from=day_from, day_to=day_to,
                                         time_from=start, time_to=end)
