"""Content-Security-Policy (django-csp 4) and Permissions-Policy on every response, the admin included.

Public pages run only the portal's own scripts and those carrying the request's nonce: no ``'unsafe-inline'``
scripts. The admin (every view marked as the staff area, cms.staff_area) gets the few extra sources Wagtail's
editor needs, decided on the resolved view like two-factor authentication. Map tiles come from the tile server
the portal is configured with (``PORTAL_MAP_TILE_URL``, OpenStreetMap's by default)."""
from dataclasses import asdict
from urllib.parse import urlsplit

from csp.constants import HEADER, HEADER_REPORT_ONLY, NONCE, NONE, SELF, UNSAFE_INLINE
from csp.middleware import CheckableLazyObject, CSPMiddleware, PolicyParts
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed

DEFAULT_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
# Video embeds editors may put in news (Wagtail embeds).
EMBED_FRAMES = ["https://www.youtube.com", "https://www.youtube-nocookie.com", "https://player.vimeo.com"]
PERMISSIONS_POLICY = ("accelerometer=(), camera=(), geolocation=(self), gyroscope=(), magnetometer=(), "
                      "microphone=(), payment=(), usb=()")


def tile_source(tile_url: str | None) -> str:
    """The CSP source of a Leaflet tile URL template: "https://{s}.tile.example/{z}/..." -> "https://*.tile.example"."""
    parts = urlsplit((tile_url or DEFAULT_TILE_URL).strip())
    host = parts.netloc
    if "{" in host:  # a subdomain template such as {s}
        host = "*." + host.split("}.", 1)[-1] if "}." in host else host.replace("{s}", "*")
    return f"{parts.scheme or 'https'}://{host}"


def content_security_policy(tile_url: str | None) -> dict:
    """The value of the CONTENT_SECURITY_POLICY setting (django-csp 4)."""
    return {
        "DIRECTIVES": {
            "default-src": [SELF],
            "script-src": [SELF, NONCE],
            "style-src": [SELF, NONCE],  # the city's colour is one <style> element with the nonce
            # Style attributes only (a results bar's width); <style> elements and scripts stay closed.
            "style-src-attr": [UNSAFE_INLINE],
            "img-src": [SELF, "data:", tile_source(tile_url)],
            "font-src": [SELF],
            "connect-src": [SELF],
            "media-src": [SELF],
            "frame-src": [SELF, *EMBED_FRAMES],
            "frame-ancestors": [SELF],
            "object-src": [NONE],
            "base-uri": [SELF],
        },
    }


# What Wagtail's admin needs beyond the public policy (checked in Chromium: page editor, image chooser, upload).
# Its page editor initialises panels with inline <script> elements and its choosers insert HTML with scripts
# (jQuery), so the staff area, and only it, runs inline scripts: the admin is behind two-factor authentication
# and shows no resident's markup unescaped. Replacing script-src also drops the nonce, which would disable
# 'unsafe-inline'.
ADMIN_REPLACE = {
    "script-src": [SELF, UNSAFE_INLINE],
}
ADMIN_UPDATE = {
    "style-src-elem": [SELF, UNSAFE_INLINE],
    "img-src": ["blob:"],
    "worker-src": [SELF, "blob:"],
}


# Per-response policy attributes of django-csp's decorators (csp_update, csp_replace, csp_exempt, ...).
_RESPONSE_POLICY_ATTRIBUTES = ("_csp_config", "_csp_update", "_csp_replace", "_csp_config_ro", "_csp_update_ro",
                               "_csp_replace_ro")
# Header values of answers that used no nonce and carry no policy of their own, by (report only, staff area): the
# settings alone decide them, so they are built once per process, not on every answer (a JSON answer spent more
# time building its policy than the rest of the middleware together).
_static_policies: dict[tuple[bool, bool], str] = {}


def _forget_static_policies(*, setting: str, **kwargs) -> None:
    if setting.startswith("CONTENT_SECURITY_POLICY") or setting == "DEBUG":
        _static_policies.clear()


setting_changed.connect(_forget_static_policies, dispatch_uid="cms-static-csp-policies")


class PortalCSPMiddleware(CSPMiddleware):
    """django-csp's middleware plus the admin's additions and the Permissions-Policy header."""

    def _static_policy(self, request, response, *, report_only: bool, staff: bool) -> str:
        key = (report_only, staff)
        policy = _static_policies.get(key)
        if policy is None:
            parts = self.get_policy_parts(request, response, report_only=report_only)
            policy = _static_policies[key] = build_policy(**asdict(parts), report_only=report_only)
        return policy

    def _set_static_policies(self, request, response) -> None:
        """What django-csp's process_response does for an answer without a nonce or policy of its own, from the
        built values: the header unless the answer has one, is exempt or its path is excluded."""
        from .staff_area import is_staff_request

        staff = is_staff_request(request)
        for report_only, header, setting_name, exempt in (
                (False, HEADER, "CONTENT_SECURITY_POLICY", "_csp_exempt"),
                (True, HEADER_REPORT_ONLY, "CONTENT_SECURITY_POLICY_REPORT_ONLY", "_csp_exempt_ro")):
            policy = self._static_policy(request, response, report_only=report_only, staff=staff)
            if not policy or header in response or getattr(response, exempt, False) is not False:
                continue
            prefixes = (getattr(settings, setting_name, None) or {}).get("EXCLUDE_URL_PREFIXES", None) or ()
            if not request.path_info.startswith(tuple(prefixes)):
                response[header] = policy
        # As django-csp: a nonce asked for after the header is written would not be in it.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        from .staff_area import is_staff_request  # settings import this module; the app registry is not ready

        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and is_staff_request(request):
            parts.update = {**ADMIN_UPDATE, **(parts.update or {})}
            parts.replace = {**ADMIN_REPLACE, **(parts.replace or {})}
        return parts

    def process_response(self, request, response):
        if (getattr(request, "_csp_nonce", None) is None and not settings.DEBUG
                and not any(hasattr(response, name) for name in _RESPONSE_POLICY_ATTRIBUTES)):
            self._set_static_policies(request, response)
        else:
            response = super().process_response(request, response)
        if "Permissions-Policy" not in response:
            response["Permissions-Policy"] = PERMISSIONS_POLICY
        return response
