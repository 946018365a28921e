"""Bad input meets a clear, translated error and stores nothing: no row, no file."""

import pytest
from django.test import Client

from forms.models import ContactFormPage, Submission, SubmissionFile
from privacy.models import Consent, Person, Purpose
from tests.forms.conftest import (
    docx_bytes,
    form_page,
    odt_bytes,
    pdf_bytes,
    upload,
    valid_data,
    zip_bomb_docx,
)

pytestmark = pytest.mark.django_db


def assert_nothing_stored(new_files):
    assert Submission.objects.count() == 0
    assert SubmissionFile.objects.count() == 0
    assert Person.objects.count() == 0
    assert Consent.objects.count() == 0
    assert new_files() == set()


def errors_of(response) -> str:
    return response.content.decode()


@pytest.fixture
def consent_form(home_en):
    """A form whose purpose rests on consent: it shows a required consent box."""
    purpose = Purpose.objects.get(key="newsletter", locale__language_code="en")
    page = ContactFormPage(title="Event invitations", slug="events", purpose=purpose)
    home_en.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_missing_consent_is_refused(submit, consent_form, new_files):
    data = valid_data(consent_form)
    data.pop("consent")
    response = submit(consent_form, data)
    assert response.status_code == 400
    assert "Please tick this box to send the form." in errors_of(response)
    assert_nothing_stored(new_files)


def test_consent_box_shows_the_purpose_wording_unticked(client, consent_form):
    html = client.get(consent_form.url).content.decode()
    assert "I agree to receive the Tevenn Devices newsletter at this address." in html
    from tests.html_forms import ticked_boxes

    assert 'name="consent"' in html and ticked_boxes(html) == []


def test_given_consent_is_recorded(submit, consent_form, outbox):
    submit(consent_form, valid_data(consent_form))
    consent = Consent.objects.get()
    assert consent.given and consent.purpose.key == "newsletter"


@pytest.mark.parametrize(
    ("language", "message"),
    [("en", "Enter a valid email address."), ("fr", "Saisissez une adresse de courriel valide.")],
)
def test_invalid_email(submit, language, message, new_files):
    page = form_page("contact", language)
    response = submit(page, valid_data(page, email="ana@"))
    assert response.status_code == 400
    assert message in errors_of(response)
    assert_nothing_stored(new_files)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("cv.pdf", b"<html><script>alert(1)</script></html>"),
        ("cv.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\0" * 100),
        ("cv.docx", pdf_bytes()),
        ("cv.odt", docx_bytes()),
        ("cv.docx", b"PK\x03\x04 not really a zip"),
    ],
)
def test_file_whose_bytes_do_not_match_its_extension(submit, name, content, new_files):
    page = form_page("application")
    response = submit(page, valid_data(page, cv=upload(name, content)))
    assert response.status_code == 400
    html = errors_of(response)
    assert "does not match its extension" in html or "damaged or unsafe" in html
    assert_nothing_stored(new_files)


def test_file_with_another_extension(submit, new_files):
    page = form_page("application", "fr")
    response = submit(page, valid_data(page, cv=upload("cv.exe", b"MZ\x90\x00")))
    assert "Seuls les documents PDF, DOCX ou ODT sont acceptés." in errors_of(response)
    assert_nothing_stored(new_files)


def test_oversized_file(submit, new_files):
    page = form_page("application")
    big = pdf_bytes() + b"0" * (5 * 1024 * 1024)
    response = submit(page, valid_data(page, cv=upload("cv.pdf", big)))
    assert response.status_code == 400
    assert "The file is larger than 5 MB." in errors_of(response)
    assert_nothing_stored(new_files)


def test_docx_zip_bomb(submit, new_files):
    page = form_page("application")
    response = submit(page, valid_data(page, cv=upload("cv.docx", zip_bomb_docx())))
    assert response.status_code == 400
    assert "damaged or unsafe" in errors_of(response)
    assert_nothing_stored(new_files)


def test_a_bad_cover_letter_stores_nothing_even_with_a_good_cv(submit, new_files):
    page = form_page("application")
    data = valid_data(page, cover_letter=upload("letter.pdf", b"GIF89a"))
    response = submit(page, data)
    assert response.status_code == 400
    assert_nothing_stored(new_files)


def test_real_docx_and_odt_are_accepted(submit, outbox, new_files):
    page = form_page("application")
    submit(
        page,
        valid_data(
            page, cv=upload("cv.odt", odt_bytes()), cover_letter=upload("l.docx", docx_bytes())
        ),
    )
    assert SubmissionFile.objects.count() == 2


def test_one_megabyte_message(submit, new_files):
    page = form_page("contact", "fr")
    response = submit(page, valid_data(page, message="x" * 1_000_000))
    assert response.status_code == 400
    assert "Assurez-vous que cette valeur comporte au plus 5000 caractères" in errors_of(response)
    assert_nothing_stored(new_files)


@pytest.mark.parametrize(
    ("language", "message"),
    [("en", "Your form has expired"), ("fr", "Votre formulaire a expiré")],
)
def test_post_without_csrf_token_is_forbidden(new_files, language, message):
    client = Client(enforce_csrf_checks=True)
    page = form_page("contact", language)
    response = client.post(page.url, valid_data(page))
    assert response.status_code == 403
    assert message in response.content.decode()
    assert_nothing_stored(new_files)


def test_honeypot_filled_by_a_robot(submit, new_files):
    page = form_page("support")
    response = submit(page, valid_data(page, website="http://spam.example"))
    assert response.status_code == 400
    assert "Your message could not be sent." in errors_of(response)
    assert_nothing_stored(new_files)


def test_rate_limit_per_address(submit, settings, outbox):
    settings.FORMS_RATE_LIMIT = "2/600"
    page = form_page("contact")
    statuses = [
        submit(page, valid_data(page), REMOTE_ADDR="198.51.100.9").status_code for _ in range(3)
    ]
    assert statuses == [302, 302, 429]
    assert Submission.objects.count() == 2
    # Another address is not affected.
    assert submit(page, valid_data(page), REMOTE_ADDR="198.51.100.10").status_code == 302


def test_rate_limit_counts_an_ipv6_host_by_its_64(submit, settings, outbox):
    settings.FORMS_RATE_LIMIT = "2/600"
    page = form_page("contact")
    hops = ["2001:db8:1:2::1", "2001:db8:1:2:ffff::9", "2001:db8:1:2:abcd::42"]
    statuses = [submit(page, valid_data(page), REMOTE_ADDR=ip).status_code for ip in hops]
    assert statuses == [302, 302, 429]
    assert submit(page, valid_data(page), REMOTE_ADDR="2001:db8:1:3::1").status_code == 302


def test_rate_limit_message_is_translated(submit, settings):
    settings.FORMS_RATE_LIMIT = "0/600"
    page = form_page("contact", "fr")
    settings.FORMS_RATE_LIMIT = "1/600"
    submit(page, valid_data(page, email="x"), REMOTE_ADDR="198.51.100.20")
    response = submit(page, valid_data(page), REMOTE_ADDR="198.51.100.20")
    assert response.status_code == 429
    assert "Trop de messages ont été envoyés depuis votre réseau." in errors_of(response)


def test_html_in_answers_is_stored_as_text_and_escaped_in_the_admin(
    submit, client, outbox, officer
):
    page = form_page("contact")
    script = "<script>alert('x')</script><b>bold</b>"
    submit(page, valid_data(page, message=script, company="<img src=x onerror=alert(1)>"))
    submission = Submission.objects.get()
    assert submission.answers["message"] == script
    client.force_login(officer)
    html = client.get(f"/admin/submissions/{submission.pk}/").content.decode()
    assert script not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;" in html


def test_a_draft_form_without_purpose_collects_nothing(client, home_en):
    page = ContactFormPage(title="Draft form", slug="draft-form", live=False)
    home_en.add_child(instance=page)
    assert not page.live
    from wagtail.models import Page

    Page.objects.filter(pk=page.pk).update(live=True)  # even if it were served
    assert client.get("/en/draft-form/").status_code == 404


def test_error_reports_hide_what_visitors_typed(client, settings):
    from unittest import mock

    from django.views.debug import SafeExceptionReporterFilter

    page = form_page("contact")
    client.raise_request_exception = False
    with mock.patch("forms.views.submission_create", side_effect=RuntimeError("db down")):
        response = client.post(page.url, valid_data(page))
    assert response.status_code == 500
    request = response.wsgi_request
    cleaned = SafeExceptionReporterFilter().get_post_parameters(request)
    assert cleaned["email"] != "ana.martin@example.com"
    assert "ana.martin@example.com" not in str(cleaned)
