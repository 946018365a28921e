"""The emails about a submission: a confirmation to the person, in their language,
and a notice to staff that holds a link, never the answers."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Locale

from .models.submissions import MAX_EMAIL_ATTEMPTS, EmailDelivery, Submission
from .newsletter.sending import subscription_message

logger = logging.getLogger(__name__)
BACKOFF_MINUTES = [1, 5, 15, 60, 180, 360, 720, 1440]
LEASE_MINUTES = 10  # an email claimed by a worker that died is tried again after this


def _absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def confirmation_message(submission: Submission) -> EmailMultiAlternatives:
    with translation.override(submission.language):
        policy = (
            submission.policy_version.text_for(Locale.objects.get_for_language(submission.language))
            if submission.policy_version
            else None
        )
        context = {
            "submission": submission,
            "kind": submission.get_kind_display(),
            "policy_url": _absolute(policy.url) if policy and policy.url else "",
            "retention": submission.purpose_snapshot.get("retention", ""),
        }
        subject = render_to_string("forms/emails/confirmation_subject.txt", context).strip()
        text = render_to_string("forms/emails/confirmation.txt", context)
        html = render_to_string("forms/emails/confirmation.html", context)
    message = EmailMultiAlternatives(subject, text, to=[submission.person.email])
    message.attach_alternative(html, "text/html")
    return message


def staff_message(submission: Submission, recipients: list[str]) -> EmailMultiAlternatives:
    """No name, no email address, no answer: a kind, a reference and a link."""
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "submission": submission,
            "kind": submission.get_kind_display(),
            "admin_url": _absolute(reverse("forms_submission:inspect", args=[submission.pk])),
        }
        subject = render_to_string("forms/emails/staff_subject.txt", context).strip()
        text = render_to_string("forms/emails/staff.txt", context)
    return EmailMultiAlternatives(subject, text, to=recipients)


def _message_for(delivery: EmailDelivery) -> EmailMultiAlternatives:
    if delivery.subscription_id:
        return subscription_message(delivery)
    if delivery.kind == EmailDelivery.Kind.CONFIRMATION:
        return confirmation_message(delivery.submission)
    if delivery.kind == EmailDelivery.Kind.REPERMISSION:
        from .repermission import repermission_message

        return repermission_message(delivery.submission)
    return staff_message(delivery.submission, delivery.staff_recipients.split())


def deliver_due(
    *, submission_id: int | None = None, subscription_id: int | None = None, limit: int = 200
) -> tuple[int, int]:
    """Send the emails that are due (of one submission, or all). Returns (sent, failed).

    Emails are claimed with one UPDATE (a lease: another worker skips them), sent
    outside any transaction (a slow mail server never holds a database lock), then
    their outcome is written."""
    now = timezone.now()
    due = EmailDelivery.objects.filter(
        status=EmailDelivery.Status.PENDING, next_attempt_at__lte=now
    )
    if submission_id is not None:
        due = due.filter(submission_id=submission_id)
    if subscription_id is not None:
        due = due.filter(subscription_id=subscription_id)
    ids = list(due.order_by("next_attempt_at").values_list("pk", flat=True)[:limit])
    if not ids:
        return 0, 0
    lease = now + timedelta(minutes=LEASE_MINUTES)
    EmailDelivery.objects.filter(pk__in=ids, next_attempt_at__lte=now).update(next_attempt_at=lease)
    claimed = EmailDelivery.objects.filter(pk__in=ids, next_attempt_at=lease).select_related(
        "submission__person", "submission__policy_version", "subscription__person"
    )
    sent = failed = 0
    for delivery in claimed:
        try:
            _message_for(delivery).send()
        except Exception as error:  # noqa: BLE001 - recorded, retried later, never lost
            failed += 1
            _record_failure(delivery, error)
            continue
        # Marked at once: an error on a later email never makes this one go twice.
        EmailDelivery.objects.filter(pk=delivery.pk).update(
            status=EmailDelivery.Status.SENT,
            sent_at=timezone.now(),
            attempts=F("attempts") + 1,
            last_error="",
        )
        sent += 1
    return sent, failed


def _record_failure(delivery: EmailDelivery, error: Exception) -> None:
    delivery.attempts += 1
    # The class of the error only: SMTP messages can quote addresses.
    delivery.last_error = type(error).__name__
    if delivery.attempts >= MAX_EMAIL_ATTEMPTS:
        delivery.status = EmailDelivery.Status.FAILED
    minutes = BACKOFF_MINUTES[min(delivery.attempts, len(BACKOFF_MINUTES)) - 1]
    delivery.next_attempt_at = timezone.now() + timedelta(minutes=minutes)
    delivery.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
    logger.warning(
        "Email %s #%s not sent (attempt %d): %s",
        delivery.kind,
        delivery.pk,
        delivery.attempts,
        delivery.last_error,
    )
