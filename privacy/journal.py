"""An append-only journal of erasures and unsubscriptions, kept outside the
database: a file on storage backed up apart from the database (PRIVACY_JOURNAL), or,
with several app machines, objects in storage they all share (PRIVACY_JOURNAL_STORAGE,
a STORAGES alias: S3-compatible object storage in production), one object per entry
under a new name each time, never overwritten.

Restoring a database backup brings back what was erased or unsubscribed after the
backup was taken, and loses the receipts of it too: `manage.py replay_erasures`
reads this journal to put the receipts back and erase again. Each line holds a
keyed hash of an address, a reference and a time: nothing personal.
"""

from __future__ import annotations

import json
import logging
import os
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.utils import timezone

ENTRIES = "entries"

logger = logging.getLogger(__name__)


def journal_path() -> Path:
    return Path(settings.PRIVACY_JOURNAL)


def journal_storage() -> Storage | None:
    """The shared storage of the journal, when it is not a local file."""
    alias = getattr(settings, "PRIVACY_JOURNAL_STORAGE", "")
    return storages[alias] if alias else None


def journal_append(entry: dict) -> None:
    """Write one line and make sure it reached the disk, or one new object of the
    shared storage (named by the time, then at random: read back in that order)."""
    line = json.dumps(entry, sort_keys=True, default=_default) + "\n"
    storage = journal_storage()
    if storage is not None:
        name = f"{ENTRIES}/{timezone.now():%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex}.json"
        storage.save(name, ContentFile(line.encode()))
        return
    path = journal_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(line)
        handle.flush()
        os.fsync(handle.fileno())


def journal_append_safely(entry: dict) -> bool:
    """After a commit: the database already holds the receipt; a journal that cannot
    be written is an operator's problem to see, not the visitor's. What was not
    written stays marked in the database (``journaled``) for `manage.py
    sync_privacy_journal`."""
    try:
        journal_append(entry)
    except Exception:  # a disk, or object storage out of reach (botocore's errors)
        logger.exception("Could not write the privacy journal (%s)", entry.get("kind"))
        return False
    return True


def journal_check() -> None:
    """Raise when the journal could not be written now, without writing an entry (the
    health endpoint asks it). Object storage: the bucket answers to the site's
    credentials (``HeadBucket``: a bucket with object lock and no delete right cannot
    take a probe object that would stay forever). A local file: it is a file the
    process may append to, or its folder (the first one that exists) may receive it,
    with room left on its disk."""
    storage = journal_storage()
    if storage is not None:
        bucket = getattr(storage, "bucket", None)
        if bucket is not None:
            bucket.meta.client.head_bucket(Bucket=bucket.name)
            return
        _check_writable(Path(storage.path(ENTRIES)))  # a local storage (tests, one machine)
        return
    _check_writable(journal_path())


def _check_writable(path: Path) -> None:
    if path.exists() and not path.is_dir():
        if not path.is_file():
            raise OSError("The journal is not a regular file.")
        if not os.access(path, os.W_OK):
            raise PermissionError("The journal is read-only.")
        folder = path.parent
    else:
        folder = path if path.exists() else path.parent
        while not folder.exists():
            folder = folder.parent
    if not folder.is_dir():
        raise NotADirectoryError("The journal's folder is not a folder.")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise PermissionError("The journal's folder is read-only.")
    if os.statvfs(folder).f_bavail == 0:
        raise OSError("No space left for the journal.")


def journal_entries() -> Iterator[dict]:
    storage = journal_storage()
    if storage is not None:
        yield from _stored_entries(storage)
        return
    path = journal_path()
    if not path.exists():
        return
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError:  # a line cut by a crash: the others stand
                logger.warning("Privacy journal line %d is not readable", number)


def _stored_entries(storage: Storage) -> Iterator[dict]:
    try:
        _folders, names = storage.listdir(ENTRIES)
    except FileNotFoundError:  # a local folder not written yet
        return
    for name in sorted(names):
        with storage.open(f"{ENTRIES}/{name}", "rb") as handle:
            raw = handle.read()
        try:
            yield json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError):
            logger.warning("Privacy journal entry %s is not readable", name)


def _default(value):
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(type(value).__name__)
