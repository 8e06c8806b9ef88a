"""Settings shared by every environment; each value that differs per deployment comes from the environment."""
import os
from pathlib import Path

import dj_database_url
import xstatic.pkg.leaflet
import xstatic.pkg.leaflet_markercluster
from django.utils.translation import gettext_lazy as _

from cms.localdb import local_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PROJECT_DIR = BASE_DIR / "cms"


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "cms",
    "cms.webhooks",
    "home",
    "participation",
    "sessions.apps.CouncilConfig",
    "petitions",
    "appeals",
    "consultations",
    "regulatory",
    "forum",
    "budget",
    "directory",
    "wagtail.contrib.redirects",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v3",
    "wagtail",
    "modelcluster",
    "taggit",
    "import_export",
    "wagtailgeowidget",
    "django_tasks",
    "django_tasks_db",
    "corsheaders",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Anonymous readers are answered from the page cache before any session, locale or CSRF work. It sits outside
    # the CSP middleware so a stored page keeps the Content-Security-Policy (and nonce) it was rendered with.
    "cms.pagecache.AnonymousPageCacheMiddleware",
    "cms.security_headers.PortalCSPMiddleware",
    "cms.db_router.ReplicaRoutingMiddleware",
    "cms.visibility.RequestMemoMiddleware",
    # API requests with a token and no cookie continue through TOKEN_API_MIDDLEWARE below instead of the rest.
    "cms.middleware.TokenApiMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "cms.middleware.PortalLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "cms.staff_area.StaffMFAMiddleware",
    "cms.api_input.ApiInputMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

# Where cms.urls mounts the API, and so the only addresses TokenApiMiddleware's short way is taken for.
API_PATH_PREFIX = "/api/v3/"
# What still runs, after the middleware above TokenApiMiddleware, for an API request that carries a token and no
# cookie (cms.middleware): CORS for separate front ends, the language headers, the trailing slash, the frame and
# input rules, redirects; not sessions, CSRF, session authentication, messages, allauth, the admin's 2FA, static
# files, which have nothing to do for it (tests/cms/test_token_api_path.py pins this list against MIDDLEWARE).
TOKEN_API_MIDDLEWARE = [
    "corsheaders.middleware.CorsMiddleware",
    "cms.middleware.PortalLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "cms.api_input.ApiInputMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

# PostgreSQL only. Without DATABASE_URL: the embedded server of `make run` (cms/localdb.py), on its own socket.
# Django's backend with a health check that costs no round trip on a live connection (cms/postgresql).
DATABASE_ENGINE = "cms.postgresql"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or local_database_url(),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")), engine=DATABASE_ENGINE,
    )
}
# A read replica for anonymous readers (cms.db_router), e.g. postgres://reader@replica-host:5432/portal.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"], conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
        engine=DATABASE_ENGINE,
    )
DATABASE_READ_REPLICA = "replica" if "replica" in DATABASES else None
DATABASE_ROUTERS = ["cms.db_router.PrimaryReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "cms.User"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "portal"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Wagtail writes every rendition it serves into the "renditions" cache (one Redis write per image per request
# with the default cache). Renditions do not change once made, so each worker keeps them in its own memory; the
# short timeout bounds how long another worker may still point at the files of a replaced image.
CACHES["renditions"] = {
    "BACKEND": "cms.caches.ObjectCache",  # no pickling in and out: a rendition is read as it was stored
    "LOCATION": "renditions",
    "TIMEOUT": int(os.environ.get("RENDITIONS_CACHE_TIMEOUT", "120")),
    "OPTIONS": {"MAX_ENTRIES": 5000},
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

LANGUAGE_CODE = "uk"
LANGUAGES = [("uk", _("Ukrainian")), ("en", _("English"))]
WAGTAIL_CONTENT_LANGUAGES = [("uk", _("Ukrainian"))]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("uk", "Українська"), ("en", "English")]
LOCALE_PATHS = [PROJECT_DIR / "locale"]
TIME_ZONE = "Europe/Kyiv"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Leaflet and markercluster come from their PyPI packages (xstatic) and are served as our own static files.
STATICFILES_DIRS = [
    PROJECT_DIR / "static",
    ("vendor/leaflet", xstatic.pkg.leaflet.BASE_DIR),
    ("vendor/leaflet-markercluster", xstatic.pkg.leaflet_markercluster.BASE_DIR),
]
STATICFILES_FINDERS = [
    "cms.staticfinders.PortalFileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Files that are not public (a draft petition's attachments, appeals' files): outside MEDIA_ROOT, served only
# through the permission-checked view of cms.uploads.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None}},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# S3-compatible media storage (django-storages) when a bucket is configured.
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }
    # Private files in the same bucket under private/, never public-read: only the portal's view streams them.
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {**STORAGES["default"]["OPTIONS"], "location": "private", "default_acl": "private",
                    "querystring_auth": True, "custom_domain": None},
    }

# E-mail: console in development; SMTP configured by the environment elsewhere.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "portal@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work: the Django Tasks API. Production overrides with django-tasks-db.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Wagtail
# Latin page addresses (transliterated from Ukrainian titles) are readable in every link and feed.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_SITE_NAME = os.environ.get("WAGTAIL_SITE_NAME", "Електронне місто")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILADMIN_LOGIN_URL = "account_login"
# Password resets go through allauth (rate-limited, in the portal design), not Wagtail's own form.
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip", "ods", "odp"]
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILAPI_LIMIT_MAX = 100
# Rich text in /api/v3/pages/ with links and embedded images resolved to their public addresses (not Wagtail's
# stored <a linktype="page" id="3">, which no front end can follow).
WAGTAILAPI_RICH_TEXT_FORMAT = "html"
# The admin makes no third-party requests: no gravatar.com avatars, no release check.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False  # no calls to releases.wagtail.org from editors' browsers
WAGTAILEMBEDS_RESPONSIVE_HTML = True
# PostgreSQL full-text search uses our Ukrainian configuration (see cms/search.py).
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        "SEARCH_CONFIG": "portal_uk",
        "AUTO_UPDATE": True,
    }
}

# django-allauth: residents log in by e-mail, which they must verify before acting.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_SIGNUP_FORM_CLASS = "cms.forms.SignupProfileForm"
ACCOUNT_ADAPTER = "cms.adapters.PortalAccountAdapter"
ACCOUNT_USER_DISPLAY = "cms.adapters.user_display"  # the person's name, not the generated username
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "10/h/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
LOGIN_REDIRECT_URL = "/account/profile/"
LOGIN_URL = "account_login"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = WAGTAIL_SITE_NAME
# Staff with admin access must have TOTP; dev turns this off so the quick start needs no phone.
PORTAL_STAFF_MFA_REQUIRED = env_bool("PORTAL_STAFF_MFA_REQUIRED", True)

CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_CREDENTIALS = env_bool("CORS_ALLOW_CREDENTIALS", False)

# Anonymous full-page cache (cms.pagecache): seconds a page is kept (purges make it precise; this is the
# safety net for what changes with time alone, such as "3 days left"), and the HTTP cache in front purged
# through wagtail.contrib.frontend_cache (deploy/varnish/portal.vcl) when FRONTEND_CACHE_URL is set.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
PAGE_CACHE_TIMEOUT = int(os.environ.get("PAGE_CACHE_TIMEOUT", "300"))
# Parts of pages (home sections, an article, breadcrumbs) kept in the cache for anonymous readers, renewed by
# every purge ({% fragment %}, cms.pagecache.cached_fragment); on even when whole pages are not cached.
FRAGMENT_CACHE_ENABLED = env_bool("FRAGMENT_CACHE_ENABLED", True)
# The running release (a commit hash): cached pages, fragments and values are kept per release, so a deploy never
# serves the old templates' HTML (cms.release). Empty: a digest of the source files.
PORTAL_RELEASE = os.environ.get("PORTAL_RELEASE", "")
FRONTEND_CACHE_URL = os.environ.get("FRONTEND_CACHE_URL", "")
# Seconds a worker answers a page from its own copy before asking the shared cache again (cms.pagecache's WSGI
# front): a purge reaches the other workers within this time. 0: ask the shared cache on every request. Not used
# with an HTTP cache in front (WAGTAILFRONTENDCACHE): it takes the spikes, and a copy that missed a purge must
# not be stored there again.
PAGE_CACHE_LOCAL_SECONDS = float(os.environ.get("PAGE_CACHE_LOCAL_SECONDS", "1"))
if FRONTEND_CACHE_URL:
    WAGTAILFRONTENDCACHE = {
        "varnish": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend", "LOCATION": FRONTEND_CACHE_URL},
    }
# A separate front end (docs/api.md): when its address is set, the admin's preview opens
# <FRONTEND_BASE_URL>?preview=<token>&page=<id> and the token shows that page's draft for so many seconds.
FRONTEND_BASE_URL = os.environ.get("FRONTEND_BASE_URL", "")
FRONTEND_PREVIEW_SECONDS = int(os.environ.get("FRONTEND_PREVIEW_SECONDS", "600"))
# API tokens a resident may hold at once (cms/api_tokens.py; made on /account/tokens/).
API_TOKENS_PER_USER = 5

# Publish webhooks (cms/webhooks): seconds to wait for a receiver, and the delays (seconds) before each retry;
# after the last one a delivery is marked failed in the log.
WEBHOOK_TIMEOUT = float(os.environ.get("WEBHOOK_TIMEOUT", "5"))
WEBHOOK_RETRY_DELAYS = (30, 120, 600, 3600, 6 * 3600)

NEWS_PER_PAGE = 12
# Deepest page of a list (cms.pagination): deeper OFFSETs grow with the archive; filters reach older entries.
LIST_MAX_PAGES = int(os.environ.get("LIST_MAX_PAGES", "100"))
# Pages per sitemap document; more pages make /sitemap.xml an index of parts (cms.sitemap).
SITEMAP_PAGES_PER_FILE = int(os.environ.get("SITEMAP_PAGES_PER_FILE", "2000"))
# Deepest offset of an API list that pages by cursor (cms.api_helpers.Pagination): its `next` goes further.
API_MAX_OFFSET = int(os.environ.get("API_MAX_OFFSET", "2000"))

# Forum (forum/services.py): at most so many new topics per resident in so many seconds; topics per list page.
FORUM_TOPIC_RATE_LIMIT = (3, 60 * 60)
FORUM_TOPICS_PER_PAGE = 20

# Discussions (participation/services.py): edit window in seconds, links per comment,
# (comments, seconds) per user, and how long the same text may not be posted again.
PARTICIPATION_COMMENT_EDIT_WINDOW = 15 * 60
PARTICIPATION_MAX_LINKS = 3
PARTICIPATION_RATE_LIMIT = (5, 60)
PARTICIPATION_DUPLICATE_WINDOW = 10 * 60
# Reports one account may send per window (count, seconds).
PARTICIPATION_REPORT_RATE_LIMIT = (10, 60 * 60)
# Residents e-mailed per round of the notification task (keeps each transaction short).
PARTICIPATION_NOTIFICATION_BATCH = 200
# Root threads per page of a discussion (replies stay with their thread).
PARTICIPATION_THREADS_PER_PAGE = 50

# E-petitions (petitions/services.py): (attempts, seconds) per account and per IP address. Production keeps the
# counters in Redis so every worker shares them; the benchmark raises the IP limit (all its residents share 127.0.0.1).
PETITIONS_RATE_LIMITS = {
    "sign": {"user": (10, 60), "ip": (int(os.environ.get("PETITIONS_SIGN_IP_LIMIT", "120")), 60)},
    "submit": {"user": (5, 3600), "ip": (20, 3600)},
}
PETITIONS_PER_PAGE = 20
# Appeals one account may send, per window of seconds (anything more is refused as flooding).
APPEALS_SUBMIT_LIMIT = (int(os.environ.get("APPEALS_SUBMIT_LIMIT", "10")), 3600)
PETITIONS_SIGNERS_PER_PAGE = 50

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Council: draft decisions are published at least this many working days before consideration
# (Law "On access to public information", art. 15; a city's own rules may ask for more).
COUNCIL_DRAFT_PUBLICATION_WORKING_DAYS = int(os.environ.get("COUNCIL_DRAFT_PUBLICATION_WORKING_DAYS", "10"))
# Where the council is, for the address columns of the open data (30-deputies.csv).
COUNCIL_CATUTTC = os.environ.get("COUNCIL_CATUTTC", "UA00000000000000000")
COUNCIL_REGION = os.environ.get("COUNCIL_REGION", "Світлогірська область")
COUNCIL_AUTHORITY_ID = os.environ.get("COUNCIL_AUTHORITY_ID", "00000000")  # ЄДРПОУ of the council
# The appeals form for one deputy ("{id}" is the deputy page id); empty: the deputy page offers e-mail instead.
COUNCIL_APPEAL_URL = os.environ.get("COUNCIL_APPEAL_URL", "")

# Maps (cms/maps.py, the one map component): the tile server and its attribution. Layers are GeoJSON drawn by the
# portal itself, so with an empty tile URL the map still shows districts and markers on a plain background.
PORTAL_MAP_TILE_URL = os.environ.get("PORTAL_MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
PORTAL_MAP_ATTRIBUTION = os.environ.get(
    "PORTAL_MAP_ATTRIBUTION", '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors')
PORTAL_MAP_MAX_ZOOM = int(os.environ.get("PORTAL_MAP_MAX_ZOOM", "19"))
# The city: where maps open, and the box every imported point must fall in (south, west, north, east; WGS 84).
PORTAL_MAP_CENTER = tuple(float(value) for value in env_list("PORTAL_MAP_CENTER", "49.59,34.56"))
PORTAL_MAP_ZOOM = int(os.environ.get("PORTAL_MAP_ZOOM", "13"))
PORTAL_CITY_BOUNDS = tuple(float(value) for value in env_list("PORTAL_CITY_BOUNDS", "49.54,34.46,49.64,34.66"))
# wagtailgeowidget (the admin point picker) uses the same tiles and opens on the city.
GEO_WIDGET_LEAFLET_TILE_LAYER = PORTAL_MAP_TILE_URL
GEO_WIDGET_LEAFLET_TILE_LAYER_OPTIONS = {"attribution": PORTAL_MAP_ATTRIBUTION, "maxZoom": PORTAL_MAP_MAX_ZOOM}
GEO_WIDGET_DEFAULT_LOCATION = {"lat": PORTAL_MAP_CENTER[0], "lng": PORTAL_MAP_CENTER[1]}
GEO_WIDGET_ZOOM = PORTAL_MAP_ZOOM

# City directory (directory/services.py): corrections one resident may send per window (count, seconds); objects per
# page of the public list; how long the GeoJSON of the map is cached (it is also invalidated on every change).
DIRECTORY_CORRECTION_RATE_LIMIT = (10, 60 * 60)
DIRECTORY_PER_PAGE = 25
DIRECTORY_GEOJSON_CACHE_SECONDS = int(os.environ.get("DIRECTORY_GEOJSON_CACHE_SECONDS", str(60 * 60)))
# Browsers and proxies may reuse the map's GeoJSON this long (seconds); they revalidate with its ETag after.
DIRECTORY_GEOJSON_MAX_AGE = int(os.environ.get("DIRECTORY_GEOJSON_MAX_AGE", "60"))
# The settlement's name in the open-data address columns (addressPostName).
DIRECTORY_SETTLEMENT_NAME = os.environ.get("DIRECTORY_SETTLEMENT_NAME", "Світлогірськ")

# Content-Security-Policy (django-csp 4, cms/security_headers.py): map tiles from the configured tile server.
from cms.security_headers import content_security_policy  # noqa: E402

CONTENT_SECURITY_POLICY = content_security_policy(PORTAL_MAP_TILE_URL)
