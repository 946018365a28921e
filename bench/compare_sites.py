"""Our site beside Wagtail's bakerydemo and a trivial WSGI app, in one run.

Starts, each under gunicorn with 2 sync workers on a free port of 127.0.0.1: our
site with its production settings on a fresh SQLite database (seeded by the helper
of bench/form_submissions.py), once with the page cache on and once off; bakerydemo
from a checkout prepared by hand (see the README's "Performance" section), with its
production settings; and bench/trivial_wsgi.py, the ceiling. Then, for comparable
pages, runs a bounded load (``--requests`` requests from ``--concurrency`` threads),
the sites interleaved page by page, ``--rounds`` times, and prints the medians:
requests/s, p50 and p99, and the ratio to bakerydemo's page and to the trivial app.
Last, with the servers stopped, the SQL queries and in-process render time of each
page (bench/page_queries.py's measure, our page cache off: a cold cache).
Nothing leaves 127.0.0.1; every loop is bounded.

    .venv/bin/python bench/compare_sites.py --reference /path/to/bakerydemo \\
        --reference-python /path/to/bakerydemo/.venv/bin/python
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

from form_submissions import (  # noqa: E402
    body,
    csrf,
    free_port,
    percentile,
    prepare_site,
    serve_site,
    wait_for,
)

# (page, our path, bakerydemo's path); None: no comparable page.
PAGES = [
    ("home", "/en/", "/"),
    ("content page", "/en/about-us/", "/about/"),
    ("listing", "/en/careers/", "/blog/"),
    ("404", "/en/no-such-page/", "/no-such-page/"),
    ("form GET", "/en/contact/", "/contact-us/"),
    ("form POST", "/en/contact/", None),
]
EXPECTED = {"404": 404, "form POST": 302}
OURS = ("ours, cache on", "ours, cache off")
REFERENCE = "bakerydemo"
CEILING = "trivial WSGI"

# Run by each site's own Python, in its own folder: warm, count the queries, time.
QUERIES = """
import json, logging, os, sys
sys.path.insert(0, sys.argv[1])
import django
django.setup()
logging.disable(logging.WARNING)
from django.test import Client
from page_queries import measure
client = Client()
out = {}
for path in json.loads(sys.argv[2]):
    status, queries, cached, writes, ms = measure(client, path, int(sys.argv[3]))
    out[path] = {"status": status, "queries": queries, "writes": writes, "ms": ms}
print(json.dumps(out))
"""


def our_environment(folder: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "corpsite.settings.production",
        "SECRET_KEY": "bench-only-" + uuid.uuid4().hex,
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "FORMS_RATE_LIMIT": "0/1",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "TASKS_BACKEND": "database",
        "STATIC_ROOT": str(folder / "static"),
        "MEDIA_ROOT": str(folder / "media"),
        "PRIVATE_ROOT": str(folder / "private"),
        "PRIVACY_JOURNAL": str(folder / "journal.jsonl"),
        "DEMO_ADMIN_PASSWORD_FILE": str(folder / "admin-password.txt"),
        "DEMO_ADMIN_RECOVERY_CODES_FILE": str(folder / "admin-codes.txt"),
        "LOG_LEVEL": "ERROR",
    }


def reference_environment() -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bakerydemo.settings.production",
        "DJANGO_SECRET_KEY": "bench-reference-only",
        "DJANGO_LOG_LEVEL": "ERROR",
        "SECURE_SSL_REDIRECT": "False",  # plain HTTP on 127.0.0.1, like ours
    }


def gunicorn(python: str, cwd: Path, env: dict, app: str, workers: int, *extra: str):
    port = free_port()
    server = subprocess.Popen(
        [python, "-m", "gunicorn", app, "-b", f"127.0.0.1:{port}", "-w", str(workers)]
        + ["--no-control-socket", "--log-level", "error", *extra],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    try:
        wait_for(port, timeout=60)
    except RuntimeError:
        server.terminate()
        raise
    return server, port


def worker(port, method, path, count, form, latencies, statuses):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Host": "127.0.0.1", "Accept-Encoding": "gzip"}
    if form is not None:
        cookie, token, offset = form
        headers |= {
            "Cookie": f"csrftoken={cookie}",
            "Content-Type": "application/x-www-form-urlencoded",
        }
    for number in range(count):
        payload = body(token, offset + number) if form is not None else None
        start = time.perf_counter()
        connection.request(method, path, body=payload, headers=headers)
        response = connection.getresponse()
        response.read()
        latencies.append(time.perf_counter() - start)
        statuses.append(response.status)
    connection.close()


def load(port: int, page: str, path: str, requests: int, concurrency: int, offset: int):
    """``requests`` requests from ``concurrency`` threads: (req/s, p50 ms, p99 ms, bad)."""
    method, forms = "GET", [None] * concurrency
    if page == "form POST":
        cookie, token = csrf(port, path)
        method = "POST"
        forms = [(cookie, token, offset + i * requests) for i in range(concurrency)]
    share = [requests // concurrency + (i < requests % concurrency) for i in range(concurrency)]
    latencies: list[float] = []
    statuses: list[int] = []
    threads = [
        threading.Thread(
            target=worker, args=(port, method, path, share[i], forms[i], latencies, statuses)
        )
        for i in range(concurrency)
    ]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    expected = EXPECTED.get(page, 200)
    bad = sum(1 for status in statuses if status != expected)
    return (
        len(latencies) / elapsed,
        percentile(latencies, 0.50) * 1000,
        percentile(latencies, 0.99) * 1000,
        bad,
    )


def queries(python: str, cwd: Path, env: dict, paths: list[str], repeat: int) -> dict:
    result = subprocess.run(
        [python, "-c", QUERIES, str(BENCH), json.dumps(paths), str(repeat)],
        cwd=cwd,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reference", type=Path, required=True, help="bakerydemo checkout")
    parser.add_argument(
        "--reference-python", help="its virtualenv's python (default: REFERENCE/.venv/bin/python)"
    )
    parser.add_argument("--requests", type=int, default=100, help="per page, site and round")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=20, help="in-process timed renders")
    options = parser.parse_args()
    reference = options.reference.resolve()
    reference_python = options.reference_python or str(reference / ".venv/bin/python")

    folder = Path(tempfile.mkdtemp(prefix="bench-compare-"))
    env = our_environment(folder)
    servers: list[subprocess.Popen] = []
    ports: dict[str, int] = {}
    finished = False
    try:
        print("preparing our site (migrate, seed_demo, collectstatic)...", file=sys.stderr)
        prepare_site(env)
        for name, cache in zip(OURS, ("1", "0"), strict=True):
            server, ports[name] = serve_site(
                {**env, "PAGE_CACHE": cache},
                "-w",
                str(options.workers),
                "--log-level",
                "error",
                stdout=subprocess.DEVNULL,
            )
            servers.append(server)
        server, ports[REFERENCE] = gunicorn(
            reference_python,
            reference,
            reference_environment(),
            "bakerydemo.wsgi:application",
            options.workers,
        )
        servers.append(server)
        server, ports[CEILING] = gunicorn(
            sys.executable, BENCH, dict(os.environ), "trivial_wsgi:application", options.workers
        )
        servers.append(server)

        sites = [*OURS, REFERENCE]
        runs: dict[tuple[str, str], list[tuple]] = {}
        offset = 0
        for round_number in range(options.rounds):
            print(f"round {round_number + 1}/{options.rounds}...", file=sys.stderr)
            order = sites[round_number % len(sites) :] + sites[: round_number % len(sites)]
            for page, ours, theirs in PAGES:
                for site in [*order, CEILING]:
                    path = {REFERENCE: theirs, CEILING: "/"}.get(site, ours)
                    if path is None:
                        continue
                    load(ports[site], "home", path, 20, options.concurrency, 10**8 + offset)
                    offset += 20 * options.concurrency
                    runs.setdefault((page, site), []).append(
                        load(
                            ports[site],
                            "home" if site == CEILING else page,
                            path,
                            options.requests,
                            options.concurrency,
                            offset,
                        )
                    )
                    offset += options.requests * options.concurrency
        finished = True
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)
        if not finished:
            shutil.rmtree(folder, ignore_errors=True)

    try:
        ours_q = queries(
            sys.executable,
            ROOT,
            {**env, "PAGE_CACHE": "0"},
            [ours for _, ours, _ in PAGES[:-1]],
            options.repeat,
        )
        theirs_q = queries(
            reference_python,
            reference,
            reference_environment(),
            [theirs for _, _, theirs in PAGES if theirs],
            options.repeat,
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    def median(page: str, site: str) -> tuple | None:
        if (page, site) not in runs:
            return None
        values = runs[(page, site)]
        return tuple(statistics.median(v[i] for v in values) for i in range(3)) + (
            sum(v[3] for v in values),
        )

    print(
        f"gunicorn {options.workers} sync workers each; {options.requests} requests x "
        f"{options.concurrency} threads per page and site, {options.rounds} interleaved "
        "rounds, medians; SQLite; Accept-Encoding: gzip"
    )
    print(
        f"{'page':<13} {'site':<16} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} "
        f"{'/bakery':>7} {'/trivial':>8} {'queries':>7} {'render':>7} {'bad':>4}"
    )
    for page, ours, theirs in PAGES:
        reference_row = median(page, REFERENCE)
        ceiling_row = median(page, CEILING)
        for site in [*OURS, REFERENCE]:
            row = median(page, site)
            if row is None:
                continue
            rps, p50, p99, bad = row
            to_reference = f"{rps / reference_row[0]:.2f}" if reference_row else "-"
            to_ceiling = f"{rps / ceiling_row[0]:.2f}"
            measured = {}
            if page != "form POST" and site != OURS[0]:
                measured = (theirs_q if site == REFERENCE else ours_q).get(
                    theirs if site == REFERENCE else ours, {}
                )
            count = str(measured.get("queries", "-"))
            render = f"{measured['ms']:.1f}" if measured else "-"
            print(
                f"{page:<13} {site:<16} {rps:>7.1f} {p50:>7.1f} {p99:>7.1f} "
                f"{to_reference:>7} {to_ceiling:>8} {count:>7} {render:>7} {bad:>4}"
            )
    ceiling_all = [v for (_, site), values in runs.items() if site == CEILING for v in values]
    print(
        f"{'(ceiling)':<13} {CEILING:<16} {statistics.median(v[0] for v in ceiling_all):>7.1f} "
        f"{statistics.median(v[1] for v in ceiling_all):>7.1f} "
        f"{statistics.median(v[2] for v in ceiling_all):>7.1f}"
    )
    print(
        "queries, render (ms, in-process median of --repeat): a warm request, page cache "
        "off (so shown on the cache-off rows only); bad: answers other than 200 (404, 302 "
        "for the POST) over all rounds"
    )


if __name__ == "__main__":
    main()
