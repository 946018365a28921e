"""Production settings come from the environment and refuse to start without the required ones."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def production_env(**overrides: str) -> dict[str, str]:
    """This process's environment without what configures a deployment, for a
    subprocess with the production settings."""
    env = {
        key: value
        for key, value in os.environ.items()
        # DJANGO_ALLOW_ASYNC_UNSAFE: set by the browser tests' conftest for the test
        # process only; a deployment never has it (async.E001).
        if key
        not in {
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DATABASE_URL",
            "REDIS_URL",
            "TASKS_BACKEND",
            "SERVE_MEDIA",
            "EMAIL_TIMEOUT",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
        and not key.startswith(("SECURE_", "TRUSTED_PROXIES", "AWS_", "S3_", "PRIVACY_JOURNAL"))
    }
    env.update({"DJANGO_SETTINGS_MODULE": "corpsite.settings.production", **overrides})
    return env


def run_check(env_overrides: dict[str, str], *options: str) -> subprocess.CompletedProcess:
    env = production_env(**env_overrides)
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", "check", *options],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        ({"ALLOWED_HOSTS": "www.tevenn.example"}, "SECRET_KEY"),
        ({"SECRET_KEY": "x" * 50}, "ALLOWED_HOSTS"),
        ({"SECRET_KEY": "", "ALLOWED_HOSTS": "www.tevenn.example"}, "SECRET_KEY"),
    ],
)
def test_production_refuses_to_start_without_required_settings(env, missing):
    result = run_check(env)
    assert result.returncode != 0
    assert f"The environment variable {missing} is required in production" in result.stderr


def test_production_starts_with_required_settings(tmp_path):
    result = run_check(
        {
            "SECRET_KEY": "x" * 50,
            "ALLOWED_HOSTS": "www.tevenn.example",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        }
    )
    assert result.returncode == 0, result.stderr


def valid_production_env(tmp_path) -> dict[str, str]:
    return {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "www.tevenn.example",
        "TRUSTED_PROXIES": "10.0.0.2",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
    }


def test_deploy_check_passes_with_a_valid_production_environment(tmp_path):
    result = run_check(valid_production_env(tmp_path), "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    ("env", "warning"),
    [
        ({"SECURE_SSL_REDIRECT": "0"}, "security.W008"),
        ({"SECURE_HSTS_SECONDS": "0"}, "security.W004"),
        ({"SECRET_KEY": "short"}, "security.W009"),
    ],
)
def test_deploy_check_fails_when_the_environment_weakens_it(tmp_path, env, warning):
    result = run_check(
        {**valid_production_env(tmp_path), **env}, "--deploy", "--fail-level", "WARNING"
    )
    assert result.returncode != 0
    assert warning in result.stderr


def test_database_url_switches_the_database(monkeypatch):
    from corpsite.settings.base import database_from_env

    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tevenn")
    config = database_from_env(Path("/unused.sqlite3"))
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert config["NAME"] == "tevenn"
    monkeypatch.delenv("DATABASE_URL")
    assert database_from_env(Path("/x/db.sqlite3"))["NAME"] == "/x/db.sqlite3"


@pytest.mark.django_db
def test_sqlite_writes_ahead_and_keeps_every_commit_on_disk():
    """WAL: a commit is one append to the log (readers never wait for the writer);
    synchronous=FULL: it is on disk before the visitor gets their reference."""
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only: PostgreSQL has its own write-ahead log")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA synchronous")
        assert cursor.fetchone()[0] == 2  # FULL


@pytest.mark.parametrize(
    ("redis", "backend", "renditions"),
    [
        (
            "",
            "django.core.cache.backends.filebased.FileBasedCache",
            # Wagtail writes a rendition to its cache at each view: never the database.
            "django.core.cache.backends.locmem.LocMemCache",
        ),
        (
            "redis://127.0.0.1:6379/0",
            # Redis, falling back to each process's memory when unreachable.
            "corpsite.base.cache.FallbackRedisCache",
            "corpsite.base.cache.FallbackRedisCache",
        ),
    ],
)
def test_production_cache_is_shared_by_every_worker(tmp_path, redis, backend, renditions):
    env = production_env()
    env.update(
        {
            "SECRET_KEY": "x" * 50,
            "ALLOWED_HOSTS": "www.tevenn.example",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
            **({"REDIS_URL": redis} if redis else {}),
        }
    )
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django.conf import settings; c = settings.CACHES; "
            "print(c['default']['BACKEND'], c['renditions']['BACKEND'])",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip().splitlines()[-1] == f"{backend} {renditions}", result.stderr


@pytest.mark.parametrize(
    ("tasks_backend", "expected"),
    [
        ("", "django_tasks_db.DatabaseBackend 10 False"),  # the queue, by default
        ("immediate", "django_tasks.backends.immediate.ImmediateBackend 10 False"),
    ],
)
def test_production_queues_tasks_for_the_worker_by_default(tmp_path, tasks_backend, expected):
    env = production_env(
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="www.tevenn.example",
        DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        **({"TASKS_BACKEND": tasks_backend} if tasks_backend else {}),
    )
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django.conf import settings as s; "
            "print(s.TASKS['default']['BACKEND'], s.EMAIL_TIMEOUT, s.SERVE_MEDIA)",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip().splitlines()[-1] == expected, result.stderr


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        # No bucket: the local private folder and the journal's file.
        ({}, "django.core.files.storage.FileSystemStorage - -"),
        (
            {"AWS_STORAGE_BUCKET_NAME": "tevenn", "S3_ENDPOINT_URL": "http://s3.internal:9000"},
            "corpsite.base.object_storage.PrivateS3Storage tevenn/private "
            "journal:tevenn/privacy-journal http://s3.internal:9000",
        ),
        (
            {"AWS_STORAGE_BUCKET_NAME": "tevenn", "PRIVACY_JOURNAL_BUCKET": "tevenn-journal"},
            "corpsite.base.object_storage.PrivateS3Storage tevenn/private "
            "journal:tevenn-journal/privacy-journal -",
        ),
    ],
)
def test_production_puts_private_files_and_the_journal_in_a_bucket_when_given(
    tmp_path, env, expected
):
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django.conf import settings as s; p = s.STORAGES['private']; "
            "o = p.get('OPTIONS', {}); j = s.STORAGES.get('journal', {}).get('OPTIONS', {}); "
            "print(p['BACKEND'], "
            "f\"{o['bucket_name']}/{o['location']} "
            "{s.PRIVACY_JOURNAL_STORAGE}:{j['bucket_name']}/{j['location']} "
            "{o.get('endpoint_url', '-')}\" if 'bucket_name' in o else '- -')",
        ],
        cwd=ROOT,
        env=production_env(
            SECRET_KEY="x" * 50,
            ALLOWED_HOSTS="www.tevenn.example",
            DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite3'}",
            **env,
        ),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip().splitlines()[-1] == expected, result.stderr


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        # No bucket: the local media folder, nothing added to the policy.
        ({}, "django.core.files.storage.FileSystemStorage /media/ - 'self' data:"),
        (
            {"AWS_STORAGE_BUCKET_NAME": "tevenn", "S3_ENDPOINT_URL": "http://s3.internal:9000"},
            "corpsite.base.object_storage.PublicMediaS3Storage "
            "http://s3.internal:9000/tevenn/media/ serve_view "
            "'self' data: http://s3.internal:9000",
        ),
        (
            {
                "AWS_STORAGE_BUCKET_NAME": "tevenn",
                "AWS_MEDIA_BUCKET_NAME": "tevenn-media",
                "AWS_S3_REGION_NAME": "eu-west-3",
            },
            "corpsite.base.object_storage.PublicMediaS3Storage "
            "https://tevenn-media.s3.eu-west-3.amazonaws.com/media/ serve_view "
            "'self' data: https://tevenn-media.s3.eu-west-3.amazonaws.com",
        ),
        (
            {"AWS_STORAGE_BUCKET_NAME": "tevenn", "AWS_S3_CUSTOM_DOMAIN": "media.tevenn.example"},
            "corpsite.base.object_storage.PublicMediaS3Storage "
            "https://media.tevenn.example/media/ serve_view "
            "'self' data: https://media.tevenn.example",
        ),
    ],
)
def test_production_puts_public_media_in_a_bucket_and_lets_its_origin_in_img_src(
    tmp_path, env, expected
):
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django.conf import settings as s; "
            "print(s.STORAGES['default']['BACKEND'], s.MEDIA_URL, "
            "getattr(s, 'WAGTAILDOCS_SERVE_METHOD', None) or '-', "
            "' '.join(s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']), "
            "'|', ' '.join(s.ADMIN_CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']))",
        ],
        cwd=ROOT,
        env=production_env(
            SECRET_KEY="x" * 50,
            ALLOWED_HOSTS="www.tevenn.example",
            DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite3'}",
            **env,
        ),
        capture_output=True,
        text=True,
        timeout=120,
    )
    public, _, admin = result.stdout.strip().splitlines()[-1].partition(" | ")
    assert public == expected, result.stderr
    # The admin's choosers show the same images: its policy lets the origin in too.
    media_origin = expected.split("data:")[-1].strip()
    assert admin.startswith("'self' data: blob:") and admin.endswith(media_origin)
