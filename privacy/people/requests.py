"""Requests of a person about their data (access, erasure, rectification, objection,
restriction; GDPR Art. 12, 15-21).

A visitor files one on the site (``data_request_file``): it stays a pending row that
does nothing, not even in the staff queue, until the person confirms it from the link
emailed to the address (``data_request_confirm``); unconfirmed ones are purged when
their link expires (``data_requests_purge_unconfirmed``). Staff record requests
received by letter or phone (``data_request_create``): confirmed at once. A confirmed
request is due one month from confirmation; the deadline can be extended once by up
to two months, with a reason emailed to the person (``data_request_extend``)."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from corpsite.base.queue import enqueue_on_commit
from corpsite.base.ratelimits import counter_hit
from privacy.models.people import (
    DataRequest,
    DataRequestEmail,
    Person,
    data_request_deadline,
    email_hmac,
    normalize_email,
)
from privacy.people.request_tokens import CONFIRM_MAX_AGE
from privacy.people.search import person_find
from privacy.retention import add_months
from privacy.tasks import deliver_data_request_emails

# A confirmation link works this long; an unconfirmed request is purged after it.
# At most one confirmation email per address in this window, whatever is posted.
CONFIRM_EMAIL_WINDOW = timedelta(hours=1)
MAX_EXTENSION_MONTHS = 2


def next_reference(prefix: str, model) -> str:
    """The next reference of the year for ``model``: ``<prefix>-<year>-0001`` and on."""
    year = timezone.now().year
    last = model.objects.filter(reference__startswith=f"{prefix}-{year}-").aggregate(
        Max("reference")
    )["reference__max"]
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}-{year}-{number:04d}"


def data_request_email_queue(
    *, request: DataRequest, kind: str, export=None, receipt=None
) -> DataRequestEmail | None:
    """Owe the person an email about ``request`` (sent by a task once the transaction
    commits, retried by ``send_data_request_emails``). Nothing without an address."""
    if not request.email:
        return None
    email = DataRequestEmail.objects.create(
        request=request,
        kind=kind,
        export=export,
        receipt=receipt,
        next_attempt_at=timezone.now(),
    )

    enqueue_on_commit(deliver_data_request_emails, request.pk)
    return email


@sensitive_variables("email")
def data_request_create(
    *, person: Person | None, email: str, kind: str, language: str, details: str = "", user=None
) -> DataRequest:
    """A request staff received by letter, phone or email: confirmed as recorded."""
    now = timezone.now()
    return DataRequest.objects.create(
        reference=next_reference("DR", DataRequest),
        person=person,
        email=normalize_email(email),
        email_hmac=email_hmac(email),
        kind=kind,
        status=DataRequest.Status.OPEN,
        language=language,
        details=details,
        received_at=now,
        confirmed_at=now,
        deadline=data_request_deadline(now),
        handled_by=user,
    )


def confirm_email_allowed(*, subject_hmac: str) -> bool:
    """Whether a confirmation email may go to this address now: one per address per
    ``CONFIRM_EMAIL_WINDOW``, counted atomically across workers on the rate limits'
    counters (corpsite.base.ratelimits), keyed by the address's keyed hash. When the
    counter is unreachable (Redis down), the email goes."""
    seconds = int(CONFIRM_EMAIL_WINDOW.total_seconds())
    return counter_hit(key=f"privacy:request-confirm:{subject_hmac[:40]}", seconds=seconds) <= 1


@sensitive_variables("email", "normalized")
def data_request_file(
    *,
    email: str,
    kind: str,
    language: str,
    details: str = "",
    minor_at_collection: bool = False,
    at=None,
) -> DataRequest | None:
    """A visitor's request: stored pending, and a confirmation link emailed to the
    address. Nothing is looked up about the address, so nothing the visitor sees or
    receives depends on whether it is known. When a confirmation email already went
    to the address within the hour, nothing is stored or sent (returns None): a
    flood of requests for one address sends one email."""
    at = at or timezone.now()
    normalized = normalize_email(email)
    subject = email_hmac(normalized)
    if not confirm_email_allowed(subject_hmac=subject):
        return None
    with transaction.atomic():
        request = DataRequest.objects.create(
            email=normalized,
            email_hmac=subject,
            kind=kind,
            status=DataRequest.Status.PENDING,
            language=language,
            details=details,
            minor_at_collection=minor_at_collection and kind == DataRequest.Kind.ERASURE,
            received_at=at,
        )
        data_request_email_queue(request=request, kind=DataRequestEmail.Kind.CONFIRM)
    return request


def data_request_confirm(*, request: DataRequest, at=None) -> DataRequest:
    """The address's owner confirmed: the request gets its reference, its person (if
    the address is known) and its deadline, one month from now, and enters the staff
    queue. Confirming again changes nothing."""
    at = at or timezone.now()
    with transaction.atomic():
        request = DataRequest.objects.select_for_update().get(pk=request.pk)
        if request.status != DataRequest.Status.PENDING:
            return request
        request.person = person_find(email=request.email)
        request.reference = next_reference("DR", DataRequest)
        request.status = DataRequest.Status.OPEN
        request.confirmed_at = at
        request.deadline = data_request_deadline(at)
        request.save(update_fields=["person", "reference", "status", "confirmed_at", "deadline"])
    return request


def data_requests_purge_unconfirmed(*, now=None) -> int:
    """Delete the requests never confirmed whose link has expired (run daily)."""
    now = now or timezone.now()
    _total, per_model = DataRequest.objects.filter(
        status=DataRequest.Status.PENDING, received_at__lt=now - CONFIRM_MAX_AGE
    ).delete()
    return per_model.get(DataRequest._meta.label, 0)


class ExtensionRefused(ValueError):
    """The deadline was already extended, or the request is closed."""


def data_request_extend(
    *, request: DataRequest, reason: str, months: int = MAX_EXTENSION_MONTHS, user=None
) -> DataRequest:
    """Extend the deadline once, by ``months`` (1 or 2) more from the first deadline,
    for ``reason``, which is emailed to the person (GDPR Art. 12(3))."""
    if not 1 <= months <= MAX_EXTENSION_MONTHS:
        raise ValueError(f"An extension is of 1 to {MAX_EXTENSION_MONTHS} months.")
    with transaction.atomic():
        request = DataRequest.objects.select_for_update().get(pk=request.pk)
        if request.extended or request.status != DataRequest.Status.OPEN:
            raise ExtensionRefused
        start = request.confirmed_at or request.received_at
        request.deadline = add_months(start, 1 + months)
        request.extended = True
        request.extension_reason = reason
        request.handled_by = user or request.handled_by
        request.save(update_fields=["deadline", "extended", "extension_reason", "handled_by"])
        data_request_email_queue(request=request, kind=DataRequestEmail.Kind.EXTENDED)
    return request
