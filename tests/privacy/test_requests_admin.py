"""The staff queue of data requests (privacy.views.requests_admin): confirmed requests
only, overdue and soon-due first and highlighted, and the forms that answer them,
each with its allowed, denied and anonymous cases."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from privacy.models import DataRequest, PersonExport
from privacy.people.export import person_export_start
from privacy.people.requests import data_request_confirm, data_request_create, data_request_file
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def open_request(kind="access", email="asker@example.com", language="en", person=True):
    owner = PersonFactory(email=email) if person else None
    return data_request_create(person=owner, email=email, kind=kind, language=language)


def test_unconfirmed_requests_are_not_in_the_queue(client, officer):
    pending = data_request_file(email="pending@example.com", kind="erasure", language="en")
    client.force_login(officer)
    html = client.get("/admin/privacy/requests/").content.decode()
    assert f"/admin/privacy/requests/{pending.pk}/" not in html
    assert client.get(f"/admin/privacy/requests/{pending.pk}/").status_code == 404
    data_request_confirm(request=pending)
    html = client.get("/admin/privacy/requests/").content.decode()
    assert f"/admin/privacy/requests/{pending.pk}/" in html


def test_overdue_and_soon_due_requests_come_first_highlighted(client, officer):
    now = timezone.now()
    later = open_request(email="later@example.com")
    done = open_request(email="done@example.com")
    soon = open_request(email="soon@example.com")
    late = open_request(email="late@example.com")
    DataRequest.objects.filter(pk=later.pk).update(deadline=now + timedelta(days=20))
    DataRequest.objects.filter(pk=done.pk).update(deadline=now - timedelta(days=40), status="done")
    DataRequest.objects.filter(pk=soon.pk).update(deadline=now + timedelta(days=3))
    DataRequest.objects.filter(pk=late.pk).update(deadline=now - timedelta(days=2))
    client.force_login(officer)
    html = client.get("/admin/privacy/requests/").content.decode()
    order = [int(pk) for pk in re.findall(r'href="/admin/privacy/requests/(\d+)/"', html)]
    order = list(dict.fromkeys(order))
    assert order == [late.pk, soon.pk, later.pk, done.pk]
    assert html.count('data-urgency="overdue"') == 1 and html.count('data-urgency="soon"') == 1
    assert "privacy-request--overdue" in html and "privacy-request--soon" in html


ACTIONS = ["extend", "answer", "refuse", "send-export"]


@pytest.mark.parametrize("action", ACTIONS)
def test_request_actions_are_the_officers(client, officer, editor, action):
    request = open_request()
    url = f"/admin/privacy/requests/{request.pk}/{action}/"
    assert client.get(url).status_code == 302  # anonymous: to the sign-in page
    assert "/admin/login/" in client.get(url)["Location"]
    client.force_login(editor)
    assert client.get(url).status_code in (302, 403)
    assert client.post(url, {"reason": "x", "months": "2", "text": "x"}).status_code in (302, 403)
    request.refresh_from_db()
    assert request.status == "open" and not request.extended
    client.force_login(officer)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("action", ACTIONS)
def test_request_actions_refuse_other_or_missing_ids_alike(client, editor, action):
    request = open_request()
    client.force_login(editor)
    mine = client.get(f"/admin/privacy/requests/{request.pk}/{action}/")
    missing = client.get(f"/admin/privacy/requests/{request.pk + 999}/{action}/")
    assert mine.status_code == missing.status_code and mine["Location"] == missing["Location"]


def test_extend_from_the_admin_emails_the_reason(
    client, officer, django_capture_on_commit_callbacks
):
    request = open_request(language="fr")
    client.force_login(officer)
    url = f"/admin/privacy/requests/{request.pk}/extend/"
    response = client.post(url, {"months": "2", "reason": ""})
    assert response.status_code == 200  # a reason is required
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"months": "1", "reason": "Demandes nombreuses ce mois-ci."})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.extended and request.extension_reason == "Demandes nombreuses ce mois-ci."
    assert 58 <= (request.deadline - request.confirmed_at).days <= 62
    (message,) = mail.outbox
    assert "il nous faut plus de temps" in message.subject
    assert "Demandes nombreuses ce mois-ci." in message.body
    assert client.get(url).status_code == 200
    client.post(url, {"months": "2", "reason": "Again"})
    request.refresh_from_db()
    assert request.extension_reason == "Demandes nombreuses ce mois-ci."  # once only


def test_refuse_from_the_admin(client, officer, django_capture_on_commit_callbacks):
    request = open_request(kind="erasure")
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/privacy/requests/{request.pk}/refuse/", {"text": "Open invoice."})
    request.refresh_from_db()
    assert request.status == "refused" and request.handled_by == officer
    assert "Open invoice." in mail.outbox[0].body
    # Answered: its forms lead back to it.
    response = client.get(f"/admin/privacy/requests/{request.pk}/answer/")
    assert response.status_code == 302


def test_send_the_export_from_the_admin(client, officer, django_capture_on_commit_callbacks):
    request = open_request()
    with django_capture_on_commit_callbacks(execute=True):
        export = person_export_start(person=request.person, user=officer)
    client.force_login(officer)
    url = f"/admin/privacy/requests/{request.pk}/send-export/"
    assert export.created_at.strftime("%Y-%m-%d %H:%M") in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"export": str(export.pk)})
    assert PersonExport.objects.get(pk=export.pk).sent_to_person_at is not None
    assert DataRequest.objects.get(pk=request.pk).status == "done"
    assert "/en/data-requests/download/?token=" in mail.outbox[0].body


def test_the_erase_page_answers_the_request_and_applies_a_minors_override(
    client, officer, django_capture_on_commit_callbacks, make_submission
):
    from forms.models import Submission

    submission = make_submission("repair", email="minor@example.com")
    assert Submission.objects.get(pk=submission.pk).contract_ended_at is None  # an open case
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        filed = data_request_file(
            email="minor@example.com", kind="erasure", language="en", minor_at_collection=True
        )
    request = data_request_confirm(request=filed)
    client.force_login(officer)
    erase = f"/admin/privacy/people/{request.person.pk}/erase/"
    html = client.get(erase).content.decode()
    assert "data-minor" in html and request.reference in html
    with django_capture_on_commit_callbacks(execute=True):
        client.post(erase, {"request_reference": request.reference, "confirm": "on"})
    assert not Submission.objects.filter(pk=submission.pk).exists()
    request.refresh_from_db()
    assert request.status == "done"
    assert "What we erased:" in mail.outbox[-1].body
