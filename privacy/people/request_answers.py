"""Answering a confirmed data request with the privacy officer's own tools (the
export, the erasure), and telling the person, in their language: an access request
gets a download link that works once and expires (never an attachment), an erasure
the list of what was erased and what was kept and why, a refusal its reason."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from privacy.models.people import DataRequest, DataRequestEmail, ErasureReceipt, PersonExport
from privacy.people.audit import audit
from privacy.people.erasure import person_erase
from privacy.people.request_tokens import PERSON_DOWNLOAD_LIFETIME
from privacy.people.requests import data_request_email_queue

ANSWER_ACTION = "privacy.answer_request"
PERSON_DOWNLOAD_ACTION = "privacy.person_download"


class AnswerRefused(ValueError):
    """The request is not open, or the answer does not fit it."""


def _close(request: DataRequest, *, status: str, user, answer: str = "") -> None:
    request.status = status
    request.closed_at = timezone.now()
    request.handled_by = user
    request.answer = answer
    request.save(update_fields=["status", "closed_at", "handled_by", "answer"])
    audit(
        instance=request,
        action=ANSWER_ACTION,
        user=user,
        subject_hmac=request.email_hmac,
        status=status,
    )


def _open(request: DataRequest) -> DataRequest:
    request = DataRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != DataRequest.Status.OPEN:
        raise AnswerRefused("This request is not open.")
    return request


def exports_to_send(*, request: DataRequest):
    """The ready exports of the request's person whose link may still be sent."""
    if request.person_id is None:
        return PersonExport.objects.none()
    return PersonExport.objects.filter(
        person_id=request.person_id,
        status=PersonExport.Status.READY,
        expires_at__gt=timezone.now(),
        sent_to_person_at__isnull=True,
    ).order_by("-created_at")


def data_request_send_export(*, request: DataRequest, export: PersonExport, user) -> DataRequest:
    """Answer an access request with ``export`` (made from the person's page): the
    person is emailed a link that downloads it once, within ``PERSON_DOWNLOAD_LIFETIME``."""
    with transaction.atomic():
        request = _open(request)
        if request.kind != DataRequest.Kind.ACCESS:
            raise AnswerRefused("Only an access request is answered with an export.")
        export = exports_to_send(request=request).select_for_update().filter(pk=export.pk).first()
        if export is None:
            raise AnswerRefused("This export is not the person's, not ready, or already sent.")
        now = timezone.now()
        export.sent_to_person_at = now
        export.expires_at = max(export.expires_at, now + PERSON_DOWNLOAD_LIFETIME)
        export.save(update_fields=["sent_to_person_at", "expires_at"])
        _close(request, status=DataRequest.Status.DONE, user=user)
        data_request_email_queue(request=request, kind=DataRequestEmail.Kind.ACCESS, export=export)
    return request


def data_request_erase(*, request: DataRequest, user) -> ErasureReceipt:
    """Answer an erasure request: the person's data is erased (``person_erase``; for a
    person who was a minor when it was collected, retention periods give way, legal
    holds do not), and they are emailed what was erased and what was kept, and why.
    The erasure anonymises the request itself: its address is kept until that email
    has gone (``request_emails``), then erased too."""
    with transaction.atomic():
        request = _open(request)
        if request.kind != DataRequest.Kind.ERASURE or request.person is None:
            raise AnswerRefused("Only an erasure request of a known person is answered so.")
        email, subject = request.email, request.email_hmac
        receipt = person_erase(
            person=request.person,
            user=user,
            request_reference=request.reference,
            override_retention=request.minor_at_collection,
        )
        request.refresh_from_db()
        request.email, request.email_hmac = email, subject
        request.save(update_fields=["email", "email_hmac"])
        _close(request, status=DataRequest.Status.DONE, user=user)
        data_request_email_queue(
            request=request, kind=DataRequestEmail.Kind.ERASED, receipt=receipt
        )
    return receipt


def data_request_refuse(*, request: DataRequest, reason: str, user) -> DataRequest:
    """Refuse a request, for ``reason``, which the person receives (GDPR Art. 12(4))."""
    with transaction.atomic():
        request = _open(request)
        _close(request, status=DataRequest.Status.REFUSED, user=user, answer=reason)
        data_request_email_queue(request=request, kind=DataRequestEmail.Kind.REFUSED)
    return request


def data_request_answer(*, request: DataRequest, message: str, user) -> DataRequest:
    """Close a request with what was done (a rectification, an objection or a
    restriction applied, or nothing held about the address), emailed to the person."""
    with transaction.atomic():
        request = _open(request)
        _close(request, status=DataRequest.Status.DONE, user=user, answer=message)
        data_request_email_queue(request=request, kind=DataRequestEmail.Kind.ANSWERED)
    return request


def export_download_by_person(*, export_token: str) -> PersonExport | None:
    """Use the person's download link: the export if the link still works (sent to
    the person, ready, not expired, never used), which it then no longer does."""
    now = timezone.now()
    with transaction.atomic():
        used = PersonExport.objects.filter(
            token=export_token,
            status=PersonExport.Status.READY,
            expires_at__gt=now,
            sent_to_person_at__isnull=False,
            downloaded_by_person_at__isnull=True,
        ).update(downloaded_by_person_at=now)
        if not used:
            return None
        export = PersonExport.objects.select_related("person").get(token=export_token)
        audit(
            instance=export,
            action=PERSON_DOWNLOAD_ACTION,
            user=None,
            subject_hmac=export.person.email_hmac if export.person else "",
        )
    return export
