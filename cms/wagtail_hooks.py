"""Admin hooks of the kernel: the page previews that open a separate front end when one is configured, and the
official Ukrainian transliteration in every slug field."""
from wagtail import hooks

from .preview import FrontendPreviewPageViewSet


@hooks.register("register_admin_viewset")  # after Wagtail's own base page viewset (order -1): replaces it
def register_frontend_preview_viewset():
    return FrontendPreviewPageViewSet("frontend_preview_pages")


@hooks.register("insert_global_admin_js")
def slug_transliteration_js():
    """Every slug field of the admin transliterates as the server does (cms.text.slug_formatters)."""
    from django.templatetags.static import static
    from django.utils.html import format_html, json_script
    from wagtail.coreutils import get_js_regex

    from .text import slug_formatters

    formatters = [[get_js_regex(pattern), replace] for pattern, replace in slug_formatters()]
    return format_html("{}<script src=\"{}\" defer></script>", json_script(formatters, "portal-slug-formatters"),
                       static("js/admin-slug.js"))
