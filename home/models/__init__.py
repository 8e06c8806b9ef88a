"""Models of the city site."""
from .events import EventIndexPage, EventPage
from .news import NewsCategory, NewsIndexPage, NewsPage, NewsPageRelatedPage, NewsPageTag
from .pages import HomePage, StandardPage
from .site_settings import FooterLink, MainMenuItem, PortalSettings, SocialLink

__all__ = [
    "EventIndexPage",
    "EventPage",
    "FooterLink",
    "HomePage",
    "MainMenuItem",
    "NewsCategory",
    "NewsIndexPage",
    "NewsPage",
    "NewsPageRelatedPage",
    "NewsPageTag",
    "PortalSettings",
    "SocialLink",
    "StandardPage",
]
