"""Purge many expired submissions, with their files, as the daily retention job does.

Creates a fresh PostgreSQL database (or SQLite file with --db sqlite), migrates and
seeds it, inserts --submissions expired submissions (bulk_create in chunks) spread
over --people people, each with one small file written to a temporary private root,
then runs the job (privacy.people.retention.purge_expired) and prints:
- the total time and the rate (submissions per second);
- the longest batch transaction (the longest any lock was held) and the median;
- the peak memory of the process (ru_maxrss);
- what is left afterwards (nothing: rows, people and files all gone).

    .venv/bin/python bench/purge_expired.py --submissions 1000000
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
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
    args = parser.parse_args()
    args.people = args.people or max(1, args.submissions // 2)

    workdir = Path(tempfile.mkdtemp(prefix="bench-purge-"))
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
    settings.DEBUG = False  # as in production: no query log kept in memory
    settings.MEDIA_ROOT = workdir / "media"
    private = workdir / "private"
    from django.core.files.storage import storages

    storage = storages["private"]  # the instance the file fields hold, made at start-up
    storage._location = private
    for cached in ("base_location", "location"):
        storage.__dict__.pop(cached, None)
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
        measure_purge(args, private)
    finally:
        connection.close()
        if args.db == "postgres":
            subprocess.run(
                ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name], check=False
            )
        subprocess.run(["rm", "-rf", str(workdir)], check=False)


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


def measure_purge(args, private: Path) -> None:
    from forms.models import Submission, SubmissionFile
    from privacy.models import Person
    from privacy.people.retention import purge_expired

    batches = []
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    run = purge_expired(batch_size=args.batch_size, on_batch=batches.append)
    elapsed = time.perf_counter() - started
    rss_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    erased = run.counts.get("prospects", {})
    seconds = [batch.seconds for batch in batches]
    left_files = sum(1 for path in (private / "bench").iterdir())
    print(f"purged          {erased} in {elapsed:.1f} s")
    print(f"rate            {erased.get('submissions', 0) / elapsed:,.0f} submissions/s")
    print(
        f"batches         {len(batches)} of up to {args.batch_size} rows: longest transaction "
        f"{max(seconds) * 1000:.0f} ms, median {statistics.median(seconds) * 1000:.0f} ms"
    )
    print(
        f"peak memory     {rss_peak / 1024:.0f} MB (ru_maxrss; {rss_before / 1024:.0f} MB "
        "before the purge, after filling)"
    )
    print(
        f"left            {Submission.objects.count()} submissions, "
        f"{SubmissionFile.objects.count()} file rows, {left_files} files on disk, "
        f"{Person.objects.filter(email__startswith='person').count()} bench people; "
        f"errors {run.errors}"
    )
    started = time.perf_counter()
    again = purge_expired()
    print(f"second run      {again.counts or 'nothing'} in {time.perf_counter() - started:.2f} s")


if __name__ == "__main__":
    main()
