"""How many form submissions per second one form accepts, and their latency.

Starts gunicorn (2 workers, production settings) on 127.0.0.1 against a fresh
database (SQLite file or PostgreSQL), posts the contact form from N concurrent
keep-alive clients, and prints throughput, p50 and p99, then checks that every
accepted submission is in the database. Nothing leaves 127.0.0.1; loops are bounded.

    .venv/bin/python bench/form_submissions.py --db sqlite --requests 1000 --concurrency 8
    .venv/bin/python bench/form_submissions.py --db postgres --requests 1000 --concurrency 8
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
FORM_PATH = "/en/contact/"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env: dict, *args: str) -> str:
    return subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout


def wait_for(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def start_site(env: dict, *gunicorn_args: str, **popen) -> tuple[subprocess.Popen, int]:
    """Migrate, seed and collect the static files of the database ``env`` names, then
    start gunicorn with the site's settings on a free port of 127.0.0.1 and wait for it."""
    prepare_site(env)
    return serve_site(env, *gunicorn_args, **popen)


def prepare_site(env: dict) -> None:
    """Migrate, seed and collect the static files of the database ``env`` names (the
    static files meanwhile: they need no database)."""
    collect = subprocess.Popen(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env
    )
    try:
        manage(env, "createcachetable")  # the production cache without Redis, which migrate uses
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "seed_demo")
    finally:
        if collect.wait(timeout=300):
            raise subprocess.CalledProcessError(collect.returncode, collect.args)


def serve_site(
    env: dict, *gunicorn_args: str, port: int = 0, **popen
) -> tuple[subprocess.Popen, int]:
    """Start gunicorn with the site's settings on ``port`` of 127.0.0.1 (a free one if
    0; a prepared database) and wait for it."""
    port = port or free_port()
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "-c", "python:corpsite.gunicorn_conf"]
        + ["corpsite.wsgi:application", "-b", f"127.0.0.1:{port}", *gunicorn_args],
        cwd=ROOT,
        env=env,
        **popen,
    )
    try:
        wait_for(port)
    except RuntimeError:
        server.terminate()
        raise
    return server, port


def csrf(port: int, path: str = FORM_PATH) -> tuple[str, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers={"Host": "127.0.0.1"})
    response = connection.getresponse()
    html = response.read().decode()
    cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie", "")).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    connection.close()
    return cookie, token


def body(token: str, number: int) -> bytes:
    return urlencode(
        {
            "csrfmiddlewaretoken": token,
            "last_name": "Martin",
            "first_name": "Ana",
            "email": f"bench-{number}@example.com",
            "company": "Logistique Armor",
            "sector": "Industry",
            "message": "We would like to test ten T-Rock 8 in our warehouse. " * 5,
        }
    ).encode()


def client(port, cookie, token, numbers, latencies, failures):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {
        "Host": "127.0.0.1",
        "Cookie": f"csrftoken={cookie}",
        "Content-Type": "application/x-www-form-urlencoded",
    }
    for number in numbers:
        start = time.perf_counter()
        connection.request("POST", FORM_PATH, body=body(token, number), headers=headers)
        response = connection.getresponse()
        response.read()
        latencies.append(time.perf_counter() - start)
        if response.status != 302:
            failures.append(response.status)


def run_load(port: int, requests: int, concurrency: int, offset: int) -> tuple[float, list, list]:
    cookie, token = csrf(port)
    latencies: list[float] = []
    failures: list[int] = []
    chunks = [range(offset + i, offset + requests, concurrency) for i in range(concurrency)]
    threads = [
        threading.Thread(target=client, args=(port, cookie, token, chunk, latencies, failures))
        for chunk in chunks
    ]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - start, latencies, failures


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--tasks",
        choices=["database", "immediate"],
        default="database",
        help="database: emails queued for `manage.py db_worker` (production); "
        "immediate: emails sent inside the request, after commit",
    )
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench-forms-"))
    pg_name = f"tevenn_bench_{uuid.uuid4().hex[:8]}"
    if args.db == "sqlite":
        database_url = f"sqlite:///{workdir / 'bench.sqlite3'}"
    else:
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", pg_name], check=True)
        database_url = f"postgres://postgres@127.0.0.1:5432/{pg_name}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "corpsite.settings.production",
        "SECRET_KEY": "bench-only-" + uuid.uuid4().hex,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": database_url,
        "FORMS_RATE_LIMIT": "0/1",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "PRIVATE_ROOT": str(workdir / "private"),
        "DEMO_ADMIN_PASSWORD_FILE": str(workdir / "admin-password.txt"),
        "LOG_LEVEL": "ERROR",
        "TASKS_BACKEND": args.tasks,
    }
    server = None
    try:
        server, port = start_site(env, "-w", str(args.workers), "--log-level", "error")
        run_load(port, min(100, args.requests), args.concurrency, offset=10**6)  # warm-up
        elapsed, latencies, failures = run_load(port, args.requests, args.concurrency, offset=0)
        stored = (
            manage(
                env,
                "shell",
                "-c",
                "from forms.models import Submission; print(Submission.objects.filter("
                "person__email__startswith='bench-', person__email__lt='bench-a').count())",
            )
            .strip()
            .splitlines()[-1]
        )
        print(f"database        {args.db}")
        print(f"gunicorn        {args.workers} workers, {args.concurrency} concurrent clients")
        print(f"emails          {args.tasks} task backend")
        print(f"requests        {args.requests} POST {FORM_PATH} ({len(failures)} not accepted)")
        print(f"throughput      {args.requests / elapsed:.1f} submissions/s")
        print(f"latency p50     {percentile(latencies, 0.50) * 1000:.1f} ms")
        print(f"latency p99     {percentile(latencies, 0.99) * 1000:.1f} ms")
        print(f"latency mean    {statistics.mean(latencies) * 1000:.1f} ms")
        print(f"rows stored     {stored} submissions (warm-up included)")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        if args.db == "postgres":
            subprocess.run(
                ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", pg_name], check=False
            )
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
