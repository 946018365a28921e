"""Checks on what visitors upload: the extension, the size, and bytes that match.

Archive-based documents (DOCX, ODT) are zip files, and a zip's headers can lie:
sizes, checksums and the number of members are whatever the sender wrote. Nothing
here trusts them. Members are read as streams, in small chunks, and what
decompression actually produces is counted against a hard budget; the whole
archive is read once, so a bad checksum, a truncated or encrypted member or any
other damage is found here, as a form error, rather than later as a server error.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
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
DOCX_PARTS = frozenset({"[Content_Types].xml", "word/document.xml"})
MAX_ZIP_ENTRIES = 500
# The central directory is parsed whole into one object per member (about 500
# bytes each): a 5 MB upload could otherwise declare 100,000 empty members.
MAX_CENTRAL_DIRECTORY = 256 * 1024
# Bytes decompression may produce for one upload: this, or MAX_RATIO times the
# upload's size if smaller. Real documents inflate 2 to 20 times.
MAX_UNCOMPRESSED = 50 * 1024 * 1024
MAX_RATIO = 100
READ_CHUNK = 64 * 1024
# The only methods OOXML and ODF use; anything else is refused before reading.
ZIP_METHODS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})
ENCRYPTED_FLAG = 0x1
# What a damaged archive can raise while it is opened or read (zipfile, zlib,
# truncated files, impossible offsets, names that are not UTF-8).
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    struct.error,
    EOFError,
    OSError,
    ValueError,
    NotImplementedError,
    RuntimeError,
)

PHONE_PATTERN = re.compile(r"^\+?[0-9 ().\-/]{6,30}$")


def max_upload_size() -> int:
    return getattr(settings, "FORMS_MAX_UPLOAD_SIZE", 5 * 1024 * 1024)


def validate_phone(value: str) -> None:
    if value and not PHONE_PATTERN.match(value.strip()):
        raise ValidationError(
            _("Enter a phone number with digits, spaces and an optional leading +."),
            code="invalid_phone",
        )


def _damaged() -> ValidationError:
    return ValidationError(
        _("This document looks damaged or unsafe and was refused."), code="unsafe_document"
    )


def _encrypted() -> ValidationError:
    return ValidationError(
        _("This document is protected by a password. Please send it without a password."),
        code="encrypted_document",
    )


def _check_central_directory(upload) -> None:
    """Refuse, before zipfile parses it, a central directory declaring too many
    members or too many bytes. ``_EndRecData`` is the very function ZipFile uses to
    find that directory, so the check and the parsing read the same record."""
    endrec = zipfile._EndRecData(upload)
    if endrec is None:
        raise _damaged()
    if (
        endrec[zipfile._ECD_ENTRIES_TOTAL] > MAX_ZIP_ENTRIES
        or endrec[zipfile._ECD_SIZE] > MAX_CENTRAL_DIRECTORY
    ):
        raise _damaged()


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> tuple[int, bytes]:
    """Decompress one member in chunks, keeping nothing but its first bytes; return
    the bytes it produced and its head. zipfile checks the CRC at the end."""
    produced = 0
    head = b""
    with archive.open(info) as stream:
        while chunk := stream.read(READ_CHUNK):
            produced += len(chunk)
            if produced > budget:
                raise _damaged()
            if len(head) < 64:
                head += chunk[: 64 - len(head)]
    return produced, head


def _validate_archive(upload, extension: str, mismatch: ValidationError) -> None:
    budget = min(MAX_UNCOMPRESSED, MAX_RATIO * max(upload.size, 1))
    _check_central_directory(upload)
    upload.seek(0)
    with zipfile.ZipFile(upload) as archive:
        members = archive.infolist()
        if len(members) > MAX_ZIP_ENTRIES:
            raise _damaged()
        if any(info.flag_bits & ENCRYPTED_FLAG for info in members):
            raise _encrypted()
        if any(info.compress_type not in ZIP_METHODS for info in members):
            raise _damaged()
        names = {info.filename for info in members}
        if extension == ".docx" and not DOCX_PARTS <= names:
            raise mismatch
        if extension == ".odt" and "mimetype" not in names:
            raise mismatch
        for info in members:
            produced, head = _read_member(archive, info, budget)
            budget -= produced
            if extension == ".odt" and info.filename == "mimetype" and head.strip() != ODT_MIMETYPE:
                raise mismatch


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
    try:
        _validate_archive(upload, extension, mismatch)
    except ZIP_ERRORS as error:
        raise _damaged() from error
    finally:
        upload.seek(0)
    return DOCUMENT_TYPES[extension]
