"""An append-only journal of erasures and unsubscriptions, kept outside the
database (PRIVACY_JOURNAL, a file on storage backed up apart from the database).

Restoring a database backup brings back what was erased or unsubscribed after the
backup was taken, and loses the receipts of it too: `manage.py replay_erasures`
reads this journal to put the receipts back and erase again. Each line holds a
keyed hash of an address, a reference and a time: nothing personal.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)


def journal_path() -> Path:
    return Path(settings.PRIVACY_JOURNAL)


def journal_append(entry: dict) -> None:
    """Write one line and make sure it reached the disk."""
    path = journal_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(entry, sort_keys=True, default=_default) + "\n"
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
    except OSError:
        logger.exception("Could not write the privacy journal (%s)", entry.get("kind"))
        return False
    return True


def journal_entries() -> Iterator[dict]:
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


def _default(value):
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(type(value).__name__)
