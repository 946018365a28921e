"""Staff see the submissions of their purposes only; exports escape formulas."""

import csv
import io

import pytest
from openpyxl import load_workbook

from forms.models import Submission
from tests.forms.conftest import docx_bytes, form_page, upload, valid_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def submissions(make_submission, outbox, new_files):
    """One support ticket, one repair, one application (with files), one contact."""
    letter = upload("letter.docx", docx_bytes())
    return {
        "support": make_submission("support"),
        "repair": make_submission("repair"),
        "application": make_submission("application", cover_letter=letter),
        "contact": make_submission("contact"),
    }


def download(response) -> bytes:
    """The body of an export (Wagtail streams CSV and serves XLSX as a file)."""
    return b"".join(response.streaming_content)


def listed(client) -> set[str]:
    html = client.get("/admin/submissions/").content.decode()
    return {ref for ref in Submission.objects.values_list("reference", flat=True) if ref in html}


def test_support_sees_support_and_repairs_only(client, support, submissions):
    client.force_login(support)
    assert listed(client) == {submissions["support"].reference, submissions["repair"].reference}


def test_hr_sees_applications_only(client, hr, submissions):
    client.force_login(hr)
    assert listed(client) == {submissions["application"].reference}


def test_privacy_officer_sees_everything(client, officer, submissions):
    client.force_login(officer)
    assert listed(client) == {s.reference for s in submissions.values()}


def test_inspect_allowed_and_denied(client, support, hr, submissions):
    url = f"/admin/submissions/{submissions['support'].pk}/"
    client.force_login(support)
    response = client.get(url)
    assert response.status_code == 200
    assert "The screen stays black after the update." in response.content.decode()
    client.force_login(hr)
    assert client.get(url).status_code == 403  # another purpose's submission
    assert client.get("/admin/submissions/999999/").status_code == 404


def test_editors_and_anonymous_get_nothing(client, editor, submissions):
    url = f"/admin/submissions/{submissions['support'].pk}/"
    client.force_login(editor)
    for path in ("/admin/submissions/", url):
        response = client.get(path)
        assert response.status_code in (302, 403)
        assert b"TR8-2025-004512" not in response.content
    assert "Submissions" not in client.get("/admin/").content.decode()
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_file_download_allowed_as_attachment(client, hr, submissions):
    stored = submissions["application"].files.get(field_name="cv")
    client.force_login(hr)
    response = client.get(f"/admin/submissions/{stored.submission_id}/files/{stored.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


def test_file_download_denied_to_another_purpose(client, support, submissions):
    stored = submissions["application"].files.get(field_name="cv")
    client.force_login(support)
    assert (
        client.get(f"/admin/submissions/{stored.submission_id}/files/{stored.pk}/").status_code
        == 403
    )
    # Nor through another submission's id that support may see.
    other = submissions["support"].pk
    assert client.get(f"/admin/submissions/{other}/files/{stored.pk}/").status_code == 403


def test_files_are_never_served_publicly(client, submissions, settings):
    stored = submissions["application"].files.get(field_name="cv")
    assert client.get(f"/media/{stored.file.name}").status_code == 404
    assert client.get(f"/{stored.file.name}").status_code == 404


def test_export_csv_escapes_formulas(client, submit, support, outbox):
    page = form_page("support")
    submit(
        page,
        valid_data(
            page,
            description='=HYPERLINK("http://evil.example","x")',
            company="+cmd",
            serial_number="@SUM(A1)",
            last_name="-2+3",
        ),
    )
    submission = Submission.objects.get()
    client.force_login(support)
    response = client.get("/admin/submissions/", {"form_key": submission.form_key, "export": "csv"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    rows = list(csv.reader(io.StringIO(download(response).decode("utf-8-sig"))))
    cells = rows[1]
    assert '\'=HYPERLINK("http://evil.example","x")' in cells
    assert "'+cmd" in cells and "'@SUM(A1)" in cells and "'-2+3" in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


@pytest.mark.parametrize("delimiter", [";", ","])
def test_export_csv_quotes_every_field_whatever_the_separator(
    client, submit, support, outbox, delimiter
):
    page = form_page("support")
    submit(page, valid_data(page, description='x;=WEBSERVICE("http://e/")', company="x,=1+1"))
    submission = Submission.objects.get()
    client.force_login(support)
    response = client.get("/admin/submissions/", {"form_key": submission.form_key, "export": "csv"})
    body = download(response).decode("utf-8-sig")
    assert '"x;\'=WEBSERVICE(""http://e/"")"' in body
    assert all(line.startswith('"') and line.endswith('"') for line in body.splitlines())
    rows = list(csv.reader(io.StringIO(body), delimiter=delimiter))
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_export_xlsx_escapes_formulas(client, submit, support, outbox):
    page = form_page("support", "fr")
    submit(page, valid_data(page, description="=1+1\tx"))
    submission = Submission.objects.get()
    client.force_login(support)
    response = client.get(
        "/admin/submissions/", {"form_key": submission.form_key, "export": "xlsx"}
    )
    sheet = load_workbook(io.BytesIO(download(response))).active
    values = [cell for row in sheet.iter_rows() for cell in row]
    assert any(cell.value == "'=1+1\tx" for cell in values)
    assert all(cell.data_type == "s" for cell in values if cell.value)


def test_export_covers_every_language_of_a_form(client, submit, support, outbox):
    for language in ("en", "fr"):
        page = form_page("support", language)
        submit(page, valid_data(page))
    key = form_page("support").translation_key
    client.force_login(support)
    response = client.get("/admin/submissions/", {"form_key": key, "export": "csv"})
    body = download(response).decode("utf-8-sig")
    assert body.count("S-") == 2
    listing = client.get("/admin/submissions/", {"form_key": key}).content.decode()
    assert all(ref in listing for ref in Submission.objects.values_list("reference", flat=True))


def test_export_denied_for_another_purpose(client, hr, submissions):
    client.force_login(hr)
    response = client.get(
        "/admin/submissions/", {"form_key": submissions["support"].form_key, "export": "csv"}
    )
    assert response.status_code == 404


def test_views_are_in_the_audit_log_without_personal_data(client, officer, submissions):
    from privacy.models import PersonalDataLogEntry

    submission = submissions["application"]
    client.force_login(officer)
    client.get(f"/admin/submissions/{submission.pk}/")
    stored = submission.files.first()
    client.get(f"/admin/submissions/{submission.pk}/files/{stored.pk}/")
    entries = PersonalDataLogEntry.objects.filter(object_id=str(submission.pk))
    assert {e.action for e in entries} >= {"forms.view_submission", "forms.download_file"}
    for entry in entries:
        assert entry.user == officer
        assert entry.label == str(submission)
        for value in ("Martin", "ana.martin", "cv-ana"):
            assert value not in entry.label and value not in str(entry.data)


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+33 6 12", "'+33 6 12"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=cmd", "'\t=cmd"),
        ("\r=cmd", "'\r=cmd"),
        ("Plain text = fine", "Plain text = fine"),
        (None, ""),
    ],
)
def test_every_formula_trigger_is_escaped(value, cell):
    from corpsite.base.spreadsheets import spreadsheet_safe

    assert spreadsheet_safe(value) == cell


# --- closing a case (the end of the contract starts its retention) ----------------------


def close_url(submission, action: str = "close") -> str:
    return f"/admin/submissions/{submission.pk}/{action}/"


def test_support_closes_and_reopens_its_case(client, support, submissions):
    ticket = submissions["support"]
    assert ticket.retention_deadline is None
    client.force_login(support)
    page = client.get(f"/admin/submissions/{ticket.pk}/").content.decode()
    assert "Close case" in page and close_url(ticket) in page

    response = client.post(close_url(ticket))
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.contract_ended_at is not None and ticket.contract_closed_by == support
    assert ticket.retention_deadline is not None
    assert "Reopen the case" in client.get(f"/admin/submissions/{ticket.pk}/").content.decode()

    assert client.post(close_url(ticket, "reopen")).status_code == 302
    ticket.refresh_from_db()
    assert ticket.contract_ended_at is None and ticket.contract_closed_by is None
    assert ticket.retention_deadline is None


def test_closing_is_audit_logged_without_personal_data(client, officer, submissions):
    from privacy.models import PersonalDataLogEntry

    repair = submissions["repair"]
    client.force_login(officer)
    client.post(close_url(repair))
    client.post(close_url(repair, "reopen"))
    entries = PersonalDataLogEntry.objects.filter(
        object_id=str(repair.pk), action__in=["forms.close_case", "forms.reopen_case"]
    )
    assert sorted(e.action for e in entries) == ["forms.close_case", "forms.reopen_case"]
    for entry in entries:
        assert entry.user == officer and entry.label == str(repair)
        for value in ("Martin", "ana.martin", "TR8-2025-004512"):
            assert value not in entry.label and value not in str(entry.data)


def test_another_purposes_staff_get_403_and_nothing_changes(client, hr, sales, submissions):
    ticket = submissions["support"]
    for user in (hr, sales):
        client.force_login(user)
        assert client.post(close_url(ticket)).status_code == 403
        assert client.post(close_url(ticket, "reopen")).status_code == 403
    ticket.refresh_from_db()
    assert ticket.contract_ended_at is None
    page = client.get(f"/admin/submissions/{submissions['application'].pk}/").content.decode()
    assert "Close case" not in page  # hr's own application is no case


def test_editors_and_anonymous_cannot_close(client, editor, submissions):
    ticket = submissions["support"]
    client.force_login(editor)
    assert client.post(close_url(ticket)).status_code in (302, 403)
    client.logout()
    response = client.post(close_url(ticket))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    ticket.refresh_from_db()
    assert ticket.contract_ended_at is None


def test_only_cases_close_and_only_by_post(client, sales, support, submissions):
    client.force_login(sales)
    contact = submissions["contact"]  # prospects: counted from the last contact
    assert client.post(close_url(contact)).status_code == 404
    contact.refresh_from_db()
    assert contact.contract_ended_at is None
    client.force_login(support)
    assert client.get(close_url(submissions["support"])).status_code == 405
    assert client.post("/admin/submissions/999999/close/").status_code == 404
