"""Helpers for form tests: the seeded form pages, valid answers, sample files."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from forms.kinds import FormKind
from forms.models import FormPage

SLUGS = {
    (FormKind.CONTACT, "en"): "contact",
    (FormKind.CONTACT, "fr"): "contact",
    (FormKind.PROJECT, "en"): "project-request",
    (FormKind.PROJECT, "fr"): "demande-de-projet",
    (FormKind.SUPPORT, "en"): "support-ticket",
    (FormKind.SUPPORT, "fr"): "ticket-de-support",
    (FormKind.REPAIR, "en"): "repair-request",
    (FormKind.REPAIR, "fr"): "demande-de-reparation",
    (FormKind.DELIVERY, "en"): "delivery-problem",
    (FormKind.DELIVERY, "fr"): "probleme-de-livraison",
    (FormKind.APPLICATION, "en"): "apply",
    (FormKind.APPLICATION, "fr"): "postuler",
}


def form_page(kind: str, language: str = "en") -> FormPage:
    return FormPage.objects.get(
        slug=SLUGS[(kind, language)], locale__language_code=language
    ).specific


def pdf_bytes(text: str = "CV of the candidate") -> bytes:
    return b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% " + text.encode() + b"\n%%EOF\n"


def docx_bytes(text: str = "Cover letter") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", f"<w:document>{text}</w:document>")
    return buffer.getvalue()


def odt_bytes(text: str = "Lettre") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", f"<office:document>{text}</office:document>")
    return buffer.getvalue()


def zip_bomb_docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (60 * 1024 * 1024))
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


SAMPLE = {
    "last_name": "Martin",
    "first_name": "Ana",
    "email": "ana.martin@example.com",
    "phone": "+33 6 12 34 56 78",
    "company": "Logistique Armor",
    "message": "We would like to test ten T-Rock 8 in our warehouse.",
    "project_description": "Replacing 200 scanners in three warehouses.",
    "description": "The screen stays black after the update.",
    "serial_number": "TR8-2025-004512",
    "fault_description": "The battery does not charge any more.",
    "return_address": "12 rue des Lilas, 35000 Rennes",
    "return_country": "FR",
    "order_number": "CMD-2026-1188",
    "problem": "Two devices were missing from the parcel.",
}


def valid_data(page: FormPage, **overrides) -> dict:
    """Answers that pass every check of ``page``, in its language."""
    data = {}
    for field in page.form_fields.all():
        name = field.clean_name
        if field.field_type in ("dropdown", "radio"):
            choice = field.choices.splitlines()[0].strip()
            data[name] = choice
        elif field.field_type == "file":
            if name == "cv":
                data[name] = upload("cv-ana.pdf", pdf_bytes())
        elif name in SAMPLE:
            data[name] = SAMPLE[name]
        elif field.required:
            data[name] = "Answer"
    if page.purpose and page.purpose.legal_basis == "consent":
        data["consent"] = "on"
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def outbox(mailoutbox):
    return mailoutbox


@pytest.fixture
def submit(client, django_capture_on_commit_callbacks):
    """Post a form as a visitor; what runs after commit (the emails) runs too."""

    def post(page, data, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(page.url, data, **extra)

    return post
