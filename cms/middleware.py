"""Request middleware: the visitor's language, the short way of token-authenticated API requests (staff two-factor
authentication: cms.staff_area)."""
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
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


class TokenApiMiddleware:
    """API requests that carry an API token and no cookie at all skip the browser's middleware.

    Such a request has no session, CSRF cookie, message cookie or language choice, and the token, not a cookie,
    says who asks (CSRF protects cookie credentials only; a page of another site cannot set the Authorization
    header without a CORS grant). So sessions, CSRF, authentication from the session, messages, allauth, the
    admin's two-factor check and static files have nothing to do for it, yet cost a good part of a token write's
    CPU (a ballot, a signature). Such requests go through ``TOKEN_API_MIDDLEWARE`` instead: the rest of the chain
    minus those, in the same order, ending in the same view; ``request.user`` starts anonymous (the API's token
    authentication sets it). Any cookie (a browser's session, with its CSRF check) or no token: the full chain.
    Only addresses under ``API_PATH_PREFIX``; the middleware before this one runs for every request."""

    def __init__(self, get_response):
        from django.core.handlers.base import BaseHandler
        from django.core.handlers.exception import convert_exception_to_response
        from django.utils.module_loading import import_string

        self.get_response = get_response
        self.prefix = settings.API_PATH_PREFIX
        # A handler of its own: Django's, with the lean list instead of MIDDLEWARE (its view and exception
        # middleware come from that list too). Sync only, as the portal's chain is.
        lean = BaseHandler()
        lean._view_middleware, lean._template_response_middleware, lean._exception_middleware = [], [], []
        chain = convert_exception_to_response(lean._get_response)
        for path in reversed(settings.TOKEN_API_MIDDLEWARE):
            middleware = import_string(path)(chain)
            if hasattr(middleware, "process_view"):
                lean._view_middleware.insert(0, middleware.process_view)
            if hasattr(middleware, "process_template_response"):
                lean._template_response_middleware.append(middleware.process_template_response)
            if hasattr(middleware, "process_exception"):
                lean._exception_middleware.append(middleware.process_exception)
            chain = convert_exception_to_response(middleware)
        self.lean = chain

    def __call__(self, request):
        meta = request.META
        if (not meta.get("HTTP_COOKIE") and meta.get("HTTP_AUTHORIZATION", "").startswith("Bearer ")
                and request.path_info.startswith(self.prefix)):
            request.user = AnonymousUser()
            return self.lean(request)
        return self.get_response(request)
