"""Journey 2, in a real browser, in English and in French: a contact request, then a
job application with a PDF, through the real pages; the thank-you page gives the
reference, and the confirmation email, in the visitor's language, quotes it."""

import pytest

from forms.models import Submission, SubmissionFile, Subscription
from tests.e2e.journeys import (
    LANGUAGES,
    TEXTS,
    Applicant,
    apply_for_a_job,
    emails_to,
    label,
    pdf_bytes,
    refuse_cookies,
    screenshot,
    thank_you_reference,
)


def confirmation_to(address: str, reference: str):
    """The one confirmation email of a submission (the staff notice goes elsewhere)."""
    found = [message for message in emails_to(address) if reference in message.subject]
    assert len(found) == 1, [message.subject for message in emails_to(address)]
    return found[0]


@pytest.mark.parametrize("language", LANGUAGES)
def test_contact_request_then_job_application(browser_page, third_party_requests, language):
    page = browser_page
    texts = TEXTS[language]
    email = f"ana.martin.{language}@example.com"

    # A contact request, reached from the header, with the newsletter box ticked.
    page.goto(f"/{language}/")
    refuse_cookies(page, language)
    page.get_by_role("banner").get_by_role("link", name=texts["contact_link"]).click()
    main = page.get_by_role("main")
    main.get_by_label(label(texts["last_name"])).fill("Martin")
    main.get_by_label(label(texts["first_name"])).fill("Ana")
    main.get_by_label(label(texts["email"])).fill(email)
    main.get_by_label(label(texts["company"])).fill("Logistique Armor")
    main.get_by_label(label(texts["sector"])).select_option(label=texts["sector_choice"])
    main.get_by_label(label(texts["message"])).fill("Ten T-Rock 8 for our warehouse?")
    main.get_by_label(texts["marketing_box"]).check()
    main.get_by_role("button", name=texts["send"], exact=True).click()
    contact_reference = thank_you_reference(page, language)
    assert contact_reference.startswith("C-")

    contact = Submission.objects.select_related("person").get(reference=contact_reference)
    assert (contact.kind, contact.language, contact.person.email) == ("contact", language, email)
    assert contact.answers["company"] == "Logistique Armor"
    message = confirmation_to(email, contact_reference)
    assert message.subject.startswith(texts["email_received"])
    assert texts["contact_kind"] in message.subject
    assert contact_reference in message.body
    # The ticked box is a sign-up waiting for its own confirmation (double opt-in).
    assert Subscription.objects.get(person=contact.person).language == language

    # A job application with a CV as a PDF.
    cv = pdf_bytes("Ana Martin, field technician")
    applicant = Applicant(first_name="Ana", last_name="Martin", email=email)
    application_reference = apply_for_a_job(page, language, applicant, cv)
    assert application_reference.startswith("A-")
    application = Submission.objects.get(reference=application_reference)
    assert (application.kind, application.language) == ("application", language)
    assert application.person_id == contact.person_id  # one person, two submissions
    stored = SubmissionFile.objects.get(submission=application)
    assert (stored.original_name, stored.content_type) == ("cv.pdf", "application/pdf")
    with stored.file.open("rb") as upload:
        assert upload.read() == cv
    message = confirmation_to(email, application_reference)
    assert texts["application_kind"] in message.subject
    assert application_reference in message.body

    screenshot(page, f"journey-forms-{language}")
    assert third_party_requests == []
