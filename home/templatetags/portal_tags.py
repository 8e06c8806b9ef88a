"""Template tags of the portal's layout: navigation, footer, breadcrumbs, pagination links."""
from django import template
from django.utils.http import urlencode

from .. import selectors
from ..models import SocialLink

register = template.Library()


def _portal_settings(context):
    request = context.get("request")
    return selectors.portal_settings(request) if request is not None else None


@register.simple_tag(takes_context=True)
def portal_settings(context):
    """The site settings for the layout (city name, colours, coat of arms, contacts), cached per site."""
    return _portal_settings(context)


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    settings = _portal_settings(context)
    request = context.get("request")
    items = selectors.site_links(settings, request)["menu"] if settings else []
    current = context.get("page")
    return {"items": items, "current_path": current.get_url(request) if current else request.path}


@register.inclusion_tag("includes/footer.html", takes_context=True)
def site_footer(context):
    settings = _portal_settings(context)
    links = selectors.site_links(settings, context.get("request")) if settings else {"footer": [], "social": []}
    networks = dict(SocialLink.NETWORKS)
    return {
        "portal": settings,
        "links": links["footer"],
        "social": [{"url": link["url"], "name": networks.get(link["network"], link["network"])}
                   for link in links["social"]],
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


@register.filter
def page_links(page_obj) -> list[int | None]:
    """The page numbers a list's pagination shows: the first, the last and two on each side of the current one,
    ``None`` for a gap (…). Chosen here, not in the template: testing every number of a 100-page list there cost
    about a millisecond per page view."""
    current, last = page_obj.number, page_obj.paginator.num_pages
    # Only these numbers can be shown or stand for a gap (2 and last − 1 when they are not shown).
    candidates = sorted(n for n in {1, 2, last - 1, last, *range(current - 2, current + 3)} if 1 <= n <= last)
    return [number if number in (1, last) or abs(number - current) <= 2 else None for number in candidates]
