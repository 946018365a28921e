"""Find one person among many submissions, and export a person with a long history.

Creates a fresh PostgreSQL database (or SQLite file with --db sqlite), migrates
and seeds it, inserts --submissions rows spread over --people people with SQL,
gives one person --history submissions, then prints:
- the time to find a person by email and count what is held about them, and to
  find one by name
  (median and max of 30 lookups of different people);
- the time and peak Python memory (tracemalloc) to write that person's ZIP export.

    .venv/bin/python bench/privacy_people.py --submissions 1000000 --history 10000
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--submissions", type=int, default=1_000_000)
    parser.add_argument("--people", type=int, default=200_000)
    parser.add_argument("--history", type=int, default=10_000)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench-people-"))
    name = f"tevenn_bench_{uuid.uuid4().hex[:8]}"
    if args.db == "postgres":
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
        os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{name}"
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "corpsite.settings.dev"
    os.environ["DEMO_ADMIN_PASSWORD_FILE"] = str(workdir / "pw.txt")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings

    settings.DEMO_ADMIN_PASSWORD_FILE = workdir / "pw.txt"
    settings.STORAGES["private"]["OPTIONS"]["location"] = workdir / "private"
    settings.MEDIA_ROOT = workdir / "media"
    from django.core.management import call_command
    from django.db import connection

    try:
        call_command("migrate", verbosity=0)
        call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        started = time.perf_counter()
        fill(connection, args)
        print(
            f"database        {args.db}: {args.submissions} submissions, {args.people} people "
            f"(filled in {time.perf_counter() - started:.0f} s)"
        )
        measure_lookup(args)
        measure_export(args, workdir)
    finally:
        connection.close()
        if args.db == "postgres":
            subprocess.run(
                ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name], check=False
            )
        subprocess.run(["rm", "-rf", str(workdir)], check=False)


def fill(connection, args) -> None:
    """Bulk rows, written with SQL: people, then submissions (one person gets a
    long history). Columns the ORM fills by default are given explicitly."""
    from forms.models import FormPage
    from privacy.models import email_hmac

    page = FormPage.objects.filter(slug="contact", locale__language_code="en").first().specific
    purpose_id, form_key = page.purpose_id, str(page.translation_key)
    now = "2026-06-01 12:00:00+00"
    person_rows = (
        (f"person{i}@example.com", email_hmac(f"person{i}@example.com")) for i in range(args.people)
    )
    with connection.cursor() as cursor:
        batch = []
        for email, digest in person_rows:
            batch.append((email, digest))
            if len(batch) == 10_000:
                _people(cursor, batch, now)
                batch = []
        if batch:
            _people(cursor, batch, now)
        cursor.execute("SELECT MIN(id), MAX(id) FROM privacy_person WHERE email LIKE 'person%%'")
        low, high = cursor.fetchone()
        regular = args.submissions - args.history
        _submissions(cursor, regular, low, high, purpose_id, form_key, now, start=0)
        cursor.execute("SELECT id FROM privacy_person WHERE email = 'person0@example.com'")
        heavy = cursor.fetchone()[0]
        _submissions(cursor, args.history, heavy, heavy, purpose_id, form_key, now, start=regular)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _people(cursor, batch, now) -> None:
    cursor.executemany(
        "INSERT INTO privacy_person (email, email_hmac, created_at, last_contact_at, name_key) "
        "VALUES (%s, %s, %s, %s, %s)",
        [(email, digest, now, now, _name_key(email)) for email, digest in batch],
    )


def _name_key(email: str) -> str:
    """A distinct family name per person ("ana quintal000123"), as the search keeps it."""
    number = int(email.removeprefix("person").split("@")[0])
    return f"ana quintal{number:06d}"


def _submissions(cursor, count, low, high, purpose_id, form_key, now, *, start) -> None:
    answers = '{"first_name": "Ana", "last_name": "Martin", "message": "We need 10 devices."}'
    snapshot = (
        '{"name": "Prospects", "retention": "3 years", "legal_basis_code": "legitimate_interest"}'
    )
    questions = '[{"name": "message", "label": "Message", "type": "multiline"}]'
    chunk = 50_000
    span = high - low + 1
    for offset in range(0, count, chunk):
        size = min(chunk, count - offset)
        rows = [
            (
                f"B-{start + offset + i:09d}",
                "contact",
                form_key,
                "Contact us",
                low + (start + offset + i) % span,
                answers,
                questions,
                purpose_id,
                snapshot,
                "legitimate_interest",
                "en",
                now,
                "",
                "head_office",
                "",
                "",
                "",
                "",
            )
            for i in range(size)
        ]
        cursor.executemany(
            "INSERT INTO forms_submission (reference, kind, form_key, form_title, person_id, "
            "answers, questions, purpose_id, purpose_snapshot, legal_basis, language, "
            "submitted_at, ip_prefix, routed_to, transfer_destination, transfer_safeguard, "
            "job_offer_title, hold_reason) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            rows,
        )


def measure_lookup(args) -> None:
    from privacy.people.search import person_find, person_overview

    lookups, totals = [], []
    for i in range(30):
        email = f"  Person{(i * 7919) % args.people}@Example.com "
        started = time.perf_counter()
        person = person_find(email=email)
        found = time.perf_counter()
        overview = person_overview(person=person)
        lookups.append(found - started)
        totals.append(time.perf_counter() - started)
        if person is None or not overview:
            raise SystemExit(f"{email!r} not found")
    print(
        f"find a person   median {statistics.median(lookups) * 1000:.2f} ms, "
        f"max {max(lookups) * 1000:.2f} ms (normalized email, one indexed lookup)"
    )
    print(
        f"  with counts   median {statistics.median(totals) * 1000:.1f} ms, "
        f"max {max(totals) * 1000:.1f} ms (and what is held, per category, as the admin shows)"
    )
    from privacy.people.search import people_search

    names = []
    for i in range(10):
        query = f"Ana QUINTAL{(i * 7919) % args.people:06d}"
        started = time.perf_counter()
        found = people_search(query=query)
        names.append(time.perf_counter() - started)
        if len(found) != 1:
            raise SystemExit(f"{query!r}: {len(found)} found")
    print(
        f"find by name    median {statistics.median(names) * 1000:.1f} ms, "
        f"max {max(names) * 1000:.1f} ms (normalized names, a scan of the people table)"
    )


def measure_export(args, workdir: Path) -> None:
    from privacy.people.archive import person_export_write
    from privacy.people.search import person_find

    person = person_find(email="person0@example.com")
    tracemalloc.start()
    started = time.perf_counter()
    with open(workdir / "export.zip", "wb") as target:
        counts = person_export_write(person=person, target=target)
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    size = (workdir / "export.zip").stat().st_size
    print(
        f"export          {counts.get('submissions', 0)} submissions in {elapsed:.1f} s, "
        f"peak Python memory {peak / 1024 / 1024:.1f} MiB, ZIP {size / 1024 / 1024:.1f} MiB"
    )


if __name__ == "__main__":
    main()
