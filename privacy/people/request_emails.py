"""The emails about data requests: to the person, in their language (the
confirmation link, an extension and its reason, the answer), sent from a small
outbox (``DataRequestEmail``) so that a mail outage loses nothing; and the daily
reminder to the privacy officers, which names no person."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from wagtail.permissions import policy_registry

from privacy.models.people import DataRequest, DataRequestEmail
from privacy.people.request_tokens import (
    CONFIRM_MAX_AGE,
    PERSON_DOWNLOAD_LIFETIME,
    absolute,
    confirm_url,
    download_url,
)
from privacy.registry import registry
from privacy.selectors import data_requests_due

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 8
BACKOFF_MINUTES = [1, 5, 15, 60, 180, 360, 720, 1440]
LEASE_MINUTES = 10
REMINDER_WINDOW = timedelta(days=7)
TEMPLATES = "privacy/requests/emails"


def _erasure_lists(receipt) -> tuple[list, list]:
    """What was erased (category, count) and kept (category, reason, count), from the
    erasure's receipt, in the active language. Reasons written in the code's language
    are translated; reasons staff typed are given as typed."""
    if receipt is None:
        return [], []
    erased = [
        (registry.category_label(category), count) for category, count in receipt.counts.items()
    ]
    kept = [
        (registry.category_label(category), gettext(reason), count)
        for category, reasons in receipt.retained.items()
        for reason, count in reasons.items()
    ]
    return erased, kept


def request_message(delivery: DataRequestEmail) -> EmailMultiAlternatives:
    request = delivery.request
    kind = delivery.kind
    with translation.override(request.language):
        context = {
            "request": request,
            "kind": request.get_kind_display(),
            "deadline": request.deadline,
        }
        if kind == DataRequestEmail.Kind.CONFIRM:
            context |= {"confirm_url": confirm_url(request), "days": CONFIRM_MAX_AGE.days}
        elif kind == DataRequestEmail.Kind.ACCESS:
            context |= {
                "download_url": download_url(delivery.export, language=request.language)
                if delivery.export
                else "",
                "expires_at": delivery.export.expires_at if delivery.export else None,
                "days": PERSON_DOWNLOAD_LIFETIME.days,
            }
        elif kind == DataRequestEmail.Kind.ERASED:
            context["erased"], context["kept"] = _erasure_lists(delivery.receipt)
        subject = render_to_string(f"{TEMPLATES}/{kind}_subject.txt", context).strip()
        text = render_to_string(f"{TEMPLATES}/{kind}.txt", context)
    return EmailMultiAlternatives(subject, text, to=[request.email])


def data_request_emails_deliver(*, request_id: int | None = None, limit: int = 200):
    """Send the emails that are due (of one request, or all). Returns (sent, failed).
    Claimed with one UPDATE (a lease: another worker skips them), sent outside any
    transaction, then their outcome is written."""
    now = timezone.now()
    due = DataRequestEmail.objects.filter(
        status=DataRequestEmail.Status.PENDING, next_attempt_at__lte=now
    )
    if request_id is not None:
        due = due.filter(request_id=request_id)
    ids = list(due.order_by("next_attempt_at").values_list("pk", flat=True)[:limit])
    if not ids:
        return 0, 0
    lease = now + timedelta(minutes=LEASE_MINUTES)
    DataRequestEmail.objects.filter(pk__in=ids, next_attempt_at__lte=now).update(
        next_attempt_at=lease
    )
    claimed = DataRequestEmail.objects.filter(pk__in=ids, next_attempt_at=lease).select_related(
        "request", "export", "receipt"
    )
    sent = failed = 0
    for delivery in claimed:
        if not delivery.request.email:  # erased meanwhile: nobody to write to
            DataRequestEmail.objects.filter(pk=delivery.pk).update(
                status=DataRequestEmail.Status.FAILED, last_error="no address"
            )
            continue
        try:
            request_message(delivery).send()
        except Exception as error:  # noqa: BLE001 - recorded, retried later, never lost
            failed += 1
            _record_failure(delivery, error)
            continue
        DataRequestEmail.objects.filter(pk=delivery.pk).update(
            status=DataRequestEmail.Status.SENT,
            sent_at=timezone.now(),
            attempts=F("attempts") + 1,
            last_error="",
        )
        if delivery.kind == DataRequestEmail.Kind.ERASED:
            # The erasure's answer has gone: the address it was kept for goes too.
            DataRequest.objects.filter(pk=delivery.request_id).update(email="", email_hmac="")
        sent += 1
    return sent, failed


def _record_failure(delivery: DataRequestEmail, error: Exception) -> None:
    attempts = delivery.attempts + 1
    minutes = BACKOFF_MINUTES[min(attempts, len(BACKOFF_MINUTES)) - 1]
    DataRequestEmail.objects.filter(pk=delivery.pk).update(
        attempts=attempts,
        # The class of the error only: SMTP messages can quote addresses.
        last_error=type(error).__name__[:100],
        status=(
            DataRequestEmail.Status.FAILED
            if attempts >= MAX_ATTEMPTS
            else DataRequestEmail.Status.PENDING
        ),
        next_attempt_at=timezone.now() + timedelta(minutes=minutes),
    )
    logger.warning("Email %s of data request #%s not sent", delivery.kind, delivery.request_id)


def officer_recipients() -> list[str]:
    """The addresses of whoever the data requests' policy lets answer them."""
    users = policy_registry.get_by_type(DataRequest).users_with_permission("change")
    return sorted({user.email for user in users if user.email})


def data_requests_remind(*, now=None) -> int:
    """Email the privacy officers the open requests due within seven days (overdue
    ones included): references, kinds and due dates, and a link to the admin; no
    address, no name, no details. Returns how many requests it lists."""
    now = now or timezone.now()
    due = list(data_requests_due(within=REMINDER_WINDOW, now=now))
    recipients = officer_recipients()
    if not due or not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "requests": [
                {
                    "reference": request.reference,
                    "kind": request.get_kind_display(),
                    "deadline": request.deadline,
                    "overdue": request.deadline < now,
                    "url": absolute(reverse("privacy_requests:inspect", args=[request.pk])),
                }
                for request in due
            ],
            "listing_url": absolute(reverse("privacy_requests:index")),
        }
        subject = render_to_string(f"{TEMPLATES}/reminder_subject.txt", context).strip()
        text = render_to_string(f"{TEMPLATES}/reminder.txt", context)
    EmailMultiAlternatives(subject, text, to=recipients).send()
    return len(due)
