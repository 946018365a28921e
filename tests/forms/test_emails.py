"""Emails leave after commit; a mail-server outage loses nothing and is retried."""

import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.utils import timezone

from forms.emails import deliver_due
from forms.models import EmailDelivery, Submission
from tests.forms.conftest import form_page, valid_data

pytestmark = pytest.mark.django_db


class BrokenBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed: ana@example.com")


def test_no_email_before_commit(client, outbox):
    page = form_page("contact")
    client.post(page.url, valid_data(page))  # the test's transaction never commits
    assert Submission.objects.count() == 1
    assert outbox == []


def test_mail_outage_keeps_the_submission_and_retries(submit, settings, outbox):
    settings.EMAIL_BACKEND = "tests.forms.test_emails.BrokenBackend"
    page = form_page("support", "fr")
    response = submit(page, valid_data(page))
    assert response.status_code == 302  # the visitor is thanked: the request is stored
    submission = Submission.objects.get()
    deliveries = EmailDelivery.objects.filter(submission=submission)
    assert {d.status for d in deliveries} == {"pending"}
    assert all(d.attempts == 1 for d in deliveries)
    assert all(d.next_attempt_at > timezone.now() for d in deliveries)
    assert {d.last_error for d in deliveries} == {"SMTPServerDisconnected"}  # no address kept

    # The mail server is back: the next run (cron or worker) sends them.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert deliver_due() == (0, 0)  # not due yet
    EmailDelivery.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    call_command("send_pending_emails", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert {d.status for d in EmailDelivery.objects.all()} == {"sent"}
    assert any(submission.reference in m.subject for m in mail.outbox)
    confirmation = next(m for m in mail.outbox if m.to == ["ana.martin@example.com"])
    assert "Nous avons bien reçu votre demande" in confirmation.subject


def test_gives_up_after_the_last_attempt(submit, settings):
    settings.EMAIL_BACKEND = "tests.forms.test_emails.BrokenBackend"
    page = form_page("contact")
    submit(page, valid_data(page))
    from forms.models import MAX_EMAIL_ATTEMPTS

    for _ in range(MAX_EMAIL_ATTEMPTS):
        EmailDelivery.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
        deliver_due()
    assert set(EmailDelivery.objects.values_list("status", flat=True)) == {"failed"}
    assert Submission.objects.count() == 1


def test_confirmation_email_links_to_the_policy_in_force(submit, outbox):
    page = form_page("repair", "fr")
    submit(page, valid_data(page))
    confirmation = next(m for m in outbox if m.to == ["ana.martin@example.com"])
    assert "http://testserver/fr/confidentialite/versions/2/" in confirmation.body
    assert "5 ans après la fin du contrat" in confirmation.body
    html = confirmation.alternatives[0][0]
    assert '<html lang="fr">' in html


class FlakyBackend(BaseEmailBackend):
    """Sends the first message, then fails with something that is not an SMTP error."""

    sent: list = []

    def send_messages(self, messages):
        if FlakyBackend.sent:
            raise ValueError("a bug in a template tag")
        FlakyBackend.sent.extend(messages)
        return len(messages)


def test_an_error_on_one_email_never_sends_another_twice(client, settings):
    page = form_page("contact")
    client.post(page.url, valid_data(page))  # no commit: the emails stay queued
    assert EmailDelivery.objects.filter(status="pending").count() == 2
    settings.EMAIL_BACKEND = "tests.forms.test_emails.FlakyBackend"
    FlakyBackend.sent = []
    assert deliver_due() == (1, 1)
    statuses = sorted(EmailDelivery.objects.values_list("status", flat=True))
    assert statuses == ["pending", "sent"]
    EmailDelivery.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    assert deliver_due() == (0, 1)  # the sent one is not sent again
    assert len(FlakyBackend.sent) == 1


def test_with_the_database_queue_a_failed_email_is_queued_again_for_when_it_is_due(
    submit, settings
):
    from django_tasks_db.models import DBTaskResult

    from forms.tasks import deliver_submission_emails

    settings.EMAIL_BACKEND = "tests.forms.test_emails.BrokenBackend"
    # The production queue (django-tasks resets its backends when TASKS changes).
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    page = form_page("contact")
    submit(page, valid_data(page))
    submission = Submission.objects.get()
    DBTaskResult.objects.all().delete()
    deliver_submission_emails.call(submission.pk)  # what the worker runs
    retry = DBTaskResult.objects.get()
    due = EmailDelivery.objects.filter(submission=submission).first().next_attempt_at
    assert retry.run_after == due
    assert retry.args_kwargs["kwargs"] == {"submission_id": submission.pk}
