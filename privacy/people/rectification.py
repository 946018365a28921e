"""Correcting a person's address and names in every record at once, through the
registry; a new address that is already someone's merges the two records."""

from __future__ import annotations

from django.db import transaction

from privacy.models.people import Person, normalize_email
from privacy.people.audit import audit
from privacy.people.search import person_names_refresh
from privacy.registry import registry


def _ids(source, person: Person) -> set:
    return set(source.find(person).values_list("pk", flat=True))


@transaction.atomic
def person_rectify(
    *, person: Person, user, email: str = "", first_name: str = "", last_name: str = ""
) -> Person:
    """Correct a person's email and/or name in every record at once: each source of
    the registry rewrites its rows (``rectify``). A new address that already belongs
    to someone merges the two (it is the same person): each source gives its rows to
    that person (``reassign``)."""
    old_hmac = person.email_hmac
    sources = [source for source in registry.ordered() if source.model is not Person]
    # Found now, under the old address: rows found by its hash are the person's too.
    before = {source.key: _ids(source, person) for source in sources if source.rectify}
    if email and normalize_email(email) != person.email:
        existing = Person.objects.filter(email=normalize_email(email)).first()
        if existing:
            for source in sources:
                if source.reassign and (ids := _ids(source, person)):
                    source.reassign(source.rows(ids), to=existing)
            Person.objects.filter(pk=existing.pk).update(
                last_contact_at=max(existing.last_contact_at, person.last_contact_at)
            )
            person.delete()
            person = existing
        else:
            person.email = email
            person.save(update_fields=["email"])
    for source in sources:
        if source.rectify:
            ids = before[source.key] | _ids(source, person)
            source.rectify(
                source.rows(ids), person=person, first_name=first_name, last_name=last_name
            )
    person_names_refresh(person=person)
    audit(
        instance=person,
        action="privacy.rectify",
        user=user,
        subject_hmac=old_hmac,
        new_subject=person.email_hmac,
    )
    return person
