"""The registry of purposes: validation, rules shared by translations, the table."""

from datetime import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from privacy.models import LegalBasis, Purpose, RetentionEvent
from privacy.retention import add_months
from tests.factories import PurposeFactory

pytestmark = pytest.mark.django_db


def errors_of(candidate: Purpose) -> dict:
    with pytest.raises(ValidationError) as caught:
        candidate.full_clean()
    return caught.value.message_dict


def test_a_valid_purpose_passes():
    PurposeFactory.build().full_clean()


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
    errors = errors_of(PurposeFactory.build(**overrides))
    assert any(message in text for text in errors[field]), errors


def test_negative_duration_is_refused():
    errors = errors_of(PurposeFactory.build(retention_value=-3))
    assert "retention_value" in errors


def test_consent_purpose_may_keep_data_until_withdrawal():
    PurposeFactory.build(
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
    p = PurposeFactory.build(retention_value=3, retention_unit="years")
    assert p.retention_deadline(start=datetime(2024, 2, 29, 10)) == datetime(2027, 2, 28, 10)
    p = PurposeFactory.build(retention_value=13, retention_unit="months")
    assert p.retention_deadline(start=datetime(2026, 1, 31)) == datetime(2027, 2, 28)
    p = PurposeFactory.build(retention_value=30, retention_unit="days")
    assert p.retention_deadline(start=datetime(2026, 1, 31)) == datetime(2026, 3, 2)
    assert (
        PurposeFactory.build(retention_value=None).retention_deadline(start=datetime(2026, 1, 1))
        is None
    )


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
    # The frozen version 2 still says what it said when it was published.
    assert "3 years from the last contact" in client.get("/en/privacy/versions/2/").content.decode()


def test_policy_table_lists_every_purpose_with_its_transfer(client):
    html = client.get("/en/privacy/").content.decode()
    purposes = list(Purpose.objects.filter(locale__language_code="en"))
    assert purposes
    for purpose in purposes:
        assert f'id="purpose-{purpose.key}"' in html
    assert "United States (Tevenn Devices Inc., repair centre)" in html
    assert "Standard contractual clauses" in html


def test_str_is_the_name():
    assert str(PurposeFactory.build()) == "Trade fair invitations"


# --- who decides the rules: routing, legal basis, retention ---------------------------------

RULE_INPUTS = ["key", "legal_basis", "retention_value", "retention_unit", "retention_event"]


def edit_url(purpose_obj: Purpose) -> str:
    from django.urls import reverse

    return reverse("wagtailsnippets_privacy_purpose:edit", args=[purpose_obj.pk])


def edit_form(purpose_obj: Purpose, **overrides) -> dict:
    """What the edit form posts: every text, and the rules as they are stored."""
    data = {
        name: getattr(purpose_obj, name)
        for name in [
            "name",
            "description",
            "legitimate_interest",
            "consent_wording",
            "withdrawal_wording",
            "data_subjects",
            "data_categories",
            "recipients",
            "transfer_destination",
            "transfer_safeguard",
            "repermission_days",
            *RULE_INPUTS,
        ]
    }
    data["retention_value"] = "" if data["retention_value"] is None else data["retention_value"]
    data["staff_group"] = purpose_obj.staff_group_id
    data.update(overrides)
    return data


def rules_of(key: str) -> set:
    """(language, staff group, basis, duration, unit, event) of every translation."""
    return set(
        Purpose.objects.filter(key=key).values_list(
            "locale__language_code",
            "staff_group__name",
            "legal_basis",
            "retention_value",
            "retention_unit",
            "retention_event",
        )
    )


HIJACK = {
    "staff_group": None,  # filled with Marketing's id
    "legal_basis": LegalBasis.CONSENT,
    "consent_wording": "I agree.",
    "withdrawal_wording": "Write to us.",
    "retention_value": "99",
    "retention_unit": "years",
    "retention_event": RetentionEvent.SUBMISSION,
}


def hijack() -> dict:
    return {**HIJACK, "staff_group": Group.objects.get(name="Marketing").pk}


@pytest.fixture
def recruitment_en(db) -> Purpose:
    return Purpose.objects.get(key="recruitment", locale__language_code="en")


def test_the_editors_form_has_no_rule_fields_the_officers_has(
    client, editor, officer, recruitment_en
):
    client.force_login(editor)
    response = client.get(edit_url(recruitment_en))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="description"' in html  # the wording stays theirs
    for name in [*RULE_INPUTS, "staff_group"]:
        assert f'name="{name}"' not in html, name
    client.force_login(officer)
    html = client.get(edit_url(recruitment_en)).content.decode()
    for name in [*RULE_INPUTS, "staff_group"]:
        assert f'name="{name}"' in html, name


def test_an_editor_rewords_but_a_crafted_post_cannot_reroute(client, editor, recruitment_en):
    before = rules_of("recruitment")
    client.force_login(editor)
    response = client.post(
        edit_url(recruitment_en),
        edit_form(recruitment_en, description="Reviewing applications.", **hijack()),
    )
    assert response.status_code == 302
    recruitment_en.refresh_from_db()
    assert recruitment_en.description == "Reviewing applications."
    assert rules_of("recruitment") == before
    assert recruitment_en.staff_group.name == "HR"
    assert recruitment_en.key == "recruitment"


def test_an_editor_cannot_reroute_the_french_translation(client, editor, recruitment_en):
    before = rules_of("recruitment")
    french = Purpose.objects.get(key="recruitment", locale__language_code="fr")
    client.force_login(editor)
    response = client.post(edit_url(french), edit_form(french, **hijack()))
    assert response.status_code == 302
    assert rules_of("recruitment") == before


def test_reverting_to_an_old_revision_does_not_bring_back_its_rules(
    client, editor, officer, recruitment_en
):
    """An editor may revert the wording to an old revision; the routing stays the one
    the privacy officer chose since."""
    from django.urls import reverse

    recruitment_en.staff_group = Group.objects.get(name="Marketing")
    recruitment_en.save()
    old_revision = recruitment_en.save_revision(user=officer)
    recruitment_en.staff_group = Group.objects.get(name="HR")
    recruitment_en.save()
    recruitment_en.save_revision(user=officer)
    client.force_login(editor)
    url = reverse(
        "wagtailsnippets_privacy_purpose:revisions_revert",
        args=[recruitment_en.pk, old_revision.pk],
    )
    assert client.get(url).status_code == 200
    response = client.post(url, edit_form(old_revision.as_object()))
    assert response.status_code == 302
    assert {row[1] for row in rules_of("recruitment")} == {"HR"}


def test_the_privacy_officer_reroutes_and_the_log_says_before_and_after(
    client, officer, recruitment_en
):
    from wagtail.models import ModelLogEntry

    client.force_login(officer)
    response = client.post(edit_url(recruitment_en), edit_form(recruitment_en, **hijack()))
    assert response.status_code == 302
    assert {row[1:] for row in rules_of("recruitment")} == {
        ("Marketing", "consent", 99, "years", "submission")
    }
    entry = ModelLogEntry.objects.get(action="privacy.purpose_rules")
    assert entry.user == officer
    assert entry.object_id == str(recruitment_en.pk)
    assert entry.data["changes"] == {
        "staff_group": {"before": "HR", "after": "Marketing"},
        "legal_basis": {"before": "contract", "after": "consent"},
        "retention_value": {"before": 2, "after": 99},
        "retention_event": {"before": "last_contact", "after": "submission"},
    }
    assert "HR → Marketing" in entry.message


def test_a_wording_change_writes_no_rules_entry(client, officer, recruitment_en):
    from wagtail.models import ModelLogEntry

    client.force_login(officer)
    client.post(edit_url(recruitment_en), edit_form(recruitment_en, description="Hiring."))
    assert not ModelLogEntry.objects.filter(action="privacy.purpose_rules").exists()


def test_the_purpose_form_is_refused_to_support_and_anonymous(client, support, recruitment_en):
    before = rules_of("recruitment")
    response = client.get(edit_url(recruitment_en))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.post(edit_url(recruitment_en), edit_form(recruitment_en, **hijack()))
    client.force_login(support)
    assert client.get(edit_url(recruitment_en)).status_code in (302, 403)
    client.post(edit_url(recruitment_en), edit_form(recruitment_en, **hijack()))
    assert rules_of("recruitment") == before


def test_a_translation_always_takes_the_rules_of_its_source(recruitment_en):
    french = Purpose.objects.get(key="recruitment", locale__language_code="fr")
    french.staff_group = Group.objects.get(name="Marketing")
    french.retention_value = 99
    french.save()
    french.refresh_from_db()
    assert (french.staff_group.name, french.retention_value) == ("HR", 2)


def test_the_translation_editor_offers_no_override_of_the_rules(recruitment_en):
    from wagtail_localize.segments import OverridableSegmentValue
    from wagtail_localize.segments.extract import extract_segments

    overridable = {
        segment.path.split(".")[0]
        for segment in extract_segments(recruitment_en)
        if isinstance(segment, OverridableSegmentValue)
    }
    assert not overridable & set(Purpose.RULE_FIELDS), overridable


def test_a_localize_sync_keeps_the_rules_of_the_source(recruitment_en):
    from wagtail_localize.models import TranslationSource

    french = Purpose.objects.get(key="recruitment", locale__language_code="fr")
    Purpose.objects.filter(pk=french.pk).update(staff_group=Group.objects.get(name="Marketing"))
    source, _created = TranslationSource.get_or_create_from_instance(recruitment_en)
    source.update_from_db()
    source.create_or_update_translation(french.locale)
    french.refresh_from_db()
    assert french.staff_group.name == "HR"


# --- the stored deadlines follow a retention changed in the admin -----------------------


def _prospect_rows():
    """A prospect's request in English and one in French, and a job application."""
    from datetime import UTC

    from forms.services import submission_create
    from tests.forms.conftest import form_page, valid_data

    at = datetime(2026, 3, 31, 8, 0, tzinfo=UTC)
    rows = {}
    for name, kind, language, email in [
        ("en", "contact", "en", "ana@example.com"),
        ("fr", "contact", "fr", "zoe@example.com"),
        ("hr", "application", "en", "bob@example.com"),
    ]:
        page = form_page(kind, language)
        rows[name] = submission_create(
            page=page, data=valid_data(page, email=email), language=language, at=at
        )
    return at, rows


def _deadlines(rows) -> dict:
    from forms.models import Submission

    return {
        name: Submission.objects.values_list("retention_deadline", flat=True).get(pk=row.pk)
        for name, row in rows.items()
    }


def test_the_officer_shortens_a_retention_and_the_deadlines_follow_in_every_language(
    client, officer
):
    at, rows = _prospect_rows()
    before = _deadlines(rows)
    assert before["en"] == before["fr"] == add_months(at, 36)
    prospects = Purpose.objects.get(key="prospects", locale__language_code="en")

    client.force_login(officer)
    response = client.post(
        edit_url(prospects),
        edit_form(prospects, retention_value="6", retention_unit="months"),
    )
    assert response.status_code == 302
    after = _deadlines(rows)
    assert after["en"] == after["fr"] == add_months(at, 6)
    assert after["hr"] == before["hr"]  # another purpose: untouched

    # Counted from the submission instead: the same here (the submission was the
    # last contact), and the table says it.
    client.post(
        edit_url(prospects),
        edit_form(
            Purpose.objects.get(pk=prospects.pk),
            retention_value="1",
            retention_unit="years",
            retention_event=RetentionEvent.SUBMISSION,
        ),
    )
    assert _deadlines(rows)["fr"] == add_months(at, 12)
    assert Purpose.objects.get(key="prospects", locale__language_code="fr").retention_event == (
        RetentionEvent.SUBMISSION
    )


def test_an_editor_cannot_change_a_retention_nor_the_deadlines(client, editor):
    at, rows = _prospect_rows()
    before = _deadlines(rows)
    prospects = Purpose.objects.get(key="prospects", locale__language_code="en")
    client.force_login(editor)
    response = client.post(edit_url(prospects), edit_form(prospects, retention_value="6"))
    assert response.status_code == 302  # the wording is saved, the rules are not
    assert Purpose.objects.get(pk=prospects.pk).retention_value == 3
    assert _deadlines(rows) == before


def test_a_rule_change_outside_the_admin_recomputes_too():
    """The deadlines follow the stored rule, however it is saved (shell, command)."""
    at, rows = _prospect_rows()
    prospects = Purpose.objects.get(key="prospects", locale__language_code="en")
    prospects.retention_value = 45
    prospects.retention_unit = "days"
    prospects.save()
    from datetime import timedelta

    assert _deadlines(rows)["fr"] == at + timedelta(days=45)


def test_editors_turn_the_still_interested_email_on_it_is_no_rule(client, editor):
    prospects = Purpose.objects.get(key="prospects", locale__language_code="en")
    client.force_login(editor)
    page = client.get(edit_url(prospects)).content.decode()
    assert 'name="repermission_email"' in page and 'name="retention_value"' not in page
    response = client.post(
        edit_url(prospects),
        edit_form(prospects, repermission_email="on", repermission_days="20"),
    )
    assert response.status_code == 302
    saved = Purpose.objects.get(pk=prospects.pk)
    assert saved.repermission_email and saved.repermission_days == 20
    response = client.post(edit_url(prospects), edit_form(saved, repermission_days="61"))
    assert response.status_code == 200  # longer than its link lives: refused
