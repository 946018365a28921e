"""Purge many expired submissions, with their files, as the daily retention job does.

Creates a fresh PostgreSQL database (or SQLite file with --db sqlite), migrates and
seeds it, inserts --submissions expired submissions (bulk_create in chunks) spread
over --people people, each with one small file written to a temporary private root.
Then a child process that does nothing but purge runs the job
(privacy.people.retention.purge_expired), while this process watches the database.
It prints:
- the total time of the purge and the rate (submissions per second);
- the longest batch transaction, from its start to its commit (the longest any row
  lock was held; measured by the job), and the median; and the longest transaction
  the database itself showed while sampling pg_stat_activity (PostgreSQL);
- the table-level locks seen while sampling pg_locks every few milliseconds
  (PostgreSQL): any lock on a relation stronger than RowExclusiveLock, by the purge or
  by autovacuum (which takes ShareUpdateExclusiveLock, blocking no reader or writer);
- the peak memory (ru_maxrss) of the purging process, and what it was before purging;
- what is left afterwards (nothing: rows, people and files all gone).

    .venv/bin/python bench/purge_expired.py --submissions 1000000
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHUNK = 5_000
ATTACHMENT = b"A small attachment standing for a visitor's file.\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--submissions", type=int, default=20_000)
    parser.add_argument("--people", type=int, default=0, help="default: half the submissions")
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--purge-only", metavar="PRIVATE_ROOT", help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.people = args.people or max(1, args.submissions // 2)
    if args.purge_only:
        purge_child(args, Path(args.purge_only))
        return

    workdir = Path(tempfile.mkdtemp(prefix="bench-purge-"))
    name = f"tevenn_bench_{uuid.uuid4().hex[:8]}"
    if args.db == "postgres":
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
        os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{name}"
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["DEMO_ADMIN_PASSWORD_FILE"] = str(workdir / "pw.txt")
    private = workdir / "private"
    django_setup(private)
    from django.conf import settings

    settings.DEMO_ADMIN_PASSWORD_FILE = workdir / "pw.txt"
    settings.MEDIA_ROOT = workdir / "media"
    from django.core.management import call_command
    from django.db import connection

    try:
        call_command("migrate", verbosity=0)
        call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        started = time.perf_counter()
        fill(args, private)
        print(
            f"database        {args.db}: {args.submissions} expired submissions with one file "
            f"each, {args.people} people (filled in {time.perf_counter() - started:.0f} s)"
        )
        connection.close()  # the child purges; this process only watches
        measure_purge(args, private, database=name if args.db == "postgres" else "")
    finally:
        connection.close()
        if args.db == "postgres":
            subprocess.run(
                ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", "--force", name],
                check=False,
            )
        subprocess.run(["rm", "-rf", str(workdir)], check=False)


def django_setup(private: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "corpsite.settings.dev"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False  # as in production: no query log kept in memory
    from django.core.files.storage import storages

    storage = storages["private"]  # the instance the file fields hold, made at start-up
    storage._location = private
    for cached in ("base_location", "location"):
        storage.__dict__.pop(cached, None)


def fill(args, private: Path) -> None:
    """People, then submissions past their deadline, then one small file each (on disk
    and as a row), in chunks."""
    from django.db import connection
    from django.utils import timezone

    from forms.models import FormPage, Submission, SubmissionFile
    from privacy.models import Person, email_hmac

    page = FormPage.objects.filter(slug="contact", locale__language_code="en").first().specific
    at = timezone.now() - timedelta(days=4 * 365)
    deadline = timezone.now() - timedelta(days=30)
    for offset in range(0, args.people, CHUNK):
        Person.objects.bulk_create(
            [
                Person(
                    email=f"person{i}@example.com",
                    email_hmac=email_hmac(f"person{i}@example.com"),
                    last_contact_at=at,
                )
                for i in range(offset, min(offset + CHUNK, args.people))
            ]
        )
    bench_people = Person.objects.filter(email__startswith="person")
    low = bench_people.order_by("pk").values_list("pk", flat=True).first()
    folder = private / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    snapshot = {
        "name": "Prospects",
        "retention": "3 years",
        "legal_basis_code": "legitimate_interest",
    }
    for offset in range(0, args.submissions, CHUNK):
        numbers = range(offset, min(offset + CHUNK, args.submissions))
        submissions = Submission.objects.bulk_create(
            [
                Submission(
                    reference=f"B-{i:09d}",
                    kind="contact",
                    form_key=page.translation_key,
                    form_title="Contact us",
                    person_id=low + i % args.people,  # bulk_create gave consecutive ids
                    answers={"first_name": "Ana", "message": "We need 10 devices."},
                    purpose_id=page.purpose_id,
                    purpose_snapshot=snapshot,
                    legal_basis="legitimate_interest",
                    language="en",
                    submitted_at=at,
                    retention_deadline=deadline,
                )
                for i in numbers
            ]
        )
        files = []
        for submission in submissions:
            name = f"bench/{submission.reference}.txt"
            (private / name).write_bytes(ATTACHMENT)
            files.append(
                SubmissionFile(
                    submission=submission,
                    field_name="cv",
                    original_name="cv.txt",
                    file=name,
                    content_type="text/plain",
                    size=len(ATTACHMENT),
                    sha256="0" * 64,
                )
            )
        SubmissionFile.objects.bulk_create(files)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


# Stronger than what a DELETE takes (RowExclusiveLock): any of these on a table would
# block other writers (or readers) of the whole table.
TABLE_LOCKS = (
    "ShareUpdateExclusiveLock",
    "ShareLock",
    "ShareRowExclusiveLock",
    "ExclusiveLock",
    "AccessExclusiveLock",
)
SAMPLE_EVERY = 0.05  # seconds: often enough, cheap enough to leave the purge its CPU


class Watcher(threading.Thread):
    """Samples, over its own connection, the bench database's table-level locks and
    its client transactions' ages."""

    def __init__(self, database: str) -> None:
        super().__init__(daemon=True)
        import psycopg

        self.connection = psycopg.connect(
            host="127.0.0.1", user="postgres", dbname=database, autocommit=True
        )
        self.stop = threading.Event()
        self.samples = 0
        self.longest = 0.0
        self.locks: dict[tuple[str, str, str], int] = {}

    def run(self) -> None:
        with self.connection.cursor() as cursor:
            while not self.stop.is_set():
                cursor.execute(
                    "SELECT c.relname, l.mode, a.backend_type FROM pg_locks l "
                    "JOIN pg_stat_activity a ON a.pid = l.pid "
                    "LEFT JOIN pg_class c ON c.oid = l.relation "
                    "WHERE l.locktype = 'relation' AND l.database = "
                    "(SELECT oid FROM pg_database WHERE datname = current_database()) "
                    "AND l.pid <> pg_backend_pid() AND l.mode = ANY(%s)",
                    [list(TABLE_LOCKS)],
                )
                for relation, mode, backend in cursor.fetchall():
                    key = (relation or "?", mode, backend)
                    self.locks[key] = self.locks.get(key, 0) + 1
                cursor.execute(
                    "SELECT coalesce(max(extract(epoch FROM clock_timestamp() - xact_start)), 0)"
                    " FROM pg_stat_activity WHERE datname = current_database() "
                    "AND backend_type = 'client backend' AND pid <> pg_backend_pid() "
                    "AND xact_start IS NOT NULL"
                )
                self.longest = max(self.longest, float(cursor.fetchone()[0]))
                self.samples += 1
                self.stop.wait(SAMPLE_EVERY)
        self.connection.close()


def measure_purge(args, private: Path, *, database: str) -> None:
    watcher = Watcher(database) if database else None
    if watcher:
        watcher.start()
    try:
        child = subprocess.run(
            [
                sys.executable,
                __file__,
                "--purge-only",
                str(private),
                "--batch-size",
                str(args.batch_size),
            ],
            env=os.environ,
            check=True,
            capture_output=True,
            text=True,
        )
    finally:
        if watcher:
            watcher.stop.set()
            watcher.join()
    result = json.loads(child.stdout.strip().splitlines()[-1])
    erased, elapsed, seconds = result["erased"], result["elapsed"], result["seconds"]
    print(f"purged          {erased} in {elapsed:.1f} s")
    print(f"rate            {erased.get('submissions', 0) / elapsed:,.0f} submissions/s")
    print(
        f"batches         {len(seconds)} of up to {args.batch_size} rows "
        f"(smallest {min(result['rows'])}): longest transaction {max(seconds) * 1000:.0f} ms "
        f"(start to commit), median {statistics.median(seconds) * 1000:.0f} ms, "
        f"{sum(1 for second in seconds if second > 1)} over 1 s"
    )
    if watcher:
        print(
            f"database        longest transaction seen {watcher.longest * 1000:.0f} ms "
            f"({watcher.samples} samples of pg_stat_activity and pg_locks, every "
            f"{SAMPLE_EVERY * 1000:.0f} ms or so)"
        )
        table_locks = ", ".join(
            f"{mode} on {relation} by {backend} ({count} samples)"
            for (relation, mode, backend), count in sorted(watcher.locks.items())
        )
        print(f"table locks     {table_locks or 'none stronger than RowExclusiveLock seen'}")
    print(
        f"peak memory     {result['rss_peak'] / 1024:.0f} MB (ru_maxrss of the purging "
        f"process; {result['rss_before'] / 1024:.0f} MB before purging)"
    )
    print(f"left            {result['left']}; errors {result['errors']}")
    print(f"second run      {result['again']}")


def purge_child(args, private: Path) -> None:
    """The child: purge, and print its figures as one line of JSON."""
    django_setup(private)
    from forms.models import Submission, SubmissionFile
    from privacy.models import Person
    from privacy.people.retention import purge_expired

    batches = []
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    run = purge_expired(batch_size=args.batch_size, on_batch=batches.append)
    elapsed = time.perf_counter() - started
    rss_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    left_files = sum(1 for path in (private / "bench").iterdir())
    left = (
        f"{Submission.objects.count()} submissions, "
        f"{SubmissionFile.objects.count()} file rows, {left_files} files on disk, "
        f"{Person.objects.filter(email__startswith='person').count()} bench people"
    )
    started = time.perf_counter()
    again = purge_expired()
    again_text = f"{again.counts or 'nothing'} in {time.perf_counter() - started:.2f} s"
    result = {
        "erased": run.counts.get("prospects", {}),
        "elapsed": elapsed,
        "seconds": [batch.seconds for batch in batches],
        "rows": [batch.rows for batch in batches],
        "rss_before": rss_before,
        "rss_peak": rss_peak,
        "left": left,
        "errors": run.errors,
        "again": again_text,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
