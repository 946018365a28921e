"""Request bodies and uploads: the size limit, and where Django's temporary files go.

Django keeps an uploaded file above FILE_UPLOAD_MAX_MEMORY_SIZE in a temporary file
while the request runs, and deletes it when the request ends. A worker killed in
the middle (timeout, out of memory, deployment) leaves it behind: those files hold
what a visitor sent, so they live under the private storage root, never in the
system's temporary folder, and `manage.py sweep_upload_temp` removes the stale ones.
"""

from __future__ import annotations

import time
from pathlib import Path

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import TemporaryFileUploadHandler


def max_request_body_size(content_type: str = "multipart/form-data") -> int:
    """The largest body accepted: MAX_REQUEST_BODY_SIZE for uploads, Django's
    DATA_UPLOAD_MAX_MEMORY_SIZE for any other body (which Django reads whole)."""
    limit = settings.MAX_REQUEST_BODY_SIZE
    if content_type != "multipart/form-data" and settings.DATA_UPLOAD_MAX_MEMORY_SIZE is not None:
        limit = min(limit, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    return limit


def upload_temp_dir() -> Path:
    return Path(settings.FILE_UPLOAD_TEMP_DIR)


class PrivateTemporaryFileUploadHandler(TemporaryFileUploadHandler):
    """Django's handler, creating the private temporary folder when it is missing
    (first upload, or a folder removed by hand)."""

    def new_file(self, *args, **kwargs):
        upload_temp_dir().mkdir(mode=0o700, parents=True, exist_ok=True)
        super().new_file(*args, **kwargs)


class CappedStream:
    """Reads a request body and raises RequestDataTooBig as soon as more than
    ``limit`` bytes came through, whatever Content-Length said (or did not say)."""

    def __init__(self, stream, limit: int):
        self.stream = stream
        self.limit = limit
        self.consumed = 0

    def _count(self, data: bytes) -> bytes:
        self.consumed += len(data)
        if self.consumed > self.limit:
            raise RequestDataTooBig("The request body exceeded MAX_REQUEST_BODY_SIZE.")
        return data

    def _allowed(self, size: int | None) -> int:
        room = self.limit - self.consumed + 1  # one byte more tells a body that is too long
        return room if size is None or size < 0 else min(size, room)

    def read(self, size: int | None = -1) -> bytes:
        return self._count(self.stream.read(self._allowed(size)))

    def readline(self, size: int | None = -1) -> bytes:
        return self._count(self.stream.readline(self._allowed(size)))

    def close(self) -> None:
        self.stream.close()


def sweep_upload_temp(*, older_than: float, now: float | None = None) -> int:
    """Delete the files of the temporary upload folder not modified for ``older_than``
    seconds; return how many. Only regular files directly in that folder are touched."""
    folder = upload_temp_dir()
    if not folder.is_dir():
        return 0
    deadline = (time.time() if now is None else now) - older_than
    removed = 0
    for path in folder.iterdir():
        try:
            if path.is_symlink() or not path.is_file() or path.stat().st_mtime > deadline:
                continue
            path.unlink()
        except FileNotFoundError:  # finished by its request meanwhile
            continue
        removed += 1
    return removed
