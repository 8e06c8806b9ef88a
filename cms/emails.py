"""What every e-mail of the portal shares: the portal's name and address (allauth's "current_site" too) and the
signature under the messages the modules write themselves."""
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings


@dataclass(frozen=True)
class PortalSite:
    """Stands in for django.contrib.sites' Site in allauth's e-mails (the portal does not use that framework, so
    allauth fell back to an unnamed site and wrote «Привіт від !»)."""

    name: str
    domain: str


def portal_site() -> PortalSite:
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return PortalSite(name=settings.WAGTAIL_SITE_NAME, domain=urlsplit(base).netloc or base)


def with_signature(body: str) -> str:
    """The module's text, then the portal's name and address, so the resident knows who writes."""
    return f"{body.rstrip()}\n\n--\n{settings.WAGTAIL_SITE_NAME}\n{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}/\n"
