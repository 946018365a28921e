"""`make serve`: the site as deployed, on this machine, in one command.

Production settings against the local PostgreSQL and Redis (DATABASE_URL and
REDIS_URL when set, else the local ones; the database is created when missing), a
SECRET_KEY generated once and kept in var/, migrations, the cache table, static
files, the demo content when missing, then gunicorn (several workers) and the task
worker (`db_worker`) side by side. Stopping one stops both (Ctrl-C stops both).

    python -m corpsite.serve [--port 8000] [--workers 3]
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/tevenn"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


def secret(name: str) -> str:
    """A random key generated on the first run, kept in var/ (mode 0600)."""
    path = VAR_DIR / name
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def environment(*, port: int) -> dict[str, str]:
    VAR_DIR.mkdir(exist_ok=True)
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    env.setdefault("REDIS_URL", DEFAULT_REDIS_URL)
    env.setdefault("SECRET_KEY", secret("serve-secret-key"))
    env.setdefault("PRIVACY_HMAC_KEY", secret("serve-privacy-hmac-key"))
    env.setdefault("ALLOWED_HOSTS", "localhost,127.0.0.1")
    env.setdefault("WAGTAILADMIN_BASE_URL", f"http://localhost:{port}")
    env.setdefault("CSRF_TRUSTED_ORIGINS", f"http://localhost:{port},http://127.0.0.1:{port}")
    # Plain HTTP on this machine: no redirect to HTTPS, no HSTS.
    env.setdefault("SECURE_SSL_REDIRECT", "0")
    env.setdefault("SECURE_HSTS_SECONDS", "0")
    env.setdefault("SERVE_MEDIA", "1")
    env.setdefault("TASKS_BACKEND", "database")
    env["DJANGO_SETTINGS_MODULE"] = "corpsite.settings.production"
    return env


def create_database(url: str) -> None:
    """Create the PostgreSQL database of `url` when it does not exist."""
    parts = urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        return
    import psycopg

    name = parts.path.lstrip("/")
    admin_url = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            from psycopg import sql

            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"Created the database {name}.")


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, check=True)


def prepare(env: dict[str, str]) -> None:
    create_database(env["DATABASE_URL"])
    manage(env, "compilemessages", "--ignore=.venv", "--ignore=var", "-v0")
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "createcachetable")
    manage(env, "collectstatic", "--noinput", "-v0")
    manage(env, "seed_demo")  # creates only what is missing


def run(env: dict[str, str], *, port: int, workers: int) -> int:
    bin_dir = Path(sys.executable).parent
    commands = {
        "gunicorn": [
            str(bin_dir / "gunicorn"),
            "-c",
            "python:corpsite.gunicorn_conf",
            "corpsite.wsgi:application",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "30",
        ],
        "db_worker": [sys.executable, "manage.py", "db_worker", "--no-reload"],
    }
    children = {
        name: subprocess.Popen(command, cwd=BASE_DIR, env=env) for name, command in commands.items()
    }
    stopping = False

    def stop(*_args) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(f"Serving on http://localhost:{port}/ (health: /health/); Ctrl-C stops.")
    try:
        while not stopping and all(child.poll() is None for child in children.values()):
            time.sleep(0.5)
    finally:
        for name, child in children.items():
            if child.poll() is None:
                child.terminate()
            elif not stopping:
                print(f"{name} stopped (exit {child.returncode}): stopping the rest.")
        for child in children.values():
            try:
                child.wait(timeout=20)
            except subprocess.TimeoutExpired:
                child.kill()
    return max(child.returncode or 0 for child in children.values()) if not stopping else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "3")))
    parser.add_argument("--no-prepare", action="store_true", help="skip migrations and the rest")
    options = parser.parse_args(argv)
    env = environment(port=options.port)
    if not options.no_prepare:
        prepare(env)
    return run(env, port=options.port, workers=options.workers)


if __name__ == "__main__":
    sys.exit(main())
