"""The home page and standard content pages."""
from django.db import models
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.page_api import page_field
from cms.search import UkrainianSearchField, ukrainian_search_fields

from ..blocks import BaseStreamBlock, HomeSectionsBlock


class HomePage(Page):
    intro = models.TextField(
        _("introduction"), blank=True, max_length=500,
        help_text=_("One or two sentences under the city's name at the top of the home page."),
    )
    lead_news = models.ForeignKey(
        "home.NewsPage", verbose_name=_("lead news"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text=_("The article shown largest at the top. Empty: the newest article."),
    )
    sections = StreamField(
        HomeSectionsBlock(), verbose_name=_("sections"), blank=True,
        help_text=_("The home page's sections in order: news, announcements, services, events, modules."),
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("intro"), FieldPanel("lead_news")], heading=_("Top of the page")),
        FieldPanel("sections"),
    ]
    search_fields = ukrainian_search_fields(Page.search_fields) + [UkrainianSearchField("intro")]
    # The sections say what to show (e.g. 6 news of a category); their items come from the module lists
    # (/api/v3/home/news/, /api/v3/home/events/), see docs/api.md.
    api_fields = [APIField("intro"), page_field("lead_news"), APIField("sections")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["home.StandardPage", "home.NewsIndexPage", "home.EventIndexPage", "forum.ForumPage",
                     "consultations.ConsultationIndexPage", "regulatory.RegulatoryActIndexPage",
                     "petitions.PetitionIndexPage", "council.DeputyIndexPage", "council.SessionIndexPage",
                     "council.DraftDecisionIndexPage", "council.DecisionIndexPage", "directory.DirectoryPage"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from ..selectors import latest_news

        context = super().get_context(request, *args, **kwargs)

        def lead():
            chosen = latest_news(count=1, pk=self.lead_news_id) if self.lead_news_id else []
            return next(iter(chosen or latest_news(count=1)), None)

        # Read only when the page's cached fragment is rendered (cms.pagecache.cached_fragment).
        context["lead"] = SimpleLazyObject(lead)
        return context


class StandardPage(Page):
    intro = models.TextField(
        _("introduction"), blank=True, max_length=600,
        help_text=_("A short summary shown under the title and in search results."),
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = ukrainian_search_fields(Page.search_fields) + [
        UkrainianSearchField("intro"),
        UkrainianSearchField("body"),
        index.FilterField("show_in_menus"),
    ]
    api_fields = [APIField("intro"), APIField("body")]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")

    @property
    def summary(self) -> str:
        return self.intro or self.search_description
