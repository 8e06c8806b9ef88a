"""RSS and Atom feeds of a news index."""
from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed

from .selectors import filter_news, news_queryset

FEED_LENGTH = 30


class NewsRssFeed(Feed):
    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page

    def title(self):
        return self.index_page.title

    def link(self):
        return self.index_page.url

    def description(self):
        return self.index_page.intro or self.index_page.title

    def items(self):
        return filter_news(news_queryset(), index=self.index_page)[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.lead

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return item.date

    def item_updateddate(self, item):
        return item.last_published_at or item.date

    def item_categories(self, item):
        return [category.name for category in item.categories.all()]


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed

    def subtitle(self):
        return self.description()
