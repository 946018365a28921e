"""Legal holds: the privacy officer keeps a person, or one of their rows (a
submission), whatever its retention deadline, with a reason. Held data is never
purged (privacy.people.retention) and shows in the retention report. Setting and
lifting a hold are audited (the person by keyed hash; the reason, typed by staff,
stays out of the log)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from privacy.models import Person
from privacy.people.audit import audit
from privacy.registry import PersonalDataSource, registry

HOLD_PERMISSION = "privacy.hold_personal_data"
HOLD_ACTION = "privacy.hold"
HOLD_LIFTED_ACTION = "privacy.hold_lifted"


def user_can_hold(user) -> bool:
    return bool(user.is_active and user.has_perm(HOLD_PERMISSION))


@dataclass(frozen=True)
class Holdable:
    """One of the person's rows that can be held on its own."""

    key: str  # "<source key>:<pk>": names no person
    label: str
    item: str
    reason: str


def holdable_rows(*, person: Person) -> list[Holdable]:
    """The person's rows that a source lets be held on their own (submissions)."""
    rows = []
    for source in registry.ordered():
        if not source.holds_itself:
            continue
        for row in source.find(person).order_by("pk")[:200]:
            rows.append(
                Holdable(
                    key=f"{source.key}:{row.pk}",
                    label=str(source.label),
                    item=getattr(row, "reference", None) or str(row),
                    reason=getattr(row, source.hold_field),
                )
            )
    return rows


def _holdable_source(key: str) -> tuple[PersonalDataSource, str]:
    source_key, _sep, pk = key.rpartition(":")
    source = registry.sources.get(source_key)
    if source is None or not source.holds_itself:
        raise LookupError(key)
    return source, pk


@transaction.atomic
def hold_set(*, person: Person, user, reason: str, item: str = "") -> bool:
    """Put ``person`` (``item`` empty) or one of their rows (``item`` a key of
    ``holdable_rows``) on hold for ``reason``; an empty reason lifts the hold.
    Returns whether anything changed."""
    reason = reason.strip()
    if not item:
        person = Person.objects.select_for_update().get(pk=person.pk)
        if person.hold_reason == reason:
            return False
        lifted = not reason
        person.hold_reason = reason
        person.hold_set_at = None if lifted else timezone.now()
        person.save(update_fields=["hold_reason", "hold_set_at"])
        instance = person
    else:
        source, pk = _holdable_source(item)
        rows = source.find(person).filter(pk=pk)
        instance = rows.select_for_update(of=("self",)).first()
        if instance is None:
            raise LookupError(item)
        if getattr(instance, source.hold_field) == reason:
            return False
        lifted = not reason
        source.rows([instance.pk]).update(**{source.hold_field: reason})
    audit(
        instance=instance,
        action=HOLD_LIFTED_ACTION if lifted else HOLD_ACTION,
        user=user,
        subject_hmac=person.email_hmac,
    )
    return True
