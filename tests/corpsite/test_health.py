"""The health endpoint: the database, the caches, the storages and the task queue,
200 when all are fine, 503 naming the part that is not; nothing secret."""

from __future__ import annotations

import importlib
from datetime import timedelta

import pytest
from django.urls import clear_url_caches
from django.utils import timezone

from corpsite.settings.base import shared_caches


@pytest.mark.django_db
def test_health_is_ok_when_everything_is_up(client):
    response = client.get("/health/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "storage", "journal", "tasks"}
    assert all(part["ok"] for part in body["checks"].values())
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_health_names_the_cache_when_redis_is_down(client, settings):
    settings.CACHES = shared_caches("redis://:s3cret@127.0.0.1:1/0")
    response = client.get("/health/")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "failing"
    assert body["checks"]["cache"] == {"ok": False, "error": "ConnectionError"}
    assert body["checks"]["database"]["ok"] is True
    text = response.content.decode()
    assert "s3cret" not in text
    assert "127.0.0.1" not in text


@pytest.mark.django_db
def test_health_reports_a_task_backlog_nobody_works_on(client, settings, superuser):
    from django_tasks_db.models import DBTaskResult

    from forms.tasks import send_pending_emails

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    send_pending_emails.enqueue()
    # Anyone sees which part fails; the backlog's figures are for staff.
    assert client.get("/health/").json()["checks"]["tasks"] == {"ok": True}
    client.force_login(superuser)
    body = client.get("/health/").json()
    assert body["checks"]["tasks"] == {
        "ok": True,
        "queue": "database",
        "waiting": 1,
        "oldest_wait_seconds": 0,
    }
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(minutes=10))
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["checks"]["tasks"]["ok"] is False


@pytest.mark.django_db
def test_health_probes_the_storages_at_most_every_interval(client, settings, monkeypatch):
    """Open to anyone: its probes in object storage (paid requests) are spaced out."""
    from django.core.files.storage import FileSystemStorage

    from corpsite import health

    settings.HEALTH_STORAGE_CHECK_SECONDS = 30
    monkeypatch.setitem(health._last_storage_probe, "at", float("-inf"))
    saved = []
    original = FileSystemStorage.save
    monkeypatch.setattr(
        FileSystemStorage, "save", lambda self, *a, **k: saved.append(1) or original(self, *a, **k)
    )
    for _ in range(3):
        assert client.get("/health/").status_code == 200
    assert len(saved) == 2  # the default and the private storage, once


@pytest.mark.django_db
def test_health_names_the_storage_it_cannot_write(client, settings, tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": blocked},
        },
    }
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["checks"]["storage"]["ok"] is False
    assert str(tmp_path) not in response.content.decode()


@pytest.fixture
def serve_media(settings):
    import corpsite.urls

    def reload(value: bool) -> None:
        settings.SERVE_MEDIA = value
        clear_url_caches()
        importlib.reload(corpsite.urls)

    reload(True)
    yield
    reload(False)


@pytest.mark.django_db
def test_public_media_are_served_when_serve_media_is_on(client, settings, serve_media):
    folder = settings.MEDIA_ROOT / "images"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "served-test.txt").write_bytes(b"public image")
    assert settings.DEBUG is False
    response = client.get("/media/images/served-test.txt")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"public image"
    # Nothing outside MEDIA_ROOT, visitors' uploads included.
    for outside in ("/media/../test-private/x.pdf", "/media/%2e%2e/db.sqlite3"):
        assert client.get(outside).status_code in {400, 404}


@pytest.mark.django_db
def test_documents_are_not_served_from_media_when_serve_media_is_on(client, settings, serve_media):
    """Wagtail's documents live under MEDIA_ROOT too, but a collection may restrict
    them: only Wagtail's serve view (which checks that first) may hand them out, never
    a plain URL under /media/. Only images and renditions are public."""
    for folder_name in ("documents", "health", ""):
        folder = settings.MEDIA_ROOT / folder_name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "private-test.pdf").write_bytes(b"restricted document")
    for url in (
        "/media/documents/private-test.pdf",
        "/media/health/private-test.pdf",
        "/media/private-test.pdf",
        "/media/images/../documents/private-test.pdf",
        "/media/images/%2e%2e/documents/private-test.pdf",
    ):
        response = client.get(url)
        assert response.status_code in {400, 404}, url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert b"restricted document" not in body
    (settings.MEDIA_ROOT / "original_images").mkdir(parents=True, exist_ok=True)
    (settings.MEDIA_ROOT / "original_images" / "served-test.txt").write_bytes(b"original")
    assert client.get("/media/original_images/served-test.txt").status_code == 200


@pytest.mark.django_db
def test_media_are_not_served_without_serve_media(client, settings):
    folder = settings.MEDIA_ROOT / "images"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "served-test.txt").write_bytes(b"public image")
    assert client.get("/media/images/served-test.txt").status_code == 404


# --- the privacy journal's storage -------------------------------------------------------


def journal_files(folder) -> list:
    return sorted(path for path in folder.rglob("*") if path.is_file())


@pytest.mark.django_db
def test_health_checks_the_local_journal_without_writing_to_it(client, settings, tmp_path):
    settings.PRIVACY_JOURNAL_STORAGE = ""
    settings.PRIVACY_JOURNAL = tmp_path / "journal" / "privacy-journal.jsonl"
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json()["checks"]["journal"] == {"ok": True}
    assert journal_files(tmp_path) == []


@pytest.mark.django_db
def test_health_names_a_journal_that_cannot_be_written(client, settings, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the journal's folder should be")
    settings.PRIVACY_JOURNAL_STORAGE = ""
    settings.PRIVACY_JOURNAL = blocked / "privacy-journal.jsonl"
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["checks"]["journal"] == {"ok": False, "error": "NotADirectoryError"}
    assert response.json()["checks"]["storage"]["ok"] is True
    assert str(tmp_path) not in response.content.decode()


@pytest.mark.django_db
def test_health_reaches_the_journal_bucket_without_writing_to_it(client, s3_bucket):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json()["checks"]["journal"] == {"ok": True}
    assert s3_bucket.keys("privacy-journal/") == []


@pytest.mark.django_db
def test_health_names_a_journal_bucket_out_of_reach(client, s3_bucket, settings):
    from corpsite.settings.base import object_storage

    settings.STORAGES = {
        **settings.STORAGES,
        "journal": object_storage(
            bucket="no-such-bucket-here",
            location="privacy-journal",
            endpoint_url=s3_bucket.endpoint,
            region="us-east-1",
        ),
    }
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["checks"]["journal"] == {"ok": False, "error": "ClientError"}
    text = response.content.decode()
    assert "no-such-bucket-here" not in text
    assert s3_bucket.endpoint not in text
