"""The personal-data registry: every model accounted for, and a new one reached by
every privacy operation through its registration alone."""

import io
import json
from pathlib import Path
from types import SimpleNamespace
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone
from wagtail.log_actions import log

from privacy.models import ErasureReceipt, Person, PersonalDataLogEntry
from privacy.people.erasure import person_erase, person_erase_plan
from privacy.people.rectification import person_rectify
from privacy.people.search import (
    people_search,
    person_language,
    person_names_refresh,
    person_overview,
)
from privacy.registry import registry
from tests.factories import PersonFactory
from tests.privacy.people.conftest import exported

pytestmark = pytest.mark.django_db


def test_every_model_is_registered_or_declared_free():
    assert registry.unregistered_models() == []


def test_the_walk_catches_a_forgotten_model():
    from django.db import models
    from django.test.utils import isolate_apps

    with isolate_apps("privacy"):

        class Forgotten(models.Model):  # noqa: DJ008
            nickname = models.CharField(max_length=20)

            class Meta:
                app_label = "privacy"

        from privacy.registry import personal_data_fields

        assert personal_data_fields(Forgotten) == ["nickname"]


# --- a new model reaches every privacy operation by a registration alone ------------------

NAME, PHONE = "Aurélien Vasseur-Kerbrat", "+33 6 11 22 33 44"
NOTES = b"CALL-NOTES-8d1e77"


@pytest.fixture
def hooks(monkeypatch):
    """The test-only model, registered as an app's ready() would: nothing else of the
    project knows it. Its journal hooks are recorded."""
    from tests.privacy.callbacks import personal_data

    assert "callbacks.callbackrequest" not in registry.sources
    monkeypatch.setattr(registry, "sources", dict(registry.sources))
    monkeypatch.setattr(registry, "categories", dict(registry.categories))
    recorded = SimpleNamespace(
        replay=mock.Mock(return_value=0), sync=mock.Mock(return_value=(0, 1))
    )
    personal_data.register(replay=recorded.replay, sync=recorded.sync)
    return recorded


@pytest.fixture
def person(db):
    return PersonFactory(email="aurelien@example.com")


def callback(person, reference: str, *, notes: bytes = b"", hold_reason: str = ""):
    from tests.privacy.callbacks.models import CallbackRequest

    row = CallbackRequest(
        person=person,
        reference=reference,
        full_name=NAME,
        phone=PHONE,
        language="fr",
        requested_at=timezone.now(),
        hold_reason=hold_reason,
    )
    if notes:
        row.notes.save("notes.txt", ContentFile(notes), save=False)
    row.save()
    return row


def test_a_registered_model_is_found_counted_and_exported(hooks, person, new_files):
    callback(person, "CB-1", notes=NOTES)
    callback(PersonFactory(email="someone.else@example.com"), "CB-2")
    person_names_refresh(person=person)
    assert people_search(query="vasseur-kerbrat") == [person]
    view = next(v for v in person_overview(person=person) if v.category == "callbacks")
    assert (view.label, view.count, view.groups) == ("Callback requests", 1, {"Callback (fr)": 1})
    assert person_language(person=person) == "fr"  # the site's default language: "en"
    archive = exported(person)
    rows = json.loads(archive.read("data.json"))["categories"]["callbacks.callbackrequest"]
    assert [row["reference"] for row in rows] == ["CB-1"]
    assert archive.read("files/CB-1/notes.txt") == NOTES
    assert "csv/callbacks-callbackrequest.csv" in archive.namelist()
    summary = archive.read("summary.html").decode()
    assert '<html lang="fr">' in summary and "<li>Calls you asked for: 1</li>" in summary


def test_a_registered_model_is_rectified_and_reassigned(hooks, person):
    row = callback(person, "CB-1")
    person_rectify(person=person, user=None, first_name="Aurélie")
    row.refresh_from_db()
    assert row.full_name == "Aurélie Vasseur-Kerbrat"
    assert people_search(query="aurelie vasseur") == [person]
    other = PersonFactory(email="a.vasseur@example.org")
    assert person_rectify(person=person, user=None, email="A.Vasseur@example.org") == other
    row.refresh_from_db()
    assert row.person == other and not Person.objects.filter(pk=person.pk).exists()


def test_a_registered_model_is_erased_with_its_files_after_commit(
    hooks, person, new_files, django_capture_on_commit_callbacks
):
    from wagtail.models import ModelLogEntry

    erased = callback(person, "CB-1", notes=NOTES)
    kept = callback(person, "CB-2", hold_reason=f"Call {NAME} back about the open repair")
    path = Path(erased.notes.path)
    log(instance=kept, action="privacy.view", user=None, data={"note": f"Called {PHONE}"})
    plan = person_erase_plan(person=person)
    assert plan.to_erase["callbacks"] == 1 and plan.to_erase.get("person") is None
    assert plan.retained == [("callbacks", "CB-2", kept.hold_reason)]
    with django_capture_on_commit_callbacks() as after_commit:
        receipt = person_erase(person=person)
        assert not type(erased).objects.filter(pk=erased.pk).exists()
        assert path.read_bytes() == NOTES  # not before the rows are gone for good
    for run in after_commit:
        run()
    assert not path.exists()
    receipt.refresh_from_db()
    assert receipt.counts == {"callbacks": 1} and receipt.files_pending == 0
    assert receipt.retained == {"callbacks": {"Call [erased] back about the open repair": 1}}
    assert type(kept).objects.filter(pk=kept.pk).exists()
    assert Person.objects.filter(pk=person.pk).exists()  # the kept row points to it
    # Wagtail files the entry in either log model (whichever the registry said then).
    entries = json.dumps(
        [
            entry.data
            for model in (ModelLogEntry, PersonalDataLogEntry)
            for entry in model.objects.filter(object_id=str(kept.pk), action="privacy.view")
        ]
    )
    assert PHONE not in entries and "Called [erased]" in entries


def test_a_registered_model_is_erased_again_after_a_restore_and_its_hooks_run(
    hooks, person, django_capture_on_commit_callbacks
):
    from django.core import serializers

    row = callback(person, "CB-1")
    backup = serializers.serialize("json", [person, row])
    with django_capture_on_commit_callbacks(execute=True):
        person_erase(person=person)
    ErasureReceipt.objects.all().delete()  # the restore
    for obj in serializers.deserialize("json", backup):
        obj.save()
    call_command("replay_erasures", stdout=io.StringIO())
    assert not type(row).objects.filter(pk=row.pk).exists()
    hooks.replay.assert_called_once_with()
    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("sync_privacy_journal", stdout=out)
    hooks.sync.assert_called_once_with()
    assert "1 still missing" in out.getvalue()
