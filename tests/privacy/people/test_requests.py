"""Requests of a person about their data (privacy.people.requests)."""

import json

import pytest

from privacy.people.erasure import person_erase
from privacy.people.requests import data_request_create, data_request_extend
from tests.privacy.people.conftest import EMAIL, exported

pytestmark = pytest.mark.django_db


def test_a_request_recorded_before_the_person_was_found_is_theirs(officer, subject):
    request = data_request_create(person=None, email=EMAIL.upper(), kind="access", language="en")
    data = json.loads(exported(subject).read("data.json"))
    assert request.reference in {r["reference"] for r in data["categories"]["privacy.datarequest"]}
    person_erase(person=subject, user=officer)
    request.refresh_from_db()
    assert request.person is None and request.email_hmac == "" and request.details == ""


def test_data_request_deadline_is_one_month_extendable_by_two():
    request = data_request_create(person=None, email="x@example.com", kind="access", language="en")
    assert request.reference.startswith("DR-")
    assert 28 <= (request.deadline - request.received_at).days <= 31
    request = data_request_extend(request=request)
    assert 89 <= (request.deadline - request.received_at).days <= 92
