"""The registry of purposes: validation, rules shared by translations, the table."""

from datetime import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from privacy.models import LegalBasis, Purpose, RetentionEvent
from privacy.retention import add_months

pytestmark = pytest.mark.django_db


def purpose(**overrides) -> Purpose:
    fields = {
        "key": "events",
        "name": "Trade fair invitations",
        "description": "Inviting customers to our stands.",
        "legal_basis": LegalBasis.LEGITIMATE_INTEREST,
        "legitimate_interest": "Meeting our customers.",
        "data_subjects": "Customers",
        "data_categories": "Identity, email",
        "recipients": "Sales team",
        "retention_value": 1,
        "retention_unit": "years",
        "retention_event": RetentionEvent.LAST_CONTACT,
        "staff_group": Group.objects.get(name="Sales"),
    }
    fields.update(overrides)
    return Purpose(**fields)


def errors_of(candidate: Purpose) -> dict:
    with pytest.raises(ValidationError) as caught:
        candidate.full_clean()
    return caught.value.message_dict


def test_a_valid_purpose_passes():
    purpose().full_clean()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"legal_basis": ""}, "legal_basis", "This field cannot be blank."),
        ({"retention_value": 0}, "retention_value", "greater than or equal to 1"),
        ({"retention_value": None}, "retention_value", "Give a retention duration"),
        (
            {"legal_basis": LegalBasis.CONSENT, "consent_wording": "I agree."},
            "withdrawal_wording",
            "must say how consent is withdrawn",
        ),
        (
            {"legal_basis": LegalBasis.CONSENT, "withdrawal_wording": "Unsubscribe."},
            "consent_wording",
            "needs the wording of its consent box",
        ),
        ({"legitimate_interest": ""}, "legitimate_interest", "legitimate interest"),
        (
            {"retention_event": RetentionEvent.WITHDRAWAL, "retention_value": None},
            "retention_event",
            "Only a purpose based on consent",
        ),
        ({"transfer_destination": "Canada"}, "transfer_safeguard", "both its destination"),
    ],
)
def test_nonsense_is_refused_with_a_clear_message(overrides, field, message):
    errors = errors_of(purpose(**overrides))
    assert any(message in text for text in errors[field]), errors


def test_negative_duration_is_refused():
    errors = errors_of(purpose(retention_value=-3))
    assert "retention_value" in errors


def test_consent_purpose_may_keep_data_until_withdrawal():
    purpose(
        legal_basis=LegalBasis.CONSENT,
        consent_wording="I agree.",
        withdrawal_wording="Unsubscribe from any email.",
        retention_event=RetentionEvent.WITHDRAWAL,
        retention_value=None,
    ).full_clean()


def test_rules_edited_in_english_apply_to_the_french_translation(purpose_prospects_en):
    purpose_prospects_en.retention_value = 4
    purpose_prospects_en.save()
    french = Purpose.objects.get(key="prospects", locale__language_code="fr")
    assert french.retention_value == 4
    assert french.name == "Prospects et demandes de projet"  # texts stay translated


def test_retention_display_in_both_languages(purpose_prospects_en):
    from django.utils import translation

    assert (
        purpose_prospects_en.retention_display() == "3 years from the last contact from the person"
    )
    french = Purpose.objects.get(key="prospects", locale__language_code="fr")
    with translation.override("fr"):
        assert french.retention_display() == (
            "3 ans à compter du dernier contact à l'initiative de la personne"
        )
    newsletter = Purpose.objects.get(key="newsletter", locale__language_code="en")
    assert newsletter.retention_display() == "Until consent is withdrawn (unsubscription)"


def test_retention_deadline():
    p = purpose(retention_value=3, retention_unit="years")
    assert p.retention_deadline(start=datetime(2024, 2, 29, 10)) == datetime(2027, 2, 28, 10)
    p = purpose(retention_value=13, retention_unit="months")
    assert p.retention_deadline(start=datetime(2026, 1, 31)) == datetime(2027, 2, 28)
    p = purpose(retention_value=30, retention_unit="days")
    assert p.retention_deadline(start=datetime(2026, 1, 31)) == datetime(2026, 3, 2)
    assert purpose(retention_value=None).retention_deadline(start=datetime(2026, 1, 1)) is None


def test_add_months_clamps_to_the_end_of_the_month():
    assert add_months(datetime(2026, 1, 31), 1) == datetime(2026, 2, 28)
    assert add_months(datetime(2026, 12, 15), 1) == datetime(2027, 1, 15)
    assert add_months(datetime(2026, 3, 31), -1) == datetime(2026, 2, 28)


def test_policy_table_reflects_a_registry_edit_without_touching_the_policy(
    client, purpose_prospects_en
):
    assert "3 years from the last contact" in client.get("/en/privacy/").content.decode()
    purpose_prospects_en.retention_value = 4
    purpose_prospects_en.save()
    en = client.get("/en/privacy/").content.decode()
    fr = client.get("/fr/confidentialite/").content.decode()
    assert "4 years from the last contact from the person" in en
    assert "4 ans à compter du dernier contact" in fr
    # The frozen version 1 still says what it said when it was published.
    assert "3 years from the last contact" in client.get("/en/privacy/versions/1/").content.decode()


def test_policy_table_lists_every_purpose_with_its_transfer(client):
    html = client.get("/en/privacy/").content.decode()
    for purpose in Purpose.objects.filter(locale__language_code="en"):
        assert f'id="purpose-{purpose.key}"' in html
    assert "United States (Tevenn Devices Inc., repair centre)" in html
    assert "Standard contractual clauses" in html


def test_str_is_the_name():
    assert str(purpose()) == "Trade fair invitations"
