"""Retention: erasing, through the registry, every row whose retention clock has run
out (``PersonalDataSource.expired``), with its files once the transaction has
committed, and the person left with nothing; never what is on legal hold. A run
leaves a ``PurgeRun`` and an audit entry with counts per purpose and category, never
personal data.

Safe at scale and alongside other workers: rows go in batches of at most
``BATCH_SIZE``, each in its own short transaction that locks only that batch's rows
(``SELECT ... FOR UPDATE SKIP LOCKED`` on PostgreSQL, so two workers never take the
same rows; SQLite runs one writer at a time), and takes no lock on a whole table. A
run walks each source in primary-key order from where its last batch stopped (never
again over the rows it has just deleted, which the database keeps as dead entries
until vacuumed: scanning them made each batch slower than the last), and halves its
batches while one takes longer than ``BATCH_TARGET_SECONDS`` (growing back when they
are quick). A row another transaction had locked when the run passed it waits for the
next run. An interrupted run keeps what its committed batches did; the next run finds
only what is left.

Called by ``manage.py purge_expired`` (daily, from cron) and by the task
``privacy.jobs.purge_expired_task``.
"""

from __future__ import annotations

import logging
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Count, Min, ProtectedError, QuerySet
from django.utils import timezone
from wagtail.log_actions import log

from privacy.models import Person, PurgeRun
from privacy.people.erasure import (
    files_delete,
    people_delete_if_unused,
    person_delete_if_unused,
)
from privacy.registry import PersonalDataSource, registry

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
BATCH_MIN_SIZE = 10
# A batch's transaction should stay well under a second: beyond this, batches shrink.
BATCH_TARGET_SECONDS = 0.25
REPORT_HORIZON = timedelta(days=30)


def _now() -> datetime:
    """The job's clock (tests replace it)."""
    return timezone.now()


def _group_of(source: PersonalDataSource) -> str:
    """The lookup the counts are grouped by; "" when the source has no purpose."""
    return source.purpose_key


def _selected(source: PersonalDataSource, rows: QuerySet, purposes: Iterable[str]) -> QuerySet:
    """Only the rows of the purposes asked for (``--purpose``); a source without
    purposes is selected by its category."""
    purposes = list(purposes)
    if not purposes:
        return rows
    if source.purpose_key:
        return rows.filter(**{f"{source.purpose_key}__in": purposes})
    return rows if source.category in purposes else rows.none()


# --- what is due -------------------------------------------------------------------------


@dataclass
class DueGroup:
    """What is due in one purpose (or category): counts per category, and the oldest
    deadline."""

    key: str
    counts: dict[str, int] = field(default_factory=dict)
    oldest: datetime | None = None

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def retention_due(*, before: datetime, purposes: Iterable[str] = ()) -> list[DueGroup]:
    """What is past its deadline at ``before`` and not on hold, per purpose: what a run
    at that moment would erase (the person rows left with nothing aside)."""
    groups: dict[str, DueGroup] = {}

    def add(key: str, category: str, count: int, oldest) -> None:
        if not count:
            return
        group = groups.setdefault(key, DueGroup(key=key))
        group.counts[category] = group.counts.get(category, 0) + count
        if oldest is not None and (group.oldest is None or oldest < group.oldest):
            group.oldest = oldest

    for source in registry.with_retention():
        rows = _selected(source, source.due(before), purposes)
        deadline = source.retention_deadline
        if source.purpose_key:
            for entry in rows.values(source.purpose_key).annotate(
                due_count=Count("pk"), due_oldest=Min(deadline)
            ):
                add(
                    entry[source.purpose_key],
                    source.category,
                    entry["due_count"],
                    source.deadline_of(entry["due_oldest"]),
                )
        else:
            entry = rows.aggregate(due_count=Count("pk"), due_oldest=Min(deadline))
            add(
                source.category,
                source.category,
                entry["due_count"],
                source.deadline_of(entry["due_oldest"]),
            )
    return sorted(groups.values(), key=lambda group: group.key)


@dataclass
class HeldItem:
    label: str
    item: str
    reason: str
    person_id: int | None = None


def retention_held(*, limit: int = 200) -> list[HeldItem]:
    """What legal holds keep: the people on hold, and the rows held on their own."""
    held = [
        HeldItem(
            label=str(Person._meta.verbose_name),
            item=str(person),
            reason=person.hold_reason,
            person_id=person.pk,
        )
        for person in Person.objects.exclude(hold_reason="").order_by("hold_set_at", "pk")[:limit]
    ]
    for source in registry.ordered():
        if not source.holds_itself:
            continue  # held with another row (a file with its submission): listed there
        rows = source.model._default_manager.exclude(**{source.hold_field: ""})
        for row in rows.order_by("pk")[:limit]:
            person_id = None
            if source.person_lookup and "__" not in source.person_lookup:
                person_id = getattr(row, f"{source.person_lookup}_id", None)
            held.append(
                HeldItem(
                    label=str(source.label),
                    item=getattr(row, "reference", None) or str(row),
                    reason=getattr(row, source.hold_field),
                    person_id=person_id,
                )
            )
    return held


def retention_undated() -> dict[str, dict[str, int]]:
    """Rows whose clock has not started (an open case, consent not withdrawn), per
    purpose and reason: kept until it starts."""
    undated: dict[str, dict[str, int]] = defaultdict(dict)
    for source in registry.with_retention():
        if not source.no_deadline_reason:
            continue
        rows = source.undated()
        reason = str(source.no_deadline_reason)
        if source.purpose_key:
            for entry in rows.values(source.purpose_key).annotate(undated_count=Count("pk")):
                undated[entry[source.purpose_key]][reason] = entry["undated_count"]
        else:
            undated[source.category][reason] = rows.count()
    return {key: reasons for key, reasons in sorted(undated.items()) if any(reasons.values())}


# --- the job -------------------------------------------------------------------------------


@dataclass
class BatchTiming:
    """What the bench measures: how long each batch's transaction held its locks, from
    its start to its commit (the files are deleted after)."""

    source: str
    rows: int
    seconds: float


def purge_expired(
    *,
    now: datetime | None = None,
    purposes: Iterable[str] = (),
    dry_run: bool = False,
    batch_size: int = BATCH_SIZE,
    on_batch: Callable[[BatchTiming], None] | None = None,
) -> PurgeRun:
    """Erase what is past its deadline at ``now`` (the job's clock by default), for
    ``purposes`` only if given (purpose identifiers, or a category for a source
    without purposes), in batches of at most ``batch_size`` rows. A dry run counts
    and deletes nothing. Returns the run."""
    now = now or _now()
    purposes = sorted(set(purposes))
    run = PurgeRun.objects.create(started_at=_now(), dry_run=dry_run, purposes=purposes)
    if dry_run:
        due = retention_due(before=now, purposes=purposes)
        run.counts = {group.key: group.counts for group in due}
        run.oldest = {group.key: group.oldest.isoformat() for group in due if group.oldest}
    else:
        for source in registry.with_retention():
            try:
                _purge_source(
                    run=run,
                    source=source,
                    now=now,
                    purposes=purposes,
                    batch_size=batch_size,
                    on_batch=on_batch,
                )
            except DatabaseError as error:
                # The batch rolled back; its rows wait for the next run. No row content
                # in the error: its kind and the source only.
                logger.warning("Retention run %s: %s failed", run.pk, source.key)
                run.errors.append({"source": source.key, "error": type(error).__name__})
    run.finished_at = _now()
    run.save(update_fields=["counts", "oldest", "errors", "finished_at"])
    log(
        instance=run,
        action="privacy.purge",
        user=None,
        data={"dry_run": dry_run, "counts": run.counts, "errors": len(run.errors)},
    )
    return run


def next_batch_size(*, size: int, seconds: float, ceiling: int) -> int:
    """The size of the next batch after one of ``size`` rows held its transaction
    ``seconds``: halved (at least) while over ``BATCH_TARGET_SECONDS``, doubled back
    towards ``ceiling`` while under half of it."""
    if seconds > BATCH_TARGET_SECONDS:
        shrunk = min(size // 2, int(size * BATCH_TARGET_SECONDS / seconds))
        return max(min(BATCH_MIN_SIZE, ceiling), shrunk)
    if seconds < BATCH_TARGET_SECONDS / 2:
        return min(ceiling, size * 2)
    return size


def _purge_source(
    *,
    run: PurgeRun,
    source: PersonalDataSource,
    now: datetime,
    purposes: list[str],
    batch_size: int,
    on_batch: Callable[[BatchTiming], None] | None,
) -> None:
    group_lookup = _group_of(source)
    columns = ["pk"] + [lookup for lookup in (group_lookup, source.person_lookup) if lookup]
    size = batch_size
    after = None  # the last primary key taken: the next batch starts past it
    while True:
        started = time.monotonic()
        committed: list[float] = []
        with transaction.atomic():
            # The first callback after the commit: when the locks were released.
            transaction.on_commit(lambda committed=committed: committed.append(time.monotonic()))
            rows = _selected(source, source.expired(now), purposes)
            if after is not None:
                rows = rows.filter(pk__gt=after)
            # Lock this batch's rows only (not the purposes or people they join), and
            # skip rows another worker is purging.
            locked = list(
                rows.select_for_update(skip_locked=True, of=("self",))
                .order_by("pk")
                .values_list(*columns)[:size]
            )
            if not locked:
                return
            after = locked[-1][0]
            group_ids: dict[str, list] = defaultdict(list)
            person_group: dict[int, str] = {}
            for values in locked:
                pk, extra = values[0], list(values[1:])
                key = extra.pop(0) if group_lookup else source.category
                group_ids[key].append(pk)
                person_id = extra.pop(0) if source.person_lookup else None
                if person_id is not None:
                    person_group[person_id] = key
            names: list[str] = []
            counts: Counter = Counter()
            for key, ids in group_ids.items():
                erased_files = source.erase(source.rows(ids))
                names += erased_files
                counts[(key, source.category)] += len(ids)
                if erased_files:
                    counts[(key, "files")] += len(erased_files)
            for _person_id, key in _people_deleted(person_group):
                counts[(key, "person")] += 1
            for (key, category), count in counts.items():
                run.counts.setdefault(key, {})
                run.counts[key][category] = run.counts[key].get(category, 0) + count
            PurgeRun.objects.filter(pk=run.pk).update(counts=run.counts)
            if names:
                transaction.on_commit(lambda names=names: files_delete(receipt=run, names=names))
        # Inside an outer transaction (tests) nothing has committed yet: up to now.
        seconds = (committed[0] if committed else time.monotonic()) - started
        if on_batch is not None:
            on_batch(BatchTiming(source=source.key, rows=len(locked), seconds=seconds))
        size = next_batch_size(size=size, seconds=seconds, ceiling=batch_size)


def _people_deleted(person_group: dict[int, str]) -> list[tuple[int, str]]:
    """Delete the people the batch left with nothing (not those on hold, nor those
    another transaction is writing to: a new submission keeps its person)."""
    ids = list(
        Person.objects.select_for_update(skip_locked=True)
        .filter(pk__in=list(person_group), hold_reason="")
        .values_list("pk", flat=True)
    )
    try:
        with transaction.atomic():
            deleted = people_delete_if_unused(ids=ids)
    except (IntegrityError, ProtectedError):
        # Something new refers to one of them: one by one, keeping that one.
        deleted = []
        for person in Person.objects.filter(pk__in=ids):
            person_id = person.pk
            try:
                with transaction.atomic():
                    if person_delete_if_unused(person=person):
                        deleted.append(person_id)
            except (IntegrityError, ProtectedError):
                continue
    return [(person_id, person_group[person_id]) for person_id in deleted]
