"""Admin hooks of the kernel: the page previews that open a separate front end when one is configured."""
from wagtail import hooks

from .preview import FrontendPreviewPageViewSet


@hooks.register("register_admin_viewset")  # after Wagtail's own base page viewset (order -1): replaces it
def register_frontend_preview_viewset():
    return FrontendPreviewPageViewSet("frontend_preview_pages")
