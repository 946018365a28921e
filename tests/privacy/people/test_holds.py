"""Legal holds (privacy.people.holds and the person's "Legal hold" screen): the privacy
officer alone puts a person or a submission on hold; held data outlives its deadline;
setting and lifting are audited without the reason."""

from datetime import timedelta

import pytest
from django.utils import timezone

from forms.models import Submission
from privacy.models import Person, PersonalDataLogEntry
from privacy.people.holds import hold_set, holdable_rows
from privacy.people.retention import purge_expired
from tests.factories import staff_user

pytestmark = pytest.mark.django_db

REASON = "Dispute with the customer, file 2026-117"


@pytest.fixture
def expired(make_submission):
    submission = make_submission("contact", email="held.subject@example.com")
    Submission.objects.filter(pk=submission.pk).update(
        retention_deadline=timezone.now() - timedelta(days=1)
    )
    return submission


def hold_url(person) -> str:
    return f"/admin/privacy/people/{person.pk}/hold/"


def test_a_person_on_hold_is_not_purged_until_the_hold_is_lifted(expired, officer):
    person = expired.person
    assert hold_set(person=person, user=officer, reason=REASON)

    purge_expired()
    assert Submission.objects.filter(pk=expired.pk).exists()
    person.refresh_from_db()
    assert person.hold_reason == REASON and person.hold_set_at is not None

    assert hold_set(person=person, user=officer, reason="")
    purge_expired()
    assert not Submission.objects.filter(pk=expired.pk).exists()
    assert not Person.objects.filter(pk=person.pk).exists()


def test_a_submission_on_hold_is_not_purged(expired, officer):
    (row,) = holdable_rows(person=expired.person)
    assert row.item == expired.reference

    hold_set(person=expired.person, user=officer, reason=REASON, item=row.key)
    purge_expired()

    expired.refresh_from_db()
    assert expired.hold_reason == REASON


def test_holds_are_audited_without_the_reason(expired, officer):
    person = expired.person
    (row,) = holdable_rows(person=person)
    hold_set(person=person, user=officer, reason=REASON)
    hold_set(person=person, user=officer, reason=REASON, item=row.key)
    hold_set(person=person, user=officer, reason="")
    assert not hold_set(person=person, user=officer, reason="")  # nothing to lift

    entries = PersonalDataLogEntry.objects.filter(action__startswith="privacy.hold")
    assert sorted(entries.values_list("action", "object_id")) == sorted(
        [
            ("privacy.hold", str(person.pk)),
            ("privacy.hold", str(expired.pk)),
            ("privacy.hold_lifted", str(person.pk)),
        ]
    )
    for entry in entries:
        assert entry.user_id == officer.pk
        assert entry.data["subject"] == person.email_hmac
        assert "2026-117" not in str(entry.data) and "held.subject" not in entry.label


def test_another_persons_submission_cannot_be_held_through_this_person(
    expired, officer, make_submission
):
    other = make_submission("contact", email="someone.else@example.com")
    with pytest.raises(LookupError):
        hold_set(
            person=expired.person, user=officer, reason=REASON, item=f"forms.submission:{other.pk}"
        )
    other.refresh_from_db()
    assert other.hold_reason == ""


# --- the screen -------------------------------------------------------------------------


def test_the_privacy_officer_puts_a_submission_on_hold_from_the_admin(client, officer, expired):
    client.force_login(officer)
    person = expired.person
    page = client.get(f"/admin/privacy/people/{person.pk}/")
    assert hold_url(person) in page.content.decode()
    assert expired.reference in client.get(hold_url(person)).content.decode()

    response = client.post(
        hold_url(person), {"item": f"forms.submission:{expired.pk}", "reason": REASON}
    )

    assert response.status_code == 302
    expired.refresh_from_db()
    assert expired.hold_reason == REASON


def test_the_privacy_officer_holds_and_lifts_a_person(client, officer, expired):
    client.force_login(officer)
    person = expired.person
    client.post(hold_url(person), {"item": "", "reason": REASON})
    person.refresh_from_db()
    assert person.hold_reason == REASON
    client.post(hold_url(person), {"item": "", "reason": ""})
    person.refresh_from_db()
    assert person.hold_reason == ""


def test_the_hold_screen_is_denied_without_the_hold_permission(client, expired):
    # Managing personal data is not enough: holding is the privacy officer's.
    manager = staff_user(
        username="manager",
        permissions=("wagtailadmin.access_admin", "privacy.manage_personal_data"),
    )
    client.force_login(manager)
    person = expired.person
    for response in (
        client.get(hold_url(person)),
        client.post(hold_url(person), {"item": "", "reason": REASON}),
    ):
        # Wagtail's admin answers a refusal by going back to the dashboard.
        assert response.status_code in (302, 403)
        assert response.status_code == 403 or response["Location"] == "/admin/"
    assert (
        hold_url(person) not in client.get(f"/admin/privacy/people/{person.pk}/").content.decode()
    )
    person.refresh_from_db()
    assert person.hold_reason == ""


@pytest.mark.parametrize("role", ["support", "editor"])
def test_the_hold_screen_is_denied_to_other_staff(client, expired, role):
    client.force_login(staff_user(role))
    response = client.post(hold_url(expired.person), {"item": "", "reason": REASON})
    assert response.status_code in (302, 403)
    expired.person.refresh_from_db()
    assert expired.person.hold_reason == ""


def test_the_hold_screen_is_denied_to_anonymous(client, expired):
    response = client.post(hold_url(expired.person), {"item": "", "reason": REASON})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    expired.person.refresh_from_db()
    assert expired.person.hold_reason == ""
