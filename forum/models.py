"""The forum page, its categories (snippets) and residents' topics (discussable through participation)."""
from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import F, Func, TextField, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.models import Page
from wagtail.search import index

from cms.search import SEARCH_CONFIG, UkrainianSearchField, ukrainian_search_fields
from participation.discussion import POST_MODERATION, Discussion

TITLE_MIN_LENGTH = 5
TITLE_MAX_LENGTH = 150
BODY_MIN_LENGTH = 20
BODY_MAX_LENGTH = 5000


class ForumCategory(index.Indexed, models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=False,
                            help_text=_("Latin letters for the address, e.g. «transport»."))
    description = models.TextField(_("description"), blank=True, max_length=500,
                                   help_text=_("One sentence on what residents discuss here; shown in the forum."))
    order = models.PositiveSmallIntegerField(_("order"), default=0,
                                             help_text=_("Smaller numbers come first in the list of categories."))

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description"), FieldPanel("order")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("forum category")
        verbose_name_plural = _("forum categories")

    def __str__(self):
        return self.name


class ForumPage(RoutablePageMixin, Page):
    """«Форум громади»: lists topics and serves each topic and the new-topic form under its own address."""

    intro = models.TextField(_("introduction"), blank=True, max_length=600,
                             help_text=_("What the forum is for and its rules in two or three sentences."))

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = ukrainian_search_fields(Page.search_fields) + [UkrainianSearchField("intro")]
    api_fields = [APIField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("forum")

    def get_sitemap_urls(self, request=None):
        """The forum page and every public topic (one query), so search engines find the discussions."""
        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        if base:
            topics = self.topics.filter(status__in=["published", "closed"]).only("pk", "slug", "last_activity_at")
            urls += [{"location": f"{base}{topic.get_relative_path()}", "lastmod": topic.last_activity_at}
                     for topic in topics.order_by("-last_activity_at")]
        return urls

    @path("")
    def topic_list_route(self, request):
        from .views import topic_list

        return topic_list(request, self)

    @path("nova-tema/")
    def new_topic_route(self, request):
        from .views import topic_new

        return topic_new(request, self)

    @re_path(r"^(?P<topic_id>\d{1,18})(?:-(?P<slug>[-a-z0-9]*))?/$")
    def topic_route(self, request, topic_id, slug=None):
        from .views import topic_detail

        return topic_detail(request, self, int(topic_id), slug or "")


def apostrophes_as_typed_by_search(field: str) -> Func:
    """Residents type ', ’ or ʼ: index every one as ʼ (kept inside words), as the query is normalised."""
    return Func(F(field), Value("'\u2019\u2018`\u00b4"), Value("\u02bc" * 5), function="translate",
                output_field=TextField())


class ForumTopic(Discussion, models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting moderation")
        PUBLISHED = "published", _("Published")
        HIDDEN = "hidden", _("Hidden by a moderator")
        CLOSED = "closed", _("Closed")

    forum = models.ForeignKey(ForumPage, verbose_name=_("forum"), on_delete=models.CASCADE, related_name="topics")
    category = models.ForeignKey(ForumCategory, verbose_name=_("category"), on_delete=models.PROTECT,
                                 related_name="topics")
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    slug = models.SlugField(_("slug"), max_length=80, blank=True, allow_unicode=False)
    body = models.TextField(_("text"), max_length=BODY_MAX_LENGTH)
    # Deleting an account keeps the topic and its discussion: the author becomes "former user".
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="forum_topics")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    hide_reason = models.CharField(_("reason for hiding"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    # What the list is sorted by: the publication, then every published comment, moves a topic up.
    last_activity_at = models.DateTimeField(_("last activity"), default=timezone.now)
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)
    moderated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("moderator"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    comments = GenericRelation("participation.Comment", related_query_name="forum_topic")
    # Stored, so site search reads it instead of running the Ukrainian dictionary over every topic per query.
    search_vector = models.GeneratedField(
        expression=SearchVector(apostrophes_as_typed_by_search("title"), weight="A", config=SEARCH_CONFIG)
        + SearchVector(apostrophes_as_typed_by_search("body"), weight="B", config=SEARCH_CONFIG),
        output_field=SearchVectorField(), db_persist=True)

    class Meta:
        ordering = ["-last_activity_at", "-pk"]
        verbose_name = _("forum topic")
        verbose_name_plural = _("forum topics")
        permissions = [("moderate_forumtopic", "Can moderate forum topics")]
        indexes = [models.Index(fields=["forum", "status", "-last_activity_at"], name="forum_topic_activity"),
                   models.Index(fields=["status", "created_at"], name="forum_topic_queue"),
                   GinIndex(fields=["search_vector"], name="forum_topic_search_vector")]

    # Topics are checked before publication; their comments appear at once and are moderated on report.
    comment_moderation = POST_MODERATION
    discussion_url_related = ("forum",)  # a topic's address is under its forum page

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return self.get_url()

    def discussion_listed_at(self) -> list[str]:
        """The forum's list shows each topic's number of comments (participation.signals): a comment hidden,
        restored, approved or deleted changes it there too."""
        return [self.forum.get_url() or ""]

    @property
    def is_public(self) -> bool:
        return self.status in {self.Status.PUBLISHED, self.Status.CLOSED}

    @classmethod
    def visible_queryset(cls, viewer):
        """The visibility rule of topics (cms.object_visibility): published and closed ones to everyone, pending
        and hidden ones to their author and to moderators."""
        shown = models.Q(status__in=[cls.Status.PUBLISHED, cls.Status.CLOSED])
        if viewer is not None and viewer.is_authenticated:
            from .services import MODERATE_PERMISSION

            if viewer.has_perm(MODERATE_PERMISSION):
                return cls.objects.all()
            shown |= models.Q(author=viewer)
        return cls.objects.filter(shown)

    @property
    def comments_enabled(self) -> bool:
        return self.is_public

    @property
    def comments_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    @property
    def comments_closed_note(self) -> str:
        return str(_("This topic is closed by a moderator. Its discussion can be read but no longer added to."))

    @property
    def author_name(self) -> str:
        return self.author.public_name if self.author_id else str(_("Former user"))

    def get_relative_path(self) -> str:
        """The topic's address inside its forum page: "<id>-<slug>/"."""
        return f"{self.pk}-{self.slug}/" if self.slug else f"{self.pk}/"

    def get_url(self, request=None) -> str:
        base = self.forum.get_url(request) or ""
        return f"{base}{self.get_relative_path()}"

    @property
    def url(self) -> str:
        return self.get_url()
