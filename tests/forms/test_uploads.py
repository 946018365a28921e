"""Hostile uploads and oversized requests cannot exhaust a worker: archives are read
as bounded streams, any damage is a translated form error, bodies above the limit
get the translated 413 page, and temporary upload files stay in private storage."""

from __future__ import annotations

import io
import os
import time
import tracemalloc
from pathlib import Path
from unittest import mock

import pytest
from asgiref.sync import async_to_sync
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import AsyncClient
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from forms.models import Submission
from forms.validators import validate_document
from tests.forms import zips
from tests.forms.conftest import form_page, pdf_bytes, upload, valid_data
from tests.forms.test_bad_input import assert_nothing_stored

pytestmark = pytest.mark.django_db

DAMAGED_EN = "This document looks damaged or unsafe and was refused."
DAMAGED_FR = "Ce document semble endommagé ou dangereux et a été refusé."
ENCRYPTED_EN = "This document is protected by a password. Please send it without a password."
ENCRYPTED_FR = "Ce document est protégé par un mot de passe. Envoyez-le sans mot de passe."
MISMATCH_EN = "The content of this file does not match its extension (%s)."

HOSTILE = [
    ("cv.docx", zips.lying_bomb_docx, DAMAGED_EN),
    ("cv.odt", zips.lying_bomb_odt, DAMAGED_EN),
    ("cv.docx", zips.honest_bomb_docx, DAMAGED_EN),
    ("cv.docx", zips.many_bombs_docx, DAMAGED_EN),
    ("cv.docx", zips.bad_crc_docx, DAMAGED_EN),
    ("cv.docx", zips.truncated_docx, DAMAGED_EN),
    ("cv.docx", zips.truncated_member_docx, DAMAGED_EN),
    ("cv.docx", zips.encrypted_docx, ENCRYPTED_EN),
    ("cv.docx", zips.corrupt_deflate_docx, DAMAGED_EN),
    ("cv.docx", zips.unsupported_method_docx, DAMAGED_EN),
    ("cv.docx", zips.not_a_zip, DAMAGED_EN),
    ("cv.docx", zips.crowded_docx, DAMAGED_EN),
    ("cv.docx", zips.huge_directory_docx, DAMAGED_EN),
    ("cv.docx", zips.docx_without_document, MISMATCH_EN % ".docx"),
]


@pytest.mark.parametrize(
    ("name", "build", "message"), HOSTILE, ids=[build.__name__ for _n, build, _m in HOSTILE]
)
def test_hostile_archive_is_a_form_error_and_stores_nothing(
    submit, new_files, name, build, message
):
    page = form_page("application")
    response = submit(page, valid_data(page, cv=upload(name, build())))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert_nothing_stored(new_files)


@pytest.mark.parametrize(
    ("build", "message"),
    [(zips.lying_bomb_odt, DAMAGED_FR), (zips.encrypted_docx, ENCRYPTED_FR)],
    ids=["bomb", "encrypted"],
)
def test_hostile_archive_error_is_in_french(submit, new_files, build, message):
    page = form_page("application", "fr")
    extension = ".odt" if build is zips.lying_bomb_odt else ".docx"
    response = submit(page, valid_data(page, cv=upload("cv" + extension, build())))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert_nothing_stored(new_files)


def test_an_honest_document_still_passes(submit, outbox, new_files):
    page = form_page("application")
    response = submit(page, valid_data(page, cv=upload("cv.docx", zips.honest_docx())))
    assert response.status_code == 302
    assert Submission.objects.get().files.get().original_name == "cv.docx"


@pytest.mark.parametrize(
    ("name", "build"),
    [
        ("cv.odt", lambda: zips.lying_bomb_odt(300)),
        ("cv.docx", lambda: zips.honest_bomb_docx(300)),
        ("cv.docx", zips.huge_directory_docx),
    ],
    ids=["lying-odt-300MB", "honest-docx-300MB", "huge-directory"],
)
def test_validating_a_bomb_allocates_a_few_megabytes_at_most(name, build):
    document = SimpleUploadedFile(name, build())
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError):
            validate_document(document)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 4 * 1024 * 1024, f"{peak / 1e6:.1f} MB allocated"


# --- Request size -----------------------------------------------------------------


class UnreadStream:
    """A request body that records how much of it was read."""

    def __init__(self, size: int):
        self.left = size
        self.read_bytes = 0

    def read(self, size: int = -1) -> bytes:
        size = self.left if size is None or size < 0 else min(size, self.left)
        self.left -= size
        self.read_bytes += size
        return b"x" * size

    readline = read


class ReadCounter(io.BytesIO):
    """An ASGI body file that remembers how far it was read once closed."""

    read_bytes = 0

    def __len__(self):
        return len(self.getbuffer())

    def close(self):
        if not self.closed:
            self.read_bytes = self.tell()
        super().close()


def application_body(page, cv_size: int) -> bytes:
    data = valid_data(page, cv=upload("cv.pdf", pdf_bytes() + b"0" * cv_size))
    return encode_multipart(BOUNDARY, data)


@pytest.mark.parametrize(
    ("language", "title", "wording"),
    [
        ("en", "What you sent is too large", "at most 12.5 MB in all"),
        ("fr", "Ce que vous avez envoyé est trop volumineux", "au plus 12,5 Mo en tout"),
    ],
)
def test_declared_oversized_body_gets_the_413_page_unread(
    client, settings, new_files, language, title, wording
):
    page = form_page("application", language)
    limit = settings.MAX_REQUEST_BODY_SIZE
    body = UnreadStream(limit + 1)
    with mock.patch("forms.models.pages.form_page_serve") as view:
        response = client.generic(
            "POST",
            page.url,
            CONTENT_TYPE=MULTIPART_CONTENT,
            CONTENT_LENGTH=str(limit + 1),
            **{"wsgi.input": body},
        )
    assert response.status_code == 413
    html = response.content.decode()
    assert title in html and wording in html
    assert response["Content-Security-Policy"]
    view.assert_not_called()
    assert body.read_bytes == 0
    assert_nothing_stored(new_files)


def test_large_form_without_file_gets_the_413_page_too(client, new_files):
    """Django's own limit on bodies without files (DATA_UPLOAD_MAX_MEMORY_SIZE) was a
    bare "Bad Request"."""
    page = form_page("contact", "fr")
    response = client.post(page.url, valid_data(page, message="x" * 3 * 1024 * 1024))
    assert response.status_code == 413
    assert "Ce que vous avez envoyé est trop volumineux" in response.content.decode()
    assert_nothing_stored(new_files)


def test_chunked_body_without_length_is_refused_unread(client, new_files):
    page = form_page("application")
    body = UnreadStream(50 * 1024 * 1024)
    with mock.patch("forms.models.pages.form_page_serve") as view:
        response = client.generic(
            "POST",
            page.url,
            CONTENT_TYPE=MULTIPART_CONTENT,
            HTTP_TRANSFER_ENCODING="chunked",
            **{"wsgi.input": body},
        )
    assert response.status_code == 411
    assert "What you sent is too large" in response.content.decode()
    view.assert_not_called()
    assert body.read_bytes == 0
    assert_nothing_stored(new_files)


def test_body_longer_than_its_content_length_is_cut_off(settings, new_files):
    """Under ASGI the whole body reaches Django and the multipart parser reads it to
    its end, whatever Content-Length said: the guard counts what is read."""
    settings.MAX_REQUEST_BODY_SIZE = 200 * 1024
    page = form_page("application")
    body = application_body(page, cv_size=400 * 1024)
    payload = ReadCounter(body)
    scope = {
        "method": "POST",
        "path": page.url,
        "server": ("127.0.0.1", "80"),
        "scheme": "http",
        "query_string": "",
        "headers": [
            (b"host", b"testserver"),
            (b"content-type", MULTIPART_CONTENT.encode()),
            (b"content-length", b"1000"),  # a lie
        ],
        "_body_file": payload,
    }
    response = async_to_sync(AsyncClient().request)(**scope)
    assert response.status_code == 413
    assert "What you sent is too large" in response.content.decode()
    payload.close()
    assert 0 < payload.read_bytes <= settings.MAX_REQUEST_BODY_SIZE + 1 < len(body)
    assert_nothing_stored(new_files)


def test_honest_body_under_the_limit_passes(client, outbox, new_files):
    page = form_page("application")
    response = client.post(
        page.url, valid_data(page, cv=upload("cv.pdf", pdf_bytes() + b"0" * 4_000_000))
    )
    assert response.status_code == 302
    assert Submission.objects.count() == 1


# --- Temporary files ---------------------------------------------------------------


def test_temporary_upload_files_stay_under_the_private_root(
    client, settings, tmp_path, outbox, new_files
):
    private_root = Path(storages["private"].location)
    assert Path(settings.FILE_UPLOAD_TEMP_DIR).parent == private_root
    temp_dir = tmp_path / "private" / "upload-tmp"  # missing: made when needed
    settings.FILE_UPLOAD_TEMP_DIR = temp_dir
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024
    seen: list[Path] = []

    def spy(document):
        seen.append(Path(document.temporary_file_path()))
        assert seen[-1].exists()
        return validate_document(document)

    page = form_page("application")
    with mock.patch("forms.builder.validate_document", spy):
        response = client.post(
            page.url, valid_data(page, cv=upload("cv.pdf", pdf_bytes() + b"0" * 10_000))
        )
    assert response.status_code == 302
    assert [path.parent for path in seen] == [temp_dir]
    assert not seen[0].exists()  # deleted when the request ended
    assert oct(temp_dir.stat().st_mode & 0o777) == "0o700"


def test_sweep_removes_only_stale_temporary_files(settings, tmp_path):
    private = tmp_path / "private"
    temp_dir = private / "upload-tmp"
    temp_dir.mkdir(parents=True)
    settings.FILE_UPLOAD_TEMP_DIR = temp_dir
    old = time.time() - 2 * 3600
    stale = temp_dir / "tmpabc.upload.pdf"
    fresh = temp_dir / "tmpdef.upload.pdf"
    stored = private / "submissions" / "kept.pdf"  # private storage itself: never swept
    stored.parent.mkdir()
    subdir = temp_dir / "folder"
    subdir.mkdir()
    for path in (stale, fresh, stored):
        path.write_bytes(b"%PDF-")
    for path in (stale, stored, subdir):
        os.utime(path, (old, old))
    out = io.StringIO()
    call_command("sweep_upload_temp", stdout=out)
    assert not stale.exists()
    assert fresh.exists() and stored.exists() and subdir.exists()
    assert "1 stale temporary upload files deleted" in out.getvalue()
    call_command("sweep_upload_temp", "--older-than", "0", stdout=io.StringIO())
    assert not fresh.exists()
