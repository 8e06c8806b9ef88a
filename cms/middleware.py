"""Request middleware: the visitor's language, and two-factor authentication for staff in the admin."""
from urllib.parse import urlencode

from allauth.account.internal.flows.login import get_authentication_records
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _


class StaffMFAMiddleware:
    """The admin opens only for staff who have TOTP and used it in this session.

    Having a device is not enough: a session opened by password alone (any login path) is sent to
    allauth's code check first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.PORTAL_STAFF_MFA_REQUIRED
            and request.path.startswith("/admin/")
            and request.user.is_authenticated
            and request.user.has_perm("wagtailadmin.access_admin")
        ):
            if not Authenticator.objects.filter(user=request.user, type=Authenticator.Type.TOTP).exists():
                messages.warning(
                    request,
                    _("Staff must turn on two-factor authentication before using the admin. "
                      "Scan the code with an authenticator app and enter the code it shows."),
                )
                return redirect("mfa_activate_totp")
            records = get_authentication_records(request, request.user)
            if not any(record.get("method") == "mfa" for record in records):
                return redirect(f"{reverse('mfa_reauthenticate')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


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
