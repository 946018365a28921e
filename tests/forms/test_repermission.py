"""“Do you still want to hear from us?” (forms/repermission.py): sent once per
deadline, in the row's language, with a signed, expiring link; a yes resets the
clock, a GET changes nothing, a tampered or expired link does nothing."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.core import signing
from django.utils import timezone

from forms.models import Submission
from forms.repermission import SALT
from forms.repermission_sending import repermission_send_due
from forms.services import submission_create
from privacy.models import Purpose
from privacy.retention import add_months
from tests.factories import PurposeFactory
from tests.forms.conftest import form_page, valid_data

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 1, 31, 9, 30, tzinfo=UTC)
DEADLINE = add_months(T0, 36)  # prospects: 3 years from the last contact
SOON = DEADLINE - timedelta(days=10)
LINK = re.compile(r"http://\S+/(en|fr)/[^\s?]+/\?token=(\S+)")


@pytest.fixture
def turned_on():
    """Editors turned it on for prospects (on the English purpose)."""
    Purpose.objects.filter(key="prospects", locale__language_code="en").update(
        repermission_email=True, repermission_days=30
    )


def send(kind: str, language: str = "en", email: str = "ana.martin@example.com", at=T0):
    page = form_page(kind, language)
    submission = submission_create(
        page=page, data=valid_data(page, email=email), language=language, at=at
    )
    submission.emails.all().delete()  # its confirmation and staff emails: not tested here
    return submission


def deliver(django_capture_on_commit_callbacks, now=SOON) -> int:
    with django_capture_on_commit_callbacks(execute=True):
        return repermission_send_due(now=now)


def link_in(message) -> tuple[str, str]:
    match = LINK.search(message.body)
    assert match, message.body
    url = match.group(0)
    assert url.startswith(settings.WAGTAILADMIN_BASE_URL)
    return url.removeprefix(settings.WAGTAILADMIN_BASE_URL), match.group(2)


def deadline_of(submission):
    return Submission.objects.values_list("retention_deadline", flat=True).get(pk=submission.pk)


@pytest.mark.parametrize(
    ("language", "subject", "yes"),
    [
        ("en", "do you still want to hear from us?", "Yes, keep in touch"),
        ("fr", "souhaitez-vous toujours avoir de nos nouvelles", "Oui, restons en contact"),
    ],
)
def test_round_trip_in_the_rows_language(
    client,
    turned_on,
    mailoutbox,
    django_capture_on_commit_callbacks,
    monkeypatch,
    language,
    subject,
    yes,
):
    prospect = send("contact", language)
    assert deadline_of(prospect) == DEADLINE
    assert deliver(django_capture_on_commit_callbacks, now=DEADLINE - timedelta(days=31)) == 0
    assert deliver(django_capture_on_commit_callbacks) == 1

    (message,) = mailoutbox
    assert message.to == ["ana.martin@example.com"]
    assert subject in message.subject
    assert prospect.form_title in message.body  # which data...
    assert prospect.purpose.data_categories in message.body
    assert str(DEADLINE.year) in message.body  # ...and until when
    url, token = link_in(message)
    assert url.startswith(f"/{language}/")
    # The signed token only: nothing of the address (a random token may hold "ana").
    assert "ana.martin" not in url.lower() and "example.com" not in url.lower()

    # A GET shows the question and changes nothing.
    page = client.get(url)
    assert page.status_code == 200 and yes in page.content.decode()
    assert deadline_of(prospect) == DEADLINE

    # Yes: a contact from the person, the clock starts again.
    answered = DEADLINE - timedelta(days=5)
    monkeypatch.setattr(timezone, "now", lambda: answered)
    assert client.post(url).status_code == 200
    assert deadline_of(prospect) == add_months(answered, 36)
    # A second yes changes nothing more.
    monkeypatch.setattr(timezone, "now", lambda: answered + timedelta(days=1))
    client.post(url)
    assert deadline_of(prospect) == add_months(answered, 36)


def test_sent_once_per_deadline_and_only_for_its_purposes(
    turned_on, mailoutbox, django_capture_on_commit_callbacks
):
    prospect = send("contact")
    send("application", email="bob@example.com")  # recruitment: not turned on
    Submission.objects.filter(kind="application").update(retention_deadline=SOON)
    send("contact", "fr", email="zoe@example.com")
    assert deliver(django_capture_on_commit_callbacks) == 2  # one per person
    assert sorted(m.to[0] for m in mailoutbox) == ["ana.martin@example.com", "zoe@example.com"]
    assert deliver(django_capture_on_commit_callbacks, now=SOON + timedelta(days=1)) == 0
    assert len(mailoutbox) == 2
    # A new deadline (the person wrote again) will be asked about again, in time.
    later = T0 + timedelta(days=300)
    send("project", at=later)
    assert (
        deliver(django_capture_on_commit_callbacks, now=add_months(later, 36) - timedelta(days=3))
        == 1
    )
    assert deadline_of(prospect) == add_months(later, 36)


def test_one_email_per_person_lists_all_their_rows(
    turned_on, mailoutbox, django_capture_on_commit_callbacks
):
    contact = send("contact")
    project = send("project", at=T0 + timedelta(hours=1))
    assert deliver(django_capture_on_commit_callbacks, now=SOON) == 1
    (message,) = mailoutbox
    assert contact.form_title in message.body and project.form_title in message.body


def test_off_by_default(mailoutbox, django_capture_on_commit_callbacks):
    send("contact")
    assert deliver(django_capture_on_commit_callbacks) == 0 and mailoutbox == []


def test_a_purpose_not_counted_from_the_last_contact_is_never_asked_about(
    mailoutbox, django_capture_on_commit_callbacks
):
    PurposeFactory(repermission_email=True, retention_event="submission")
    send("contact")
    assert deliver(django_capture_on_commit_callbacks) == 0


def test_tampered_expired_and_outdated_links_do_nothing(
    client, turned_on, mailoutbox, django_capture_on_commit_callbacks, monkeypatch
):
    prospect = send("contact")
    deliver(django_capture_on_commit_callbacks)
    url, token = link_in(mailoutbox[0])
    base = url.split("?")[0]

    # Tampered: another submission's id under the same signature.
    payload = signing.loads(token, salt=SALT)
    forged = signing.dumps({**payload, "s": payload["s"] + 1}, salt=SALT)
    assert client.post(f"{base}?token={forged[:-3]}xyz").status_code == 400
    flipped = "B" if token.endswith("A") else "A"  # a changed last character of the signature
    assert client.post(f"{base}?token={token[:-1]}{flipped}").status_code == 400
    assert client.post(f"{base}?token=").status_code == 400
    # Another salt (a newsletter link) is not one of ours.
    other = signing.dumps(payload, salt="forms.newsletter.manage")
    assert client.post(f"{base}?token={other}").status_code == 400

    # Expired: older than the longest notice.
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 61 * 86400)
    assert client.post(url).status_code == 410
    monkeypatch.setattr(time, "time", real)
    # Expired: the deadline it was about has passed (the data is due for erasure).
    monkeypatch.setattr(timezone, "now", lambda: DEADLINE + timedelta(minutes=1))
    assert client.post(url).status_code == 410
    assert deadline_of(prospect) == DEADLINE
