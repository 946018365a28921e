"""The emails about data requests (privacy.people.request_emails): retried when the
mail server fails, and the daily reminder to the privacy officers, which names no
person."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from privacy.models import DataRequest, DataRequestEmail
from privacy.people.request_emails import data_request_emails_deliver, data_requests_remind
from privacy.people.requests import data_request_create, data_request_file

pytestmark = pytest.mark.django_db


def test_a_failed_email_is_kept_and_retried(django_capture_on_commit_callbacks):
    with (
        mock.patch("django.core.mail.EmailMessage.send", side_effect=OSError("down")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        request = data_request_file(email="late@example.com", kind="access", language="en")
    delivery = DataRequestEmail.objects.get(request=request)
    assert delivery.status == "pending" and delivery.attempts == 1
    assert delivery.last_error == "OSError" and mail.outbox == []
    DataRequestEmail.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    call_command("send_data_request_emails", stdout=mock.Mock())
    delivery.refresh_from_db()
    assert delivery.status == "sent" and mail.outbox[0].to == ["late@example.com"]
    assert data_request_emails_deliver() == (0, 0)  # sent once


def make_due(email: str, days: float, status="open") -> DataRequest:
    request = data_request_create(person=None, email=email, kind="erasure", language="fr")
    DataRequest.objects.filter(pk=request.pk).update(
        deadline=timezone.now() + timedelta(days=days), status=status
    )
    request.refresh_from_db()
    return request


def test_the_reminder_lists_requests_due_within_7_days_to_the_officers(officer, editor):
    late = make_due("late.person@example.com", -2)
    soon = make_due("soon.person@example.com", 5)
    later = make_due("later.person@example.com", 12)
    closed = make_due("closed.person@example.com", 1, status="done")
    pending = data_request_file(email="pending.person@example.com", kind="access", language="en")
    mail.outbox.clear()
    assert data_requests_remind() == 2
    (message,) = mail.outbox
    assert officer.email in message.to and editor.email not in message.to
    assert "2 data requests due within 7 days" == message.subject
    assert late.reference in message.body and soon.reference in message.body
    assert "OVERDUE" in message.body
    assert f"http://testserver/admin/privacy/requests/{late.pk}/" in message.body
    for other in (later, closed):
        assert other.reference not in message.body
    assert f"/admin/privacy/requests/{pending.pk}/" not in message.body
    # No personal data: no address, no name, no details.
    assert "@example.com" not in message.body.replace(officer.email, "")
    assert "person" not in message.body


def test_no_reminder_when_nothing_is_due(officer):
    make_due("later@example.com", 12)
    assert data_requests_remind() == 0 and mail.outbox == []


def test_the_reminder_command(officer, capsys):
    make_due("late@example.com", -1)
    call_command("remind_data_requests")
    assert "1 data requests due within 7 days" in capsys.readouterr().out
    assert len(mail.outbox) == 1
