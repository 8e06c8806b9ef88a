"""News: categories (snippets), the news index with filters and feeds, and articles."""
import datetime

from django import forms
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.page_api import ObjectRef, PageLink, api_value, image_field, object_ref, public_page_ref
from cms.search import UkrainianSearchField, ukrainian_search_fields
from participation.discussion import POST_MODERATION, Discussion

from ..blocks import BaseStreamBlock


class NewsCategory(index.Indexed, models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(
        _("slug"), max_length=100, unique=True, allow_unicode=False,
        help_text=_("Latin letters for the address, e.g. «transport»."),
    )
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("news category")
        verbose_name_plural = _("news categories")

    def __str__(self):
        return self.name


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey("home.NewsPage", related_name="tagged_items", on_delete=models.CASCADE)


class NewsIndexPage(RoutablePageMixin, Page):
    intro = models.TextField(_("introduction"), blank=True, max_length=500)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = ukrainian_search_fields(Page.search_fields) + [UkrainianSearchField("intro")]
    api_fields = [APIField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.NewsPage"]

    class Meta:
        verbose_name = _("news index")

    @path("")
    def index_route(self, request):
        from ..views import news_index

        return news_index(request, self)

    @path("rss/")
    def rss_feed(self, request):
        from ..feeds import NewsRssFeed

        return NewsRssFeed(self)(request)

    @path("atom/")
    def atom_feed(self, request):
        from ..feeds import NewsAtomFeed

        return NewsAtomFeed(self)(request)


class NewsPage(Discussion, Page):
    date = models.DateTimeField(
        _("publication date"), default=timezone.now,
        help_text=_("Shown on the article and used to order the news."),
    )
    lead = models.TextField(
        _("lead"), max_length=600,
        help_text=_("One or two sentences with the main point; shown in lists, feeds and search results."),
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)
    main_image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("main image"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    main_image_alt = models.CharField(
        _("main image description"), max_length=255, blank=True,
        help_text=_("What the image shows, for people who cannot see it. Required with an image."),
    )
    categories = ParentalManyToManyField(NewsCategory, verbose_name=_("categories"), blank=True,
                                         related_name="news")
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True, verbose_name=_("tags"))
    is_official = models.BooleanField(
        _("official announcement"), default=False, db_index=True,
        help_text=_("Official announcements of the council are marked and listed on the home page."),
    )
    allow_comments = models.BooleanField(
        _("allow comments"), default=False,
        help_text=_("Residents with a confirmed e-mail can discuss this article; comments appear at once "
                    "and moderators review reported ones."),
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("date"), FieldPanel("is_official"), FieldPanel("lead")],
                        heading=_("Essentials")),
        MultiFieldPanel([FieldPanel("main_image"), FieldPanel("main_image_alt")], heading=_("Main image")),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("categories", widget=forms.CheckboxSelectMultiple),
                         FieldPanel("tags")], heading=_("Categories and tags")),
        InlinePanel("related_pages", label=_("Related page"), heading=_("Related pages")),
    ]
    settings_panels = Page.settings_panels + [FieldPanel("allow_comments")]
    # Deleting the article deletes its discussion (comments point at it through a generic relation).
    comments = GenericRelation("participation.Comment", related_query_name="news_page")
    search_fields = ukrainian_search_fields(Page.search_fields) + [
        UkrainianSearchField("lead", boost=1.5),
        UkrainianSearchField("body"),
        index.FilterField("date"),
        index.FilterField("is_official"),
        index.RelatedFields("categories", [UkrainianSearchField("name")]),
    ]
    api_fields = [
        APIField("date"), APIField("lead"), APIField("is_official"),
        image_field("image", "main_image", "image_alt"),
        APIField("body"),
        api_value("categories", list[ObjectRef], lambda page: page.categories_api()),
        APIField("tags"),
        api_value("related_pages", list[PageLink], lambda page: page.related_pages_api()),
        APIField("allow_comments"), APIField("last_published_at"),
    ]

    parent_page_types = ["home.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")
        ordering = ["-date"]
        indexes = [
            models.Index(fields=["is_official", "-date"], name="news_official_by_date"),
            # The lists' order (newest first, the id settles ties) read straight from the index: no sort, and a
            # keyset cursor (cms.pagination) starts right at its position.
            models.Index(fields=["-date", "-page_ptr"], name="news_by_date_id"),
        ]

    # News is discussed after publication: comments appear at once, moderators act on reports.
    comment_moderation = POST_MODERATION

    @property
    def comments_enabled(self) -> bool:
        return self.allow_comments

    def get_context(self, request, *args, **kwargs):
        from ..selectors import related_pages

        context = super().get_context(request, *args, **kwargs)
        # Read only when the article's cached fragment is rendered (cms.pagecache.cached_fragment).
        context["related"] = SimpleLazyObject(lambda: related_pages(self))
        return context

    @property
    def image_alt(self) -> str:
        return self.main_image_alt or (self.main_image.description if self.main_image else "")

    def categories_api(self) -> list[dict]:
        """The article's categories, each with the news list it links to (as on the page)."""
        index_url = self.get_parent().get_url()
        return [object_ref(category, name=category.name, url=f"{index_url}?category={category.slug}")
                for category in self.categories.all()]

    def related_pages_api(self) -> list[dict]:
        from ..selectors import related_pages

        return [public_page_ref(page) for page in related_pages(self)]

    def clean(self):
        super().clean()
        if self.main_image_id and not self.main_image_alt.strip() and not self.main_image.description:
            raise ValidationError({"main_image_alt": _(
                "Describe the image for people who cannot see it."
            )})
        if self.date and self.date > timezone.now() + datetime.timedelta(days=1):
            raise ValidationError({"date": _(
                "The publication date cannot be in the future; use scheduled publishing instead."
            )})


class NewsPageRelatedPage(Orderable):
    source = ParentalKey(NewsPage, related_name="related_pages", on_delete=models.CASCADE)
    page = models.ForeignKey("wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE,
                             related_name="+")

    panels = [FieldPanel("page")]

    def clean(self):
        if self.page_id and self.page_id == self.source_id:
            raise ValidationError({"page": _("An article cannot be related to itself.")})

