"""Correcting a person in every record (privacy.people.rectification)."""

import pytest

from forms.models import Submission
from privacy.models import Person, PersonalDataLogEntry, email_hmac
from privacy.people.rectification import person_rectify
from privacy.people.requests import data_request_create
from tests.privacy.people.conftest import EMAIL, NEIGHBOUR

pytestmark = pytest.mark.django_db


def test_rectify_email_and_name_everywhere(officer, subject):
    person = person_rectify(
        person=subject, user=officer, email="Z.Quintal@example.org", last_name="Quintal"
    )
    assert person.email == "z.quintal@example.org"
    assert person.email_hmac == email_hmac("z.quintal@example.org")
    submissions = list(Submission.objects.filter(person=person))
    assert submissions
    for submission in submissions:
        assert submission.answers["email"] == "z.quintal@example.org"
        assert submission.answers["last_name"] == "Quintal"


def test_rectify_carries_requests_recorded_before_the_person_was_known(officer, subject):
    early = data_request_create(person=None, email=EMAIL, kind="access", language="en")
    person = person_rectify(person=subject, user=officer, email="z.quintal@example.org")
    early.refresh_from_db()
    assert early.person == person and early.email_hmac == email_hmac("z.quintal@example.org")


def test_rectify_into_an_existing_address_merges(officer, subject):
    neighbour = Person.objects.get(email=NEIGHBOUR)
    merged = person_rectify(person=subject, user=officer, email=NEIGHBOUR)
    assert merged.pk == neighbour.pk
    assert Submission.objects.filter(person=neighbour).count() == 4
    assert not Person.objects.filter(email=EMAIL).exists()


def test_an_empty_correction_is_refused_and_changes_nothing(client, officer, subject):
    client.force_login(officer)
    response = client.post(f"/admin/privacy/people/{subject.pk}/rectify/", {})
    assert response.status_code == 200
    assert "Give the corrected email address or name." in response.content.decode()
    subject.refresh_from_db()
    assert subject.email == EMAIL
    assert not PersonalDataLogEntry.objects.filter(action="privacy.rectify").exists()
