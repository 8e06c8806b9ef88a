"""Staff who use the admin must have two-factor authentication (TOTP)."""
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _


class StaffMFAMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.PORTAL_STAFF_MFA_REQUIRED
            and request.path.startswith("/admin/")
            and request.user.is_authenticated
            and request.user.has_perm("wagtailadmin.access_admin")
            and not Authenticator.objects.filter(user=request.user, type=Authenticator.Type.TOTP).exists()
        ):
            messages.warning(
                request,
                _("Staff must turn on two-factor authentication before using the admin. "
                  "Scan the code with an authenticator app and enter the code it shows."),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
