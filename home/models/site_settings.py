"""Site settings editors control: the city's identity, contacts, main menu, footer and social links."""
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable

hex_colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Enter a colour as #RRGGBB, e.g. #005BBB."))


def _relative_luminance(hex_value: str) -> float:
    channels = [int(hex_value[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_with_white(hex_value: str) -> float:
    return 1.05 / (_relative_luminance(hex_value) + 0.05)


class LinkFields(models.Model):
    """A menu or footer link: a page of the site or an external address."""

    label = models.CharField(_("label"), max_length=100, help_text=_("The words visitors see."))
    link_page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("page"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A page of this site. If the page is deleted or unpublished, the link is hidden."),
    )
    link_url = models.URLField(
        _("external address"), blank=True, help_text=_("Only when the link leads outside the site."),
    )

    panels = [FieldPanel("label"), FieldPanel("link_page"), FieldPanel("link_url")]

    class Meta:
        abstract = True

    def href(self, request=None) -> str:
        """The address to show, or "" when the link leads to a page that is not public any more."""
        if self.link_page_id:
            page = self.link_page
            return (page.get_url(request) or "") if page.live else ""
        return self.link_url

    def clean(self):
        if bool(self.link_page_id) == bool(self.link_url):
            raise ValidationError({"link_url": _("Choose a page or give an address (one of the two).")})


@register_setting(icon="site")
class PortalSettings(BaseSiteSetting, ClusterableModel):
    city_name = models.CharField(
        _("city name"), max_length=100, default="Місто",
        help_text=_("Shown in the header, e.g. «Полтава»."),
    )
    council_name = models.CharField(
        _("council name"), max_length=200, default="Міська рада",
        help_text=_("Official name of the council, e.g. «Полтавська міська рада»."),
    )
    coat_of_arms = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("coat of arms"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", help_text=_("Square image shown beside the name."),
    )
    primary_colour = models.CharField(
        _("main colour"), max_length=7, default="#0b4f8a", validators=[hex_colour],
        help_text=_("Header and button colour. White text must stay readable on it (contrast at least 4.5:1)."),
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    working_hours = models.CharField(_("working hours"), max_length=255, blank=True)
    footer_text = models.TextField(
        _("footer text"), blank=True, help_text=_("E.g. the information holder's details or a licence note."),
    )

    panels = [
        MultiFieldPanel([FieldPanel("city_name"), FieldPanel("council_name"), FieldPanel("coat_of_arms"),
                         FieldPanel("primary_colour")], heading=_("Identity")),
        MultiFieldPanel([FieldPanel("address"), FieldPanel("phone"), FieldPanel("email"),
                         FieldPanel("working_hours"), FieldPanel("footer_text")], heading=_("Contacts")),
    ]
    edit_handler = TabbedInterface([
        ObjectList(panels, heading=_("General")),
        ObjectList([InlinePanel("menu_items", label=_("Main menu item"))], heading=_("Main menu")),
        ObjectList([InlinePanel("footer_links", label=_("Footer link")),
                    InlinePanel("social_links", label=_("Social network"))], heading=_("Footer")),
    ])

    select_related = ["coat_of_arms"]  # the header shows it on every page: fetched with the settings

    class Meta:
        verbose_name = _("portal settings")

    def clean(self):
        super().clean()
        if self.primary_colour and hex_colour.regex.match(self.primary_colour):
            if contrast_with_white(self.primary_colour) < 4.5:
                raise ValidationError({"primary_colour": _(
                    "White text on this colour is hard to read (contrast below 4.5:1). Choose a darker colour."
                )})


class MainMenuItem(Orderable, LinkFields):
    setting = ParentalKey(PortalSettings, related_name="menu_items", on_delete=models.CASCADE)

    def __str__(self):
        return self.label


class FooterLink(Orderable, LinkFields):
    setting = ParentalKey(PortalSettings, related_name="footer_links", on_delete=models.CASCADE)

    def __str__(self):
        return self.label


class SocialLink(Orderable):
    NETWORKS = [
        ("facebook", "Facebook"), ("telegram", "Telegram"), ("youtube", "YouTube"),
        ("instagram", "Instagram"), ("x", "X"), ("tiktok", "TikTok"), ("viber", "Viber"),
    ]
    setting = ParentalKey(PortalSettings, related_name="social_links", on_delete=models.CASCADE)
    network = models.CharField(_("network"), max_length=20, choices=NETWORKS)
    url = models.URLField(_("address"))

    panels = [FieldPanel("network"), FieldPanel("url")]

    def __str__(self):
        return self.get_network_display()
