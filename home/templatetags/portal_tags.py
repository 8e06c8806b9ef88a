"""Template tags of the portal's layout: navigation, footer, breadcrumbs, pagination links."""
from django import template
from django.utils.http import urlencode

from ..models import PortalSettings

register = template.Library()


def _portal_settings(context):
    request = context.get("request")
    if request is None:
        return None
    cached = getattr(request, "_portal_settings", None)
    if cached is None:
        cached = PortalSettings.for_request(request)
        request._portal_settings = cached
    return cached


def _links(related_manager, request) -> list[dict]:
    """Menu or footer links as label and address, leaving out pages that are gone or unpublished."""
    links = []
    for item in related_manager.select_related("link_page"):
        href = item.href(request)
        if href:
            links.append({"label": item.label, "href": href})
    return links


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    settings = _portal_settings(context)
    request = context.get("request")
    items = _links(settings.menu_items, request) if settings and settings.pk else []
    current = context.get("page")
    return {"items": items, "current_path": current.get_url(request) if current else request.path}


@register.inclusion_tag("includes/footer.html", takes_context=True)
def site_footer(context):
    settings = _portal_settings(context)
    has_pk = bool(settings and settings.pk)
    return {
        "portal": settings,
        "links": _links(settings.footer_links, context.get("request")) if has_pk else [],
        "social": list(settings.social_links.all()) if has_pk else [],
        "request": context.get("request"),
    }


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page, extra_title=None):
    ancestors = list(page.get_ancestors().filter(depth__gt=1).specific(defer=True)) if page else []
    return {"ancestors": ancestors, "page": page, "extra_title": extra_title}


@register.simple_tag(takes_context=True)
def query_with(context, **kwargs):
    """The current query string with some parameters replaced (pagination keeps the filters)."""
    params = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + urlencode(sorted(params.lists()), doseq=True) if params else "?"
