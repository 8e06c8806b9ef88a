"""The staff area (the admin) decided on the resolved view, not on the raw path, and two-factor authentication for it.

A check of ``request.path.startswith("/admin/")`` is skipped as soon as the portal is mounted under a prefix (a
proxy path, ``SCRIPT_NAME``, or an including urlconf): the path then reads "/portal/admin/". Instead every view
of the admin's urlconf carries a mark (set once, in cms.urls, through Wagtail's ``decorate_urlpatterns``), and the
middleware looks at the view Django resolved, so any address that reaches an admin view is checked."""
from urllib.parse import urlencode

from allauth.account.internal.flows.login import get_authentication_records
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.utils.urlpatterns import decorate_urlpatterns

STAFF_AREA = "portal_staff_area"


def _mark(view):
    setattr(view, STAFF_AREA, True)
    return view


def mark_staff_area(urlpatterns):
    """Marks every view of ``urlpatterns`` (nested includes too) as the staff area; returns the patterns."""
    return decorate_urlpatterns(urlpatterns, _mark)


def is_staff_view(view_func) -> bool:
    return bool(getattr(view_func, STAFF_AREA, False))


def is_staff_request(request) -> bool:
    """True when the request resolved to an admin view (after URL resolution only)."""
    match = getattr(request, "resolver_match", None)
    return match is not None and is_staff_view(match.func)


class StaffMFAMiddleware:
    """The admin opens only for staff who have TOTP and used it in this session.

    Having a device is not enough: a session opened by password alone (any login path) is sent to
    allauth's code check first. Decided in ``process_view``, on the view the URL resolved to."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not (settings.PORTAL_STAFF_MFA_REQUIRED and is_staff_view(view_func)):
            return None
        user = request.user
        if not (user.is_authenticated and user.has_perm("wagtailadmin.access_admin")):
            return None  # Wagtail's own check sends them to log in
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            messages.warning(
                request,
                _("Staff must turn on two-factor authentication before using the admin. "
                  "Scan the code with an authenticator app and enter the code it shows."),
            )
            return redirect("mfa_activate_totp")
        records = get_authentication_records(request, user)
        if not any(record.get("method") == "mfa" for record in records):
            return redirect(f"{reverse('mfa_reauthenticate')}?{urlencode({'next': request.get_full_path()})}")
        return None
