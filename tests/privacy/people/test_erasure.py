"""Erasing a person, proving it, replaying it after a restore (privacy.people.erasure)."""

import io
import json
import zipfile
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core.files.storage import storages
from django.db import connection
from django.utils import translation
from django.utils.translation import gettext as _

from forms.models import Submission, SubmissionFile, Subscription
from privacy.models import (
    Consent,
    DataRequest,
    ErasureReceipt,
    Person,
    PersonalDataLogEntry,
    email_hmac,
)
from privacy.people.erasure import erasures_replay, person_erase
from privacy.people.requests import data_request_create
from privacy.registry import registry
from tests.forms.conftest import form_page, valid_data
from tests.privacy.people.conftest import (
    CV_MARK,
    EMAIL,
    FIRST,
    LAST,
    LETTER_MARK,
    NEEDLES,
    NEIGHBOUR,
)

pytestmark = pytest.mark.django_db


def scan_database(needles: list[str]) -> list[str]:
    """Every value of every column of every table, looked at as text."""
    hits = []
    # JSON columns may keep non-ASCII letters escaped (SQLite): look for both forms.
    lowered = {n.lower() for needle in needles for n in (needle, json.dumps(needle)[1:-1])}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, bytes | memoryview):
                        value = bytes(value).decode("utf-8", "ignore")
                    text = str(value).lower()
                    for needle in lowered:
                        if needle in text:
                            hits.append(f"{table}: {needle}")
    return hits


def scan_files(needles: list[str]) -> list[str]:
    hits = []
    roots = [Path(settings.MEDIA_ROOT), Path(storages["private"].location)]
    for root in roots:
        for path in root.rglob("*") if root.exists() else []:
            if path.is_file():
                content = path.read_bytes()
                if zipfile.is_zipfile(path):
                    with zipfile.ZipFile(path) as archive:
                        content += b"".join(archive.read(name) for name in archive.namelist())
                for needle in needles:
                    if needle.encode() in content:
                        hits.append(f"{path.name}: {needle}")
    return hits


def test_erasure_leaves_nothing_anywhere(
    client, officer, subject, django_capture_on_commit_callbacks
):
    assert scan_database(NEEDLES)  # the scan finds them before...
    assert scan_files([CV_MARK, LETTER_MARK])
    client.force_login(officer)
    page = client.get(f"/admin/privacy/people/{subject.pk}/erase/").content.decode()
    assert 'data-erase="submissions"' in page and 'data-erase="files"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/privacy/people/{subject.pk}/erase/",
            {"request_reference": DataRequest.objects.get().reference, "confirm": "on"},
        )
    assert response.status_code == 302
    assert scan_database(NEEDLES) == []  # ...and nowhere after.
    assert scan_files(NEEDLES) == []
    receipt = ErasureReceipt.objects.get()
    assert receipt.email_hmac == email_hmac(EMAIL) and receipt.actor == officer
    assert receipt.counts["submissions"] == 3 and receipt.counts["files"] == 2
    assert receipt.counts["person"] == 1 and receipt.files_pending == 0
    assert DataRequest.objects.get().status == "done"  # kept, anonymised
    assert Person.objects.filter(email=NEIGHBOUR).exists()
    assert Submission.objects.filter(person__email=NEIGHBOUR).count() == 1
    entry = PersonalDataLogEntry.objects.get(action="privacy.erase")
    assert entry.user == officer and entry.data["subject"] == email_hmac(EMAIL)


def test_a_reason_naming_the_person_is_not_copied_into_the_receipt(officer, subject):
    repair = Submission.objects.get(person=subject, kind="repair")
    repair.hold_reason = f"Repair of {FIRST} {LAST}'s device in progress"
    repair.save()
    receipt = person_erase(person=subject, user=officer)
    assert receipt.retained["submissions"] == {"Repair of [erased]'s device in progress": 1}


def test_erasure_keeps_the_address_off_the_newsletter(officer, subject):
    from forms.models import NewsletterSuppression

    person_erase(person=subject, user=officer)
    assert NewsletterSuppression.objects.filter(email_hmac=email_hmac(EMAIL)).exists()
    assert not Subscription.objects.exists()


def test_erasure_refuses_a_reference_that_is_not_this_persons_request(client, officer, subject):
    other = data_request_create(person=None, email=NEIGHBOUR, kind="erasure", language="en")
    client.force_login(officer)
    response = client.post(
        f"/admin/privacy/people/{subject.pk}/erase/",
        {"request_reference": other.reference, "confirm": "on"},
    )
    assert response.status_code == 200
    assert "This is not an erasure request of this person." in response.content.decode()
    with translation.override("fr"):
        assert _("This is not an erasure request of this person.") == (
            "Ce n’est pas une demande d’effacement de cette personne."
        )
    assert Submission.objects.filter(person=subject).count() == 3
    assert ErasureReceipt.objects.count() == 0


def test_files_that_could_not_be_deleted_are_retried(
    officer, subject, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    paths = [Path(f.file.path) for f in SubmissionFile.objects.filter(submission__person=subject)]
    storage = storages["private"]
    with (
        mock.patch.object(type(storage), "delete", side_effect=OSError("storage offline")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        receipt = person_erase(person=subject, user=officer)
    receipt.refresh_from_db()
    assert receipt.files_pending == 2 and all(path.exists() for path in paths)
    assert not any(CV_MARK in name or "zephyrine" in name for name in receipt.pending_files)
    out = io.StringIO()
    call_command("retry_erasure_files", stdout=out)
    receipt.refresh_from_db()
    assert receipt.files_pending == 0 and receipt.pending_files == []
    assert not any(path.exists() for path in paths)
    assert "0 files still to delete" in out.getvalue()


def test_items_kept_and_why(client, officer, subject):
    repair = Submission.objects.get(person=subject, kind="repair")
    repair.hold_reason = "Repair in progress (open contract)"
    repair.save()
    client.force_login(officer)
    html = client.get(f"/admin/privacy/people/{subject.pk}/erase/").content.decode()
    assert f"{repair.reference} — Repair in progress (open contract)" in html
    receipt = person_erase(person=subject, user=officer)
    assert Submission.objects.filter(pk=repair.pk).exists()
    assert Person.objects.filter(pk=subject.pk).exists()  # the kept request needs it
    assert receipt.retained["submissions"] == {"Repair in progress (open contract)": 1}
    # Erasing twice is harmless.
    again = person_erase(person=subject, user=officer)
    assert again.counts == {} and Submission.objects.filter(pk=repair.pk).exists()


def test_an_open_case_is_kept_with_that_reason(officer, subject):
    from forms.retention import submission_reopen_case

    repair = Submission.objects.get(person=subject, kind="repair")
    submission_reopen_case(submission=repair, user=officer)  # the repair goes on
    receipt = person_erase(person=subject, user=officer)
    assert Submission.objects.filter(person=subject).get() == repair
    (reason,) = receipt.retained["submissions"]
    assert reason.startswith("The case is open")


def test_a_failure_half_way_erases_nothing(officer, subject, django_capture_on_commit_callbacks):
    before = scan_database([EMAIL])
    files_before = scan_files([CV_MARK])
    source = registry.sources["privacy.datarequest"]
    with (
        mock.patch.dict(
            registry.sources,
            {"privacy.datarequest": type(source)(**{**source.__dict__, "erase": _boom})},
        ),
        pytest.raises(RuntimeError),
        django_capture_on_commit_callbacks(execute=True),
    ):
        person_erase(person=subject, user=officer)
    assert scan_database([EMAIL]) == before
    assert scan_files([CV_MARK]) == files_before
    assert Submission.objects.filter(person=subject).count() == 3
    assert ErasureReceipt.objects.count() == 0


def _boom(queryset):
    raise RuntimeError("disk full")


def test_replay_after_a_restore_erases_again_but_keeps_what_came_later(
    client, officer, subject, django_capture_on_commit_callbacks
):
    from django.core import serializers

    rows = [
        *Submission.objects.filter(person=subject),
        *Consent.objects.filter(person=subject),
    ]
    backup = serializers.serialize("json", [subject, *rows])
    with django_capture_on_commit_callbacks(execute=True):
        receipt = person_erase(person=subject, user=officer)
    assert not Person.objects.filter(email=EMAIL).exists()
    # The restore: the database as it was before the erasure, so without its receipt
    # nor the suppression of the address. The journal, kept apart, remembers them.
    ErasureReceipt.objects.all().delete()
    for obj in serializers.deserialize("json", backup):
        obj.save()
    journal = Path(settings.PRIVACY_JOURNAL).read_text()
    assert receipt.reference in journal and email_hmac(EMAIL) in journal
    assert not any(needle.lower() in journal.lower() for needle in NEEDLES)
    later = form_page("support")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(later.url, valid_data(later, email=EMAIL))
    out = io.StringIO()
    from django.core.management import call_command

    call_command("replay_erasures", stdout=out)
    assert "1 erasures replayed, " in out.getvalue()
    restored = ErasureReceipt.objects.get(reference=receipt.reference)
    assert restored.email_hmac == email_hmac(EMAIL)
    assert restored.erased_at == receipt.erased_at
    replayed = ErasureReceipt.objects.exclude(pk=restored.pk).get()
    assert replayed.counts["submissions"] == 3
    assert erasures_replay() == []  # twice is harmless: nothing more, no new receipt
    assert ErasureReceipt.objects.count() == 2
    remaining = Submission.objects.filter(person__email=EMAIL)
    assert [s.kind for s in remaining] == ["support"]  # sent after the erasure


def test_a_reference_given_again_after_the_restore_does_not_hide_a_lost_erasure(
    officer, subject, django_capture_on_commit_callbacks
):
    from django.core import serializers

    backup = serializers.serialize("json", [subject, *Submission.objects.filter(person=subject)])
    with django_capture_on_commit_callbacks(execute=True):
        lost = person_erase(person=subject, user=officer)
    ErasureReceipt.objects.all().delete()  # the restore
    for obj in serializers.deserialize("json", backup):
        obj.save()
    neighbour = Person.objects.get(email=NEIGHBOUR)
    with django_capture_on_commit_callbacks(execute=True):
        other = person_erase(person=neighbour, user=officer)  # before the replay
    assert other.reference == lost.reference  # the number was free again
    erasures_replay()
    assert ErasureReceipt.objects.filter(email_hmac=email_hmac(EMAIL)).count() == 2
    assert not Submission.objects.filter(person__email=EMAIL).exists()


def test_a_journal_that_could_not_be_written_is_caught_up(
    officer, subject, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    with (
        mock.patch("privacy.journal.journal_append", side_effect=OSError("read-only")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        receipt = person_erase(person=subject, user=officer)
    receipt.refresh_from_db()
    assert receipt.journaled is False
    assert not Path(settings.PRIVACY_JOURNAL).exists()
    out = io.StringIO()
    call_command("sync_privacy_journal", stdout=out)
    receipt.refresh_from_db()
    assert receipt.journaled is True
    journal = Path(settings.PRIVACY_JOURNAL).read_text()
    assert receipt.reference in journal and '"kind": "unsubscribe"' in journal
    assert "0 still missing" in out.getvalue()
