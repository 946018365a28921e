"""The privacy officer's tools: find, export, erase (and prove it), rectify."""

import io
import json
import zipfile
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.storage import storages
from django.db import connection
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from forms.models import Submission, SubmissionFile, Subscription
from privacy.models import (
    Consent,
    DataRequest,
    ErasureReceipt,
    Person,
    PersonalDataLogEntry,
    PersonExport,
    email_hmac,
)
from privacy.people import (
    data_request_create,
    data_request_extend,
    erasures_replay,
    person_erase,
    person_export_write,
    person_rectify,
)
from privacy.registry import registry
from tests.factories import PersonFactory
from tests.forms.conftest import docx_bytes, form_page, pdf_bytes, upload, valid_data

pytestmark = pytest.mark.django_db

EMAIL = "zephyrine.quintal@example.com"
NEIGHBOUR = "zephyrine.quintal@example.co"  # one character shorter: someone else
FIRST, LAST = "Zéphyrine", "Quintal-Brouard"
PHONE = "+33 6 98 76 54 32"
CV_MARK = "CV-CONTENT-7f3a9c"
LETTER_MARK = "LETTER-CONTENT-51e0b2"
NEEDLES = [EMAIL, FIRST, LAST, PHONE, CV_MARK, LETTER_MARK]


def staff(django_user_model, name, *groups):
    user = django_user_model.objects.create_user(username=name, password="pw")
    for group in groups:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def officer(django_user_model):
    return staff(django_user_model, "officer", "Privacy officer")


@pytest.fixture
def subject(client, django_capture_on_commit_callbacks, new_files, officer):
    """One person with a contact request, a repair request, a job application with CV
    and cover letter, a confirmed newsletter subscription, consent rows, a data
    request and audit log entries mentioning them; and a neighbour."""
    me = {"email": EMAIL, "first_name": FIRST, "last_name": LAST, "phone": PHONE}

    def post(kind, language="en", **extra):
        page = form_page(kind, language)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(page.url, valid_data(page, **me, **extra))
        assert response.status_code == 302, response.content.decode()[:500]

    post("contact", marketing_consent="on", message=f"Please call {FIRST} {LAST}")
    post("repair", "fr", return_country="US")
    post(
        "application",
        cv=upload("cv-zephyrine.pdf", pdf_bytes(CV_MARK)),
        cover_letter=upload("lettre.docx", docx_bytes(LETTER_MARK)),
    )
    from forms.newsletter.services import subscription_confirm, subscription_request

    with django_capture_on_commit_callbacks(execute=True):
        subscription_request(email=EMAIL, language="fr")
    subscription_confirm(subscription=Subscription.objects.get(person__email=EMAIL))
    person = Person.objects.get(email=EMAIL)
    data_request_create(
        person=person,
        email=EMAIL,
        kind="erasure",
        language="fr",
        details=f"Je suis {FIRST} {LAST}, effacez tout.",
    )
    submission = Submission.objects.filter(person=person).first()
    log(
        instance=submission,
        action="forms.view_submission",
        user=officer,
        data={"note": f"Called {FIRST} {LAST} at {PHONE}"},
    )
    log(instance=person, action="privacy.view", user=officer, title=f"{EMAIL} looked up")
    log(
        instance=submission,
        action="forms.view_submission",
        user=officer,
        data={"note": f"Dear {FIRST}"},
    )
    # The neighbour, whose address differs by one character.
    page = form_page("contact")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            page.url, valid_data(page, email=NEIGHBOUR, first_name="Anouk", last_name="Lemoine")
        )
    return person


# --- the registry ------------------------------------------------------------------------


def test_every_model_is_registered_or_declared_free():
    assert registry.unregistered_models() == []


def test_the_walk_catches_a_forgotten_model():
    from django.db import models
    from django.test.utils import isolate_apps

    with isolate_apps("privacy"):

        class Forgotten(models.Model):  # noqa: DJ008
            nickname = models.CharField(max_length=20)

            class Meta:
                app_label = "privacy"

        from privacy.registry import personal_data_fields

        assert personal_data_fields(Forgotten) == ["nickname"]


# --- finding -----------------------------------------------------------------------------


def test_search_by_normalized_email_and_by_name(client, officer, subject):
    client.force_login(officer)
    html = client.post(
        "/admin/privacy/people/", {"q": "  ZEPHYRINE.Quintal@Example.COM "}
    ).content.decode()
    assert f"/admin/privacy/people/{subject.pk}/" in html
    assert f">{NEIGHBOUR}<" not in html
    html = client.post("/admin/privacy/people/", {"q": "quintal-brouard"}).content.decode()
    # A query string is not a search: addresses never travel in URLs.
    assert (
        f"/admin/privacy/people/{subject.pk}/"
        not in client.get("/admin/privacy/people/", {"q": EMAIL}).content.decode()
    )
    assert f"/admin/privacy/people/{subject.pk}/" in html


@pytest.mark.parametrize(
    "query", ["zéphyrine", "ZEPHYRINE", "Zephyrine quintal-brouard", "quintal"]
)
def test_name_search_ignores_case_and_accents_on_every_database(query, subject):
    from privacy.people import people_search

    assert people_search(query=query) == [subject]
    assert people_search(query="Zéphyrine Lemoine") == []  # every word must match


def test_an_empty_name_is_not_the_word_none(subject):
    from privacy.people import people_search, person_names_refresh

    Submission.objects.filter(person=subject).update(answers={"first_name": None})
    person_names_refresh(person=subject)
    subject.refresh_from_db()
    assert subject.name_key == "" and people_search(query="none") == []


def test_name_search_follows_rectification(officer, subject):
    from privacy.people import people_search

    person_rectify(person=subject, user=officer, first_name="Zoé", last_name="Quintal")
    assert people_search(query="zoe quintal") == [subject]
    assert people_search(query="brouard") == []


def test_person_page_groups_by_category_and_is_logged(client, officer, subject):
    client.force_login(officer)
    html = client.get(f"/admin/privacy/people/{subject.pk}/").content.decode()
    assert "Contact us (en): 1" in html and "Demander une réparation (fr): 1" in html
    assert 'data-category="files"' in html and 'data-category="newsletter"' in html
    entry = PersonalDataLogEntry.objects.filter(action="privacy.view", user=officer).latest(
        "timestamp"
    )
    assert entry.data["subject"] == email_hmac(EMAIL)
    assert EMAIL not in json.dumps(entry.data) and EMAIL not in entry.label


# --- export ------------------------------------------------------------------------------


def exported(person) -> zipfile.ZipFile:
    buffer = io.BytesIO()
    person_export_write(person=person, target=buffer)
    buffer.seek(0)
    return zipfile.ZipFile(buffer)


def test_export_holds_everything_and_nothing_of_the_neighbour(subject):
    archive = exported(subject)
    data = json.loads(archive.read("data.json"))
    categories = data["categories"]
    mine = set(Submission.objects.filter(person=subject).values_list("reference", flat=True))
    assert {s["reference"] for s in categories["forms.submission"]} == mine
    assert len(categories["privacy.consent"]) == Consent.objects.filter(person=subject).count()
    assert categories["forms.subscription"][0]["status"] == "confirmed"
    assert categories["privacy.datarequest"][0]["kind"] == "erasure"
    assert len(categories["forms.submissionfile"]) == 2
    assert categories["privacy.person"][0]["email"] == EMAIL
    neighbour = Submission.objects.get(person__email=NEIGHBOUR).reference
    for name in archive.namelist():
        content = archive.read(name)
        assert NEIGHBOUR.encode() + b'"' not in content and neighbour.encode() not in content
        assert b"Anouk" not in content
    assert {n for n in archive.namelist() if n.startswith("csv/")} >= {
        "csv/forms-submission.csv",
        "csv/privacy-consent.csv",
        "csv/forms-subscription.csv",
    }


def test_export_csv_files_quote_every_field(subject):
    Submission.objects.filter(person=subject).update(form_title='x;=WEBSERVICE("http://e/")')
    archive = exported(subject)
    body = archive.read("csv/forms-submission.csv").decode("utf-8-sig")
    assert '"x;\'=WEBSERVICE(""http://e/"")"' in body
    for line in body.splitlines():
        assert line.startswith('"') and line.endswith('"'), line


def test_export_carries_the_original_files(subject):
    archive = exported(subject)
    cv = SubmissionFile.objects.get(submission__person=subject, field_name="cv")
    name = f"files/{cv.submission.reference}/cv-cv-zephyrine.pdf"
    assert archive.read(name) == cv.file.open("rb").read() == pdf_bytes(CV_MARK)


def test_export_summary_is_in_the_persons_language(subject):
    Submission.objects.filter(person=subject, kind="repair").update(submitted_at=timezone.now())
    html = exported(subject).read("summary.html").decode()
    assert '<html lang="fr">' in html
    assert "Vos données personnelles détenues par Tevenn Devices" in html
    assert "Service de réparation" in html and "États-Unis" in html
    assert "Base légale" in html and "Combien de temps" in html
    assert "<li>Formulaires que vous avez envoyés: 3</li>" in html
    assert "Consent #" not in html and "submissions:" not in html
    assert "privacy@tevenn.example" in html and "Tevenn Devices SAS" in html


def test_export_from_the_admin_runs_in_the_background_with_an_expiring_link(
    client, officer, subject, django_capture_on_commit_callbacks
):
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/privacy/people/{subject.pk}/export/")
    export = PersonExport.objects.get()
    assert response["Location"] == f"/admin/privacy/exports/{export.token}/"
    html = client.get(response["Location"]).content.decode()
    link = html.split('href="/admin/privacy/exports/download/?token=', 1)[1].split('"', 1)[0]
    download = client.get("/admin/privacy/exports/download/", {"token": link})
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))).testzip()
    assert (
        client.get("/admin/privacy/exports/download/", {"token": link[:-2] + "xx"}).status_code
        == 404
    )
    PersonExport.objects.update(expires_at=timezone.now())
    assert client.get("/admin/privacy/exports/download/", {"token": link}).status_code == 404
    export.file.delete(save=False)


# --- erasure -----------------------------------------------------------------------------


def scan_database(needles: list[str]) -> list[str]:
    """Every value of every column of every table, looked at as text."""
    hits = []
    # JSON columns may keep non-ASCII letters escaped (SQLite): look for both forms.
    lowered = {n.lower() for needle in needles for n in (needle, json.dumps(needle)[1:-1])}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, bytes | memoryview):
                        value = bytes(value).decode("utf-8", "ignore")
                    text = str(value).lower()
                    for needle in lowered:
                        if needle in text:
                            hits.append(f"{table}: {needle}")
    return hits


def scan_files(needles: list[str]) -> list[str]:
    hits = []
    roots = [Path(settings.MEDIA_ROOT), Path(storages["private"].location)]
    for root in roots:
        for path in root.rglob("*") if root.exists() else []:
            if path.is_file():
                content = path.read_bytes()
                if zipfile.is_zipfile(path):
                    with zipfile.ZipFile(path) as archive:
                        content += b"".join(archive.read(name) for name in archive.namelist())
                for needle in needles:
                    if needle.encode() in content:
                        hits.append(f"{path.name}: {needle}")
    return hits


def test_erasure_leaves_nothing_anywhere(
    client, officer, subject, django_capture_on_commit_callbacks
):
    assert scan_database(NEEDLES)  # the scan finds them before...
    assert scan_files([CV_MARK, LETTER_MARK])
    client.force_login(officer)
    page = client.get(f"/admin/privacy/people/{subject.pk}/erase/").content.decode()
    assert 'data-erase="submissions"' in page and 'data-erase="files"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/privacy/people/{subject.pk}/erase/",
            {"request_reference": DataRequest.objects.get().reference, "confirm": "on"},
        )
    assert response.status_code == 302
    assert scan_database(NEEDLES) == []  # ...and nowhere after.
    assert scan_files(NEEDLES) == []
    receipt = ErasureReceipt.objects.get()
    assert receipt.email_hmac == email_hmac(EMAIL) and receipt.actor == officer
    assert receipt.counts["submissions"] == 3 and receipt.counts["files"] == 2
    assert receipt.counts["person"] == 1 and receipt.files_pending == 0
    assert DataRequest.objects.get().status == "done"  # kept, anonymised
    assert Person.objects.filter(email=NEIGHBOUR).exists()
    assert Submission.objects.filter(person__email=NEIGHBOUR).count() == 1
    entry = PersonalDataLogEntry.objects.get(action="privacy.erase")
    assert entry.user == officer and entry.data["subject"] == email_hmac(EMAIL)


def test_a_reason_naming_the_person_is_not_copied_into_the_receipt(officer, subject):
    repair = Submission.objects.get(person=subject, kind="repair")
    repair.hold_reason = f"Repair of {FIRST} {LAST}'s device in progress"
    repair.save()
    receipt = person_erase(person=subject, user=officer)
    assert receipt.retained["submissions"] == {"Repair of [erased]'s device in progress": 1}


def test_erasure_keeps_the_address_off_the_newsletter(officer, subject):
    from forms.models import NewsletterSuppression

    person_erase(person=subject, user=officer)
    assert NewsletterSuppression.objects.filter(email_hmac=email_hmac(EMAIL)).exists()
    assert not Subscription.objects.exists()


def test_erasure_refuses_a_reference_that_is_not_this_persons_request(client, officer, subject):
    other = data_request_create(person=None, email=NEIGHBOUR, kind="erasure", language="en")
    client.force_login(officer)
    response = client.post(
        f"/admin/privacy/people/{subject.pk}/erase/",
        {"request_reference": other.reference, "confirm": "on"},
    )
    assert response.status_code == 200
    assert "This is not an erasure request of this person." in response.content.decode()
    with translation.override("fr"):
        assert _("This is not an erasure request of this person.") == (
            "Ce n’est pas une demande d’effacement de cette personne."
        )
    assert Submission.objects.filter(person=subject).count() == 3
    assert ErasureReceipt.objects.count() == 0


def test_files_that_could_not_be_deleted_are_retried(
    officer, subject, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    paths = [Path(f.file.path) for f in SubmissionFile.objects.filter(submission__person=subject)]
    storage = storages["private"]
    with (
        mock.patch.object(type(storage), "delete", side_effect=OSError("storage offline")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        receipt = person_erase(person=subject, user=officer)
    receipt.refresh_from_db()
    assert receipt.files_pending == 2 and all(path.exists() for path in paths)
    assert not any(CV_MARK in name or "zephyrine" in name for name in receipt.pending_files)
    out = io.StringIO()
    call_command("retry_erasure_files", stdout=out)
    receipt.refresh_from_db()
    assert receipt.files_pending == 0 and receipt.pending_files == []
    assert not any(path.exists() for path in paths)
    assert "0 files still to delete" in out.getvalue()


def test_audit_log_scrub_replaces_whole_words_and_keeps_the_structure(officer, subject):
    from privacy.people import _scrub_text, audit_log_scrub

    submission = Submission.objects.filter(person=subject).first()
    log(
        instance=submission,
        action="forms.view_submission",
        user=officer,
        data={"notes": [f"Annual review with {LAST}", {"who": LAST, "count": 3}]},
    )
    audit_log_scrub(terms=[LAST])
    entry = PersonalDataLogEntry.objects.filter(action="forms.view_submission").latest("pk")
    assert entry.data["notes"][0] == "Annual review with [erased]"
    assert _scrub_text(f"{LAST}_CV.pdf, {LAST}2", [LAST]) == "[erased]_CV.pdf, [erased]2"
    assert entry.data["notes"][1] == {"who": "[erased]", "count": 3}


def test_items_kept_and_why(client, officer, subject):
    repair = Submission.objects.get(person=subject, kind="repair")
    repair.hold_reason = "Repair in progress (open contract)"
    repair.save()
    client.force_login(officer)
    html = client.get(f"/admin/privacy/people/{subject.pk}/erase/").content.decode()
    assert f"{repair.reference} — Repair in progress (open contract)" in html
    receipt = person_erase(person=subject, user=officer)
    assert Submission.objects.filter(pk=repair.pk).exists()
    assert Person.objects.filter(pk=subject.pk).exists()  # the kept request needs it
    assert receipt.retained["submissions"] == {"Repair in progress (open contract)": 1}
    # Erasing twice is harmless.
    again = person_erase(person=subject, user=officer)
    assert again.counts == {} and Submission.objects.filter(pk=repair.pk).exists()


def test_a_failure_half_way_erases_nothing(officer, subject, django_capture_on_commit_callbacks):
    before = scan_database([EMAIL])
    files_before = scan_files([CV_MARK])
    source = registry.sources["privacy.datarequest"]
    with (
        mock.patch.dict(
            registry.sources,
            {"privacy.datarequest": type(source)(**{**source.__dict__, "erase": _boom})},
        ),
        pytest.raises(RuntimeError),
        django_capture_on_commit_callbacks(execute=True),
    ):
        person_erase(person=subject, user=officer)
    assert scan_database([EMAIL]) == before
    assert scan_files([CV_MARK]) == files_before
    assert Submission.objects.filter(person=subject).count() == 3
    assert ErasureReceipt.objects.count() == 0


def _boom(queryset):
    raise RuntimeError("disk full")


def test_replay_after_a_restore_erases_again_but_keeps_what_came_later(
    client, officer, subject, django_capture_on_commit_callbacks
):
    from django.core import serializers

    rows = [
        *Submission.objects.filter(person=subject),
        *Consent.objects.filter(person=subject),
    ]
    backup = serializers.serialize("json", [subject, *rows])
    with django_capture_on_commit_callbacks(execute=True):
        receipt = person_erase(person=subject, user=officer)
    assert not Person.objects.filter(email=EMAIL).exists()
    # The restore: the database as it was before the erasure, so without its receipt
    # nor the suppression of the address. The journal, kept apart, remembers them.
    ErasureReceipt.objects.all().delete()
    for obj in serializers.deserialize("json", backup):
        obj.save()
    journal = Path(settings.PRIVACY_JOURNAL).read_text()
    assert receipt.reference in journal and email_hmac(EMAIL) in journal
    assert not any(needle.lower() in journal.lower() for needle in NEEDLES)
    later = form_page("support")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(later.url, valid_data(later, email=EMAIL))
    out = io.StringIO()
    from django.core.management import call_command

    call_command("replay_erasures", stdout=out)
    assert "1 erasures replayed, " in out.getvalue()
    restored = ErasureReceipt.objects.get(reference=receipt.reference)
    assert restored.email_hmac == email_hmac(EMAIL)
    assert restored.erased_at == receipt.erased_at
    replayed = ErasureReceipt.objects.exclude(pk=restored.pk).get()
    assert replayed.counts["submissions"] == 3
    assert erasures_replay() == []  # twice is harmless: nothing more, no new receipt
    assert ErasureReceipt.objects.count() == 2
    remaining = Submission.objects.filter(person__email=EMAIL)
    assert [s.kind for s in remaining] == ["support"]  # sent after the erasure


def test_a_reference_given_again_after_the_restore_does_not_hide_a_lost_erasure(
    officer, subject, django_capture_on_commit_callbacks
):
    from django.core import serializers

    backup = serializers.serialize("json", [subject, *Submission.objects.filter(person=subject)])
    with django_capture_on_commit_callbacks(execute=True):
        lost = person_erase(person=subject, user=officer)
    ErasureReceipt.objects.all().delete()  # the restore
    for obj in serializers.deserialize("json", backup):
        obj.save()
    neighbour = Person.objects.get(email=NEIGHBOUR)
    with django_capture_on_commit_callbacks(execute=True):
        other = person_erase(person=neighbour, user=officer)  # before the replay
    assert other.reference == lost.reference  # the number was free again
    erasures_replay()
    assert ErasureReceipt.objects.filter(email_hmac=email_hmac(EMAIL)).count() == 2
    assert not Submission.objects.filter(person__email=EMAIL).exists()


def test_a_journal_that_could_not_be_written_is_caught_up(
    officer, subject, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    with (
        mock.patch("privacy.journal.journal_append", side_effect=OSError("read-only")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        receipt = person_erase(person=subject, user=officer)
    receipt.refresh_from_db()
    assert receipt.journaled is False
    assert not Path(settings.PRIVACY_JOURNAL).exists()
    out = io.StringIO()
    call_command("sync_privacy_journal", stdout=out)
    receipt.refresh_from_db()
    assert receipt.journaled is True
    journal = Path(settings.PRIVACY_JOURNAL).read_text()
    assert receipt.reference in journal and '"kind": "unsubscribe"' in journal
    assert "0 still missing" in out.getvalue()


# --- rectification and requests ----------------------------------------------------------


def test_rectify_email_and_name_everywhere(officer, subject):
    person = person_rectify(
        person=subject, user=officer, email="Z.Quintal@example.org", last_name="Quintal"
    )
    assert person.email == "z.quintal@example.org"
    assert person.email_hmac == email_hmac("z.quintal@example.org")
    for submission in Submission.objects.filter(person=person):
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


# --- permissions: every privacy admin URL, allowed / denied / anonymous ------------------


def privacy_urls(person, receipt, export):
    return [
        "/admin/privacy/people/",
        f"/admin/privacy/people/{person.pk}/",
        f"/admin/privacy/people/{person.pk}/erase/",
        f"/admin/privacy/people/{person.pk}/rectify/",
        f"/admin/privacy/exports/{export.token}/",
        "/admin/privacy/exports/download/?token=x",
        "/admin/privacy/requests/",
        "/admin/privacy/receipts/",
        f"/admin/privacy/receipts/{receipt.pk}/",
        "/admin/privacy/cookie-choices/",
    ]


@pytest.fixture
def objects(officer):
    person = PersonFactory(email="perm@example.com")
    receipt = ErasureReceipt.objects.create(reference="ER-2026-9999", email_hmac="x")
    export = PersonExport.objects.create(person=person, expires_at=timezone.now())
    return person, receipt, export


@pytest.mark.parametrize("group", ["Support", "HR", "Marketing", "Editors", "Moderators"])
def test_privacy_urls_denied_to_other_staff(client, django_user_model, objects, group):
    client.force_login(staff(django_user_model, "someone", group))
    for url in privacy_urls(*objects):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert b"perm@example.com" not in response.content
    response = client.post(f"/admin/privacy/people/{objects[0].pk}/erase/", {"confirm": "on"})
    assert response.status_code in (302, 403)
    assert Person.objects.filter(pk=objects[0].pk).exists()


def privacy_posts(person):
    request = data_request_create(person=person, email=person.email, kind="access", language="en")
    return [
        (f"/admin/privacy/people/{person.pk}/export/", {}),
        (f"/admin/privacy/people/{person.pk}/rectify/", {"email": "x@example.com"}),
        (f"/admin/privacy/people/{person.pk}/erase/", {"confirm": "on"}),
        ("/admin/privacy/requests/", {"extend": request.pk}),
        ("/admin/privacy/people/", {"q": person.email}),
    ], request


@pytest.mark.parametrize("who", ["support", "anonymous"])
def test_privacy_posts_denied_change_nothing(client, django_user_model, objects, who):
    person = objects[0]
    posts, request = privacy_posts(person)
    if who == "support":
        client.force_login(staff(django_user_model, "someone", "Support"))
    for url, data in posts:
        response = client.post(url, data)
        assert response.status_code in (302, 403), url
        assert person.email.encode() not in response.content
        if who == "anonymous":
            assert "/admin/login/" in response["Location"]
    person.refresh_from_db()
    assert person.email == "perm@example.com"
    assert PersonExport.objects.count() == 1  # the fixture's only
    assert DataRequest.objects.get(pk=request.pk).deadline == request.deadline


def test_privacy_posts_allowed_to_the_privacy_officer(
    client, officer, objects, django_capture_on_commit_callbacks
):
    person = objects[0]
    posts, request = privacy_posts(person)
    client.force_login(officer)
    export_url = posts[0][0]
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(export_url).status_code == 302
    assert PersonExport.objects.count() == 2
    assert client.post("/admin/privacy/requests/", {"extend": request.pk}).status_code == 302
    assert DataRequest.objects.get(pk=request.pk).deadline > request.deadline
    assert client.post("/admin/privacy/people/", {"q": person.email}).status_code == 200
    rectify_url, data = posts[1]
    assert client.post(rectify_url, data).status_code == 302
    assert Person.objects.filter(email="x@example.com").exists()


def test_the_privacy_scope_is_everything_or_nothing(django_user_model, officer, objects):
    from privacy.selectors import personal_data_for_user

    support = staff(django_user_model, "support", "Support")
    assert personal_data_for_user(officer, Person).count() == Person.objects.count() > 0
    assert personal_data_for_user(support, Person).count() == 0
    officer.is_active = False
    assert personal_data_for_user(officer, ErasureReceipt).count() == 0


def test_privacy_urls_denied_to_anonymous(client, objects):
    for url in privacy_urls(*objects):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], url


def test_privacy_urls_allowed_to_the_privacy_officer(client, officer, objects):
    client.force_login(officer)
    for url in privacy_urls(*objects):
        expected = 404 if "download" in url else 200
        assert client.get(url).status_code == expected, url


def test_privacy_menu_only_for_the_privacy_officer(client, django_user_model, officer):
    client.force_login(staff(django_user_model, "support", "Support"))
    assert "/admin/privacy/people/" not in client.get("/admin/").content.decode()
    client.force_login(officer)
    assert "/admin/privacy/people/" in client.get("/admin/").content.decode()


def test_expired_exports_are_deleted_with_their_file(
    subject, django_capture_on_commit_callbacks, officer
):
    from django.core.management import call_command

    from privacy.people import person_export_start

    with django_capture_on_commit_callbacks(execute=True):
        export = person_export_start(person=subject, user=officer)
    export.refresh_from_db()
    path = Path(export.file.path)
    assert path.exists()
    call_command("purge_expired_exports", stdout=io.StringIO())
    assert path.exists()  # still valid
    PersonExport.objects.update(expires_at=timezone.now())
    call_command("purge_expired_exports", stdout=io.StringIO())
    assert not path.exists() and PersonExport.objects.count() == 0
    entry = PersonalDataLogEntry.objects.get(action="privacy.purge")
    assert entry.data == {"subject": email_hmac(EMAIL), "what": "expired export"}
