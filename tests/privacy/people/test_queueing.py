"""Tasks queued by privacy's services commit with the rows they are about: with the
database queue (production) the queue's row is written in the same transaction, so a
rollback takes it too and a crash after the commit loses no task."""

from __future__ import annotations

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from privacy.models import DataRequestEmail, PersonExport
from privacy.people.export import person_export_start
from privacy.people.requests import data_request_create, data_request_email_queue
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_an_export_and_its_task_commit_together_or_not_at_all(database_queue, officer):
    person = PersonFactory(email="queue@example.com")
    with pytest.raises(RuntimeError), transaction.atomic():
        export = person_export_start(person=person, user=officer)
        assert DBTaskResult.objects.filter(args_kwargs__args=[export.pk]).count() == 1
        raise RuntimeError("the request failed")
    assert not PersonExport.objects.exists()
    assert not DBTaskResult.objects.exists()

    export = person_export_start(person=person, user=officer)
    assert DBTaskResult.objects.get().args_kwargs["args"] == [export.pk]


def test_a_data_request_email_and_its_task_commit_together(database_queue):
    person = PersonFactory(email="dr@example.com")
    request = data_request_create(person=person, email=person.email, kind="access", language="en")
    DBTaskResult.objects.all().delete()
    with pytest.raises(RuntimeError), transaction.atomic():
        data_request_email_queue(request=request, kind=DataRequestEmail.Kind.EXTENDED)
        assert DBTaskResult.objects.count() == 1
        raise RuntimeError("the request failed")
    assert not DBTaskResult.objects.exists()
    assert not DataRequestEmail.objects.filter(kind=DataRequestEmail.Kind.EXTENDED).exists()
