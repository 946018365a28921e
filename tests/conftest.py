"""Shared fixtures: the demo site is seeded once per test session, and every
test starts in the default language."""

import os
from pathlib import Path

import pytest
from django.test.client import ClientMixin
from django.utils import translation
from wagtail.models import Locale, Page, Site

from tests.factories import staff_user


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The demo content (English, French, menus) exists in every test.

    Seeding runs outside any transaction so that wagtail-localize publishes the
    translations; each test then runs in a transaction rolled back afterwards
    (browser tests commit, and put back what they wrote: tests/e2e/conftest.py).
    """
    from corpsite.demo.seed import seed_demo

    with django_db_blocker.unblock():
        seed_demo()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Tests run in transactions that never commit, so on-commit cache invalidation
    does not run: start every test with empty caches (the frame's structures, image
    renditions)."""
    from django.core.cache import caches

    for each in caches.all(initialized_only=False):
        each.clear()


def verify_client_session(client, user) -> None:
    """Mark a test client's session as having passed the second factor, with a real
    (confirmed) authenticator device of the user, as the verification page does."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.factories import add_authenticator

    device = TOTPDevice.objects.devices_for_user(user, confirmed=True).first()
    if device is None:
        device = add_authenticator(user, name="test authenticator")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


# Django's own force_login, which leaves the session with a password only.
FORCE_LOGIN_PASSWORD_ONLY = ClientMixin.force_login


@pytest.fixture(autouse=True)
def _force_login_with_second_factor(monkeypatch):
    """``client.force_login(user)`` gives a fully signed-in session (password and
    second factor), so that tests of admin screens need not go through the
    verification page. Tests of the sign-in itself use the login form, or
    ``FORCE_LOGIN_PASSWORD_ONLY(client, user)``."""

    def force_login(self, user, backend=None):
        FORCE_LOGIN_PASSWORD_ONLY(self, user, backend)
        verify_client_session(self, user)

    monkeypatch.setattr(ClientMixin, "force_login", force_login)


@pytest.fixture(autouse=True)
def _privacy_journal(settings, tmp_path):
    """Each test writes its own privacy journal."""
    settings.PRIVACY_JOURNAL = tmp_path / "privacy-journal.jsonl"


def private_storages() -> list:
    """Every instance of the private storage: the one of ``storages["private"]`` and
    the ones the models' file fields took when they were defined (the same until a
    test changes STORAGES)."""
    from django.apps import apps
    from django.core.files.storage import storages
    from django.db.models import FileField

    private = storages["private"]
    found = {id(private): private}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, FileField) and field.storage.location == private.location:
                found[id(field.storage)] = field.storage
    return list(found.values())


@pytest.fixture(autouse=True)
def _private_storage(settings, tmp_path, monkeypatch):
    """Each test has its own private-storage folder (visitors' files, exports,
    temporary uploads): tests in parallel processes never see each other's files."""
    root = tmp_path / "private-storage"
    upload_temp = root / "upload-tmp"
    upload_temp.mkdir(mode=0o700, parents=True)
    for storage in private_storages():
        monkeypatch.setattr(storage, "_location", root)
        monkeypatch.setitem(storage.__dict__, "base_location", root)
        monkeypatch.setitem(storage.__dict__, "location", os.path.abspath(root))
    settings.PRIVATE_ROOT = root
    settings.FILE_UPLOAD_TEMP_DIR = upload_temp


@pytest.fixture(autouse=True)
def _default_language():
    """A request to /fr/ leaves French active in the thread: start each test in English."""
    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture
def locale_en(db) -> Locale:
    return Locale.objects.get(language_code="en")


@pytest.fixture
def locale_fr(db) -> Locale:
    return Locale.objects.get(language_code="fr")


@pytest.fixture
def home_en(db):
    return Site.objects.get(is_default_site=True).root_page.specific


@pytest.fixture
def home_fr(home_en, locale_fr):
    return home_en.get_translation(locale_fr).specific


# --- staff, one per role (tests/factories.py: ROLES) -----------------------------------
# Each is named after its role and signs in with STAFF_PASSWORD; force_login gives them
# their second factor.


@pytest.fixture
def superuser(db):
    return staff_user("superuser")


@pytest.fixture
def officer(db):
    """A member of the "Privacy officer" group."""
    return staff_user("officer")


@pytest.fixture
def editor(db):
    """A member of "Editors" (drafts pages, may not publish them)."""
    return staff_user("editor")


@pytest.fixture
def moderator(db):
    """A member of "Moderators" (Wagtail's group that publishes pages)."""
    return staff_user("moderator")


@pytest.fixture
def support(db):
    """A member of the "Support" staff group (support and repair purposes)."""
    return staff_user("support")


@pytest.fixture
def sales(db):
    return staff_user("sales")


@pytest.fixture
def hr(db):
    """A member of the "HR" staff group (recruitment)."""
    return staff_user("hr")


@pytest.fixture
def marketing(db):
    """A member of the "Marketing" staff group (prospects, newsletter)."""
    return staff_user("marketing")


@pytest.fixture
def make_submission(client, django_capture_on_commit_callbacks):
    """Send the seeded form of a kind as a visitor, through the real view (what runs
    after commit, the emails, runs too), and return the stored submission:
    ``make_submission("application", "fr", email=..., cv=upload(...))``."""
    from forms.models import Submission
    from tests.forms.conftest import form_page, valid_data

    def make(kind: str = "contact", language: str = "en", **answers) -> Submission:
        page = form_page(kind, language)
        before = list(Submission.objects.values_list("pk", flat=True))
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(page.url, valid_data(page, **answers))
        assert response.status_code == 302, response.content.decode()[:500]
        return Submission.objects.exclude(pk__in=before).get()

    return make


def page_by_slug(slug: str, language: str = "en") -> Page:
    """A demo page by its slug in a language (slugs are translated)."""
    return Page.objects.get(slug=slug, locale__language_code=language).specific


def stored_files() -> set:
    from django.core.files.storage import storages

    root = Path(storages["private"].location)
    return {path for path in root.rglob("*") if path.is_file()} if root.exists() else set()


@pytest.fixture
def new_files():
    """The files this test leaves in private storage (removed afterwards)."""
    before = stored_files()
    created: set = set()

    def collect() -> set:
        created.update(stored_files() - before)
        return stored_files() - before

    yield collect
    for path in collect() | created:
        path.unlink(missing_ok=True)


@pytest.fixture(scope="session")
def moto_endpoint():
    """A local S3-compatible server (moto's server mode, in a thread of this process,
    on 127.0.0.1 and a free port): never any outside network."""
    import socket

    from moto.server import ThreadedMotoServer

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


class Bucket:
    """A bucket of the local S3 server, read with boto3 apart from the site's storage."""

    def __init__(self, *, endpoint: str, name: str):
        import boto3

        self.endpoint, self.name = endpoint, name
        self.client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")

    def keys(self, prefix: str = "") -> list[str]:
        listed = self.client.list_objects_v2(Bucket=self.name, Prefix=prefix)
        return sorted(item["Key"] for item in listed.get("Contents", []))

    def anonymous_get(self, key: str) -> int:
        """The status of a GET on the object's address without any credentials."""
        import urllib.error
        import urllib.request

        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        try:
            with opener.open(f"{self.endpoint}/{self.name}/{key}", timeout=10) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code


@pytest.fixture
def s3_bucket(moto_endpoint, settings, monkeypatch) -> Bucket:
    """Private storage (visitors' files, exports) and the privacy journal in a new
    bucket of the local S3 server, configured as production.py does it."""
    import uuid

    from django.apps import apps
    from django.core.files.storage import storages
    from django.db.models import FileField

    from corpsite.base.storage import private_storage
    from corpsite.settings.base import object_storage

    for key in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test-key")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test-secret")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    bucket = Bucket(endpoint=moto_endpoint, name=f"site-{uuid.uuid4().hex[:12]}")
    bucket.client.create_bucket(Bucket=bucket.name)
    options = {"bucket": bucket.name, "endpoint_url": moto_endpoint, "region": "us-east-1"}
    settings.STORAGES = {
        **settings.STORAGES,
        "private": object_storage(location="private", **options),
        "journal": object_storage(location="privacy-journal", **options),
    }
    settings.PRIVACY_JOURNAL_STORAGE = "journal"
    # The models' file fields took their storage when they were defined.
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if (
                isinstance(field, FileField)
                and getattr(field, "_storage_callable", None) is private_storage
            ):
                monkeypatch.setattr(field, "storage", storages["private"])
    return bucket
