"""Admin screens of the registry and the policies, with their permission pairs."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from privacy.models import PolicyVersion, Purpose
from tests.privacy.conftest import replace_paragraph

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/snippets/privacy/purpose/add/?locale=en"


def purpose_form(**overrides) -> dict:
    from django.contrib.auth.models import Group

    data = {
        "name": "Trade fair invitations",
        "key": "events",
        "description": "Inviting customers to our stands.",
        "legal_basis": "legitimate_interest",
        "legitimate_interest": "Meeting our customers.",
        "consent_wording": "",
        "withdrawal_wording": "",
        "data_subjects": "Customers",
        "data_categories": "Identity, email",
        "recipients": "Sales team",
        "transfer_destination": "",
        "transfer_safeguard": "",
        "retention_value": "1",
        "retention_unit": "years",
        "retention_event": "last_contact",
        "repermission_days": "30",
        "staff_group": str(Group.objects.get(name="Sales").pk),
    }
    data.update(overrides)
    return data


def test_privacy_officer_adds_a_purpose(client, officer):
    client.force_login(officer)
    response = client.post(ADD_URL, purpose_form())
    assert response.status_code == 302
    assert Purpose.objects.get(key="events").retention_display() == (
        "1 year from the last contact from the person"
    )


def test_editor_cannot_add_a_purpose(client, editor):
    """Creating a purpose decides who reads its data: the privacy officer's call."""
    client.force_login(editor)
    assert client.get(ADD_URL).status_code in (302, 403)
    assert client.post(ADD_URL, purpose_form()).status_code in (302, 403)
    assert not Purpose.objects.filter(key="events").exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"retention_value": "-2"}, "Ensure this value is greater than or equal to"),
        ({"legal_basis": ""}, "This field is required."),
        ({"retention_value": ""}, "Give a retention duration"),
        (
            {"legal_basis": "consent", "consent_wording": "I agree."},
            "must say how consent is withdrawn",
        ),
    ],
)
def test_bad_input_in_the_admin_gets_a_clear_error_and_saves_nothing(
    client, officer, overrides, message
):
    client.force_login(officer)
    before = Purpose.objects.count()
    response = client.post(ADD_URL, purpose_form(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Purpose.objects.count() == before


def test_bad_input_in_french_admin_is_translated(client, officer):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(officer)
    profile.preferred_language = "fr"
    profile.save()
    client.force_login(officer)
    response = client.post(ADD_URL, purpose_form(retention_value=""))
    assert "Indiquez une durée de conservation" in response.content.decode()


def test_support_staff_cannot_edit_the_registry(client, support):
    client.force_login(support)
    assert client.get(ADD_URL).status_code in (302, 403)
    assert client.post(ADD_URL, purpose_form()).status_code in (302, 403)
    assert not Purpose.objects.filter(key="events").exists()


# --- record of processing (Art. 30) -------------------------------------------------

RECORD_URL = "/admin/privacy/record-of-processing/"


def body(response) -> str:
    """The text of a response, streamed (Wagtail's spreadsheet export) or not."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8-sig")


def test_record_of_processing_csv_contains_every_purpose_with_its_retention(client, editor):
    client.force_login(editor)
    response = client.get(RECORD_URL, {"export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(body(response))))
    by_name = {row["Purpose"]: row for row in rows}
    assert len(rows) == Purpose.objects.filter(locale__language_code="en").count()
    assert by_name["Prospects and project requests"]["Retention"] == (
        "3 years from the last contact from the person"
    )
    assert by_name["Newsletter"]["Legal basis"] == "Consent"
    assert by_name["Repair service"]["Transfers outside the EU"].startswith("United States")


def test_record_of_processing_in_french(client, editor):
    client.force_login(editor)
    response = client.get(RECORD_URL, {"export": "csv", "language": "fr"})
    rows = list(csv.DictReader(io.StringIO(body(response))))
    assert {row["Finalité"] for row in rows} >= {"Recrutement", "Lettre d'information"}
    html = client.get(RECORD_URL, {"language": "fr"}).content.decode()
    assert "Registre des activités de traitement" in html
    assert "2 ans à compter du dernier contact" in html


def test_record_of_processing_printable_page(client, editor):
    client.force_login(editor)
    html = client.get(RECORD_URL).content.decode()
    assert "Record of processing activities (GDPR Article 30)" in html
    assert "Tevenn Devices SAS" in html
    purposes = list(Purpose.objects.filter(locale__language_code="en"))
    assert purposes
    for purpose in purposes:
        assert purpose.name in html


def test_record_of_processing_escapes_spreadsheet_formulas(client, editor, purpose_prospects_en):
    purpose_prospects_en.name = '=HYPERLINK("http://evil.example","Click")'
    purpose_prospects_en.save()
    client.force_login(editor)
    text = body(client.get(RECORD_URL, {"export": "csv"}))
    assert "'=HYPERLINK(" in text
    assert "\n=HYPERLINK(" not in text and ",=HYPERLINK(" not in text


@pytest.mark.parametrize("delimiter", [";", ","])
def test_record_of_processing_csv_is_formula_safe_whatever_the_separator(
    client, editor, purpose_prospects_en, delimiter
):
    purpose_prospects_en.name = 'x;=WEBSERVICE("http://e/")'
    purpose_prospects_en.save()
    client.force_login(editor)
    text = body(client.get(RECORD_URL, {"export": "csv"}))
    assert '"x;\'=WEBSERVICE(""http://e/"")"' in text
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_record_of_processing_xlsx_keeps_formulas_as_text(client, editor, purpose_prospects_en):
    """Wagtail's XLSX export keeps a formula live; the record escapes it as in the CSV."""
    from openpyxl import load_workbook

    purpose_prospects_en.name = '=HYPERLINK("http://evil.example","Click")'
    purpose_prospects_en.save()
    client.force_login(editor)
    response = client.get(RECORD_URL, {"export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    names = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert '\'=HYPERLINK("http://evil.example","Click")' in names
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_record_of_processing_denied_to_staff_without_the_permission(client, support):
    client.force_login(support)
    response = client.get(RECORD_URL, {"export": "csv"})
    assert response.status_code in (302, 403)
    assert "Prospects" not in body(response)


def test_record_of_processing_denied_to_anonymous(client):
    response = client.get(RECORD_URL)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


# --- publishing a new version ------------------------------------------------------


def new_version_url(page) -> str:
    return f"/admin/privacy/policies/{page.pk}/new-version/"


def test_editor_publishes_a_new_version_from_the_admin(client, editor, privacy_en, privacy_fr):
    client.force_login(editor)
    replace_paragraph(privacy_en, "We answer within one month.", "We answer within a week.")
    page = client.get(new_version_url(privacy_fr))  # from either language
    assert page.status_code == 200
    assert "version 3" in page.content.decode()  # after the seed's two
    response = client.post(
        new_version_url(privacy_en),
        {"effective_date": timezone.localdate().isoformat(), "is_material": "1"},
    )
    assert response.status_code == 302
    version = PolicyVersion.objects.get(policy_key=privacy_en.translation_key, number=3)
    assert version.is_material and version.published_by == editor
    assert "We answer within a week." in version.text_for(privacy_en.locale).body_html


def test_new_version_form_refuses_a_past_date(client, editor, privacy_en):
    client.force_login(editor)
    yesterday = timezone.localdate() - timedelta(days=1)
    response = client.post(
        new_version_url(privacy_en), {"effective_date": yesterday.isoformat(), "is_material": "0"}
    )
    assert response.status_code == 200
    assert "cannot take effect in the past" in response.content.decode()
    assert PolicyVersion.objects.filter(policy_key=privacy_en.translation_key).count() == 2


def test_new_version_warns_about_an_outdated_translation(client, editor, privacy_en):
    client.force_login(editor)
    replace_paragraph(privacy_en, "We answer within one month.", "We answer within a week.")
    html = client.get(new_version_url(privacy_en)).content.decode()
    assert "Published before the latest change in the default language" in html


def test_staff_without_publish_rights_cannot_publish_a_version(client, support, privacy_en):
    client.force_login(support)
    response = client.post(
        new_version_url(privacy_en),
        {"effective_date": timezone.localdate().isoformat(), "is_material": "1"},
    )
    assert response.status_code in (302, 403)
    assert PolicyVersion.objects.filter(policy_key=privacy_en.translation_key).count() == 2


def test_anonymous_cannot_publish_a_version(client, privacy_en):
    response = client.get(new_version_url(privacy_en))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_publishing_a_version_is_in_the_audit_log(client, editor, privacy_en):
    from wagtail.models import PageLogEntry

    client.force_login(editor)
    client.post(
        new_version_url(privacy_en),
        {"effective_date": timezone.localdate().isoformat(), "is_material": "0"},
    )
    entry = PageLogEntry.objects.filter(action="privacy.policy_version").latest("timestamp")
    assert entry.user == editor and entry.data["number"] == 3
