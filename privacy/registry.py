"""The personal-data registry: every model that holds data about a person says here
how privacy reaches its rows for one Person: find, export (with its files), erase,
rectify, reassign, why a row is kept, its language, the words that identify the
person, and the hooks the journal commands call. Privacy's search, export, erasure,
rectification and commands loop over it (as Django's ``clearsessions`` hands its
work to the session engine), so privacy imports no other app and a new model cannot
be forgotten: tests walk every model of the project and fail on one that is neither
registered nor declared free of personal data.

Register from an app's ``ready()``::

    registry.declare_category("things", _("Your things"))
    registry.register(PersonalDataSource(model=Thing, category="things", ...))
    registry.declare_free(OtherThing, "why it holds nothing about a person")
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.apps import apps
from django.core.files import File
from django.db import models
from django.db.models import QuerySet

PROJECT_APPS = ("corpsite", "base", "pages", "forms", "privacy")  # app labels


@dataclass(frozen=True)
class PersonalDataSource:
    """How privacy reaches one model's rows about a person.

    Required:

    - ``find(person)``: the person's rows (a queryset). Every other callback that
      takes ``rows`` receives this queryset, or the same rows by primary key.
    - ``export(row)``: a JSON-ready dict of the row, for the person's copy.
    - ``erase(rows)``: delete or anonymise the rows; returns the storage names of
      files to delete from private storage once the transaction has committed.

    Optional (each privacy operation skips a source without it):

    - ``retained(row)``: why the row must be kept (an open contract, a legal hold),
      or "". A kept row is neither erased nor lets its person be deleted.
    - ``held(row)``: the legal hold that keeps the row, or "". Unlike ``retained``,
      nothing overrides it: the erasure a minor asks for (GDPR Art. 17(1)(f)) erases
      rows kept for a retention reason, never held ones.
    - ``summary(row)``: what the person is told about it (purpose, legal basis,
      recipients, transfers, retention), grouped in the export's summary.html.
    - ``files(row)``: the row's stored files as ``(archive name, file)`` pairs; the
      export puts each at ``files/<archive name>``.
    - ``readable(user)``: the rows a staff member may read in the admin: the audit
      log shows them the entries about those rows only. Without it, only holders of
      "manage personal data" read the entries about the model's rows.
    - ``collected_at``: the field (lookup) saying when a row was collected: a
      replayed erasure only touches what was collected before it, and the latest
      row gives the person's language.
    - ``language(row)``: the language the person used for the row. The first source
      (in ``order``) holding a row of the person gives the export's language.
    - ``terms(rows)``: strings that identify the person (names, phone numbers), to
      scrub from the audit log and from kept reasons when the person is erased.
    - ``names(rows)``: ``(first name, last name)`` pairs, for the search by name.
    - ``breakdown(rows)``: one label per row (a form and its language), counted
      per label in the person's overview.
    - ``rectify(rows, *, person, first_name, last_name)``: write the person's
      corrected address (``person.email``) and names into the rows.
    - ``reassign(rows, *, to)``: make the rows another person's (two records of one
      person merged); ``reassign_person_field`` does it for a ``person`` field.
    - ``replay()``: after a backup is restored, redo from the privacy journal what
      the backup lost (the erasures are replayed after every source's replay).
    - ``sync()``: write to the journal what could not be written when it happened;
      returns (written, still missing).
    - ``reclock(*, purposes, person=None)``: write again the stored retention
      deadline of the rows collected for ``purposes`` (a queryset of purposes), only
      those of ``person`` if given, after the moment their clock counts from or the
      purposes' retention changed (``privacy.services``: a contact from the person,
      a withdrawal, a rule changed in the admin). Returns the number of rows written.

    Retention (``manage.py purge_expired``, ``privacy.people.retention``): a source
    with a ``retention_deadline`` has its rows erased, through ``erase``, once that
    deadline has passed:

    - ``retention_deadline``: the lookup of the row's deadline (a stored date, e.g.
      ``"retention_deadline"``), or with ``retention_period`` of the moment the period
      counts from. A row whose deadline is null is kept: its clock has not started
      (``no_deadline_reason`` says why, in the report).
    - ``retention_period``: ``(value, unit)`` added to the ``retention_deadline`` field
      (``(5, "years")``): the period the registry states for this source.
    - ``retention_scope()``: the rows retention may consider at all (say, the consents
      no longer backing a record); all rows without it.
    - ``purpose_key``: the lookup of the row's purpose identifier: the job counts per
      purpose and ``--purpose`` selects by it. Without it, the rows count under the
      source's ``category``.
    - ``person_lookup``: the lookup of the row's ``Person``: a person on legal hold
      keeps all their rows, and a person left with nothing once the rows are gone is
      deleted too.
    - ``hold_field``: the field holding the row's own legal-hold reason (empty: not
      held). Held rows are never purged, whatever their deadline.

    From these, ``expired(now)`` gives the rows the job erases (past their deadline,
    not held), ``due(before)`` what will be due by then, ``held()`` and ``undated()``
    what is kept and why.

    ``order`` decides the order of erasure (rows pointing to others first) and of
    the export.
    """

    model: type[models.Model]
    category: str
    label: str
    find: Callable[..., QuerySet]
    export: Callable[[models.Model], dict]
    erase: Callable[[QuerySet], list[str]]
    retained: Callable[[models.Model], str] = lambda row: ""
    kept_always: Callable[[models.Model], str] | None = None
    summary: Callable[[models.Model], dict] | None = None
    files: Callable[[models.Model], Iterable[tuple[str, File]]] | None = None
    readable: Callable[..., QuerySet] | None = None
    collected_at: str = ""
    language: Callable[[models.Model], str] | None = None
    terms: Callable[[QuerySet], Iterable[str]] | None = None
    names: Callable[[QuerySet], Iterable[tuple[str, str]]] | None = None
    breakdown: Callable[[QuerySet], Iterable[str]] | None = None
    rectify: Callable[..., None] | None = None
    reassign: Callable[..., None] | None = None
    replay: Callable[[], int] | None = None
    sync: Callable[[], tuple[int, int]] | None = None
    reclock: Callable[..., int] | None = None
    retention_deadline: str = ""
    retention_period: tuple[int, str] | None = None
    retention_scope: Callable[[], QuerySet] | None = None
    purpose_key: str = ""
    person_lookup: str = ""
    hold_field: str = ""
    no_deadline_reason: str = ""
    order: int = 100

    @property
    def key(self) -> str:
        return self.model._meta.label_lower

    def rows(self, ids) -> QuerySet:
        """The rows by primary key, without what ``find`` adds (joins, ordering)."""
        return self.model._default_manager.filter(pk__in=ids)

    # --- retention ---------------------------------------------------------------------

    @property
    def holds_itself(self) -> bool:
        """Whether a row carries its own hold (staff may hold it), rather than being
        held with another row (a file with its submission)."""
        return bool(self.hold_field) and "__" not in self.hold_field

    @property
    def has_retention(self) -> bool:
        return bool(self.retention_deadline)

    def retention_rows(self) -> QuerySet:
        """The rows retention considers, in no particular order."""
        rows = self.retention_scope() if self.retention_scope else self.model._default_manager
        return rows.all().order_by()

    def held(self, rows: QuerySet | None = None) -> QuerySet:
        """The rows on legal hold: their own hold, or their person's."""
        rows = self.retention_rows() if rows is None else rows
        condition = models.Q(pk__in=[])
        if self.hold_field:
            condition |= ~models.Q(**{self.hold_field: ""})
        if self.person_lookup:
            condition |= ~models.Q(**{f"{self.person_lookup}__hold_reason": ""}) & models.Q(
                **{f"{self.person_lookup}__isnull": False}
            )
        return rows.filter(condition)

    def not_held(self, rows: QuerySet | None = None) -> QuerySet:
        rows = self.retention_rows() if rows is None else rows
        if self.hold_field:
            rows = rows.filter(**{self.hold_field: ""})
        if self.person_lookup:
            rows = rows.exclude(
                models.Q(**{f"{self.person_lookup}__isnull": False})
                & ~models.Q(**{f"{self.person_lookup}__hold_reason": ""})
            )
        return rows

    def due(self, before: datetime) -> QuerySet:
        """The rows not on hold whose deadline is ``before`` or earlier."""
        from privacy.retention import subtract_duration

        cutoff = before
        if self.retention_period is not None:
            value, unit = self.retention_period
            cutoff = subtract_duration(before, value=value, unit=unit)
        return self.not_held().filter(**{f"{self.retention_deadline}__lte": cutoff})

    def expired(self, now: datetime) -> QuerySet:
        """The rows past their deadline at ``now`` and not on hold: what the job erases."""
        return self.due(now)

    def undated(self) -> QuerySet:
        """The rows whose clock has not started (no deadline yet), not on hold."""
        return self.not_held().filter(**{f"{self.retention_deadline}__isnull": True})

    def deadline_of(self, start: datetime | None) -> datetime | None:
        """The deadline of a row whose ``retention_deadline`` field holds ``start``."""
        if start is None or self.retention_period is None:
            return start
        from privacy.retention import add_duration

        value, unit = self.retention_period
        return add_duration(start, value=value, unit=unit)


def reassign_person_field(rows: QuerySet, *, to) -> None:
    """The usual ``reassign``: point the rows' ``person`` field to the other person."""
    rows.update(person=to)


@dataclass
class Registry:
    sources: dict[str, PersonalDataSource] = field(default_factory=dict)
    free: dict[str, str] = field(default_factory=dict)
    categories: dict[str, str] = field(default_factory=dict)
    audited: list[type[models.Model]] = field(default_factory=list)

    def register(self, source: PersonalDataSource) -> None:
        self.sources[source.key] = source

    def declare_free(self, model: type[models.Model], reason: str) -> None:
        self.free[model._meta.label_lower] = reason

    def declare_category(self, category: str, label: str) -> None:
        """How the person reads a category in their export (a translatable label)."""
        self.categories[category] = label

    def declare_audited(self, model: type[models.Model]) -> None:
        """A model that holds no personal data but whose audit entries are about a
        person (privacy's erasure receipts): its entries go to the scoped log too."""
        if model not in self.audited:
            self.audited.append(model)

    def category_label(self, category: str) -> str:
        return str(self.categories.get(category, category))

    def audited_models(self) -> list[type[models.Model]]:
        """The models whose audit entries go to the scoped personal-data log: every
        registered source, and the models declared audited (``declare_audited``: the
        erasure receipts, as an erasure is about a person, and the retention runs)."""
        return [source.model for source in self.ordered()] + self.audited

    def ordered(self) -> list[PersonalDataSource]:
        return sorted(self.sources.values(), key=lambda source: (source.order, source.key))

    def with_retention(self) -> list[PersonalDataSource]:
        """The sources the retention job purges, in the order of erasure."""
        return [source for source in self.ordered() if source.has_retention]

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
