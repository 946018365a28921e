"""Local development: DEBUG on, SQLite in var/ unless DATABASE_URL says otherwise."""

import os

from .base import *  # noqa: F403
from .base import CACHES, CONTENT_SECURITY_POLICY, VAR_DIR, allow_google_analytics

VAR_DIR.mkdir(exist_ok=True)  # SQLite files and uploads of this checkout

DEBUG = True
# Only for a developer's machine; production.py requires its own SECRET_KEY.
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]

# Every email is printed on the terminal, so confirmation links can be followed.
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

if os.environ.get("REDIS_URL"):
    CACHES["default"] = {
        "BACKEND": "corpsite.base.cache.FallbackRedisCache",
        "LOCATION": os.environ["REDIS_URL"],
    }
    CACHES["renditions"] = {
        "BACKEND": "corpsite.base.cache.FallbackRedisCache",
        "LOCATION": os.environ["REDIS_URL"],
        "KEY_PREFIX": "renditions",
    }
PRIVACY_HMAC_KEY = os.environ.get("PRIVACY_HMAC_KEY", "dev-only-privacy-hmac-key")

# A demo measurement id: the script is only requested after consent.
GOOGLE_ANALYTICS_ID = os.environ.get("GOOGLE_ANALYTICS_ID", "G-TEVENNDEMO")
allow_google_analytics(CONTENT_SECURITY_POLICY)
