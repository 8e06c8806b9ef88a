"""Request middleware: the visitor's language (staff two-factor authentication: cms.staff_area)."""
from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


class PortalLocaleMiddleware:
    """Ukrainian unless the visitor chose another language with the switcher (the language cookie).

    The browser's Accept-Language is deliberately ignored: the portal is Ukrainian by default, and
    page addresses stay the same in every language, so a chosen language survives every click.
    The admin ignores the switcher too: it speaks the language of the staff member's Wagtail profile,
    and Wagtail falls back to the active language when the profile names none, so staff who once read
    the public site in English would otherwise get an English admin."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        in_admin = request.path.startswith("/admin/")
        language = chosen if chosen in self.languages and not in_admin else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if not in_admin:  # an admin page is in the profile's language, which Wagtail picks inside the view
            response.headers.setdefault("Content-Language", language)
            patch_vary_headers(response, ["Cookie"])
        return response
