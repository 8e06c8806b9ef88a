"""Tags the home-page section blocks use to fetch their content through the selectors."""
from django import template

from cms import pagecache
from cms.visibility import public

from .. import selectors
from ..models import EventIndexPage, NewsIndexPage

register = template.Library()


@register.simple_tag
def latest_news_for(value):
    return selectors.latest_news(count=value["count"], category=value.get("category"))


@register.simple_tag
def latest_announcements(count):
    return selectors.latest_news(count=count, official=True)


@register.simple_tag(takes_context=True)
def next_events(context, count):
    events = selectors.upcoming_events(count=count)
    # Shown until the first of them ends (the home page's fragment keeps the moment too).
    pagecache.changes_at(context.get("request"), selectors.first_move_to_past(events))
    return events


@register.simple_tag(takes_context=True)
def news_index_url(context):
    index = public(NewsIndexPage.objects.live()).first()
    return index.get_url(context.get("request")) if index else ""


@register.simple_tag(takes_context=True)
def events_index_url(context):
    index = public(EventIndexPage.objects.live()).first()
    return index.get_url(context.get("request")) if index else ""
