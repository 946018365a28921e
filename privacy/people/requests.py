"""Requests of a person about their data (access, erasure, rectification,
objection): recorded with a deadline one month from receipt, extendable by two."""

from __future__ import annotations

from django.db.models import Max
from django.utils import timezone

from privacy.models import DataRequest, Person, email_hmac
from privacy.models.people import data_request_deadline
from privacy.retention import add_months


def next_reference(prefix: str, model) -> str:
    """The next reference of the year for ``model``: ``<prefix>-<year>-0001`` and on."""
    year = timezone.now().year
    last = model.objects.filter(reference__startswith=f"{prefix}-{year}-").aggregate(
        Max("reference")
    )["reference__max"]
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}-{year}-{number:04d}"


def data_request_create(
    *, person: Person | None, email: str, kind: str, language: str, details: str = "", user=None
) -> DataRequest:
    now = timezone.now()
    return DataRequest.objects.create(
        reference=next_reference("DR", DataRequest),
        person=person,
        email_hmac=email_hmac(email),
        kind=kind,
        language=language,
        details=details,
        received_at=now,
        deadline=data_request_deadline(now),
        handled_by=user,
    )


def data_request_extend(*, request: DataRequest) -> DataRequest:
    if not request.extended:
        DataRequest.objects.filter(pk=request.pk).update(
            deadline=add_months(request.received_at, 3), extended=True
        )
        request.refresh_from_db()
    return request
