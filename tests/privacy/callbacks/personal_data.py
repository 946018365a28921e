"""What the callbacks app holds about people, for the privacy registry: the whole of
what a new model with personal data needs (the test calls ``register()``, as an
app's ``ready()`` would)."""

from __future__ import annotations

from privacy.registry import PersonalDataSource, reassign_person_field, registry

from .models import CallbackRequest


def _split(full_name: str) -> tuple[str, str]:
    first, _space, last = full_name.strip().partition(" ")
    return first, last


def _erase(rows) -> list[str]:
    names = [name for name in rows.values_list("notes", flat=True) if name]
    rows.delete()
    return names


def _rectify(rows, *, person, first_name: str, last_name: str) -> None:
    for row in rows:
        first, last = _split(row.full_name)
        full_name = f"{first_name or first} {last_name or last}".strip()
        if full_name != row.full_name:
            CallbackRequest.objects.filter(pk=row.pk).update(full_name=full_name)


def register(*, replay=None, sync=None) -> PersonalDataSource:
    registry.declare_category("callbacks", "Calls you asked for")
    source = PersonalDataSource(
        model=CallbackRequest,
        category="callbacks",
        label="Callback requests",
        find=lambda person: CallbackRequest.objects.filter(person=person),
        export=lambda row: {
            "reference": row.reference,
            "name": row.full_name,
            "phone": row.phone,
            "requested_at": row.requested_at.isoformat(),
        },
        erase=_erase,
        retained=lambda row: row.hold_reason,
        files=lambda row: [(f"{row.reference}/notes.txt", row.notes)] if row.notes else [],
        collected_at="requested_at",
        language=lambda row: row.language,
        terms=lambda rows: [term for row in rows for term in (row.full_name, row.phone)],
        names=lambda rows: [_split(name) for name in rows.values_list("full_name", flat=True)],
        breakdown=lambda rows: [
            f"Callback ({language})" for language in rows.values_list("language", flat=True)
        ],
        rectify=_rectify,
        reassign=reassign_person_field,
        replay=replay,
        sync=sync,
        order=10,
    )
    registry.register(source)
    return source
