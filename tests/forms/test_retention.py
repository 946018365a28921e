"""The clocks of submissions (forms/retention.py): the stored deadline follows the
moment each purpose's retention counts from, and only the right rows move. The
clock is controlled: every moment is given explicitly."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forms.models import FormPage, Submission
from forms.services import submission_create
from privacy.models import Person, Purpose, RetentionEvent
from privacy.retention import add_months
from privacy.services import person_record_contact
from tests.factories import PurposeFactory
from tests.forms.conftest import form_page, valid_data

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 1, 31, 9, 30, tzinfo=UTC)


def send(kind: str, *, at: datetime, email: str = "ana.martin@example.com", language="en"):
    page = form_page(kind, language)
    return submission_create(
        page=page, data=valid_data(page, email=email), language=language, at=at
    )


def deadline_of(submission: Submission):
    return Submission.objects.values_list("retention_deadline", flat=True).get(pk=submission.pk)


def years(moment: datetime, count: int) -> datetime:
    return add_months(moment, 12 * count)


def with_purpose(kind: str, purpose: Purpose) -> None:
    FormPage.objects.filter(pk=form_page(kind).pk).update(purpose=purpose)


# --- 1. from the submission -------------------------------------------------------------


def test_a_purpose_counted_from_the_submission_never_moves():
    with_purpose(
        "contact", PurposeFactory(retention_event=RetentionEvent.SUBMISSION, retention_value=2)
    )
    first = send("contact", at=T0)
    assert deadline_of(first) == years(T0, 2)
    send("contact", at=T0 + timedelta(days=200))  # the same person comes back
    assert deadline_of(first) == years(T0, 2)


# --- 2. from the last contact from the person --------------------------------------------


def test_a_new_contact_extends_exactly_the_last_contact_rows_of_that_person():
    prospect = send("contact", at=T0)  # prospects: 3 years from the last contact
    candidate = send("application", at=T0 + timedelta(days=1))  # recruitment: 2 years
    ticket = send("support", at=T0 + timedelta(days=2))  # customer relations: contract end
    from_submission = PurposeFactory(retention_event=RetentionEvent.SUBMISSION)
    other_form = send("project", at=T0 + timedelta(days=3))
    Submission.objects.filter(pk=other_form.pk).update(
        purpose=from_submission, retention_deadline=years(T0, 1)
    )
    someone_else = send("contact", at=T0, email="bob@example.com")
    # Every form sent is a contact: the project request was the last.
    assert deadline_of(prospect) == years(T0 + timedelta(days=3), 3)
    assert deadline_of(candidate) == years(T0 + timedelta(days=3), 2)

    later = T0 + timedelta(days=100)
    send("repair", at=later)  # a new contact, for a purpose of its own

    assert deadline_of(prospect) == years(later, 3)
    assert deadline_of(candidate) == years(later, 2)
    assert deadline_of(ticket) is None  # an open case: no clock
    assert deadline_of(other_form) == years(T0, 1)  # counted from its submission
    assert deadline_of(someone_else) == years(T0, 3)  # another person


def test_one_update_per_purpose_not_per_row():
    for day in range(3):
        send("contact", at=T0 + timedelta(days=day))
        send("application", at=T0 + timedelta(days=day))
    person = Person.objects.get()
    later = T0 + timedelta(days=30)
    with CaptureQueriesContext(connection) as queries:
        person_record_contact(email=person.email, at=later)
    updates = [q["sql"] for q in queries if q["sql"].startswith('UPDATE "forms_submission"')]
    assert len(updates) == 2  # prospects, recruitment: six rows
    assert set(Submission.objects.values_list("retention_deadline", flat=True)) == {
        years(later, 3),
        years(later, 2),
    }


def test_an_older_contact_moves_nothing():
    prospect = send("contact", at=T0 + timedelta(days=10))
    person_record_contact(email="ana.martin@example.com", at=T0)
    assert deadline_of(prospect) == years(T0 + timedelta(days=10), 3)


def test_a_confirmed_newsletter_sign_up_is_a_contact_the_sign_up_alone_is_not():
    from forms.newsletter.services import subscription_confirm, subscription_request

    prospect = send("contact", at=T0)
    signed_up = T0 + timedelta(days=40)
    subscription = subscription_request(email="ana.martin@example.com", language="en", at=signed_up)
    assert deadline_of(prospect) == years(T0, 3)
    confirmed = T0 + timedelta(days=41)
    subscription_confirm(subscription=subscription, at=confirmed)
    assert deadline_of(prospect) == years(confirmed, 3)


# --- 4. from withdrawal or unsubscription --------------------------------------------


@pytest.fixture
def newsletter_form():
    """The contact form made to collect for the newsletter's purpose (consent, kept
    until withdrawal)."""
    newsletter = Purpose.objects.get(key="newsletter", locale__language_code="en")
    with_purpose("contact", newsletter)
    return newsletter


def subscribe(email: str, *, at: datetime):
    from forms.newsletter.services import subscription_confirm, subscription_request

    subscription = subscription_request(email=email, language="en", at=at)
    return subscription_confirm(subscription=subscription, at=at)


def test_unsubscribing_starts_the_withdrawal_clock_of_that_persons_rows_only(
    newsletter_form, monkeypatch
):
    from django.utils import timezone

    from forms.newsletter.services import subscription_cancel

    mine = send("contact", at=T0)
    prospect = send("project", at=T0)  # prospects: not counted from withdrawal
    theirs = send("contact", at=T0, email="bob@example.com")
    subscription = subscribe("ana.martin@example.com", at=T0)
    assert deadline_of(mine) is None  # consent stands: no clock
    before = deadline_of(prospect)

    left = T0 + timedelta(days=5)
    monkeypatch.setattr(timezone, "now", lambda: left)
    subscription_cancel(subscription=subscription)

    # The newsletter keeps its data until withdrawal, no longer: due at once, as the
    # subscription itself, which is gone.
    assert deadline_of(mine) == left
    assert mine.consents.get().withdrawn_at == left
    assert deadline_of(prospect) == before
    assert deadline_of(theirs) is None


def test_a_duration_after_withdrawal_counts_from_it(newsletter_form, monkeypatch):
    from django.utils import timezone

    from forms.newsletter.services import subscription_cancel

    Purpose.objects.filter(translation_key=newsletter_form.translation_key).update(
        retention_value=3, retention_unit="months"
    )
    mine = send("contact", at=T0)
    subscription = subscribe("ana.martin@example.com", at=T0)
    left = T0 + timedelta(days=5)
    monkeypatch.setattr(timezone, "now", lambda: left)
    subscription_cancel(subscription=subscription)
    assert deadline_of(mine) == add_months(left, 3)


# --- 3. from the end of the contract -------------------------------------------------


def test_a_case_has_no_clock_until_closed_then_counts_from_the_close(support):
    from forms.personal_data import _submission_retained
    from forms.retention import submission_close_case, submission_reopen_case

    ticket = send("support", at=T0)  # customer relations: 5 years after the contract
    repair = send("repair", at=T0)
    assert deadline_of(ticket) is None and deadline_of(repair) is None
    assert "The case is open" in _submission_retained(ticket)

    closed = T0 + timedelta(days=60)
    submission_close_case(submission=ticket, user=support, at=closed)
    assert deadline_of(ticket) == years(closed, 5)
    assert deadline_of(repair) is None  # the other case stays open
    assert _submission_retained(Submission.objects.get(pk=ticket.pk)) == ""

    # A new contact from the person leaves a closed case's clock alone.
    send("contact", at=closed + timedelta(days=10))
    assert deadline_of(ticket) == years(closed, 5)

    submission_reopen_case(submission=ticket, user=support)
    assert deadline_of(ticket) is None


def test_the_open_case_reason_is_translated(support):
    from django.utils import translation

    from forms.personal_data import _submission_retained

    ticket = send("support", at=T0)
    with translation.override("fr"):
        assert _submission_retained(ticket).startswith("Le dossier est ouvert")


def test_a_purpose_counted_from_the_contract_end_never_starts_at_the_submission():
    from django.core.exceptions import ValidationError

    from forms.retention import submission_close_case

    contact = send("contact", at=T0)
    with pytest.raises(ValidationError):
        submission_close_case(submission=contact, user=None, at=T0)
    assert deadline_of(contact) == years(T0, 3)
