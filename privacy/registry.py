"""The personal-data registry: every model that holds data about a person says here
how to find, export and erase its rows for one Person. Search, export, erasure and
retention all go through it, so a new model cannot be forgotten: tests walk every
model of the project and fail on one that is neither registered nor declared free
of personal data.

Register from an app's ``ready()``::

    registry.register(PersonalDataSource(model=Thing, category="things", ...))
    registry.declare_free(OtherThing, "why it holds nothing about a person")
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.db import models
from django.db.models import QuerySet

PROJECT_APPS = ("corpsite", "base", "pages", "forms", "privacy")  # app labels


@dataclass(frozen=True)
class PersonalDataSource:
    """How one model's rows about a person are found, exported and erased.

    ``find(person)`` returns the person's rows. ``export(row)`` gives a JSON-ready
    dict. ``erase(queryset)`` deletes or anonymises the rows and returns the storage
    names of files to delete once the transaction commits. ``retained(row)`` gives
    the reason a row must be kept (an open contract, a legal hold), or "".
    ``summary(row)`` gives what the person is told about it: purpose, legal basis,
    recipients, transfers, retention. ``collected_at`` names the date field of a row.
    ``readable(user)`` gives the rows a staff member may read in the admin: the audit
    log shows them the entries about those rows only. Without it, only holders of
    "manage personal data" read the entries about the model's rows.
    """

    model: type[models.Model]
    category: str
    label: str
    find: Callable[..., QuerySet]
    export: Callable[[models.Model], dict]
    erase: Callable[[QuerySet], list[str]]
    retained: Callable[[models.Model], str] = lambda row: ""
    summary: Callable[[models.Model], dict] | None = None
    files: Callable[[models.Model], Iterable] | None = None
    readable: Callable[..., QuerySet] | None = None
    # The field (lookup) saying when a row was collected: a replayed erasure only
    # touches what was collected before it.
    collected_at: str = ""
    order: int = 100

    @property
    def key(self) -> str:
        return self.model._meta.label_lower


@dataclass
class Registry:
    sources: dict[str, PersonalDataSource] = field(default_factory=dict)
    free: dict[str, str] = field(default_factory=dict)

    def register(self, source: PersonalDataSource) -> None:
        self.sources[source.key] = source

    def declare_free(self, model: type[models.Model], reason: str) -> None:
        self.free[model._meta.label_lower] = reason

    def audited_models(self) -> list[type[models.Model]]:
        """The models whose audit entries go to the scoped personal-data log: every
        registered source, and the erasure receipts (an erasure is about a person)."""
        from privacy.models import ErasureReceipt

        return [source.model for source in self.ordered()] + [ErasureReceipt]

    def ordered(self) -> list[PersonalDataSource]:
        return sorted(self.sources.values(), key=lambda source: (source.order, source.key))

    def unregistered_models(self) -> list[str]:
        """Project models that may hold personal data and are not accounted for."""
        missing = []
        for model in apps.get_models():
            if model._meta.app_label not in PROJECT_APPS:
                continue
            label = model._meta.label_lower
            if label in self.sources or label in self.free:
                continue
            if personal_data_fields(model):
                missing.append(label)
        return sorted(missing)


PERSONAL_NAME_HINTS = ("email", "phone", "name", "address", "ip", "answers")


def personal_data_fields(model: type[models.Model]) -> list[str]:
    """The fields that could hold data about a person: emails, IPs, files, free text,
    JSON, and anything named like a name, a phone number or an address."""
    found = []
    for model_field in model._meta.concrete_fields:
        name = model_field.name.lower()
        if isinstance(
            model_field,
            models.EmailField
            | models.GenericIPAddressField
            | models.FileField
            | models.TextField
            | models.JSONField,
        ) or (
            isinstance(model_field, models.CharField)
            and any(hint in name.split("_") or name.endswith(hint) for hint in PERSONAL_NAME_HINTS)
        ):
            found.append(model_field.name)
    return found


registry = Registry()
