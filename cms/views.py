"""Account pages beyond allauth's own: profile, personal-data download, account deletion; error pages."""
import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.i18n import JavaScriptCatalog

from .errors import problem
from .forms import DeleteAccountForm, ProfileForm
from .services import (
    AccountDeletionBlocked,
    user_delete_account,
    user_export_personal_data,
    user_has_verified_email,
)


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    form = ProfileForm(request.POST if request.method == "POST" else None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile is saved."))
        return redirect("profile")
    return render(request, "account/profile.html", {
        "form": form, "email_verified": user_has_verified_email(request.user),
    })


@login_required
@require_POST
def export_personal_data(request):
    data = user_export_personal_data(user=request.user)
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    form = DeleteAccountForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        try:
            user_delete_account(user=user)
        except AccountDeletionBlocked:
            form.add_error(None, _("Your account cannot be deleted while procedures you started are open "
                                   "(for example, an appeal awaiting its answer). Contact the council."))
        else:
            logout(request)
            messages.success(request, _("Your account has been deleted."))
            return redirect("/")
    return render(request, "account/delete.html", {"form": form})


@require_GET
def switch_language(request):
    """Remember the visitor's interface language and go back. A link, not a form: public pages then
    carry no CSRF cookie and stay cacheable."""
    language = request.GET.get("language", "")
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = "/"
    response = redirect(target)
    if language in dict(settings.LANGUAGES):
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE,
                            samesite="Lax", secure=settings.SESSION_COOKIE_SECURE)
    return response


def page_not_found(request, exception=None):
    if request.path.startswith("/api/"):  # API clients get a problem document, not the HTML page
        return problem(status=404, code="not_found", detail=_("Nothing was found at this address."))
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request):
    """The resident's tokens for apps and separate front ends: make one (shown once), revoke one."""
    from .api_tokens import TokenError, active_tokens, api_token_create, api_token_revoke

    created, error = None, None
    if request.method == "POST":
        try:
            if "revoke" in request.POST:
                token_id = request.POST.get("revoke", "")
                api_token_revoke(user=request.user, token_id=int(token_id) if token_id.isascii() and
                                 token_id.isdigit() else 0)
                messages.success(request, _("The token is revoked: apps using it can no longer act for you."))
                return redirect("api_tokens")
            _token, created = api_token_create(user=request.user, name=request.POST.get("name", ""))
        except TokenError as refusal:
            error = refusal.message
    response = render(request, "account/api_tokens.html", {
        "tokens": active_tokens(request.user), "created": created, "error": error,
        "name": request.POST.get("name", "") if error else "",
    }, status=400 if error else 200)
    response["Cache-Control"] = "no-store"  # the new token is shown once and must not be kept anywhere
    return response


# Wagtail's admin JavaScript catalogue, with the portal's catalogue first: Wagtail 8's Ukrainian JavaScript strings
# miss the sidebar's «(2 new items in this menu)», the rich-text placeholder and more (cms/locale/uk/…/djangojs.po).
# LOCALE_PATHS do not apply to JavaScript catalogues, so the package is named here; the first package wins.
_admin_js_catalogue = JavaScriptCatalog.as_view(packages=["cms", "wagtail.admin"])


def admin_javascript_catalogue(request, *args, **kwargs):
    """Served at Wagtail's own address (/admin/jsi18n/), in the editor's admin language as Wagtail's view does."""
    from wagtail.admin.localization import get_localized_response

    return get_localized_response(_admin_js_catalogue, request, *args, **kwargs)
