"""Writes of the forms app: a visitor's submission, stored with its proof."""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import logging
from dataclasses import dataclass

from django.db import connections, router, transaction
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from corpsite.base.models import SitePage
from corpsite.base.queue import enqueue_on_commit
from privacy.models import Consent
from privacy.selectors import policy_in_force
from privacy.services import consent_record, person_record_contact, retention_deadline

from .builder import CONSENT_FIELD, MARKETING_FIELD
from .kinds import REFERENCE_PREFIXES, FormKind
from .models.submissions import EmailDelivery, ReferenceCounter, Submission, SubmissionFile
from .newsletter.services import PURPOSE_KEY, subscription_request
from .tasks import deliver_submission_emails
from .validators import DOCUMENT_TYPES

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Routing:
    name: str
    recipients: list[str]
    transfer_destination: str = ""
    transfer_safeguard: str = ""


def reference_next(*, kind: str, year: int) -> str:
    """The next reference of a kind for a year, e.g. R-2026-0042, unique even when
    submissions arrive at the same time (the counter row is updated in place)."""
    prefix = REFERENCE_PREFIXES[FormKind(kind)]
    return f"{prefix}-{year}-{_counter_next(prefix=prefix, year=year):04d}"


def _counter_next(*, prefix: str, year: int) -> int:
    """One statement (SQLite and PostgreSQL): create the counter at 1 or add one to
    it, and read the new value. The row stays locked until the transaction ends."""
    alias = router.db_for_write(ReferenceCounter)
    connection = connections[alias]
    quote = connection.ops.quote_name
    table = quote(ReferenceCounter._meta.db_table)
    prefix_column, year_column, last = (quote(name) for name in ("prefix", "year", "last"))
    # Only quoted identifiers are formatted in; every value is a parameter.
    sql = (
        f"INSERT INTO {table} ({prefix_column}, {year_column}, {last}) "  # noqa: S608
        f"VALUES (%s, %s, 1) ON CONFLICT ({prefix_column}, {year_column}) "
        f"DO UPDATE SET {last} = {table}.{last} + 1 RETURNING {last}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [prefix, year])
        (number,) = cursor.fetchone()
    return number


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").replace(",", "\n").splitlines() if line.strip()]


def submission_routing(*, page: SitePage, answers: dict) -> Routing:
    """Who handles a submission. A repair request from a country served by the North
    American repair centre goes there, and is a transfer outside the EU as its
    purpose declares it."""
    specific = page.specific
    country = str(answers.get("return_country", "")).upper()
    if specific.kind == FormKind.REPAIR and country in specific.routed_countries():
        purpose = page.purpose
        return Routing(
            name="north_america",
            recipients=_lines(specific.north_america_recipients),
            transfer_destination=purpose.transfer_destination,
            transfer_safeguard=purpose.transfer_safeguard,
        )
    return Routing(name="head_office", recipients=_lines(page.recipients))


def _json_value(value):
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [_json_value(item) for item in value]
    return value


def _email_of(fields: list, answers: dict) -> str:
    for field in fields:
        if field.system_key == "email":
            return answers[field.clean_name]
    raise ValueError("A form without its email field cannot be stored")


@sensitive_variables("data", "answers")
def submission_create(
    *,
    page: SitePage,
    data: dict,
    language: str,
    ip_prefix: str = "",
    at: dt.datetime | None = None,
    fields: list | None = None,
    policy=None,
) -> Submission:
    """Store what a visitor sent, in one transaction: the person, the submission with
    what they were told (purpose, legal basis, policy version), their files in
    private storage, and every consent box as shown. Emails leave after commit.

    ``fields`` and ``policy`` (the policy text in force) may be passed when the caller
    already has them (the form view does); they are read otherwise."""
    at = at or timezone.now()
    page = page.specific
    purpose = page.purpose
    fields = list(page.form_fields.all()) if fields is None else fields
    file_fields = {field.clean_name for field in fields if field.field_type == "file"}
    answers = {
        field.clean_name: _json_value(data.get(field.clean_name))
        for field in fields
        if field.clean_name not in file_fields
    }
    questions = [
        {"name": field.clean_name, "label": field.label, "type": field.field_type}
        for field in fields
    ]
    if policy is None:
        policy = policy_in_force(language=language, at=at)
    routing = submission_routing(page=page, answers=answers)
    job_offer = data.get("_job_offer_page")
    stored_files: list[SubmissionFile] = []
    try:
        with transaction.atomic():
            person = person_record_contact(
                email=_email_of(fields, answers),
                at=at,
                names=(str(answers.get("first_name", "")), str(answers.get("last_name", ""))),
            )
            submission = Submission.objects.create(
                reference=reference_next(kind=page.kind, year=at.year),
                kind=page.kind,
                form_page=page,
                form_key=page.translation_key,
                form_title=page.title,
                person=person,
                answers=answers,
                questions=questions,
                purpose=purpose,
                purpose_snapshot={**purpose.as_record(), "legal_basis_code": purpose.legal_basis},
                legal_basis=purpose.legal_basis,
                policy_version=policy.version if policy else None,
                language=language,
                submitted_at=at,
                ip_prefix=ip_prefix,
                retention_deadline=retention_deadline(
                    purpose=purpose, collected_at=at, person=person
                ),
                routed_to=routing.name,
                transfer_destination=routing.transfer_destination,
                transfer_safeguard=routing.transfer_safeguard,
                job_offer=job_offer,
                job_offer_title=job_offer.title if job_offer else "",
            )
            for name in sorted(file_fields):
                upload = data.get(name)
                if upload:
                    stored_files.append(_store_file(submission, name, upload))
            _record_consents(page, submission, person, data, policy, language, at)
            _newsletter_from_marketing_box(page, person, data, language, at)
            _queue_emails(submission, routing, at)
    except BaseException:
        for stored in stored_files:  # the rows are gone with the transaction: so are the files
            stored.file.storage.delete(stored.file.name)
        raise
    return submission


def _store_file(submission: Submission, name: str, upload) -> SubmissionFile:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    extension = "." + upload.name.rsplit(".", 1)[-1].lower()
    stored = SubmissionFile(
        submission=submission,
        field_name=name,
        original_name=upload.name[:255],
        content_type=DOCUMENT_TYPES.get(extension, "application/octet-stream"),
        size=upload.size,
        sha256=digest.hexdigest(),
    )
    stored.file.save(upload.name, upload, save=False)
    stored.save()
    return stored


def _record_consents(page, submission, person, data, policy, language, at) -> None:
    version = policy.version if policy else None
    boxes = []
    if CONSENT_FIELD in data:
        boxes.append((page.purpose, data[CONSENT_FIELD]))
    if page.marketing_purpose is not None and MARKETING_FIELD in data:
        boxes.append((page.marketing_purpose, data[MARKETING_FIELD]))
    for purpose, ticked in boxes:
        consent_record(
            person=person,
            purpose=purpose,
            wording=purpose.consent_wording,
            given=bool(ticked),
            policy_version=version,
            language=language,
            source=Consent.Source.FORM,
            record=submission,
            at=at,
        )


def _newsletter_from_marketing_box(page, person, data, language, at) -> None:
    """Ticking the newsletter box of a form is a sign-up like any other: a pending
    subscription and a confirmation email (double opt-in)."""
    marketing = page.marketing_purpose
    if marketing is not None and marketing.key == PURPOSE_KEY and data.get(MARKETING_FIELD):
        subscription_request(email=person.email, language=language, purpose=marketing, at=at)


def _queue_emails(submission: Submission, routing: Routing, at) -> None:
    deliveries = [EmailDelivery(submission=submission, kind="confirmation", next_attempt_at=at)]
    if routing.recipients:
        deliveries.append(
            EmailDelivery(
                submission=submission,
                kind="staff",
                staff_recipients="\n".join(routing.recipients),
                next_attempt_at=at,
            )
        )
    EmailDelivery.objects.bulk_create(deliveries)

    # With the database queue, its row commits with the submission (one commit).
    enqueue_on_commit(deliver_submission_emails, submission.pk)
