"""SQL queries and in-process render time of each page type, in each language.

Seeds the demo site into a temporary SQLite database (production settings, its
media and private files in the same temporary folder), then, in this process, asks
each page with Django's test client: once to warm up, once counting the queries
(and the writes among them), then ``--repeat`` times for the median render time.
With ``--menu-links N`` the header menu of both languages first grows to N links,
to show whether the count grows with the navigation. Nothing leaves this process.

    .venv/bin/python bench/page_queries.py
    .venv/bin/python bench/page_queries.py --menu-links 50 --repeat 50
    .venv/bin/python bench/page_queries.py --db var/db.sqlite3   # a copy of that database
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PAGES = [
    # (page type, English path, French path)
    ("home", "/en/", "/fr/"),
    ("content page", "/en/about-us/", "/fr/qui-sommes-nous/"),
    ("product range", "/en/products/", "/fr/produits/"),
    ("product", "/en/products/t-rock-8/", "/fr/produits/t-rock-8/"),
    ("job listing", "/en/careers/", "/fr/carrieres/"),
    (
        "job offer",
        "/en/careers/field-service-technician/",
        "/fr/carrieres/technicien-de-maintenance-itinerant/",
    ),
    ("404", "/en/no-such-page/", "/fr/pas-de-page/"),
    ("contact form", "/en/contact/", "/fr/contact/"),
    (
        "repair form",
        "/en/repair-and-support/repair-request/",
        "/fr/reparation-et-support/demande-de-reparation/",
    ),
    ("job application form", "/en/careers/apply/", "/fr/carrieres/postuler/"),
    ("newsletter", "/en/newsletter/", "/fr/lettre-information/"),
    ("privacy policy", "/en/privacy/", "/fr/confidentialite/"),
    ("data requests", "/en/your-data/", "/fr/vos-donnees/"),
    ("search", "/en/search/?q=repair", "/fr/recherche/?q=reparation"),
    ("sitemap.xml", "/sitemap.xml", None),
]


def environment(folder: Path, database: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "corpsite.settings.production",
        "SECRET_KEY": "bench-only-secret-key",
        "ALLOWED_HOSTS": "testserver,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": f"sqlite:///{database}",
        "MEDIA_ROOT": str(folder / "media"),
        "STATIC_ROOT": str(folder / "static"),
        "PRIVATE_ROOT": str(folder / "private"),
        "PRIVACY_JOURNAL": str(folder / "journal.jsonl"),
        "DEMO_ADMIN_PASSWORD_FILE": str(folder / "admin-password.txt"),
        "DEMO_ADMIN_RECOVERY_CODES_FILE": str(folder / "admin-codes.txt"),
        "LOG_LEVEL": "ERROR",
    }


def prepare(folder: Path, source: Path | None) -> dict[str, str]:
    database = folder / "db.sqlite3"
    if source is not None:
        shutil.copy(source, database)
    env = environment(folder, database)
    steps = (
        ["createcachetable"],  # the production cache without Redis, which migrate uses
        ["migrate", "--noinput", "-v0"],
        ["seed_demo"],
        ["collectstatic", "--noinput", "-v0"],
    )
    for args in steps:
        subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True
        )
    return env


def grow_header_menus(links: int) -> None:
    """Give the header menu of every language ``links`` links to live pages."""
    from wagtail.models import Page

    from pages.models import Menu

    for menu in Menu.objects.filter(slot="header"):
        pages = list(
            Page.objects.live().filter(locale_id=menu.locale_id, depth__gt=2).order_by("path")
        )
        menu.items = [
            ("page", {"page": pages[index % len(pages)], "label": ""}) for index in range(links)
        ]
        menu.save()


def measure(client, path: str, repeat: int) -> tuple[int, int, int, int, float]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)  # warm: the process, the caches
    with CaptureQueriesContext(connection) as captured:
        status = client.get(path).status_code
    queries = len(captured.captured_queries)
    writes = sum(
        1
        for query in captured.captured_queries
        if query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    )
    # Reads of the database cache table (production without Redis): with Redis, none.
    cached = sum(1 for query in captured.captured_queries if '"django_cache"' in query["sql"])
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        client.get(path)
        times.append(time.perf_counter() - start)
    return status, queries, cached, writes, statistics.median(times) * 1000


def show_queries(client, path: str) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    for number, query in enumerate(captured.captured_queries, 1):
        print(f"{number:>3} {query['sql'][: int(os.environ.get('SQL_WIDTH', '300'))]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=30, help="timed requests per page")
    parser.add_argument(
        "--menu-links", type=int, default=0, help="header menu size (0: the demo's)"
    )
    parser.add_argument("--sql", metavar="PATH", help="print the queries of this one path")
    parser.add_argument("--db", type=Path, help="copy this SQLite database instead of a new one")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="page-queries-") as scratch:
        env = prepare(Path(scratch), options.db)
        os.environ.update(env)
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        logging.disable(logging.WARNING)  # the 404s' "Not Found" lines
        from django.test import Client

        if options.menu_links:
            grow_header_menus(options.menu_links)
        client = Client()
        if options.sql:
            show_queries(client, options.sql)
            return
        print(f"header menu: {options.menu_links or 'as seeded'} links; median of {options.repeat}")
        print(
            f"{'page':<14} {'lang':<4} {'status':>6} {'queries':>7} {'(cache)':>7} "
            f"{'writes':>6} {'ms':>7}"
        )
        for name, english, french in PAGES:
            for language, path in (("en", english), ("fr", french)):
                if path is None:
                    continue
                status, queries, cached, writes, ms = measure(client, path, options.repeat)
                print(
                    f"{name:<14} {language:<4} {status:>6} {queries:>7} {cached:>7} "
                    f"{writes:>6} {ms:>7.1f}"
                )


if __name__ == "__main__":
    main()
