"""Requests of a person about their data (privacy.people.requests): filed by a
visitor and confirmed from the address, or recorded by staff; due dates, extension,
the flood limit and the purge of unconfirmed requests."""

import json
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from privacy.models import DataRequest, DataRequestEmail
from privacy.people.erasure import person_erase
from privacy.people.requests import (
    CONFIRM_MAX_AGE,
    ExtensionRefused,
    data_request_confirm,
    data_request_create,
    data_request_extend,
    data_request_file,
    data_requests_purge_unconfirmed,
)
from privacy.retention import add_months
from privacy.selectors import data_requests_due
from tests.factories import PersonFactory
from tests.privacy.people.conftest import EMAIL, exported

pytestmark = pytest.mark.django_db


def test_a_request_recorded_before_the_person_was_found_is_theirs(officer, subject):
    request = data_request_create(person=None, email=EMAIL.upper(), kind="access", language="en")
    data = json.loads(exported(subject).read("data.json"))
    assert request.reference in {r["reference"] for r in data["categories"]["privacy.datarequest"]}
    person_erase(person=subject, user=officer)
    request.refresh_from_db()
    assert request.person is None and request.email_hmac == "" and request.details == ""
    assert request.email == ""


def test_data_request_deadline_is_one_month_extendable_by_two():
    request = data_request_create(person=None, email="x@example.com", kind="access", language="en")
    assert request.reference.startswith("DR-") and request.status == "open"
    assert 28 <= (request.deadline - request.received_at).days <= 31
    request = data_request_extend(request=request, reason="Many requests this month.")
    assert 89 <= (request.deadline - request.received_at).days <= 92
    assert request.extended and request.extension_reason == "Many requests this month."
    with pytest.raises(ExtensionRefused):  # once only
        data_request_extend(request=request, reason="Again")


def test_an_extension_is_of_one_or_two_months_from_the_first_deadline():
    request = data_request_create(person=None, email="x@example.com", kind="access", language="en")
    with pytest.raises(ValueError):
        data_request_extend(request=request, reason="Too long", months=3)
    request = data_request_extend(request=request, reason="Complex", months=1)
    assert request.deadline == add_months(request.confirmed_at, 2)


def test_a_filed_request_does_nothing_until_confirmed(django_capture_on_commit_callbacks):
    person = PersonFactory(email="known@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        request = data_request_file(email=" Known@Example.com", kind="erasure", language="fr")
    assert request.status == "pending" and request.reference is None
    assert request.person is None and request.deadline is None
    assert request.email == "known@example.com"
    assert not data_requests_due(within=timedelta(days=400)).exists()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["known@example.com"]
    confirmed = data_request_confirm(request=request)
    assert confirmed.status == "open" and confirmed.reference.startswith("DR-")
    assert confirmed.person == person
    assert confirmed.deadline == add_months(confirmed.confirmed_at, 1)
    again = data_request_confirm(request=confirmed)  # confirming twice changes nothing
    assert again.reference == confirmed.reference and again.confirmed_at == confirmed.confirmed_at


def test_a_confirmed_request_for_an_unknown_address_has_no_person():
    request = data_request_file(email="nobody@example.com", kind="access", language="en")
    assert data_request_confirm(request=request).person is None


def test_a_flood_for_one_address_sends_one_email_an_hour(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        filed = [
            data_request_file(email="target@example.com", kind="erasure", language="en")
            for _ in range(20)
        ]
        other = data_request_file(email="other@example.com", kind="access", language="en")
    assert filed[0] is not None and all(request is None for request in filed[1:])
    assert other is not None
    assert DataRequest.objects.filter(email="target@example.com").count() == 1
    assert DataRequestEmail.objects.count() == 2
    assert sorted(message.to[0] for message in mail.outbox) == [
        "other@example.com",
        "target@example.com",
    ]


def test_the_flood_limit_counts_per_address_whatever_its_spelling():
    assert data_request_file(email="Same@Example.com", kind="access", language="en")
    assert data_request_file(email="same@example.com ", kind="erasure", language="en") is None


def test_unconfirmed_requests_are_purged_when_their_link_expires():
    old = data_request_file(email="old@example.com", kind="access", language="en")
    fresh = data_request_file(email="fresh@example.com", kind="access", language="en")
    confirmed = data_request_file(email="done@example.com", kind="access", language="en")
    data_request_confirm(request=confirmed)
    long_ago = timezone.now() - CONFIRM_MAX_AGE - timedelta(minutes=1)
    DataRequest.objects.filter(pk__in=[old.pk, confirmed.pk]).update(received_at=long_ago)
    assert data_requests_purge_unconfirmed() == 1
    assert set(DataRequest.objects.values_list("pk", flat=True)) == {fresh.pk, confirmed.pk}


def test_the_purge_command(capsys):
    from django.core.management import call_command

    old = data_request_file(email="old@example.com", kind="access", language="en")
    DataRequest.objects.filter(pk=old.pk).update(received_at=timezone.now() - timedelta(days=8))
    call_command("purge_unconfirmed_requests")
    assert "1 unconfirmed data requests deleted" in capsys.readouterr().out
    assert not DataRequest.objects.exists()


def test_requests_due_soon_and_overdue_come_first():
    now = timezone.now()
    late = data_request_create(person=None, email="a@example.com", kind="access", language="en")
    soon = data_request_create(person=None, email="b@example.com", kind="access", language="en")
    later = data_request_create(person=None, email="c@example.com", kind="access", language="en")
    DataRequest.objects.filter(pk=late.pk).update(deadline=now - timedelta(days=1))
    DataRequest.objects.filter(pk=soon.pk).update(deadline=now + timedelta(days=6))
    DataRequest.objects.filter(pk=later.pk).update(deadline=now + timedelta(days=20))
    assert list(data_requests_due(now=now)) == [late, soon]
