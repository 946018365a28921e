"""Checks on what visitors upload: the extension, the size, and bytes that match."""

from __future__ import annotations

import re
import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DOCUMENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".odt": "application/vnd.oasis.opendocument.text",
}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
MAX_ZIP_ENTRIES = 500
MAX_UNCOMPRESSED = 50 * 1024 * 1024
MAX_RATIO = 100

PHONE_PATTERN = re.compile(r"^\+?[0-9 ().\-/]{6,30}$")


def max_upload_size() -> int:
    return getattr(settings, "FORMS_MAX_UPLOAD_SIZE", 5 * 1024 * 1024)


def validate_phone(value: str) -> None:
    if value and not PHONE_PATTERN.match(value.strip()):
        raise ValidationError(
            _("Enter a phone number with digits, spaces and an optional leading +."),
            code="invalid_phone",
        )


def _refuse_unsafe_zip(upload) -> zipfile.ZipFile:
    damaged = ValidationError(
        _("This document looks damaged or unsafe and was refused."), code="unsafe_document"
    )
    try:
        archive = zipfile.ZipFile(upload)
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise damaged from error
    if len(entries) > MAX_ZIP_ENTRIES:
        raise damaged
    total = sum(entry.file_size for entry in entries)
    compressed = sum(entry.compress_size for entry in entries) or 1
    if total > MAX_UNCOMPRESSED or total / compressed > MAX_RATIO:
        raise damaged
    return archive


def validate_document(upload) -> str:
    """Raise a translated ValidationError unless ``upload`` is a real PDF, DOCX or
    ODT file of at most 5 MB; return its content type."""
    extension = PurePath(upload.name or "").suffix.lower()
    if extension not in DOCUMENT_TYPES:
        raise ValidationError(
            _("Only PDF, DOCX or ODT documents are accepted."), code="invalid_extension"
        )
    limit = max_upload_size()
    if upload.size > limit:
        raise ValidationError(
            _("The file is larger than %(size)d MB.") % {"size": limit // (1024 * 1024)},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    mismatch = ValidationError(
        _("The content of this file does not match its extension (%(extension)s).")
        % {"extension": extension},
        code="content_mismatch",
    )
    if extension == ".pdf":
        if not head.startswith(b"%PDF-"):
            raise mismatch
        return DOCUMENT_TYPES[extension]
    if not head.startswith(b"PK\x03\x04"):
        raise mismatch
    archive = _refuse_unsafe_zip(upload)
    names = set(archive.namelist())
    try:
        if extension == ".docx" and not {"[Content_Types].xml", "word/document.xml"} <= names:
            raise mismatch
        if extension == ".odt" and (
            "mimetype" not in names or archive.read("mimetype").strip() != ODT_MIMETYPE
        ):
            raise mismatch
    finally:
        archive.close()
        upload.seek(0)
    return DOCUMENT_TYPES[extension]
