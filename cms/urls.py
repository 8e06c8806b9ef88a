"""URL map: admin, accounts, API and sitemap, then each module's addresses (its manifest's ``urls``); Wagtail
serves every other path from the page tree."""
from django.conf import settings
from django.urls import URLPattern, include, path, reverse_lazy
from django.urls.resolvers import RoutePattern
from django.views.decorators.cache import cache_page
from django.views.generic import RedirectView
from django.views.i18n import JavaScriptCatalog
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from . import routing, views
from .api import api
from .modules import modules
from .sitemap import sitemap_part, sitemap_xml
from .staff_area import mark_staff_area
from .uploads import private_file

# Every admin view carries the staff-area mark that two-factor authentication is decided on (cms.staff_area).
mark_staff_area(wagtailadmin_urls.urlpatterns)


def grouped_by_first_segment(urls):
    """django-ninja's URLconf (one flat list of ~150 routes) with the routes that share a literal first segment
    ("budget/", "petitions/", …) behind one include each: resolving an API address then tries a dozen prefixes and
    a few routes instead of up to every route (about half a millisecond of a ballot's CPU). Order and names are
    kept: paths under different literal first segments can never match the same address."""
    patterns, app_name, namespace = urls
    groups: dict[str, list] = {}
    result: list = []
    for pattern in patterns:
        route = getattr(pattern.pattern, "_route", None)
        first, slash, rest = (route or "").partition("/")
        if not isinstance(pattern, URLPattern) or not slash or not first or "<" in first:
            result.append(pattern)
            continue
        if first not in groups:
            groups[first] = []
            result.append((first, groups[first]))
        groups[first].append(URLPattern(RoutePattern(rest, name=pattern.pattern.name, is_endpoint=True),
                                        pattern.callback, pattern.default_args, pattern.name))
    return [path(f"{item[0]}/", include(item[1])) if isinstance(item, tuple) else item for item in result], \
        app_name, namespace


urlpatterns = [
    # Staff sign in through allauth so that two-factor authentication applies to the admin too.
    path("admin/login/", RedirectView.as_view(url=reverse_lazy("account_login"), query_string=True)),
    # Wagtail's own front-end login (password only, for private pages) goes through allauth too.
    path("_util/login/", RedirectView.as_view(url=reverse_lazy("account_login"), query_string=True)),
    # Before Wagtail's admin: its JavaScript catalogue with the portal's Ukrainian strings first (cms.views).
    path("admin/jsi18n/", views.admin_javascript_catalogue),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path(settings.API_PATH_PREFIX.removeprefix("/"), grouped_by_first_segment(api.urls)),
    # Cached: a part of SITEMAP_PAGES_PER_FILE pages takes seconds to build (cms.sitemap).
    path("sitemap.xml", cache_page(600)(sitemap_xml), name="sitemap"),
    path("sitemap-<slug:section>.xml", cache_page(600)(sitemap_part), name="sitemap-part"),
    path("mova/", views.switch_language, name="switch_language"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
]

# One address per page in every language: the language is the visitor's choice (cms.middleware).
urlpatterns += [
    path("account/profile/", views.profile, name="profile"),
    path("account/export/", views.export_personal_data, name="account_export"),
    path("account/delete/", views.delete_account, name="account_delete"),
    path("account/tokens/", views.api_tokens, name="api_tokens"),
    *[path(urls.prefix, include(urls.module)) for _config, manifest in modules() for urls in manifest.urls],
    path("account/", include("allauth.urls")),
    path("faily/<str:label>/<str:pk>/", private_file, name="private_file"),
    # Wagtail's page serving, with its routing done in two queries (cms.routing); same address pattern and name.
    path("", include([URLPattern(pattern.pattern, routing.serve, pattern.default_args, pattern.name)
                      if pattern.name == "wagtail_serve" else pattern for pattern in wagtail_urls.urlpatterns])),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns = staticfiles_urlpatterns() + static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) \
        + urlpatterns

handler404 = "cms.views.page_not_found"
handler500 = "cms.api_input.api_aware_server_error"  # problem documents under /api/
