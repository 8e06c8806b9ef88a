"""Sessions (plenary, executive committee, standing committee) with their ordered agendas, streams and documents."""
import datetime
import re
from urllib.parse import parse_qs, urlparse

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms import pagecache
from cms.page_api import api_value, document_field, label_field, page_field, snippet_field
from cms.search import ukrainian_search_fields

YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")
TIMECODE = re.compile(r"^(?:(\d{1,2}):)?([0-5]?\d):([0-5]\d)$")


def youtube_id(url: str) -> str | None:
    parsed = urlparse(url or "")
    host = (parsed.hostname or "").removeprefix("www.").removeprefix("m.")
    candidate = None
    if host == "youtu.be":
        candidate = parsed.path.strip("/")
    elif host in {"youtube.com", "youtube-nocookie.com"}:
        if parsed.path == "/watch":
            candidate = (parse_qs(parsed.query).get("v") or [None])[0]
        elif parsed.path.startswith(("/live/", "/embed/")):
            candidate = parsed.path.split("/")[2]
    return candidate if candidate and YOUTUBE_ID.match(candidate) else None


def youtube_embed_url(url: str, *, start: int | None = None) -> str | None:
    video = youtube_id(url)
    if not video:
        return None
    return f"https://www.youtube-nocookie.com/embed/{video}" + (f"?start={start}" if start else "")


def jump_url(url: str, seconds: int) -> str:
    """A link that opens the recording at that moment (YouTube's t=, media fragments elsewhere)."""
    video = youtube_id(url)
    if video:
        return f"https://www.youtube.com/watch?v={video}&t={seconds}s"
    return f"{url.split('#')[0]}#t={seconds}"


class SessionIndexPage(RoutablePageMixin, Page):
    intro = models.TextField(_("introduction"), blank=True, max_length=500,
                             help_text=_("A sentence or two above the calendar of sessions."))

    content_panels = Page.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["council.SessionPage"]

    class Meta:
        verbose_name = _("sessions index")

    @path("")
    def index_route(self, request):
        from ..views import session_index

        return session_index(request, self)

    @path("holosuvannia/<int:event_id>/")
    def vote_route(self, request, event_id):
        from ..views import vote_event

        return vote_event(request, self, event_id)

    @path("ical/")
    def ical_route(self, request):
        from ..views import session_ical

        return session_ical(request, self)


class SessionKind(models.TextChoices):
    PLENARY = "plenary", _("Council plenary session")
    EXECUTIVE = "executive", _("Executive committee meeting")
    COMMITTEE = "committee", _("Standing committee meeting")


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    LIVE = "live", _("Live now")
    HELD = "held", _("Held")
    POSTPONED = "postponed", _("Postponed")
    CANCELLED = "cancelled", _("Cancelled")


SESSION_DEFAULT_HOURS = 6  # a session without a planned end is shown live this long (the help text says "six")


class SessionPage(Page):
    kind = models.CharField(_("kind"), max_length=20, choices=SessionKind.choices, default=SessionKind.PLENARY)
    number = models.PositiveIntegerField(_("number"), help_text=_("E.g. 45 for «45 сесія»."))
    convocation = models.ForeignKey("council.Convocation", verbose_name=_("convocation"), on_delete=models.PROTECT,
                                    related_name="sessions")
    committee = models.ForeignKey("council.Committee", verbose_name=_("committee"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="meetings",
                                  help_text=_("Only for a standing committee meeting."))
    start = models.DateTimeField(_("starts at"), db_index=True,
                                 help_text=_("At this time the page shows the session as live by itself."))
    end = models.DateTimeField(_("ends at"), null=True, blank=True, help_text=_(
        "Planned end. At this time the page shows the session as held by itself and offers the recording. "
        "Empty: six hours after the start."))
    place = models.CharField(_("place"), max_length=255, default="Сесійна зала міської ради",
                             help_text=_("Where it takes place, as residents would look for it."))
    status = models.CharField(_("status"), max_length=20, choices=SessionStatus.choices,
                              default=SessionStatus.SCHEDULED, db_index=True, help_text=_(
                                  "Leave «Scheduled»: the session goes live and ends by its times. Choose «Live "
                                  "now» or «Held» only to override them (a session that runs late or ends early)."))
    status_note = models.CharField(_("status note"), max_length=255, blank=True,
                                   help_text=_("E.g. why it was postponed and until when."))
    stream_url = models.URLField(_("live stream"), blank=True,
                                 help_text=_("The address of the live stream (YouTube or any other service)."))
    recording_url = models.URLField(_("recording"), blank=True,
                                    help_text=_("The recording after the session; agenda items can give start times."))
    minutes = models.ForeignKey("wagtaildocs.Document", verbose_name=_("minutes"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    transcript = models.ForeignKey("wagtaildocs.Document", verbose_name=_("transcript"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    notes = RichTextField(_("notes"), blank=True, features=["bold", "italic", "link", "ul", "ol"])

    general_panels = Page.content_panels + [
        MultiFieldPanel([FieldRowPanel([FieldPanel("kind"), FieldPanel("number")]), FieldPanel("convocation"),
                         FieldPanel("committee")], heading=_("Which session")),
        MultiFieldPanel([FieldRowPanel([FieldPanel("start"), FieldPanel("end")]), FieldPanel("place"),
                         FieldPanel("status"), FieldPanel("status_note")],
                        heading=_("When and where")),
        FieldPanel("notes"),
    ]
    agenda_panels = [InlinePanel("agenda_items", label=_("Question"), heading=_("Agenda"))]
    stream_panels = [FieldPanel("stream_url"), FieldPanel("recording_url")]
    document_panels = [FieldPanel("minutes"), FieldPanel("transcript"),
                       InlinePanel("documents", label=_("Document"), heading=_("Materials"))]
    edit_handler = TabbedInterface([
        ObjectList(general_panels, heading=_("General")),
        ObjectList(agenda_panels, heading=_("Agenda")),
        ObjectList(stream_panels, heading=_("Stream")),
        ObjectList(document_panels, heading=_("Documents")),
        ObjectList(Page.promote_panels, heading=_("Promote")),
        ObjectList(Page.settings_panels, heading=_("Settings")),
    ])
    search_fields = ukrainian_search_fields(Page.search_fields) + [
        index.FilterField("start"), index.FilterField("kind"), index.FilterField("status"),
    ]
    api_fields = [
        APIField("kind"), label_field("kind_label", "kind"), APIField("number"),
        snippet_field("convocation"), snippet_field("committee"),
        APIField("start"), APIField("place"), APIField("status"), label_field("status_label", "status"),
        APIField("status_note"), APIField("notes"),
        APIField("stream_url"), api_value("stream_embed_url", str | None, lambda page: page.stream_embed_url),
        APIField("recording_url"),
        api_value("recording_embed_url", str | None, lambda page: page.recording_embed_url),
        APIField("agenda_items"),
        document_field("minutes"), document_field("transcript"), APIField("documents"),
    ]
    parent_page_types = ["council.SessionIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["-start"]

    @property
    def uid(self) -> str:
        return f"{self.convocation.number}-{self.kind}-{self.number}"

    @property
    def scheduled_end(self) -> datetime.datetime:
        return self.end or self.start + datetime.timedelta(hours=SESSION_DEFAULT_HOURS)

    def current_status(self, now: datetime.datetime | None = None) -> str:
        """What residents see: the status staff set, or, while it says «Scheduled», what the clock says (live
        from the start to the planned end, held afterwards). A status set by hand always wins."""
        if self.status != SessionStatus.SCHEDULED or not self.start:
            return self.status
        now = now or timezone.now()
        if now < self.start:
            return SessionStatus.SCHEDULED
        return SessionStatus.LIVE if now < self.scheduled_end else SessionStatus.HELD

    def next_status_change(self, now: datetime.datetime | None = None) -> datetime.datetime | None:
        """When ``current_status`` will next turn over by the clock (start, then planned end); ``None`` once it no
        longer will (held, or a status set by hand). Pages showing the status are cached no longer than that."""
        if self.status != SessionStatus.SCHEDULED or not self.start:
            return None
        now = now or timezone.now()
        for moment in (self.start, self.scheduled_end):
            if now < moment:
                return moment
        return None

    @property
    def shown_status(self) -> str:
        return self.current_status()

    @property
    def shown_status_display(self) -> str:
        return SessionStatus(self.shown_status).label

    @property
    def is_live(self) -> bool:
        return self.shown_status == SessionStatus.LIVE

    @property
    def is_over(self) -> bool:
        return self.shown_status == SessionStatus.HELD

    @property
    def stream_embed_url(self) -> str | None:
        return youtube_embed_url(self.stream_url)

    @property
    def recording_embed_url(self) -> str | None:
        return youtube_embed_url(self.recording_url)

    def save(self, *args, **kwargs):
        # Agenda items without an identifier get the open-data style one: session date and position.
        if self.start:
            local_date = timezone.localtime(self.start).date()
            for position, item in enumerate(self.agenda_items.all(), start=1):
                if not item.motion_uid:
                    item.motion_uid = f"{local_date:%Y-%m-%d}-{self.kind}-{self.number}-{position}"
        return super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.kind == SessionKind.COMMITTEE and not self.committee_id:
            raise ValidationError({"committee": _("Choose the committee that meets.")})
        if self.status == SessionStatus.LIVE and not self.stream_url:
            raise ValidationError({"stream_url": _("A live session needs the address of its stream.")})
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("The session must end after it starts.")})

    def get_context(self, request, *args, **kwargs):
        from ..selectors import SESSION_CONTEXT, session_context

        context = super().get_context(request, *args, **kwargs)
        # Read only when the page's cached fragment is rendered (cms.pagecache.cached_fragment), which is kept per
        # shown status: the clock turning it over renders the page anew.
        context.update(pagecache.lazy_values(lambda: session_context(self), SESSION_CONTEXT))
        context["now"] = timezone.now()
        pagecache.changes_at(request, self.next_status_change(context["now"]))
        return context


class AgendaItem(Orderable):
    session = ParentalKey(SessionPage, related_name="agenda_items", on_delete=models.CASCADE)
    title = models.CharField(_("question"), max_length=500)
    rapporteur = models.CharField(_("rapporteur"), max_length=255, blank=True,
                                  help_text=_("Who reports on the question, with the post."))
    draft = models.ForeignKey("council.DraftDecisionPage", verbose_name=_("draft decision"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="agenda_items")
    motion_uid = models.CharField(
        _("question identifier"), max_length=64, blank=True,
        help_text=_("The motionUid of the voting system's files; filled in from the date and number when empty."),
    )
    recording_start = models.CharField(
        _("start in the recording"), max_length=8, blank=True,
        help_text=_("Where the question starts in the recording, as H:MM:SS or MM:SS."),
    )

    panels = [FieldPanel("title"), FieldPanel("rapporteur"), FieldPanel("draft"), FieldPanel("motion_uid"),
              FieldPanel("recording_start")]
    api_fields = [APIField("sort_order"), APIField("title"), APIField("rapporteur"), page_field("draft"),
                  APIField("motion_uid"), APIField("recording_start"),
                  api_value("recording_seconds", int | None, lambda item: item.recording_seconds),
                  # The recording from where this question starts, as the session page plays it.
                  api_value("recording_embed_url", str | None, lambda item: youtube_embed_url(
                      item.session.recording_url, start=item.recording_seconds))]

    class Meta(Orderable.Meta):
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self):
        return self.title

    def clean(self):
        if self.recording_start and not TIMECODE.match(self.recording_start.strip()):
            raise ValidationError({"recording_start": _("Write the time as H:MM:SS or MM:SS, e.g. 1:05:30.")})

    @property
    def recording_seconds(self) -> int | None:
        match = TIMECODE.match((self.recording_start or "").strip())
        if not match:
            return None
        hours, minutes, seconds = (int(part or 0) for part in match.groups())
        return hours * 3600 + minutes * 60 + seconds


class SessionDocument(Orderable):
    session = ParentalKey(SessionPage, related_name="documents", on_delete=models.CASCADE)
    title = models.CharField(_("title"), max_length=255)
    document = models.ForeignKey("wagtaildocs.Document", verbose_name=_("document"), on_delete=models.CASCADE,
                                 related_name="+")

    panels = [FieldPanel("title"), FieldPanel("document")]
    api_fields = [APIField("title"), document_field("document")]
