"""The retention job run by several workers at once (threads with their own
connections, as gunicorn or db_worker processes): each row is erased once and the
counts add up. PostgreSQL shares the rows with SKIP LOCKED; SQLite runs one writer
at a time."""

import threading
from datetime import timedelta

import pytest
from django.db import connections
from django.utils import timezone

from forms.models import ReferenceCounter, Submission
from forms.services import submission_create
from privacy.models import Person, PersonalDataLogEntry, PurgeRun
from privacy.people.retention import purge_expired
from tests.forms.conftest import form_page, valid_data

WORKERS = 3
ROWS = 30
NOW = timezone.now()


@pytest.fixture
def committed_database(django_db_setup, django_db_blocker):
    """No test transaction: what one worker commits, the others see. What the test
    made is removed afterwards, and the reference counters are put back (no flush:
    the seeded demo content stays)."""
    with django_db_blocker.unblock():
        counters = list(ReferenceCounter.objects.values_list("pk", "last"))
        made: list[int] = []
        yield made
        Submission.objects.filter(person_id__in=made).delete()
        Person.objects.filter(pk__in=made).delete()
        PurgeRun.objects.all().delete()
        PersonalDataLogEntry.objects.filter(action="privacy.purge").delete()
        ReferenceCounter.objects.exclude(pk__in=[pk for pk, _last in counters]).delete()
        for pk, last in counters:
            ReferenceCounter.objects.filter(pk=pk).update(last=last)


def send(email: str, deadline) -> Submission:
    page = form_page("contact")
    submission = submission_create(
        page=page, data=valid_data(page, email=email), language="en", at=NOW - timedelta(days=9)
    )
    Submission.objects.filter(pk=submission.pk).update(retention_deadline=deadline)
    return submission


def test_workers_at_once_erase_each_row_once(committed_database):
    for number in range(ROWS):
        committed_database.append(
            send(f"worker{number}@example.com", NOW - timedelta(days=1)).person_id
        )
    kept = send("worker-kept@example.com", NOW + timedelta(days=1))
    committed_database.append(kept.person_id)
    runs, errors = [], []
    barrier = threading.Barrier(WORKERS)

    def worker():
        try:
            barrier.wait()
            runs.append(purge_expired(now=NOW, batch_size=4, purposes=["prospects"]))
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(runs) == WORKERS and all(run.errors == [] for run in runs)
    erased = sum(run.counts.get("prospects", {}).get("submissions", 0) for run in runs)
    people = sum(run.counts.get("prospects", {}).get("person", 0) for run in runs)
    assert (erased, people) == (ROWS, ROWS)
    left = Submission.objects.filter(person_id__in=committed_database)
    assert list(left.values_list("pk", flat=True)) == [kept.pk]
    assert purge_expired(now=NOW, purposes=["prospects"]).counts == {}
