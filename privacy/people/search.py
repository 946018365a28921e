"""Finding a person, and what is held about them: by address or by name, counts per
category, the language they use. Everything is read through the registry."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Q
from wagtail.models import Locale

from privacy.models.people import Person, normalize_email, normalize_name
from privacy.registry import registry


def person_find(*, email: str) -> Person | None:
    """One indexed lookup by the normalized address (case, spaces, Unicode)."""
    return Person.objects.filter(email=normalize_email(email)).first()


def people_search(*, query: str, people=None) -> list[Person]:
    """By email (exact, normalized) or by name (the names the registry's sources
    gave, see ``person_names_refresh``), among ``people`` (the searcher's scope;
    everyone by default)."""
    people = Person.objects.all() if people is None else people
    query = query.strip()
    if not query:
        return []
    if "@" in query:
        return list(people.filter(email=normalize_email(query)))
    words = normalize_name(query).split()
    if not words:
        return []
    condition = Q()
    for word in words:
        condition &= Q(name_key__contains=word)
    return list(people.filter(condition).order_by("email")[:50])


def person_names_refresh(*, person: Person) -> None:
    """Recompute the names the search knows from the rows that remain."""
    person.name_key = ""
    for source in registry.ordered():
        if source.names:
            for first, last in source.names(source.find(person)):
                person.add_names(first, last)
    Person.objects.filter(pk=person.pk).update(name_key=person.name_key)


@dataclass
class CategoryView:
    category: str
    label: str
    count: int
    groups: dict[str, int] = field(default_factory=dict)


def person_overview(*, person: Person) -> list[CategoryView]:
    """Counts per category, and per label where a source breaks its rows down (the
    submissions per form and language)."""
    views: dict[str, CategoryView] = {}
    for source in registry.ordered():
        if source.category == "person":
            continue
        rows = source.find(person)
        view = views.setdefault(source.category, CategoryView(source.category, source.label, 0))
        view.count += rows.count()
        if source.breakdown:
            for key, count in Counter(source.breakdown(rows)).items():
                view.groups[key] = view.groups.get(key, 0) + count
    return list(views.values())


def person_language(*, person: Person) -> str:
    """The language of the person's latest row in the first source (in the
    registry's order) that knows one; the site's default language otherwise."""
    for source in registry.ordered():
        if source.language is None:
            continue
        rows = source.find(person)
        if source.collected_at:
            rows = rows.order_by(f"-{source.collected_at}")
        row = rows.first()
        language = source.language(row) if row is not None else ""
        if language:
            return language
    return Locale.get_default().language_code
