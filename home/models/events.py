"""Events calendar: the index (upcoming and past) with its iCalendar feed, and event pages."""
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.page_api import absolute, api_value, image_field
from cms.search import UkrainianSearchField, ukrainian_search_fields

from ..blocks import BaseStreamBlock


class EventIndexPage(RoutablePageMixin, Page):
    intro = models.TextField(_("introduction"), blank=True, max_length=500)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = ukrainian_search_fields(Page.search_fields) + [UkrainianSearchField("intro")]
    api_fields = [APIField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.EventPage"]

    class Meta:
        verbose_name = _("events calendar")

    @path("")
    def index_route(self, request):
        from ..views import event_index

        return event_index(request, self)

    @path("ical/")
    def ical_feed(self, request):
        from ..ical import calendar_response
        from ..selectors import events_for_feed

        return calendar_response(events_for_feed(self), request, filename="events.ics")


class EventPage(RoutablePageMixin, Page):
    start = models.DateTimeField(_("starts"), db_index=True)
    end = models.DateTimeField(_("ends"), null=True, blank=True,
                               help_text=_("Leave empty when the end time is not known."))
    location_name = models.CharField(_("place"), max_length=255,
                                     help_text=_("E.g. «Сесійна зала міської ради»."))
    address = models.CharField(_("address"), max_length=255, blank=True)
    organiser = models.CharField(_("organiser"), max_length=255, blank=True)
    lead = models.TextField(_("lead"), max_length=600,
                            help_text=_("What the event is about, in one or two sentences."))
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)
    registration_url = models.URLField(_("registration link"), blank=True,
                                       help_text=_("Where residents register, if they need to."))
    image = models.ForeignKey("wagtailimages.Image", verbose_name=_("image"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    image_alt = models.CharField(_("image description"), max_length=255, blank=True,
                                 help_text=_("What the image shows. Required with an image."))

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                         FieldPanel("location_name"), FieldPanel("address"), FieldPanel("organiser")],
                        heading=_("When and where")),
        FieldPanel("lead"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading=_("Image")),
        FieldPanel("body"),
        FieldPanel("registration_url"),
    ]
    search_fields = ukrainian_search_fields(Page.search_fields) + [
        UkrainianSearchField("lead"),
        UkrainianSearchField("location_name"),
        UkrainianSearchField("body"),
        index.FilterField("start"),
    ]
    api_fields = [APIField("start"), APIField("end"), APIField("location_name"), APIField("address"),
                  APIField("organiser"), APIField("lead"), image_field("image", "image", "image_alt"),
                  APIField("body"), APIField("registration_url"),
                  api_value("ical_url", str | None, lambda page: absolute(page.get_url() and page.get_url() + "ical/"))]

    parent_page_types = ["home.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["start"]

    @property
    def image_description(self) -> str:
        return self.image_alt or (self.image.description if self.image else "")

    def clean(self):
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The event cannot end before it starts.")})
        if self.image_id and not self.image_alt.strip() and not self.image.description:
            raise ValidationError({"image_alt": _("Describe the image for people who cannot see it.")})

    @path("ical/")
    def ical_event(self, request):
        from ..ical import calendar_response

        return calendar_response([self], request, filename=f"{self.slug}.ics")
