"""City objects on the map: categories (map layers), objects with contacts, opening hours and accessibility data,
their photos, residents' corrections and the public directory page."""
import uuid

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Orderable, Page

from cms.search import words_document

from . import hours

COLOUR = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Give the colour as #RRGGBB, e.g. #0b4f8a."))
ICONS = [
    ("building", _("Building")), ("office", _("Office")), ("school", _("School")), ("kindergarten", _("Kindergarten")),
    ("health", _("Health")), ("pharmacy", _("Pharmacy")), ("culture", _("Culture")), ("sport", _("Sport")),
    ("transport", _("Transport")), ("park", _("Park")), ("monument", _("Monument")), ("shelter", _("Shelter")),
    ("utility", _("Utility")), ("social", _("Social services")),
]


class Category(models.Model):
    """A layer of the map: objects of one kind. A parent groups layers in the list (e.g. «Освіта»)."""

    name = models.CharField(_("name"), max_length=100, unique=True, help_text=_("E.g. «Аптеки»."))
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=False,
                            help_text=_("Latin letters for addresses and imports, e.g. «apteky»."))
    icon = models.CharField(_("icon"), max_length=20, choices=ICONS, default="building")
    colour = models.CharField(_("colour"), max_length=7, default="#0b4f8a", validators=[COLOUR],
                              help_text=_("The colour of the layer's markers, #RRGGBB; dark enough to see on a map."))
    order = models.PositiveSmallIntegerField(_("order"), default=0, help_text=_("Smaller numbers come first."))
    parent = models.ForeignKey("self", verbose_name=_("group"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="children",
                               help_text=_("Optional: the group this layer belongs to in the list of layers."))

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldRowPanel([FieldPanel("icon"), FieldPanel("colour")]),
              FieldPanel("order"), FieldPanel("parent")]

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("directory category")
        verbose_name_plural = _("directory categories")

    def __str__(self):
        return self.name

    def clean(self):
        ancestor, seen = self.parent, {self.pk}
        while ancestor is not None:
            if ancestor.pk in seen:
                raise ValidationError({"parent": _("A category cannot be inside itself.")})
            seen.add(ancestor.pk)
            ancestor = ancestor.parent


class OwnerType(models.TextChoices):
    MUNICIPAL = "municipal", _("Municipal")
    STATE = "state", pgettext_lazy("ownership", "State")
    PRIVATE = "private", _("Private")


ACCESSIBILITY_FEATURES = {
    "ramp": _("Ramp"),
    "lift": _("Lift"),
    "accessible_toilet": _("Accessible toilet"),
    "parking": _("Parking for people with disabilities"),
    "tactile_guidance": _("Tactile guidance"),
}


def new_external_id() -> str:
    return f"portal-{uuid.uuid4().hex[:12]}"


# What a resident's search words are looked for in (selectors.filter_objects, through ``CityObject.search_vector``).
WORD_SEARCH_FIELDS = ("name", "address")


class CityObject(ClusterableModel):
    """A place in the city on the map. Public when published (``selectors.published_objects`` is the one rule)."""

    external_id = models.CharField(
        _("external identifier"), max_length=64, unique=True, default=new_external_id,
        help_text=_("The identifier in the city's register; imports update the object with the same identifier."))
    name = models.CharField(_("name"), max_length=255)
    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.PROTECT,
                                 related_name="city_objects")
    address = models.CharField(_("address"), max_length=255, help_text=_("E.g. «вул. Шевченка, 15-А»."))
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    phones = models.CharField(_("phones"), max_length=255, blank=True,
                              help_text=_("One or more numbers separated by commas, e.g. «+380 5366 2-15-15»."))
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    opening_hours = models.JSONField(_("opening hours"), default=dict, blank=True,
                                     help_text=_("Per weekday, e.g. «08:00-12:00, 13:00-17:00»; empty is a day off."))
    description = models.TextField(_("description"), blank=True)
    services = models.TextField(_("services"), blank=True,
                                help_text=_("What residents can get here, one service per line (e.g. for a ЦНАП)."))
    owner_type = models.CharField(_("owner"), max_length=10, choices=OwnerType.choices, default=OwnerType.MUNICIPAL)
    department = models.ForeignKey(
        "council.Department", verbose_name=_("city department"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text=_("The department of the council responsible for the object, if any."))
    ramp = models.BooleanField(_("ramp"), null=True, blank=True)
    lift = models.BooleanField(_("lift"), null=True, blank=True)
    accessible_toilet = models.BooleanField(_("accessible toilet"), null=True, blank=True)
    parking = models.BooleanField(_("parking for people with disabilities"), null=True, blank=True)
    tactile_guidance = models.BooleanField(_("tactile guidance"), null=True, blank=True)
    accessibility_notes = models.TextField(_("accessibility notes"), blank=True)
    accessibility_checked_on = models.DateField(
        _("accessibility checked on"), null=True, blank=True,
        help_text=_("The date of the accessibility check (monitoringDate in the open-data set)."))
    accessibility_checked_by = models.CharField(
        _("accessibility checked by"), max_length=255, blank=True,
        help_text=_("The body that checked the accessibility (authorityName in the open-data set)."))
    is_published = models.BooleanField(_("published"), default=True,
                                       help_text=_("Only published objects are on the public map and in the API."))
    last_checked = models.DateField(_("data last checked"), null=True, blank=True,
                                    help_text=_("When staff last confirmed the object's data."))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Stored, so that a search reads each row's words instead of running the Ukrainian dictionary over them again
    # (a list scanned row by row in its order recomputed it: 0.2-0.4 s a page of appeals at 25,000 rows).
    search_vector = models.GeneratedField(expression=words_document(*WORD_SEARCH_FIELDS),
                                          output_field=SearchVectorField(), db_persist=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("city object")
        verbose_name_plural = _("city objects")
        indexes = [models.Index(fields=["category", "is_published"]),
                   GinIndex(fields=["search_vector"], name="cityobject_search_vector")]
        permissions = [("import_cityobject", _("Can import city objects"))]

    def __str__(self):
        return self.name

    @classmethod
    def visible_queryset(cls, viewer=None):
        """The one visibility rule (cms.object_visibility): published objects, to everyone alike."""
        return cls.objects.filter(is_published=True)

    def clean(self):
        from cms.maps import city_bounds

        try:
            self.opening_hours = hours.normalise_week(self.opening_hours)
        except ValidationError as error:
            raise ValidationError({"opening_hours": error.messages})
        if self.latitude is not None and self.longitude is not None \
                and not city_bounds().contains(latitude=self.latitude, longitude=self.longitude):
            raise ValidationError(_("The point is outside the city's bounds."))

    def get_absolute_url(self) -> str:
        from .selectors import directory_url

        base = directory_url()
        return f"{base}{self.pk}/" if base else ""

    @property
    def accessibility(self) -> list[tuple[str, str, bool | None]]:
        return [(key, str(label), getattr(self, key)) for key, label in ACCESSIBILITY_FEATURES.items()]

    @property
    def service_list(self) -> list[str]:
        return [line.strip() for line in self.services.splitlines() if line.strip()]

    @property
    def phone_list(self) -> list[str]:
        return [phone.strip() for phone in self.phones.split(",") if phone.strip()]

    def hours_rows(self):
        return hours.rows(self.opening_hours or {})

    def is_open_at(self, moment) -> bool:
        return hours.is_open(self.opening_hours or {}, timezone.localtime(moment))

    def open_changes_at(self, moment):
        """The next moment after ``moment`` its «open now» may turn over (an opening or a closing), or None."""
        return hours.next_change(self.opening_hours or {}, timezone.localtime(moment))


class CityObjectPhoto(Orderable):
    city_object = ParentalKey(CityObject, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey("wagtailimages.Image", verbose_name=_("image"), on_delete=models.CASCADE,
                              related_name="+")
    caption = models.CharField(_("description for people who cannot see it"), max_length=255,
                               help_text=_("What the photo shows, e.g. «Вхід із пандусом»."))

    panels = [FieldPanel("image"), FieldPanel("caption")]


class CorrectionKind(models.TextChoices):
    HOURS = "hours", _("Opening hours")
    ACCESSIBILITY = "accessibility", _("Accessibility (ramp, lift, toilet…)")
    CONTACTS = "contacts", _("Phones, e-mail, website")
    LOCATION = "location", _("Address or place on the map")
    OTHER = "other", _("Something else")


class CorrectionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class Correction(models.Model):
    """A resident's note that something about an object is wrong; staff accept (and fix the object) or reject it."""

    city_object = models.ForeignKey(CityObject, verbose_name=_("object"), on_delete=models.CASCADE,
                                    related_name="corrections")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True,
                               on_delete=models.SET_NULL, related_name="directory_corrections")
    kind = models.CharField(_("what is wrong"), max_length=20, choices=CorrectionKind.choices)
    text = models.TextField(_("correction"), max_length=2000)
    status = models.CharField(_("status"), max_length=10, choices=CorrectionStatus.choices,
                              default=CorrectionStatus.PENDING)
    staff_note = models.TextField(_("answer to the resident"), blank=True)
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections from residents")

    def __str__(self):
        return f"{self.city_object}: {self.get_kind_display()}"


class DirectoryPage(RoutablePageMixin, Page):
    """The public directory: the map with its layers, the list with filters, object pages and corrections."""

    intro = models.TextField(_("introduction"), blank=True,
                             help_text=_("One or two sentences above the map: what residents find here."))

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("city directory")

    @path("")
    def index_route(self, request):
        from .views import directory_index

        return directory_index(request, self)

    @path("<int:pk>/")
    def object_route(self, request, pk):
        from .views import object_detail

        return object_detail(request, self, pk)

    @path("<int:pk>/vypravlennia/")
    def correction_route(self, request, pk):
        from .views import correction_create

        return correction_create(request, self, pk)

    def object_url(self, city_object, request=None) -> str:
        return self.get_url(request) + self.reverse_subpage("object_route", args=[city_object.pk])


__all__ = ["ACCESSIBILITY_FEATURES", "Category", "CityObject", "CityObjectPhoto", "Correction", "CorrectionKind",
           "CorrectionStatus", "DirectoryPage", "OwnerType"]
