"""Private storage on S3-compatible object storage (corpsite.base.object_storage),
against a local moto server: visitors' files and exports live in the bucket, private,
with no public address, served only by the views that check the user's rights, and
erased from the bucket."""

import io
import zipfile

import pytest
from django.core.files.storage import storages

from forms.models import SubmissionFile
from privacy.models import PersonExport
from privacy.people.erasure import person_erase
from privacy.people.export import exports_purge_expired
from tests.forms.conftest import pdf_bytes, upload

pytestmark = pytest.mark.django_db

CV = pdf_bytes("CV kept in the bucket")


def test_a_visitors_file_is_a_private_object_served_by_the_checked_view_only(
    client, hr, support, make_submission, s3_bucket
):
    submission = make_submission("application", cv=upload("cv-ana.pdf", CV))
    stored = submission.files.get(field_name="cv")
    key = f"private/{stored.file.name}"
    assert s3_bucket.keys("private/submissions/") == [key]
    assert s3_bucket.client.get_object(Bucket=s3_bucket.name, Key=key)["Body"].read() == CV
    # Not publicly addressable: no grant to everyone, an anonymous GET is refused,
    # and the storage gives no URL, signed or not.
    grants = s3_bucket.client.get_object_acl(Bucket=s3_bucket.name, Key=key)["Grants"]
    assert not [g for g in grants if "AllUsers" in g["Grantee"].get("URI", "")]
    assert s3_bucket.anonymous_get(key) == 403
    with pytest.raises(ValueError, match="no URL"):
        storages["private"].url(stored.file.name)

    url = f"/admin/submissions/{submission.pk}/files/{stored.pk}/"
    client.force_login(hr)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == CV
    assert response["Content-Disposition"].startswith("attachment;")
    client.force_login(support)  # another purpose's file
    assert client.get(url).status_code == 403
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_an_erasure_deletes_the_objects_after_commit_and_journals_in_the_bucket(
    officer, make_submission, s3_bucket, django_capture_on_commit_callbacks
):
    submission = make_submission("application", cv=upload("cv-ana.pdf", CV))
    key = f"private/{submission.files.get(field_name='cv').file.name}"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        receipt = person_erase(person=submission.person, user=officer)
    assert s3_bucket.keys(key) == [key]  # nothing deleted before the commit
    for callback in callbacks:
        callback()
    assert s3_bucket.keys("private/") == []
    assert not SubmissionFile.objects.exists()
    receipt.refresh_from_db()
    assert receipt.files_pending == 0 and receipt.journaled is True
    (entry,) = s3_bucket.keys("privacy-journal/entries/")
    body = s3_bucket.client.get_object(Bucket=s3_bucket.name, Key=entry)["Body"].read()
    assert receipt.reference.encode() in body and b"ana.martin" not in body
    assert s3_bucket.anonymous_get(entry) == 403


def test_an_export_is_written_to_and_read_from_the_bucket(
    client, officer, make_submission, s3_bucket, django_capture_on_commit_callbacks
):
    submission = make_submission("application", cv=upload("cv-ana.pdf", CV))
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/privacy/people/{submission.person.pk}/export/")
    export = PersonExport.objects.get()
    assert export.status == PersonExport.Status.READY
    key = f"private/{export.file.name}"
    assert s3_bucket.keys("private/exports/") == [key]
    assert s3_bucket.anonymous_get(key) == 403

    html = client.get(response["Location"]).content.decode()
    token = html.split('href="/admin/privacy/exports/download/?token=', 1)[1].split('"', 1)[0]
    download = client.get("/admin/privacy/exports/download/", {"token": token})
    assert download.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert archive.read(f"files/{submission.reference}/cv-cv-ana.pdf") == CV
    client.logout()
    refused = client.get("/admin/privacy/exports/download/", {"token": token})
    assert refused.status_code == 302 and "/admin/login/" in refused["Location"]

    PersonExport.objects.update(expires_at=export.created_at)
    assert exports_purge_expired() == 1
    assert s3_bucket.keys("private/exports/") == []
