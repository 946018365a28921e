"""The retention job (privacy.people.retention, manage.py purge_expired): exactly what
is due goes, with its files after commit; what is held, not yet due or without a
deadline stays; counts only in the run and the audit log."""

from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import storages
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from forms.models import Submission, SubmissionFile
from forms.services import submission_create
from privacy.models import (
    Consent,
    CookieConsentRecord,
    Person,
    PersonalDataLogEntry,
    PurgeRun,
)
from privacy.people import retention
from privacy.people.erasure import erasure_files_retry
from privacy.people.retention import purge_expired, retention_due
from privacy.services import consent_record
from tests.factories import PersonFactory, SubscriptionFactory
from tests.forms.conftest import form_page, pdf_bytes, upload, valid_data

pytestmark = pytest.mark.django_db

NOW = timezone.now().replace(microsecond=0)


def send(kind="application", *, email, deadline, hold="", files=True, **answers):
    """A stored submission of ``kind`` (with a CV for an application) whose retention
    deadline is ``deadline``."""
    page = form_page(kind)
    data = valid_data(page, email=email, **answers)
    if kind == "application" and files:
        data["cv"] = upload("cv.pdf", pdf_bytes("A CV"))
    submission = submission_create(page=page, data=data, language="en", at=NOW - timedelta(days=9))
    Submission.objects.filter(pk=submission.pk).update(
        retention_deadline=deadline, hold_reason=hold
    )
    submission.refresh_from_db()
    return submission


def file_paths(submission) -> list[Path]:
    root = Path(storages["private"].location)
    return [root / name for name in submission.files.values_list("file", flat=True)]


@pytest.fixture
def clock(monkeypatch):
    """The job's clock, set by the test."""
    state = {"now": NOW}
    monkeypatch.setattr(retention, "_now", lambda: state["now"])
    return state


def test_exactly_what_is_due_goes_with_its_files_after_commit(
    clock, django_capture_on_commit_callbacks
):
    due = send(email="due@example.com", deadline=NOW - timedelta(seconds=1))
    tomorrow = send(email="tomorrow@example.com", deadline=NOW + timedelta(days=1))
    held = send(email="held@example.com", deadline=NOW - timedelta(days=400), hold="Dispute")
    open_case = send(email="open@example.com", deadline=None)
    paths = file_paths(due)
    assert paths and all(path.exists() for path in paths)
    due_person = due.person_id

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        run = purge_expired()
        assert all(path.exists() for path in paths)  # not before the commit
    for callback in callbacks:
        callback()

    assert not any(path.exists() for path in paths)
    assert not Submission.objects.filter(pk=due.pk).exists()
    assert not SubmissionFile.objects.filter(submission_id=due.pk).exists()
    assert not Consent.objects.filter(person_id=due_person).exists()
    assert not Person.objects.filter(pk=due_person).exists()  # left with nothing
    remaining = set(Submission.objects.values_list("pk", flat=True))
    assert {tomorrow.pk, held.pk, open_case.pk} <= remaining
    for kept in (tomorrow, held, open_case):
        assert all(path.exists() for path in file_paths(kept))
    assert run.counts == {"recruitment": {"submissions": 1, "files": 1, "person": 1}}
    assert run.finished_at is not None and not run.dry_run and run.errors == []
    assert PurgeRun.objects.get(pk=run.pk).files_pending == 0


def test_a_held_person_keeps_everything_and_is_not_deleted(clock):
    person_held = send(email="held-person@example.com", deadline=NOW - timedelta(days=3))
    Person.objects.filter(pk=person_held.person_id).update(hold_reason="Court order")

    run = purge_expired()

    assert Submission.objects.filter(pk=person_held.pk).exists()
    assert Person.objects.filter(pk=person_held.person_id).exists()
    assert run.counts == {}


def test_a_person_with_other_data_stays(clock):
    old = send(email="twice@example.com", deadline=None)
    newer = send(email="twice@example.com", deadline=NOW + timedelta(days=300))
    # (the second contact restarted the first one's clock: set it again)
    Submission.objects.filter(pk=old.pk).update(retention_deadline=NOW - timedelta(days=1))

    purge_expired()

    assert not Submission.objects.filter(pk=old.pk).exists()
    assert Person.objects.filter(pk=newer.person_id).exists()


def test_the_run_is_audited_with_counts_only(clock):
    send(email="audited.person@example.com", deadline=NOW - timedelta(days=1))

    run = purge_expired()

    entry = PersonalDataLogEntry.objects.get(
        action="privacy.purge", content_type=ContentType.objects.get_for_model(PurgeRun)
    )
    assert entry.object_id == str(run.pk)
    assert entry.data["counts"] == run.counts
    assert entry.user is None
    assert "audited.person" not in str(entry.data) + entry.label


def test_the_second_run_finds_nothing_left(clock):
    for number in range(3):
        send(email=f"gone{number}@example.com", deadline=NOW - timedelta(days=number + 1))

    first = purge_expired(batch_size=2)
    second = purge_expired()

    assert first.counts["recruitment"]["submissions"] == 3
    assert second.counts == {}


def test_batches_commit_one_by_one(clock):
    for number in range(5):
        send(email=f"batch{number}@example.com", deadline=NOW - timedelta(days=1), files=False)
    batches = []

    run = purge_expired(batch_size=2, on_batch=batches.append)

    assert [batch.rows for batch in batches if batch.source == "forms.submission"] == [2, 2, 1]
    assert run.counts["recruitment"]["submissions"] == 5


def test_a_slow_batch_makes_the_next_ones_smaller(clock, monkeypatch):
    """Every batch far over the target: the next ones go down to the floor at once."""
    monkeypatch.setattr(retention, "BATCH_TARGET_SECONDS", 0.0)
    monkeypatch.setattr(retention, "BATCH_MIN_SIZE", 1)
    for number in range(7):
        send(email=f"slow{number}@example.com", deadline=NOW - timedelta(days=1), files=False)
    batches = []

    run = purge_expired(batch_size=4, on_batch=batches.append)

    assert [batch.rows for batch in batches if batch.source == "forms.submission"] == [4, 1, 1, 1]
    assert run.counts["recruitment"]["submissions"] == 7
    assert not Submission.objects.exists()


def test_batch_sizes_shrink_when_slow_and_grow_back_when_quick():
    assert retention.next_batch_size(size=500, seconds=2.0, ceiling=500) == 62
    assert retention.next_batch_size(size=500, seconds=0.3, ceiling=500) == 250
    assert retention.next_batch_size(size=20, seconds=9.0, ceiling=500) == 10  # the floor
    assert retention.next_batch_size(size=62, seconds=0.01, ceiling=500) == 124
    assert retention.next_batch_size(size=400, seconds=0.01, ceiling=500) == 500
    assert retention.next_batch_size(size=100, seconds=0.2, ceiling=500) == 100


def test_each_batch_starts_past_the_rows_the_last_one_took(clock):
    """The rows just deleted stay in the indexes until vacuumed: a batch scanning from
    the start again would walk over all of them, slower each time."""
    for number in range(5):
        send(email=f"keyset{number}@example.com", deadline=NOW - timedelta(days=1), files=False)
    with CaptureQueriesContext(connection) as queries:
        purge_expired(batch_size=2)

    locking = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].startswith('SELECT "forms_submission"."id" AS "pk"')
        and "LIMIT 2" in query["sql"]
    ]
    assert len(locking) == 4  # 2, 2, 1, then none left
    assert '"forms_submission"."id" >' not in locking[0]
    assert all('"forms_submission"."id" >' in sql for sql in locking[1:])
    assert all("ORDER BY" in sql for sql in locking)  # by primary key


def test_only_the_purposes_asked_for(clock):
    application = send(email="candidate@example.com", deadline=NOW - timedelta(days=1))
    contact = send("contact", email="prospect@example.com", deadline=NOW - timedelta(days=1))

    run = purge_expired(purposes=["prospects"])

    assert Submission.objects.filter(pk=application.pk).exists()
    assert not Submission.objects.filter(pk=contact.pk).exists()
    assert set(run.counts) == {"prospects"}


def test_the_dry_run_deletes_nothing_and_prints_counts_and_oldest_deadline(clock, capsys):
    oldest = NOW - timedelta(days=20)
    first = send(email="dry1@example.com", deadline=oldest)
    second = send(email="dry2@example.com", deadline=NOW - timedelta(days=2))
    paths = file_paths(first) + file_paths(second)

    call_command("purge_expired", "--dry-run")

    out = capsys.readouterr().out
    assert "Dry run" in out
    assert "recruitment: 2 (submissions 2)" in out
    assert oldest.date().isoformat() in out
    assert Submission.objects.filter(pk__in=[first.pk, second.pk]).count() == 2
    assert all(path.exists() for path in paths)
    run = PurgeRun.objects.get()
    assert run.dry_run and run.counts == {"recruitment": {"submissions": 2}}


def test_the_command_purges_and_prints_counts(clock, capsys):
    send(email="cmd@example.com", deadline=NOW - timedelta(days=1))
    call_command("purge_expired", "--purpose", "recruitment")
    assert "recruitment: 3 (files 1, person 1, submissions 1)" in capsys.readouterr().out
    assert not Submission.objects.filter(person__email="cmd@example.com").exists()


def test_the_clock_decides(clock):
    """The same row, a day before and at its deadline."""
    submission = send(email="clock@example.com", deadline=NOW + timedelta(days=1))
    assert purge_expired().counts == {}
    clock["now"] = NOW + timedelta(days=1)
    assert purge_expired().counts["recruitment"]["submissions"] == 1
    assert not Submission.objects.filter(pk=submission.pk).exists()


def test_files_that_could_not_be_deleted_are_retried(clock, django_capture_on_commit_callbacks):
    due = send(email="outage@example.com", deadline=NOW - timedelta(days=1))
    paths = file_paths(due)
    storage = storages["private"]
    with (
        mock.patch.object(type(storage), "delete", side_effect=OSError("outage")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        run = purge_expired()
    run.refresh_from_db()
    assert run.files_pending == 1 and all(path.exists() for path in paths)

    assert erasure_files_retry() == 0
    run.refresh_from_db()
    assert run.files_pending == 0 and not any(path.exists() for path in paths)


# --- consent proofs ---------------------------------------------------------------------


def test_consent_proofs_go_at_the_period_the_registry_states(clock):
    from privacy.personal_data import CONSENT_PROOF_PERIOD
    from privacy.retention import subtract_duration

    purpose = form_page("contact").marketing_purpose or form_page("contact").purpose
    limit = subtract_duration(NOW, value=CONSENT_PROOF_PERIOD[0], unit=CONSENT_PROOF_PERIOD[1])

    def consent(email, *, given_at, withdrawn_at=None, record=None):
        row = consent_record(
            person=PersonFactory(email=email),
            purpose=purpose,
            wording="Yes",
            given=True,
            policy_version=None,
            language="en",
            source=Consent.Source.IMPORT,
            record=record,
            at=given_at,
        )
        Consent.objects.filter(pk=row.pk).update(withdrawn_at=withdrawn_at)
        return row

    old = consent("old-proof@example.com", given_at=limit - timedelta(days=1))
    young = consent("young-proof@example.com", given_at=limit + timedelta(days=1))
    withdrawn_late = consent(
        "late@example.com", given_at=limit - timedelta(days=900), withdrawn_at=NOW
    )
    with_record = send(email="record@example.com", deadline=NOW + timedelta(days=5))
    backed = consent("backed@example.com", given_at=limit - timedelta(days=9), record=with_record)
    subscribed = consent("subscribed@example.com", given_at=limit - timedelta(days=9))
    SubscriptionFactory(person=subscribed.person, consent=subscribed)

    run = purge_expired()

    assert not Consent.objects.filter(pk=old.pk).exists()
    assert not Person.objects.filter(email="old-proof@example.com").exists()
    kept = {young.pk, withdrawn_late.pk, backed.pk, subscribed.pk}
    assert kept <= set(Consent.objects.values_list("pk", flat=True))
    assert run.counts == {purpose.key: {"consents": 1, "person": 1}}


def test_cookie_choices_go_after_their_period(clock):
    from privacy.personal_data import COOKIE_CHOICE_PROOF_PERIOD
    from privacy.retention import subtract_duration

    limit = subtract_duration(NOW, value=COOKIE_CHOICE_PROOF_PERIOD[0], unit="months")
    records = [
        CookieConsentRecord.objects.create(
            action="accept_all", decisions={}, declaration_version="1", banner_hash="x"
        )
        for _ in range(2)
    ]
    CookieConsentRecord.objects.filter(pk=records[0].pk).update(
        created_at=limit - timedelta(hours=1)
    )
    CookieConsentRecord.objects.filter(pk=records[1].pk).update(
        created_at=limit + timedelta(hours=1)
    )

    due = retention_due(before=NOW, purposes=["cookie_choices"])
    run = purge_expired(purposes=["cookie_choices"])

    assert [(group.key, group.total) for group in due] == [("cookie_choices", 1)]
    assert run.counts == {"cookie_choices": {"cookie_choices": 1}}
    assert list(CookieConsentRecord.objects.filter(pk__in=[r.pk for r in records])) == [records[1]]


def test_the_daily_task_runs_the_job(clock):
    from privacy.jobs import purge_expired_task

    send(email="task@example.com", deadline=NOW - timedelta(days=1))

    result = purge_expired_task.enqueue()

    assert result.return_value["counts"] == {
        "recruitment": {"submissions": 1, "files": 1, "person": 1}
    }
    assert result.return_value["errors"] == 0
    assert not Submission.objects.filter(person__email="task@example.com").exists()
