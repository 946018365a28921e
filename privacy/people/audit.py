"""Proof of what was done to a person's data: audit entries that name the person by
keyed hash only, and the scrubbing of the audit log when the person is erased."""

from __future__ import annotations

import json
import re

from django.db.models import Q, TextField
from django.db.models.functions import Cast
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, PageLogEntry

from privacy.models.audit import PersonalDataLogEntry
from privacy.models.people import Person

ERASED = "[erased]"


def audit(*, instance, action: str, user, subject_hmac: str, **data) -> None:
    """A Wagtail audit entry naming the staff member, and the person by keyed hash only."""
    log(instance=instance, action=action, user=user, data={"subject": subject_hmac, **data})


def audit_purge(*, instance, person: Person, what: str) -> None:
    """A scheduled purge of personal data (no staff member: the clock did it)."""
    audit(
        instance=instance,
        action="privacy.purge",
        user=None,
        subject_hmac=person.email_hmac,
        what=what,
    )


def scrub_text(text: str, terms: list[str]) -> str:
    """Replace whole-word occurrences of the terms ("Ann" is not in "Annual"). Only
    letters count as word characters: "Quintal_CV" and "Zephyrine2" are scrubbed."""
    for term in terms:
        pattern = rf"(?<![^\W\d_]){re.escape(term)}(?![^\W\d_])"
        text = re.sub(pattern, ERASED, text, flags=re.IGNORECASE)
    return text


def _scrub_value(value, terms: list[str]):
    """Scrub the strings inside a JSON value, never its structure."""
    if isinstance(value, str):
        return scrub_text(value, terms)
    if isinstance(value, list):
        return [_scrub_value(item, terms) for item in value]
    if isinstance(value, dict):
        return {key: _scrub_value(item, terms) for key, item in value.items()}
    return value


def audit_log_scrub(*, terms: list[str]) -> int:
    """Replace the person's identifying strings in Wagtail's audit log (labels and
    data), which keeps str() of objects and free-form data."""
    changed = 0
    for model in (PersonalDataLogEntry, ModelLogEntry, PageLogEntry):
        condition = Q()
        for term in terms:
            condition |= Q(label__icontains=term) | Q(data_text__icontains=term)
            # SQLite keeps JSON with non-ASCII letters escaped ("Z\u00e9phyrine").
            for variant in {term, term.lower(), term.upper()}:
                escaped = json.dumps(variant)[1:-1]
                if escaped != variant:
                    condition |= Q(data_text__icontains=escaped)
        entries = model.objects.annotate(data_text=Cast("data", TextField())).filter(condition)
        for entry in entries:
            label, data = scrub_text(entry.label, terms), _scrub_value(entry.data, terms)
            if (label, data) != (entry.label, entry.data):
                model.objects.filter(pk=entry.pk).update(label=label, data=data)
                changed += 1
    return changed
