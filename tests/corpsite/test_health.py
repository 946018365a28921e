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
    assert set(body["checks"]) == {"database", "cache", "storage", "tasks"}
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
def test_health_reports_a_task_backlog_nobody_works_on(client, settings):
    from django_tasks_db.models import DBTaskResult

    from forms.tasks import send_pending_emails

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    send_pending_emails.enqueue()
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
def test_media_are_not_served_without_serve_media(client, settings):
    folder = settings.MEDIA_ROOT / "images"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "served-test.txt").write_bytes(b"public image")
    assert client.get("/media/images/served-test.txt").status_code == 404
