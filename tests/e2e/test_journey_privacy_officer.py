"""Journey 4, in a real browser: a visitor applies for a job with a PDF (in English,
in French); a privacy officer, in the same language (their admin preference), signs
in with the second factor, finds the person, downloads and opens the export ZIP,
erases the person and reads the receipt. Afterwards nothing of them is left."""

import json
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import expect
from wagtail.users.models import UserProfile

from forms.models import Submission, SubmissionFile
from privacy.models import Person
from tests.e2e.conftest import sign_in_to_admin
from tests.e2e.journeys import (
    LANGUAGES,
    Applicant,
    apply_for_a_job,
    pdf_bytes,
    refuse_cookies,
    screenshot,
)
from tests.factories import STAFF_PASSWORD, staff_user

ADMIN_TEXTS = {
    "en": {
        "main_menu": "Main menu",
        "privacy_menu": "Privacy",
        "find": "Find a person",
        "query": "Email address (exact) or name",
        "search": "Search",
        "export": "Export everything (ZIP)",
        "download": "Download the ZIP",
        "actions": "Actions",
        "erase": "Erase…",
        "checked": "I have checked what will be erased and what will be kept.",
        "erase_now": "Erase now",
        "erased": "Erased. The receipt holds no personal data.",
        "receipt": "Receipt",
    },
    "fr": {
        "main_menu": "Menu principal",
        "privacy_menu": "Confidentialité",
        "find": "Trouver une personne",
        "query": "Adresse e-mail (exacte) ou nom",
        "search": "Rechercher",
        "export": "Tout exporter (ZIP)",
        "download": "Télécharger le ZIP",
        "actions": "Actions",
        "erase": "Effacer…",
        "checked": "J'ai vérifié ce qui sera effacé et ce qui sera conservé.",
        "erase_now": "Effacer maintenant",
        "erased": "Effacé. Le reçu ne contient aucune donnée personnelle.",
        "receipt": "Reçu",
    },
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_officer_exports_then_erases_an_applicant(
    browser_page, third_party_requests, tmp_path, language
):
    page = browser_page
    email = f"yann.le-goff.{language}@example.com"
    cv = pdf_bytes("Yann Le Goff, repair technician")
    page.goto(f"/{language}/")
    refuse_cookies(page, language)
    reference = apply_for_a_job(page, language, Applicant("Yann", "Le Goff", email), cv)
    person = Person.objects.get(email=email)
    upload = SubmissionFile.objects.get(submission__reference=reference)
    upload_path = Path(upload.file.path)
    assert upload_path.read_bytes() == cv

    # The officer signs in (password, then the code of their authenticator app).
    officer = staff_user("officer")
    sign_in_to_admin(page, "officer", STAFF_PASSWORD)
    profile = UserProfile.get_for_user(officer)
    profile.preferred_language = language
    profile.save()
    texts = ADMIN_TEXTS[language]

    # Finding the person from the admin menu, by their address.
    page.reload()
    menu = page.get_by_role("navigation", name=texts["main_menu"])
    menu.get_by_role("button", name=texts["privacy_menu"]).click()
    menu.get_by_role("link", name=texts["find"]).click()
    main = page.get_by_role("main")
    main.get_by_label(texts["query"]).fill(email.upper())
    main.get_by_role("button", name=texts["search"], exact=True).click()
    main.get_by_role("link", name=email).click()
    page.wait_for_url("**/admin/privacy/people/*/")
    person_page = page.url
    expect(main.get_by_role("listitem").filter(has_text=reference)).to_have_count(2)  # form, CV

    # The export: made in the background, then downloaded from its page.
    main.get_by_role("button", name=texts["export"]).click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name=texts["download"]).click()
    archive_path = tmp_path / "export.zip"
    download_info.value.save_as(archive_path)
    with zipfile.ZipFile(archive_path) as archive:
        names = archive.namelist()
        data = json.loads(archive.read("data.json"))
        [pdf_name] = [name for name in names if name.startswith("files/")]
        assert archive.read(pdf_name) == cv
    assert {"data.json", "summary.html"} <= set(names)
    assert reference in json.dumps(data)
    assert email in json.dumps(data)

    # The erasure: the plan, a confirmation, then the receipt.
    page.goto(person_page)
    main.get_by_role("button", name=texts["actions"]).click()
    main.get_by_role("link", name=texts["erase"]).click()
    main.get_by_label(texts["checked"]).check()
    main.get_by_role("button", name=texts["erase_now"]).click()
    expect(page.get_by_text(texts["erased"])).to_be_visible()
    expect(main.get_by_role("row", name=texts["receipt"])).to_have_count(1)
    assert email not in page.content()

    assert not Person.objects.filter(pk=person.pk).exists()
    assert not Submission.objects.filter(reference=reference).exists()
    assert not SubmissionFile.objects.filter(pk=upload.pk).exists()
    assert not upload_path.exists()
    screenshot(page, f"journey-privacy-officer-{language}")
    assert third_party_requests == []
