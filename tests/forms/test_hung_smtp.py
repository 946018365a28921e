"""Production's task queue keeps a hung mail server off the request path: the visitor
gets the reference at once, the emails wait in the queue, and the worker, with
EMAIL_TIMEOUT, records the failure and queues a retry."""

from __future__ import annotations

import socket
import threading
import time

import pytest
from django.core.management import call_command
from django_tasks import task_backends
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from forms.models import EmailDelivery, Submission
from tests.forms.conftest import form_page, valid_data


@pytest.fixture
def hung_smtp_server():
    """A mail server that accepts connections and never says a word."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    accepted = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1], accepted
    stop.set()
    thread.join()
    for each in accepted:
        each.close()
    server.close()


@pytest.fixture
def production_queue(settings, hung_smtp_server):
    port, accepted = hung_smtp_server
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_TIMEOUT = 1
    assert task_backends["default"].supports_defer  # django-tasks re-reads TASKS
    return accepted


@pytest.mark.django_db
def test_a_submission_answers_at_once_with_a_hung_mail_server(
    client, production_queue, django_capture_on_commit_callbacks, monkeypatch
):
    page = form_page("contact")
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page.url, valid_data(page))
    elapsed = time.monotonic() - started

    assert response.status_code == 302
    assert elapsed < 1  # the mail server was never asked during the request
    submission = Submission.objects.get()
    assert submission.reference in client.get(response["Location"]).content.decode()
    deliveries = EmailDelivery.objects.filter(submission=submission)
    assert deliveries.exists()
    assert set(deliveries.values_list("status", flat=True)) == {EmailDelivery.Status.PENDING}
    assert set(deliveries.values_list("attempts", flat=True)) == {0}
    assert DBTaskResult.objects.ready().count() == 1
    assert production_queue == []  # nobody connected to the mail server yet

    # Later, the worker: each email waits EMAIL_TIMEOUT, fails, and is retried later
    # (inside the test's transaction, which the worker must not close).
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    assert production_queue  # the worker did try the mail server
    for delivery in deliveries:
        assert delivery.status == EmailDelivery.Status.PENDING
        assert delivery.attempts == 1
        assert delivery.last_error in {"TimeoutError", "SMTPServerDisconnected"}
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.task_path == "forms.tasks.deliver_submission_emails"
    assert retry.run_after > submission.submitted_at
