"""Production: everything comes from the environment.

Required: SECRET_KEY, ALLOWED_HOSTS (comma-separated).
Optional: DATABASE_URL (default SQLite in var/), REDIS_URL (shared cache),
CSRF_TRUSTED_ORIGINS, WAGTAILADMIN_BASE_URL, EMAIL_URL-style settings below.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    ADMIN_CONTENT_SECURITY_POLICY,
    CONTENT_SECURITY_POLICY,
    COOKIE_CHOICES_RATE_LIMIT,
    DATA_REQUEST_RATE_LIMIT,
    DATABASES,
    FORMS_RATE_LIMIT,
    MIDDLEWARE,
    NEWSLETTER_RATE_LIMIT,
    STORAGES,
    VAR_DIR,
    allow_google_analytics,
    allow_media_origin,
    logging_config,
    object_storage,
    public_media_base_url,
    public_media_storage,
    shared_caches,
)


def required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"The environment variable {name} is required in production.")
    return value


def csv_env(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = False
SECRET_KEY = required("SECRET_KEY")
# Keep PRIVACY_HMAC_KEY when rotating SECRET_KEY: receipts and audit entries use it.
PRIVACY_HMAC_KEY = os.environ.get("PRIVACY_HMAC_KEY") or SECRET_KEY
ALLOWED_HOSTS = csv_env("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("The environment variable ALLOWED_HOSTS is required in production.")
CSRF_TRUSTED_ORIGINS = csv_env("CSRF_TRUSTED_ORIGINS")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", f"https://{ALLOWED_HOSTS[0]}")

# Keep database connections between requests (PostgreSQL: no new connection each time).
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DB_CONN_MAX_AGE", "60"))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# The caches shared by every worker process (cookie groups, the frame, the page
# cache), and the image renditions' cache, which is never the database
# (base.shared_caches). Without REDIS_URL: files in CACHE_DIR (default var/cache/),
# shared by the workers of this machine and read without any SQL query; several app
# machines need REDIS_URL (or SHARED_CACHE=database: a table of the database, one
# query per cache read). Rate limits count on the database without Redis, whatever
# this choice.
CACHES = shared_caches(
    os.environ.get("REDIS_URL"),
    cache_dir=None
    if os.environ.get("SHARED_CACHE", "").strip().lower() == "database"
    else (os.environ.get("CACHE_DIR", "").strip() or VAR_DIR / "cache"),
)
# The page cache (corpsite.page_cache), on unless PAGE_CACHE=0.
PAGE_CACHE = os.environ.get("PAGE_CACHE", "1").strip().lower() not in ("0", "false", "no", "off")

# Static files are served by the application itself (no CDN), compressed and cache-busted.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "whitenoise.middleware.WhiteNoiseMiddleware",
)
STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
if os.environ.get("STATIC_ROOT"):
    STATIC_ROOT = os.environ["STATIC_ROOT"]
if os.environ.get("MEDIA_ROOT"):
    MEDIA_ROOT = os.environ["MEDIA_ROOT"]
if os.environ.get("DEMO_ADMIN_PASSWORD_FILE"):
    DEMO_ADMIN_PASSWORD_FILE = Path(os.environ["DEMO_ADMIN_PASSWORD_FILE"])
if os.environ.get("DEMO_ADMIN_RECOVERY_CODES_FILE"):
    DEMO_ADMIN_RECOVERY_CODES_FILE = Path(os.environ["DEMO_ADMIN_RECOVERY_CODES_FILE"])
if os.environ.get("PRIVACY_JOURNAL"):
    PRIVACY_JOURNAL = os.environ["PRIVACY_JOURNAL"]
if os.environ.get("PRIVATE_ROOT"):
    PRIVATE_ROOT = Path(os.environ["PRIVATE_ROOT"])
    STORAGES["private"]["OPTIONS"]["location"] = PRIVATE_ROOT
    FILE_UPLOAD_TEMP_DIR = PRIVATE_ROOT / "upload-tmp"
# Several app machines: visitors' files, exports and the privacy journal on
# S3-compatible object storage every machine reaches (django-storages), when
# AWS_STORAGE_BUCKET_NAME is set; S3_ENDPOINT_URL for a server other than AWS,
# AWS_S3_REGION_NAME, and the credentials AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY
# (read by boto3). The journal goes to PRIVACY_JOURNAL_BUCKET (best: a bucket of its
# own, with object lock and no delete right for these credentials), else the same bucket.
if os.environ.get("AWS_STORAGE_BUCKET_NAME", "").strip():
    _s3 = {
        "endpoint_url": os.environ.get("S3_ENDPOINT_URL", "").strip(),
        "region": os.environ.get("AWS_S3_REGION_NAME", "").strip(),
    }
    STORAGES["private"] = object_storage(
        bucket=os.environ["AWS_STORAGE_BUCKET_NAME"].strip(), location="private", **_s3
    )
    STORAGES["journal"] = object_storage(
        bucket=os.environ.get("PRIVACY_JOURNAL_BUCKET", "").strip()
        or os.environ["AWS_STORAGE_BUCKET_NAME"].strip(),
        location="privacy-journal",
        **_s3,
    )
    PRIVACY_JOURNAL_STORAGE = "journal"
    # The public media (Wagtail's images and renditions) under media/ in
    # AWS_MEDIA_BUCKET_NAME (else the same bucket), readable by everyone (ACL
    # AWS_MEDIA_ACL, default public-read; empty when the bucket's policy grants the
    # reading instead) at unsigned URLs: https://AWS_S3_CUSTOM_DOMAIN/media/... (a CDN)
    # when set, else the bucket's own address. Documents stay private objects,
    # streamed by Wagtail's view after its privacy checks. The pages' CSP lets
    # images in from that origin.
    _media_bucket = (
        os.environ.get("AWS_MEDIA_BUCKET_NAME", "").strip()
        or os.environ["AWS_STORAGE_BUCKET_NAME"].strip()
    )
    _media_base_url = public_media_base_url(
        bucket=_media_bucket,
        custom_domain=os.environ.get("AWS_S3_CUSTOM_DOMAIN", "").strip(),
        **_s3,
    )
    STORAGES["default"] = public_media_storage(
        bucket=_media_bucket,
        base_url=_media_base_url,
        acl=os.environ.get("AWS_MEDIA_ACL", "public-read").strip(),
        endpoint_url=_s3["endpoint_url"],
        region=_s3["region"],
    )
    MEDIA_URL = f"{_media_base_url}/media/"
    WAGTAILDOCS_SERVE_METHOD = "serve_view"
    for _policy in (CONTENT_SECURITY_POLICY, ADMIN_CONTENT_SECURITY_POLICY):
        allow_media_origin(_policy, _media_base_url)

FORMS_RATE_LIMIT = os.environ.get("FORMS_RATE_LIMIT", FORMS_RATE_LIMIT)
NEWSLETTER_RATE_LIMIT = os.environ.get("NEWSLETTER_RATE_LIMIT", NEWSLETTER_RATE_LIMIT)
COOKIE_CHOICES_RATE_LIMIT = os.environ.get("COOKIE_CHOICES_RATE_LIMIT", COOKIE_CHOICES_RATE_LIMIT)
DATA_REQUEST_RATE_LIMIT = os.environ.get("DATA_REQUEST_RATE_LIMIT", DATA_REQUEST_RATE_LIMIT)
# The reverse proxies in front of the application (addresses or networks): their
# X-Forwarded-For and X-Forwarded-Proto are believed, nobody else's. Without it,
# `check --deploy` warns (corpsite.W001): behind a proxy, every visitor would share
# the proxy's address, and its rate-limit counters.
TRUSTED_PROXIES = csv_env("TRUSTED_PROXIES")
RECAPTCHA_PUBLIC_KEY = os.environ.get("RECAPTCHA_PUBLIC_KEY", "")
RECAPTCHA_PRIVATE_KEY = os.environ.get("RECAPTCHA_PRIVATE_KEY", "")
# Tasks (emails, exports, purges) wait in a queue in the database, run by
# `manage.py db_worker` beside the web processes: a slow or hung mail server never
# holds a request. TASKS_BACKEND=immediate runs them inside the request instead.
if os.environ.get("TASKS_BACKEND", "database") == "immediate":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Public media served by the application (a single machine, nothing in front).
SERVE_MEDIA = os.environ.get("SERVE_MEDIA", "") == "1"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "") == "1"
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))  # seconds, in the task worker

# HTTPS as a trusted proxy says (X-Forwarded-Proto): SECURE_PROXY_SSL_HEADER, set in
# base.py, is filled in by corpsite.proxies only from TRUSTED_PROXIES.
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
SECURE_REDIRECT_EXEMPT = [r"^health/$"]  # asked by the load balancer, in plain HTTP
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("SECURE_HSTS_INCLUDE_SUBDOMAINS", "1") == "1"
# Preloading is a commitment for the domain and all its subdomains that takes months to
# undo: the operator opts in with SECURE_HSTS_PRELOAD=1 (then submits the domain).
SECURE_HSTS_PRELOAD = os.environ.get("SECURE_HSTS_PRELOAD", "") == "1"
SILENCED_SYSTEM_CHECKS = [
    "security.W021",  # SECURE_HSTS_PRELOAD off unless opted in: see above
]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
CONTENT_SECURITY_POLICY["DIRECTIVES"]["upgrade-insecure-requests"] = True
ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]["upgrade-insecure-requests"] = True
COOKIE_CONSENT_SECURE = True
GOOGLE_ANALYTICS_ID = os.environ.get("GOOGLE_ANALYTICS_ID", "")
if GOOGLE_ANALYTICS_ID:
    allow_google_analytics(CONTENT_SECURITY_POLICY)

# One level for every logger, Django's own included (LOG_LEVEL=ERROR: no "Not Found"
# warnings of django.request); base.logging_config.
LOGGING = logging_config(os.environ.get("LOG_LEVEL", "INFO"))
