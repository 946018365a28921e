"""Settings shared by every environment.

Environment-specific files (dev, test, production) import everything from here
and override what differs. Anything secret or host-specific is read from the
environment in those files, never written here.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

PROJECT_DIR = Path(__file__).resolve().parent.parent  # site/ (imported as corpsite)
BASE_DIR = PROJECT_DIR.parent  # the repository
VAR_DIR = BASE_DIR / "var"  # local runtime data: SQLite files, media, private uploads

INSTALLED_APPS = [
    "corpsite",
    "corpsite.base",  # the base layer, below pages, forms and privacy (README: Architecture)
    "pages",
    "forms",
    "privacy",
    "cookie_consent",
    "django_recaptcha",
    "django_countries",
    "django_tasks",
    "django_tasks_db",
    "wagtail_localize",
    "wagtail_localize.locales",  # replaces wagtail.locales
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Staff sign-in (corpsite.staff_auth): second factor and throttled failures.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
]

MIDDLEWARE = [
    # The page cache (corpsite.page_cache): first, to see every cookie and header a
    # page leaves with before keeping it, and to compress what it keeps or serves...
    "corpsite.page_cache.PageCacheUpdateMiddleware",
    # First, so that every response carries it (static files and error pages included).
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "corpsite.proxies.TrustedProxyMiddleware",  # before anything asks request.is_secure()
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "corpsite.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "corpsite.staff_auth.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "corpsite.middleware.CSPMiddleware",  # django-csp's, with the admin's own policy
    # Refuses oversized bodies; its 413 page gets the headers above. Nothing before it
    # reads the body: the CSRF check does in process_view, after every middleware.
    "corpsite.middleware.RequestSizeLimitMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",  # last of the others, as django-axes asks
    # ... and last, to answer from the cache once the language is known.
    "corpsite.page_cache.PageCacheFetchMiddleware",
]

ROOT_URLCONF = "corpsite.urls"
WSGI_APPLICATION = "corpsite.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]


SQLITE_INIT_COMMAND = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"


def database_from_env(default_sqlite: Path) -> dict:
    """DATABASE_URL when set (postgres://..., sqlite:///...), else a SQLite file."""
    config = dj_database_url.config(default=f"sqlite:///{default_sqlite}", conn_max_age=0)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # Wait for a concurrent writer instead of failing with "database is locked", and
        # take the write lock when a transaction starts (no deadlock on lock upgrade).
        # Write-ahead log: readers never wait for the writer, and a commit appends to
        # one file (one fsync) instead of writing a rollback journal, then the
        # database, then deleting the journal (three). synchronous=FULL keeps every
        # commit on disk before it returns: a visitor given a reference keeps it
        # through a power cut.
        config.setdefault("OPTIONS", {}).update(
            {
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                "init_command": SQLITE_INIT_COMMAND,
            }
        )
    return config


DATABASES = {"default": database_from_env(VAR_DIR / "db.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Staff sign-in (corpsite.staff_auth) ------------------------------------------
# Failed sign-ins (a wrong password or a wrong second factor) are counted by django-axes
# per account and per client address; past the limit, both are refused until the
# cool-off ends or `manage.py unlock_login` is run.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
WAGTAILADMIN_USER_LOGIN_FORM = "corpsite.staff_auth.forms.StaffLoginForm"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each on its own
AXES_CLIENT_IP_CALLABLE = "corpsite.staff_auth.throttle.client_ip"  # TRUSTED_PROXIES-aware
AXES_CLIENT_STR_CALLABLE = "corpsite.staff_auth.throttle.client_str"  # nothing personal in logs
AXES_LOCKOUT_CALLABLE = "corpsite.staff_auth.throttle.lockout_response"
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "password", "code"]
AXES_DISABLE_ACCESS_LOG = True  # no record of successful sign-ins: only failures, until cool-off
AXES_RESET_ON_SUCCESS = False  # a sign-in to one's own account does not clear an address's count
OTP_TOTP_ISSUER = "Tevenn Devices"

# --- Languages ---------------------------------------------------------------
# Adding a language: add it to LANGUAGES and provide locale/<code>/LC_MESSAGES/django.po.
# Its Wagtail Locale row is created on the next `migrate` (corpsite.apps).
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
# Paths outside the language prefixes, whose 404s are not redirected to /en/...
LOCALE_REDIRECT_EXEMPT_PREFIXES = ["/admin/", "/documents/", "/static/", "/media/", "/health/"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

# --- Static and media --------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
# Visitors' uploads: outside MEDIA_ROOT and STATIC_ROOT, with no URL at all.
PRIVATE_ROOT = VAR_DIR / "private"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_ROOT, "base_url": None},
    },
}


def object_storage(*, bucket: str, location: str, endpoint_url: str = "", region: str = "") -> dict:
    """A STORAGES entry for private objects under ``location`` in an S3-compatible
    ``bucket`` (production.py, when AWS_STORAGE_BUCKET_NAME is set): several app
    machines share visitors' files, exports and the privacy journal. Private ACL, no
    URL (corpsite.base.object_storage). The credentials are read by boto3 from the
    environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY), never from a settings file."""
    options = {"bucket_name": bucket, "location": location}
    if endpoint_url:
        # S3-compatible servers (MinIO, Ceph, moto) address buckets in the path.
        options.update(endpoint_url=endpoint_url, addressing_style="path")
    if region:
        options["region_name"] = region
    return {"BACKEND": "corpsite.base.object_storage.PrivateS3Storage", "OPTIONS": options}


def public_media_base_url(
    *, bucket: str, endpoint_url: str = "", region: str = "", custom_domain: str = ""
) -> str:
    """Where browsers load the public media from (no trailing slash, the ``media/``
    location not included): ``https://<custom_domain>`` (a CDN or the bucket's own
    domain) when given, else the endpoint's address with the bucket in the path
    (MinIO, Ceph, moto), else AWS's virtual-hosted address of the bucket."""
    if custom_domain:
        return custom_domain.rstrip("/") if "://" in custom_domain else f"https://{custom_domain}"
    if endpoint_url:
        return f"{endpoint_url.rstrip('/')}/{bucket}"
    if region:
        return f"https://{bucket}.s3.{region}.amazonaws.com"
    return f"https://{bucket}.s3.amazonaws.com"


def public_media_storage(
    *,
    bucket: str,
    base_url: str,
    acl: str = "public-read",
    endpoint_url: str = "",
    region: str = "",
) -> dict:
    """The ``STORAGES["default"]`` entry for public media under ``media/`` in ``bucket``
    (production.py, when AWS_STORAGE_BUCKET_NAME is set): Wagtail's images and
    renditions, readable by everyone at unsigned URLs under ``base_url``; documents
    private, streamed by Wagtail's serve view (corpsite.base.object_storage)."""
    entry = object_storage(
        bucket=bucket, location="media", endpoint_url=endpoint_url, region=region
    )
    entry["BACKEND"] = "corpsite.base.object_storage.PublicMediaS3Storage"
    entry["OPTIONS"].update(base_url=base_url, acl=acl)
    return entry


def allow_media_origin(policy: dict, base_url: str) -> None:
    """Let the pages load images from the public media's origin when it is not the
    site's own (img-src)."""
    parts = urlsplit(base_url)
    origin = f"{parts.scheme}://{parts.netloc}"
    directives = policy["DIRECTIVES"]
    if origin not in directives["img-src"]:
        directives["img-src"] = [*directives["img-src"], origin]


FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750
# Uploads above FILE_UPLOAD_MAX_MEMORY_SIZE wait in a temporary file while the request
# runs: under the private root, never the system's temporary folder (created when
# needed; `manage.py sweep_upload_temp` removes what a killed worker left behind).
FILE_UPLOAD_TEMP_DIR = PRIVATE_ROOT / "upload-tmp"
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "corpsite.uploads.PrivateTemporaryFileUploadHandler",
]


# --- Cache --------------------------------------------------------------------
# The page cache of anonymous visitors' Wagtail pages (corpsite.page_cache): off here
# and in dev (an edited template shows at once), on in production (PAGE_CACHE=0 turns
# it off); tests turn it on where they need it. Pages are kept PAGE_CACHE_TIMEOUT
# seconds at most; a publish, a menu, the cookie declaration or a policy version
# purges them at once.
PAGE_CACHE = False
PAGE_CACHE_TIMEOUT = 300


def logging_config(level: str) -> dict:
    """Logging with one level for everything (production.py, from LOG_LEVEL). Django
    configures its own loggers first ("django" at INFO, whose records reach the root's
    handlers whatever the root's level): they get the same level here, and so does the
    console handler, so that LOG_LEVEL=ERROR silences django.request's "Not Found"
    warnings too. Errors still reach the admins by email, as Django's default does."""
    level = level.strip().upper() or "INFO"
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
        "handlers": {
            "console": {"class": "logging.StreamHandler", "level": level},
            "mail_admins": {
                "level": "ERROR",
                "filters": ["require_debug_false"],
                "class": "django.utils.log.AdminEmailHandler",
            },
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django": {"handlers": ["mail_admins"], "level": level, "propagate": True},
            "django.server": {"handlers": [], "level": level, "propagate": True},
        },
    }


def shared_caches(redis_url: str | None, *, cache_dir: Path | str | None = None) -> dict:
    """The caches of a deployment of several worker processes (production.py). The
    default cache (the frame, the page cache, the cookie groups, the policy notice) is
    shared by every worker, never a per-process memory cache, so that a publish purges
    it for all of them:

    - Redis when given: every worker of every machine (several machines need it).
    - else, with ``cache_dir``, files in that folder (Django's FileBasedCache): shared
      by the workers of one machine, and a cache read is a file read, not an SQL
      query (the database table costs one query per read, 14-16 per page). The
      production default without Redis (``var/cache/``; CACHE_DIR).
    - else a table of the database (`manage.py createcachetable`; SHARED_CACHE=database):
      shared by machines using the same database, at one query per read.

    The rate limits do not depend on this choice: without Redis they count on a
    table of the database, atomically (corpsite.base.ratelimits).

    Image renditions are written to their cache each time an image is shown (Wagtail):
    Redis when given, else each process's memory, never the database table or files,
    which would make every view of a page with an image write. Redis unreachable is no
    outage of the site: each process falls back to its memory (corpsite.base.cache),
    and the rate limits to the database."""
    renditions = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "renditions",
        "TIMEOUT": 24 * 60 * 60,
    }
    if redis_url:
        return {
            "default": {
                "BACKEND": "corpsite.base.cache.FallbackRedisCache",
                "LOCATION": redis_url,
            },
            "renditions": {
                "BACKEND": "corpsite.base.cache.FallbackRedisCache",
                "LOCATION": redis_url,
                "KEY_PREFIX": "renditions",
                "TIMEOUT": 24 * 60 * 60,
            },
        }
    if cache_dir is not None:
        return {
            "default": {
                "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": str(cache_dir),
                # Whole pages are kept too (corpsite.page_cache): room for every page of
                # every language; past it, a third of the files are dropped.
                "OPTIONS": {"MAX_ENTRIES": 20000, "CULL_FREQUENCY": 3},
            },
            "renditions": renditions,
        }
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "django_cache",
        },
        "renditions": renditions,
    }


CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # Wagtail's image renditions (Wagtail uses the alias "renditions" when there is one):
    # Wagtail writes a rendition to it each time it is shown (see shared_caches).
    "renditions": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "renditions",
        "TIMEOUT": 24 * 60 * 60,
    },
}

# --- Forms ----------------------------------------------------------------------
# At most this many posts per address in this many seconds ("0/60": no limit): the
# forms, the newsletter sign-up, the cookie choices, the data requests (a shared
# office or mobile network is one address for many visitors).
FORMS_RATE_LIMIT = "10/600"
NEWSLETTER_RATE_LIMIT = "10/600"
COOKIE_CHOICES_RATE_LIMIT = "60/600"
DATA_REQUEST_RATE_LIMIT = "5/600"
FORMS_MAX_UPLOAD_SIZE = 5 * 1024 * 1024
# The largest request body accepted (2.5 x the upload limit: a CV, a cover letter and
# the answers), refused before it is read (corpsite.middleware.RequestSizeLimitMiddleware).
# Bodies without files stay under Django's DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB).
MAX_REQUEST_BODY_SIZE = FORMS_MAX_UPLOAD_SIZE * 5 // 2
# Addresses (or networks) of the reverse proxies whose X-Forwarded-For and
# X-Forwarded-Proto are believed (corpsite.proxies); from anyone else, ignored.
TRUSTED_PROXIES: list[str] = []
# Set by corpsite.proxies.TrustedProxyMiddleware from a trusted proxy's
# X-Forwarded-Proto; a client cannot send it (it is not an HTTP_ header).
SECURE_PROXY_SSL_HEADER = ("CORPSITE_TRUSTED_FORWARDED_PROTO", "https")
# reCAPTCHA is used when both keys are set (production.py reads them from the environment).
RECAPTCHA_PUBLIC_KEY = ""
RECAPTCHA_PRIVATE_KEY = ""
RECAPTCHA_VERIFY_REQUEST_TIMEOUT = 5
# Tasks (emails, exports, purges): run in-process here (development and tests);
# production queues them in the database for `manage.py db_worker` (production.py).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Public media (images, documents' renditions) served by Django itself, for a single
# machine without a web server in front (`make serve`); visitors' uploads are never
# under MEDIA_ROOT. Production turns it on with SERVE_MEDIA=1.
SERVE_MEDIA = False
# The health endpoint (/health/) answers 503 when more tasks than this wait in the queue.
HEALTH_MAX_TASK_BACKLOG = 1000
# /health/ writes and deletes a probe in each storage at most this often per process
# (on object storage every probe is a paid request; /health/ is open to anyone).
HEALTH_STORAGE_CHECK_SECONDS = 30

# --- Email ---------------------------------------------------------------------
DEFAULT_FROM_EMAIL = "Tevenn Devices <no-reply@tevenn.example>"
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Privacy journal -------------------------------------------------------------
# Erasures and unsubscriptions, outside the database, so that a restored backup can
# be erased again (privacy.journal). Keep it on storage backed up apart from the
# database. Keyed hashes only: nothing personal.
PRIVACY_JOURNAL = VAR_DIR / "privacy-journal.jsonl"
# With several app machines, the journal is a STORAGES alias instead (production.py:
# object storage every machine shares), one object per entry, never overwritten.
PRIVACY_JOURNAL_STORAGE = ""

# --- Error reports -------------------------------------------------------------
DEFAULT_EXCEPTION_REPORTER = "corpsite.error_reports.PrivateExceptionReporter"
DEFAULT_EXCEPTION_REPORTER_FILTER = "corpsite.error_reports.PrivateExceptionReporterFilter"

# --- Security headers -----------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# Nothing is framed, but Wagtail's previews (which mark their own views SAMEORIGIN).
X_FRAME_OPTIONS = "DENY"
# Powerful browser features the site never uses are off, for its pages and their frames.
PERMISSIONS_POLICY = {
    "camera": [],
    "microphone": [],
    "geolocation": [],
    "payment": [],
    "usb": [],
}
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Strict Content-Security-Policy for the public site: no inline script without
# the per-request nonce (request.csp_nonce), no inline style, nothing from a CDN.
# The Wagtail admin has its own policy (ADMIN_CONTENT_SECURITY_POLICY below).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        # Videos, loaded once functional cookies are accepted (click-to-load).
        "frame-src": ["https://www.youtube-nocookie.com"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    },
}

# The Wagtail admin's policy (corpsite.middleware.CSPMiddleware), as strict as Wagtail 8
# allows; README.md ("Security headers") says why each source is there. Its sign-in and
# password-reset pages, open to anyone, have no inline script or style: they get the
# same policy without 'unsafe-inline'.
ADMIN_URL_PREFIX = "/admin/"
ADMIN_STRICT_CSP_PATHS = ["/admin/login/", "/admin/password_reset/", "/admin/second-factor/"]
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        # Wagtail's choosers, date pickers and inline panels write <script> elements
        # that cannot carry a nonce (widgets render without the request).
        "script-src": [SELF, UNSAFE_INLINE],
        # The rich-text editor (Draftail) and wagtail-localize's editor add <style>
        # elements whose content changes (no fixed hash).
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        # The preview panel, and embedded videos in previews.
        "frame-src": [SELF, "https://www.youtube-nocookie.com"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    },
}

# --- Cookie consent (django-cookie-consent) ---------------------------------------
# A choice is kept six months (the CNIL's recommendation), then asked again.
COOKIE_CONSENT_MAX_AGE = 182 * 24 * 60 * 60
# The browser reads the choice to activate scripts: the page itself stays the same
# for everyone (cacheable). The cookie holds group versions and a random id only.
COOKIE_CONSENT_HTTPONLY = False
COOKIE_CONSENT_SAMESITE = "Lax"
COOKIE_CONSENT_CACHE_BACKEND = "default"  # the shared cache (Redis in production)
COOKIE_CONSENT_LOG_ENABLED = False  # privacy.CookieConsentRecord is the proof
# The library's own views are not mounted (privacy.views.cookies replaces them); its
# default success URL would name one of them and break the settings dump of error
# reports. Ours is the preference centre.
COOKIE_CONSENT_SUCCESS_URL = reverse_lazy("cookie_preferences")
# Google Analytics measurement id: the script loads only after consent.
GOOGLE_ANALYTICS_ID = ""
GOOGLE_HOSTS = [
    "https://*.google-analytics.com",
    "https://*.analytics.google.com",
    "https://*.googletagmanager.com",
]


def allow_google_analytics(policy: dict) -> None:
    """Let the analytics script and its beacons through the policy (they are only
    requested by consent.js once audience measurement is accepted)."""
    directives = policy["DIRECTIVES"]
    directives["script-src"] = [*directives["script-src"], "https://www.googletagmanager.com"]
    directives["connect-src"] = [*directives["connect-src"], *GOOGLE_HOSTS]
    directives["img-src"] = [*directives["img-src"], *GOOGLE_HOSTS]


# --- Wagtail ---------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Tevenn Devices"
# The admin asks no other host for anything: no avatars from Gravatar (a hash of each
# staff member's email sent to a third party), no check for new Wagtail releases.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Visitors' search terms can name people: do not keep them in Wagtail's query log.
WAGTAILSEARCH_HITS_MAX_AGE = 0
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
WAGTAIL_LOCALIZE_DEFAULT_TRANSLATION_MODE = "synced"

# The key of the keyed hashes (HMAC) that name a person in audit logs and receipts.
# Settings files set it; it must survive SECRET_KEY rotations in production.
PRIVACY_HMAC_KEY = ""

# Where `seed_demo` keeps the demo admin's generated password (dev machines only).
DEMO_ADMIN_PASSWORD_FILE = VAR_DIR / "demo-admin-password.txt"
# ... and its recovery codes (its second factor without a phone).
DEMO_ADMIN_RECOVERY_CODES_FILE = VAR_DIR / "demo-admin-recovery-codes.txt"
