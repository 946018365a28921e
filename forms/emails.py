"""The emails about a submission: a confirmation to the person, in their language,
and a notice to staff that holds a link, never the answers."""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from privacy.selectors import policy_in_force

from .models import MAX_EMAIL_ATTEMPTS, EmailDelivery, Submission

logger = logging.getLogger(__name__)
BACKOFF_MINUTES = [1, 5, 15, 60, 180, 360, 720, 1440]


def _absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def confirmation_message(submission: Submission) -> EmailMultiAlternatives:
    with translation.override(submission.language):
        policy = policy_in_force(language=submission.language, at=submission.submitted_at)
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


def deliver(delivery: EmailDelivery) -> bool:
    """Try to send one email; on failure count the attempt and schedule the next.
    Returns whether it was sent."""
    submission = delivery.submission
    if delivery.kind == EmailDelivery.Kind.CONFIRMATION:
        message = confirmation_message(submission)
    else:
        message = staff_message(submission, delivery.staff_recipients.split())
    now = timezone.now()
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as error:
        delivery.attempts += 1
        # The class of the error only: SMTP messages can quote addresses.
        delivery.last_error = type(error).__name__
        if delivery.attempts >= MAX_EMAIL_ATTEMPTS:
            delivery.status = EmailDelivery.Status.FAILED
        minutes = BACKOFF_MINUTES[min(delivery.attempts, len(BACKOFF_MINUTES)) - 1]
        delivery.next_attempt_at = now + timedelta(minutes=minutes)
        delivery.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
        logger.warning(
            "Email %s for submission %s not sent (attempt %d): %s",
            delivery.kind,
            submission.pk,
            delivery.attempts,
            delivery.last_error,
        )
        return False
    delivery.attempts += 1
    delivery.status = EmailDelivery.Status.SENT
    delivery.sent_at = now
    delivery.last_error = ""
    delivery.save(update_fields=["attempts", "status", "sent_at", "last_error"])
    return True


def deliver_due(*, submission_id: int | None = None, limit: int = 200) -> tuple[int, int]:
    """Send the emails that are due (of one submission, or all). Returns (sent, failed)."""
    due = EmailDelivery.objects.filter(
        status=EmailDelivery.Status.PENDING, next_attempt_at__lte=timezone.now()
    ).select_related("submission__person")
    if submission_id is not None:
        due = due.filter(submission_id=submission_id)
    sent = failed = 0
    for delivery_id in list(due.values_list("pk", flat=True)[:limit]):
        with transaction.atomic():
            delivery = (
                EmailDelivery.objects.select_for_update()
                .select_related("submission__person")
                .filter(pk=delivery_id, status=EmailDelivery.Status.PENDING)
                .first()
            )
            if delivery is None:
                continue
            if deliver(delivery):
                sent += 1
            else:
                failed += 1
    return sent, failed
