"""Answering a data request (privacy.people.request_answers): the person is emailed,
in their language, a single-use expiring download link, what an erasure erased and
kept, or the reason of a refusal."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone, translation

from forms.models import Submission
from privacy.models import DataRequest, Person, PersonalDataLogEntry, PersonExport
from privacy.people.export import person_export_start
from privacy.people.request_answers import (
    AnswerRefused,
    data_request_answer,
    data_request_erase,
    data_request_refuse,
    data_request_send_export,
)
from privacy.people.requests import data_request_confirm, data_request_file
from privacy.registry import registry
from tests.privacy.people.conftest import EMAIL

pytestmark = pytest.mark.django_db


def confirmed_request(capture, *, email=EMAIL, kind="access", language="en", minor=False):
    with capture(execute=True):
        request = data_request_file(
            email=email, kind=kind, language=language, minor_at_collection=minor
        )
    mail.outbox.clear()
    return data_request_confirm(request=request)


def ready_export(person, user, capture) -> PersonExport:
    with capture(execute=True):
        export = person_export_start(person=person, user=user)
    export.refresh_from_db()
    assert export.status == "ready"
    return export


def link_in(message) -> str:
    return re.search(r"http://testserver(/\S+)", message.body).group(1)


@pytest.mark.parametrize(
    ("language", "subject_words", "path"),
    [("en", "a copy of your data", "/en/"), ("fr", "une copie de vos données", "/fr/")],
)
def test_an_access_request_gets_a_single_use_download_link(
    client, officer, subject, django_capture_on_commit_callbacks, language, subject_words, path
):
    capture = django_capture_on_commit_callbacks
    request = confirmed_request(capture, language=language)
    export = ready_export(subject, officer, capture)
    with capture(execute=True):
        data_request_send_export(request=request, export=export, user=officer)
    request.refresh_from_db()
    assert request.status == "done" and request.handled_by == officer
    (message,) = mail.outbox
    assert message.to == [EMAIL] and subject_words in message.subject
    assert message.attachments == [] and message.alternatives == []
    link = link_in(message)
    assert link.startswith(path) and EMAIL not in link
    assert client.get(link).status_code == 200  # a page with a button: nothing used
    response = client.post(link)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert b"".join(response.streaming_content)[:2] == b"PK"
    assert client.post(link).status_code == 410  # the link is dead
    entry = PersonalDataLogEntry.objects.get(action="privacy.person_download")
    assert entry.user is None and entry.data["subject"] == subject.email_hmac


def test_the_download_link_expires(client, officer, subject, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    request = confirmed_request(capture)
    export = ready_export(subject, officer, capture)
    with capture(execute=True):
        data_request_send_export(request=request, export=export, user=officer)
    export.refresh_from_db()
    assert export.expires_at > timezone.now() + timedelta(days=6)  # the person has days
    link = link_in(mail.outbox[0])
    PersonExport.objects.filter(pk=export.pk).update(expires_at=timezone.now())
    assert client.post(link).status_code == 410
    assert not PersonalDataLogEntry.objects.filter(action="privacy.person_download").exists()


def test_a_staff_export_link_is_no_person_link(
    client, officer, subject, django_capture_on_commit_callbacks
):
    """An export never sent to the person cannot be downloaded by a public link."""
    from privacy.people.request_tokens import download_url

    export = ready_export(subject, officer, django_capture_on_commit_callbacks)
    link = download_url(export, language="en").removeprefix("http://testserver")
    assert client.post(link).status_code == 410


def test_only_an_access_request_of_the_exports_person_is_answered_with_it(
    officer, subject, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    other = confirmed_request(capture, email="someone.else@example.com")
    export = ready_export(subject, officer, capture)
    with pytest.raises(AnswerRefused):
        data_request_send_export(request=other, export=export, user=officer)
    erasure = confirmed_request(capture, kind="erasure")
    with pytest.raises(AnswerRefused):
        data_request_send_export(request=erasure, export=export, user=officer)


@pytest.mark.parametrize(
    ("language", "erased_word", "kept_word"),
    [
        ("en", "What we erased:", "What we keep"),
        ("fr", "Ce que nous avons effacé\u00a0:", "Ce que nous conservons"),
    ],
)
def test_an_erasure_is_confirmed_with_what_was_erased_and_kept(
    officer, subject, django_capture_on_commit_callbacks, language, erased_word, kept_word
):
    capture = django_capture_on_commit_callbacks
    repair = Submission.objects.get(person=subject, kind="repair")
    # The repair case is open again: kept while the contract runs.
    Submission.objects.filter(pk=repair.pk).update(contract_ended_at=None, retention_deadline=None)
    repair.refresh_from_db()
    with translation.override(language):
        open_case = str(registry.sources["forms.submission"].retained(repair))
    assert open_case
    request = confirmed_request(capture, kind="erasure", language=language)
    with capture(execute=True):
        receipt = data_request_erase(request=request, user=officer)
    assert receipt.request_reference == request.reference
    assert Submission.objects.filter(pk=repair.pk).exists()
    (message,) = mail.outbox
    assert message.to == [EMAIL] and request.reference in message.subject
    assert erased_word in message.body and kept_word in message.body
    assert open_case in message.body
    request.refresh_from_db()
    assert request.status == "done"
    # The answer has gone: the address it was kept for goes too.
    assert request.email == "" and request.email_hmac == "" and request.person is None


def test_a_minors_erasure_overrides_retention_but_not_legal_holds(
    officer, subject, django_capture_on_commit_callbacks, monkeypatch
):
    capture = django_capture_on_commit_callbacks
    repair = Submission.objects.get(person=subject, kind="repair")
    # The repair case is open again: kept while the contract runs, but a minor's
    # erasure overrides that reason.
    Submission.objects.filter(pk=repair.pk).update(contract_ended_at=None, retention_deadline=None)
    request = confirmed_request(capture, kind="erasure", minor=True)
    assert request.minor_at_collection
    with capture(execute=True):
        data_request_erase(request=request, user=officer)
    assert not Submission.objects.filter(pk=repair.pk).exists()
    assert not Person.objects.filter(email=EMAIL).exists()
    assert "We keep nothing else about you." not in mail.outbox[0].body  # the suppression


def test_a_legal_hold_survives_a_minors_erasure(
    officer, subject, django_capture_on_commit_callbacks, monkeypatch
):
    capture = django_capture_on_commit_callbacks
    repair = Submission.objects.get(person=subject, kind="repair")
    Submission.objects.filter(pk=repair.pk).update(hold_reason="Legal hold: litigation")
    request = confirmed_request(capture, kind="erasure", minor=True)
    with capture(execute=True):
        receipt = data_request_erase(request=request, user=officer)
    assert Submission.objects.filter(pk=repair.pk).exists()
    assert receipt.retained["submissions"] == {"Legal hold: litigation": 1}
    assert "Legal hold: litigation" in mail.outbox[0].body


def test_a_minor_box_on_another_kind_of_request_means_nothing():
    request = data_request_file(
        email="a@example.com", kind="access", language="en", minor_at_collection=True
    )
    assert not request.minor_at_collection


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "We cannot do what you asked"), ("fr", "Nous ne pouvons pas faire ce que vous")],
)
def test_a_refusal_gives_its_reason(officer, django_capture_on_commit_callbacks, language, words):
    capture = django_capture_on_commit_callbacks
    request = confirmed_request(
        capture, email="asker@example.com", kind="erasure", language=language
    )
    with capture(execute=True):
        data_request_refuse(request=request, reason="Invoices are kept 10 years.", user=officer)
    request.refresh_from_db()
    assert request.status == "refused" and request.answer == "Invoices are kept 10 years."
    (message,) = mail.outbox
    assert words in message.body and "Invoices are kept 10 years." in message.body
    assert "CNIL" in message.body
    with pytest.raises(AnswerRefused):  # answered once
        data_request_refuse(request=request, reason="Again", user=officer)


def test_other_requests_are_answered_with_what_was_done(
    officer, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    request = confirmed_request(capture, email="asker@example.com", kind="objection")
    with capture(execute=True):
        data_request_answer(request=request, message="No more marketing emails.", user=officer)
    assert DataRequest.objects.get(pk=request.pk).status == "done"
    assert "No more marketing emails." in mail.outbox[0].body


def test_a_person_on_legal_hold_is_kept_whole_even_by_a_minors_erasure(
    officer, subject, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    Person.objects.filter(pk=subject.pk).update(hold_reason="Litigation")
    before = Submission.objects.filter(person=subject).count()
    assert before
    request = confirmed_request(capture, kind="erasure", minor=True)
    with capture(execute=True):
        data_request_erase(request=request, user=officer)
    assert Submission.objects.filter(person=subject).count() == before
    assert Person.objects.filter(pk=subject.pk).exists()
