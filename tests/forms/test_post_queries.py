"""What a contact form POST costs in SQL queries, and that its queue row commits with
the submission: with the database queue (production), one transaction holds the
person, the submission, its consent rows, its emails and the task that sends them."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from corpsite.base.queue import enqueue_on_commit
from forms.models import EmailDelivery, Submission
from forms.tasks import deliver_submission_emails
from privacy.models import Consent, Person
from tests.forms.conftest import form_page, valid_data

pytestmark = pytest.mark.django_db

# A contact POST by a new visitor, once an earlier post has opened the rate-limit
# window (as it is for all but the first visitor of an address): Wagtail's routing
# (site, locale, pages, view restrictions) 7; the form (its purposes, questions, the
# policy in force) 5; the rate limit 1; the transaction 11 (person, reference,
# submission, consent, emails, queue row, and the savepoints: the test's transaction
# makes the request's a savepoint too). It was 28 (tasks queued after commit,
# reference counter in three queries, a person updated after its insert).
MAX_QUERIES = 24


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def post_contact(client, email: str):
    page = form_page("contact")
    url, data = page.url, valid_data(page, email=email)
    with CaptureQueriesContext(connection) as captured:
        response = client.post(url, data)
    return response, [query["sql"] for query in captured.captured_queries]


def test_a_contact_post_costs_a_bounded_number_of_queries(
    client, database_queue, django_capture_on_commit_callbacks
):
    post_contact(client, "first.visitor@example.com")
    with django_capture_on_commit_callbacks() as callbacks:
        response, queries = post_contact(client, "ana.martin@example.com")

    assert response.status_code == 302
    assert len(queries) <= MAX_QUERIES, "\n".join(queries)
    submission = Submission.objects.get(person__email="ana.martin@example.com")
    assert submission.reference in client.get(response["Location"]).content.decode()
    # Everything was written inside the request's transaction, nothing left for after it.
    assert submission.person.name_key == "ana martin"
    assert Consent.objects.filter(person=submission.person).count() == 1
    assert EmailDelivery.objects.filter(submission=submission).count() == 2
    task = DBTaskResult.objects.get(args_kwargs__args=[submission.pk])
    assert task.task_path == "forms.tasks.deliver_submission_emails"
    assert callbacks == []  # the queue row is not written after the commit


def test_a_returning_visitor_costs_only_the_retention_update(client, database_queue):
    post_contact(client, "first.visitor@example.com")
    post_contact(client, "ana.martin@example.com")
    response, returning = post_contact(client, "Ana.Martin@example.com")

    assert response.status_code == 302
    assert Person.objects.filter(email="ana.martin@example.com").count() == 1
    # Found instead of created (three queries fewer), and the deadlines kept "from
    # the last contact" move: the person's last contact, then what the registered
    # sources read and update (five).
    assert len(returning) <= MAX_QUERIES + 2, "\n".join(returning)


def test_the_queue_row_goes_with_a_rolled_back_transaction(database_queue):
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue_on_commit(deliver_submission_emails, 1)
        assert DBTaskResult.objects.count() == 1  # written now, in the transaction
        raise RuntimeError("the submission failed")

    assert DBTaskResult.objects.count() == 0


def test_other_queues_run_the_task_only_after_commit(django_capture_on_commit_callbacks):
    # The immediate queue of tests and development would send the emails at once.
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        enqueue_on_commit(deliver_submission_emails, 7)

    assert len(callbacks) == 1
    assert DBTaskResult.objects.count() == 0
