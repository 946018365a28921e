"""A copy of everything held about a person (privacy.people.export, privacy.people.archive)."""

import io
import json
import zipfile
from pathlib import Path

import pytest
from django.utils import timezone

from forms.models import Submission, SubmissionFile
from privacy.models import Consent, PersonalDataLogEntry, PersonExport, email_hmac
from tests.forms.conftest import pdf_bytes
from tests.privacy.people.conftest import CV_MARK, EMAIL, NEIGHBOUR, exported

pytestmark = pytest.mark.django_db


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


def test_expired_exports_are_deleted_with_their_file(
    subject, django_capture_on_commit_callbacks, officer
):
    from django.core.management import call_command

    from privacy.people.export import person_export_start

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
