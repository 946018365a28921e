"""A valid submission, for each kind of form and in both languages, stores exactly
what proves what the person was told; the visitor gets a reference and an email."""

import pytest
from django.urls import reverse
from django.utils import timezone

from forms.kinds import FormKind
from forms.models import EmailDelivery, Submission, SubmissionFile
from privacy.models import Consent, Person
from privacy.selectors import policy_in_force
from tests.forms.conftest import docx_bytes, form_page, upload, valid_data

pytestmark = pytest.mark.django_db

KINDS = [kind.value for kind in FormKind]
PREFIX = {
    "contact": "C",
    "project": "P",
    "support": "S",
    "repair": "R",
    "delivery": "D",
    "application": "A",
}


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("kind", KINDS)
def test_valid_submission_stores_the_proof(client, submit, kind, language, outbox, new_files):
    page = form_page(kind, language)
    before = timezone.now()
    response = submit(page, valid_data(page), REMOTE_ADDR="203.0.113.77")
    assert response.status_code == 302, response.content.decode()[:2000]

    submission = Submission.objects.get()
    assert submission.kind == kind
    assert submission.form_page_id == page.pk
    assert submission.form_key == page.translation_key
    assert submission.language == language
    assert submission.reference.startswith(f"{PREFIX[kind]}-{before.year}-")
    assert submission.purpose == page.purpose
    assert submission.legal_basis == page.purpose.legal_basis
    assert submission.purpose_snapshot["name"] == page.purpose.name
    assert submission.purpose_snapshot["legal_basis_code"] == page.purpose.legal_basis
    assert submission.policy_version == policy_in_force(language=language).version
    assert submission.ip_prefix == "203.0.113.0/24"
    assert "203.0.113.77" not in str(Submission.objects.values().get())
    assert submission.submitted_at >= before
    person = Person.objects.get()
    assert submission.person == person and person.email == "ana.martin@example.com"
    assert person.last_contact_at == submission.submitted_at
    if page.purpose.retention_event == "end_of_contract":
        assert submission.retention_deadline is None  # an open case: no clock yet
    elif page.purpose.retention_value:
        assert submission.retention_deadline > submission.submitted_at
    assert submission.answers["email"] == "ana.martin@example.com"
    assert str(submission) == f"{submission.get_kind_display()} {submission.reference}"

    # Exactly the rows that prove what the person was told and agreed to.
    wordings = {}
    if page.purpose.legal_basis == "consent":
        wordings[page.purpose.consent_wording] = True  # the required box, ticked
    if page.marketing_purpose:
        wordings[page.marketing_purpose.consent_wording] = False  # left unticked
    consents = list(Consent.objects.all())
    assert {c.wording: c.given for c in consents} == wordings
    for consent in consents:
        assert (consent.record, consent.person) == (submission, person)
        assert consent.language == language
        assert consent.policy_version == submission.policy_version
    files = SubmissionFile.objects.all()
    assert [f.field_name for f in files] == (["cv"] if kind == "application" else [])
    assert sorted(EmailDelivery.objects.values_list("kind", flat=True)) == [
        "confirmation",
        "staff",
    ]

    # The thank-you page, in the visitor's language, shows the reference.
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert submission.reference in thanks.content.decode()
    assert f'<html lang="{language}">' in thanks.content.decode()

    # The confirmation email, in the visitor's language; the staff email holds a link only.
    confirmation = next(m for m in outbox if m.to == ["ana.martin@example.com"])
    assert submission.reference in confirmation.subject
    word = "reçu" if language == "fr" else "received"
    assert word in confirmation.subject
    staff = [m for m in outbox if m.to != ["ana.martin@example.com"]]
    assert len(staff) == 1
    body = staff[0].body + staff[0].subject
    assert reverse("forms_submission:inspect", args=[submission.pk]) in body
    for answer in ("Martin", "ana.martin", "Ana", "+33", "Logistique Armor"):
        assert answer not in body
    assert set(EmailDelivery.objects.values_list("status", flat=True)) == {"sent"}


def test_consent_rows_record_the_exact_wording_and_the_box_state(client, submit, outbox):
    page = form_page("contact", "fr")
    submit(page, valid_data(page, marketing_consent="on"))
    consent = Consent.objects.get(submission__isnull=False)
    assert consent.wording == page.marketing_purpose.consent_wording
    assert consent.wording.startswith("J'accepte de recevoir la lettre")
    assert consent.given is True
    assert consent.language == "fr"
    assert consent.policy_version == policy_in_force(language="fr").version
    assert consent.record == Submission.objects.get()
    assert list(Submission.objects.get().consents.all()) == [consent]


def test_ticking_the_newsletter_box_starts_a_double_opt_in(client, submit, outbox):
    from forms.models import Subscription

    page = form_page("contact", "fr")
    submit(page, valid_data(page, marketing_consent="on"))
    subscription = Subscription.objects.get()
    assert subscription.status == "pending" and subscription.language == "fr"
    assert any(m.subject.startswith("Confirmez votre abonnement") for m in outbox)


def test_an_unticked_marketing_box_is_recorded_as_refused(client, submit, outbox):
    page = form_page("project")
    submit(page, valid_data(page))
    consent = Consent.objects.get()
    assert consent.given is False
    assert consent.purpose.key == "newsletter"


def test_nothing_is_pre_ticked(client):
    from tests.html_forms import ticked_boxes

    for kind in ("contact", "project", "application"):
        assert ticked_boxes(client.get(form_page(kind).url).content.decode()) == []


def test_editor_defaults_never_tick_or_choose_for_the_visitor(client):
    from bs4 import BeautifulSoup

    from forms.models import FormField

    page = form_page("contact")
    extra = [
        ("checkboxes", "Topics", "Rugged tablets\nScanners", "Rugged tablets,Scanners"),
        ("radio", "Preferred contact", "Email\nPhone", "Phone"),
        ("multiselect", "Products", "T1\nT2", "T1"),
        ("checkbox", "Call me back", "", "on"),
    ]
    for index, (kind, label, choices, default) in enumerate(extra):
        FormField.objects.create(
            page=page,
            locale=page.locale,
            sort_order=100 + index,
            label=label,
            field_type=kind,
            choices=choices,
            default_value=default,
            required=False,
        )
    # The form itself (the footer's sign-up offers the page's language, a preference).
    soup = BeautifulSoup(client.get(page.url).content.decode(), "html.parser").select_one("main")
    assert soup.select("input[type=checkbox][checked]:not([disabled])") == []
    assert soup.select("input[type=radio][checked]") == []
    assert [o for o in soup.select("option[selected]") if o.get("value")] == []
    assert len(soup.select("input[type=checkbox]")) >= 3  # the questions are there


def test_the_notice_is_rendered_from_the_purpose_with_the_policy_version(client):
    page = form_page("repair", "fr")
    html = client.get(page.url).content.decode()
    assert "Service de réparation" in html
    assert "Tevenn Devices SAS, 12 quai de la Douane, 29200 Brest, France" in html
    assert "Contrat ou mesures précontractuelles" in html
    assert "5 ans après la fin du contrat" in html
    assert "États-Unis (Tevenn Devices Inc., centre de réparation)" in html
    assert 'href="/fr/confidentialite/versions/2/"' in html


def test_free_text_fields_warn_against_sensitive_data(client):
    html = client.get(form_page("support", "fr").url).content.decode()
    assert "données sensibles" in html
    html = client.get(form_page("support").url).content.decode()
    assert "Please do not send sensitive data" in html


def test_one_person_per_normalized_email_and_last_contact_updated(client, submit, outbox):
    page = form_page("contact")
    submit(page, valid_data(page, email="Ana.Martin@Example.com"))
    first = Submission.objects.get()
    submit(page, valid_data(page, email=" ana.martin@example.COM "))
    assert Person.objects.count() == 1
    person = Person.objects.get()
    latest = Submission.objects.latest("submitted_at")
    assert person.last_contact_at == latest.submitted_at
    first.refresh_from_db()
    # Prospects are kept 3 years from the last contact: the clock restarted.
    assert first.retention_deadline == latest.retention_deadline


def test_references_are_sequential_per_kind(client, submit, outbox):
    page = form_page("support")
    for _ in range(2):
        submit(page, valid_data(page))
    numbers = sorted(
        int(r.rsplit("-", 1)[1]) for r in Submission.objects.values_list("reference", flat=True)
    )
    assert numbers[1] == numbers[0] + 1


def test_repair_from_north_america_is_routed_and_records_the_transfer(client, submit, outbox):
    page = form_page("repair")
    submit(page, valid_data(page, return_country="US"))
    submission = Submission.objects.get()
    assert submission.routed_to == "north_america"
    assert submission.transfer_destination == page.purpose.transfer_destination
    assert submission.transfer_safeguard.startswith("Standard contractual clauses")
    staff = [m for m in outbox if m.to != ["ana.martin@example.com"]]
    assert staff[0].to == ["repairs-columbus@tevenn.example"]


@pytest.mark.parametrize("country", ["CA", "MX"])
def test_canada_and_mexico_are_routed_too(client, submit, outbox, country):
    page = form_page("repair", "fr")
    submit(page, valid_data(page, return_country=country))
    assert Submission.objects.get().routed_to == "north_america"


def test_repair_from_europe_stays_in_the_eu(client, submit, outbox):
    page = form_page("repair")
    submit(page, valid_data(page, return_country="DE"))
    submission = Submission.objects.get()
    assert submission.routed_to == "head_office"
    assert submission.transfer_destination == ""
    staff = [m for m in outbox if m.to != ["ana.martin@example.com"]]
    assert staff[0].to == ["repairs@tevenn.example"]


def test_application_stores_files_in_private_storage(client, submit, outbox, new_files, settings):
    from pages.models import JobOfferPage

    page = form_page("application")
    offer = JobOfferPage.objects.filter(locale=page.locale).first()
    data = valid_data(
        page,
        cover_letter=upload("lettre.docx", docx_bytes(), "application/msword"),
        job_offer=str(offer.pk),
    )
    submit(page, data)
    submission = Submission.objects.get()
    assert submission.job_offer_id == offer.pk and submission.job_offer_title == offer.title
    files = {f.field_name: f for f in SubmissionFile.objects.filter(submission=submission)}
    assert set(files) == {"cv", "cover_letter"}
    created = new_files()
    assert len(created) == 2
    private_root = settings.PRIVATE_ROOT.resolve()
    for stored in files.values():
        path = (private_root / stored.file.name).resolve()
        assert path in {p.resolve() for p in created}
        assert "cv-ana" not in path.name and "lettre" not in path.name  # random names
        for public in (settings.MEDIA_ROOT, settings.STATIC_ROOT):
            assert not str(path).startswith(str(public.resolve()))
    assert files["cv"].file.read().startswith(b"%PDF-")
    assert files["cover_letter"].original_name == "lettre.docx"
    # The answers hold no file content.
    assert "cv" not in submission.answers


def test_application_form_is_linked_from_every_job_offer(client):
    from pages.models import JobOfferPage

    offers = list(JobOfferPage.objects.live())
    assert offers
    for offer in offers:
        html = client.get(offer.url).content.decode()
        apply = form_page("application", offer.locale.language_code)
        assert f'href="{apply.url}?offer={offer.pk}"' in html
        form_html = client.get(f"{apply.url}?offer={offer.pk}").content.decode()
        assert f'<option value="{offer.pk}" selected>' in form_html


def test_unsolicited_application(client, submit, outbox, new_files):
    page = form_page("application", "fr")
    submit(page, valid_data(page))
    submission = Submission.objects.get()
    assert submission.job_offer is None and submission.job_offer_title == ""


def test_deleting_or_unpublishing_a_form_keeps_its_submissions(client, submit, outbox):
    page = form_page("delivery")
    submit(page, valid_data(page))
    submission = Submission.objects.get()
    page.unpublish()
    assert Submission.objects.filter(pk=submission.pk).exists()
    page.delete()
    submission.refresh_from_db()
    assert submission.form_page is None
    assert submission.form_key and submission.form_title == "Report a delivery problem"


def test_deleting_a_form_keeps_the_consents_of_its_submissions(client, submit, outbox):
    page = form_page("contact")
    submit(page, valid_data(page, marketing_consent="on"))
    submission = Submission.objects.get()
    consents = set(submission.consents.values_list("pk", flat=True))
    assert consents  # the boxes the person answered
    page.delete()
    assert set(Submission.objects.get().consents.values_list("pk", flat=True)) == consents


def test_thanks_token_is_signed(client):
    page = form_page("contact")
    assert client.get(page.url + "thanks/", {"ref": "C-2026-0001"}).status_code == 404
    assert client.get(page.url + "thanks/").status_code == 404


def test_the_thank_you_page_switches_to_the_other_language_with_its_reference(
    client, submit, outbox
):
    import re

    page = form_page("contact")
    thanks = submit(page, valid_data(page))["Location"]
    html = client.get(thanks).content.decode()
    french = re.search(r'hreflang="fr" href="http://testserver([^"]+)"', html).group(1)
    assert french.startswith(form_page("contact", "fr").url + "merci/?ref=")
    response = client.get(french.replace("&amp;", "&"))
    assert response.status_code == 200
    assert Submission.objects.get().reference in response.content.decode()


@pytest.mark.parametrize(("language", "route"), [("en", "thanks/"), ("fr", "merci/")])
def test_the_thank_you_page_is_at_a_route_of_the_page_language(client, submit, language, route):
    page = form_page("contact", language)
    response = submit(page, valid_data(page))
    assert response.status_code == 302
    assert response["Location"].startswith(f"{page.url}{route}?ref=")
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert Submission.objects.get().reference in thanks.content.decode()
