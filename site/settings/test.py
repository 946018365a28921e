"""Settings for pytest: fast hashing, in-memory email, SQLite unless DATABASE_URL."""

import os

from .base import *  # noqa: F403
from .base import CONTENT_SECURITY_POLICY, DATABASES, VAR_DIR, allow_google_analytics

VAR_DIR.mkdir(exist_ok=True)  # SQLite files and uploads of this checkout

DEBUG = False
SECRET_KEY = "test-only-secret-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAGTAILADMIN_BASE_URL = "http://testserver"

# A file-backed SQLite test database, kept between runs with --reuse-db.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}

# Tests never write into the developer's media folder or password file; one of each
# per pytest-xdist worker (each seeds its own database). Private storage: one folder
# per test (tests/conftest.py).
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
MEDIA_ROOT = VAR_DIR / f"test-media{_WORKER}"
DEMO_ADMIN_PASSWORD_FILE = VAR_DIR / f"test-demo-admin-password{_WORKER}.txt"
DEMO_ADMIN_RECOVERY_CODES_FILE = VAR_DIR / f"test-demo-admin-recovery-codes{_WORKER}.txt"
PRIVATE_ROOT = VAR_DIR / "test-private"
FILE_UPLOAD_TEMP_DIR = PRIVATE_ROOT / "upload-tmp"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_ROOT, "base_url": None},
    },
}
PRIVACY_HMAC_KEY = "test-only-privacy-hmac-key"
GOOGLE_ANALYTICS_ID = "G-TEVENNTEST"
allow_google_analytics(CONTENT_SECURITY_POLICY)

# A test-only app with a model holding personal data: the registry test registers it
# and finds it reached by every privacy operation (tests/privacy/test_registry.py).
INSTALLED_APPS = [*INSTALLED_APPS, "tests.privacy.callbacks"]  # noqa: F405

# Every /health/ call probes the storages (tests change them between calls).
HEALTH_STORAGE_CHECK_SECONDS = 0
