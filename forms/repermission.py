"""“Do you still want to hear from us?”: before the data of a purpose counted from the
last contact expires, and if editors turned it on for that purpose
(``Purpose.repermission_email``), the person is emailed once per deadline, in the
language of their submission, with a signed, expiring link. A yes (a POST from the
page the link opens) is a contact from the person: their clocks restart
(``privacy.services.person_record_contact``). Silence lets the data expire.

The link holds a signed token only (Django's signing, its own salt): a submission
id and the deadline it was sent about, nothing about the person."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db.models import F, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Locale

from privacy.models import Person, Purpose, RetentionEvent
from privacy.models.purposes import REPERMISSION_MAX_DAYS
from privacy.services import person_record_contact

from .models.submissions import Submission
from .newsletter.tokens import ExpiredToken, InvalidToken, absolute

SALT = "forms.repermission"
MAX_AGE = timedelta(days=REPERMISSION_MAX_DAYS)


# --- the signed link ----------------------------------------------------------------------


def repermission_token(submission: Submission) -> str:
    return signing.dumps(
        {"s": submission.pk, "d": int(submission.retention_deadline.timestamp())}, salt=SALT
    )


def repermission_url(submission: Submission) -> str:
    with translation.override(submission.language):
        path = reverse("repermission")
    return absolute(f"{path}?token={repermission_token(submission)}")


def submission_from_repermission_token(token: str, *, now: datetime | None = None):
    """(submission, deadline asked about) of a link. Raises ``ExpiredToken`` for a
    link older than ``MAX_AGE`` or whose deadline has passed, ``InvalidToken`` for
    one we did not make or whose submission is gone."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=MAX_AGE.total_seconds())
    except signing.SignatureExpired as error:
        raise ExpiredToken from error
    except signing.BadSignature as error:
        raise InvalidToken from error
    if not isinstance(payload, dict) or not isinstance(payload.get("d"), int):
        raise InvalidToken
    asked = datetime.fromtimestamp(payload["d"], tz=UTC)
    if asked <= (now or timezone.now()):
        raise ExpiredToken
    submission = (
        Submission.objects.select_related("person", "purpose").filter(pk=payload.get("s")).first()
    )
    if submission is None:
        raise InvalidToken
    return submission, asked


# --- what is asked about ------------------------------------------------------------------


def repermission_purposes() -> list[Purpose]:
    """The purposes editors turned it on for, counted from the last contact (the
    default-language purpose decides for its translations)."""
    return list(
        Purpose.objects.filter(
            locale=Locale.get_default(),
            repermission_email=True,
            retention_event=RetentionEvent.LAST_CONTACT,
        )
    )


def repermission_rows(*, now: datetime) -> QuerySet[Submission]:
    """The rows whose deadline falls within their purpose's notice, not yet asked
    about for that deadline."""
    rows = Submission.objects.none()
    for purpose in repermission_purposes():
        rows = rows | Submission.objects.filter(
            purpose__translation_key=purpose.translation_key,
            retention_deadline__gt=now,
            retention_deadline__lte=now + timedelta(days=purpose.repermission_days),
        )
    return rows.exclude(repermission_sent_for=F("retention_deadline"))


def rows_asked_about(*, person: Person, now: datetime) -> QuerySet[Submission]:
    """What the email about ``person`` lists: their rows asked about, still held."""
    return (
        Submission.objects.filter(
            person=person,
            repermission_sent_for=F("retention_deadline"),
            retention_deadline__gt=now,
        )
        .select_related("purpose")
        .order_by("submitted_at")
    )


def repermission_message(submission: Submission) -> EmailMultiAlternatives:
    """Which data, kept for what, until when, and the link; in the row's language."""
    now = timezone.now()
    with translation.override(submission.language):
        rows = [
            {
                "form": row.form_title,
                "sent": row.submitted_at.date(),
                "purpose": row.purpose_snapshot.get("name", ""),
                "data": row.purpose.data_categories,
                "until": row.retention_deadline.date(),
            }
            for row in rows_asked_about(person=submission.person, now=now)
        ]
        context = {"rows": rows, "url": repermission_url(submission)}
        subject = render_to_string("forms/emails/repermission_subject.txt", context).strip()
        text = render_to_string("forms/emails/repermission.txt", context)
    return EmailMultiAlternatives(subject, text, to=[submission.person.email])


# --- the answer ---------------------------------------------------------------------------


def repermission_accept(*, submission: Submission, at: datetime | None = None) -> Person:
    """The person said yes: a contact from them, which restarts the clocks of their
    data kept from the last contact."""
    return person_record_contact(email=submission.person.email, at=at or timezone.now())
