"""Erasing everything about a person that need not be kept, in one transaction,
through the registry; files once it has committed; a receipt without personal data,
written to the journal kept outside the database so that an erasure can be replayed
after a backup is restored."""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.core.files.storage import storages
from django.db import transaction
from django.utils.translation import gettext

from privacy.journal import journal_append_safely, journal_entries
from privacy.models.people import ErasureReceipt, Person
from privacy.models.retention import PurgeRun
from privacy.people.audit import audit, audit_log_scrub, scrub_text
from privacy.people.requests import next_reference
from privacy.people.search import person_names_refresh
from privacy.registry import PersonalDataSource, registry

logger = logging.getLogger(__name__)


@dataclass
class ErasurePlan:
    to_erase: dict[str, int] = field(default_factory=dict)
    retained: list[tuple[str, str, str]] = field(default_factory=list)  # category, item, reason


def kept_reason(source: PersonalDataSource, row, *, override_retention: bool = False) -> str:
    """Why the erasure keeps ``row`` ("" if it goes): a legal hold (the row's own or
    its person's) and what a source always keeps, whatever is asked; a retention
    reason unless ``override_retention`` (a person who was a minor when the data was
    collected asks for its erasure: GDPR Art. 17(1)(f))."""
    if (source.hold_field or source.person_lookup) and source.held(source.rows([row.pk])).exists():
        return source.retained(row) or gettext("On legal hold")
    always = source.kept_always(row) if source.kept_always else ""
    if always:
        return always
    return "" if override_retention else source.retained(row)


def person_erase_plan(*, person: Person, override_retention: bool = False) -> ErasurePlan:
    plan = ErasurePlan()
    # A person on legal hold is kept whole, whatever is asked.
    person_held = gettext("On legal hold") if person.hold_reason else ""
    for source in registry.ordered():
        for row in source.find(person):
            reason = person_held or kept_reason(source, row, override_retention=override_retention)
            if reason:
                item = getattr(row, "reference", None) or str(row)
                plan.retained.append((source.category, item, reason))
            else:
                plan.to_erase[source.category] = plan.to_erase.get(source.category, 0) + 1
    if any(
        _references_person(source)
        for source in registry.ordered()
        if source.category in {category for category, _item, _reason in plan.retained}
    ):
        plan.to_erase.pop("person", None)
    return plan


def _references_person(source: PersonalDataSource) -> bool:
    return (
        any(
            getattr(model_field, "related_model", None) is Person
            for model_field in source.model._meta.concrete_fields
        )
        and source.model is not Person
    )


def identifying_terms(person: Person) -> list[str]:
    """The strings that identify the person, to scrub from audit logs: what every
    source of the registry names (the address, the names and phone numbers given),
    longest first, of three characters at least."""
    terms: set[str] = set()
    for source in registry.ordered():
        if source.terms:
            terms.update(str(term).strip() for term in source.terms(source.find(person)))
    return sorted((term for term in terms if len(term) >= 3), key=len, reverse=True)


def search_index_scrub(*, erased: dict[str, list]) -> int:
    """Drop search index entries of erased rows, should a personal-data model ever be
    indexed (none is today)."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.search.models import IndexEntry

    removed = 0
    for label, ids in erased.items():
        if not ids:
            continue
        content_type = ContentType.objects.get_by_natural_key(*label.split("."))
        removed += IndexEntry._default_manager.filter(
            content_type=content_type, object_id__in=[str(pk) for pk in ids]
        ).delete()[0]
    return removed


def person_erase(
    *,
    person: Person,
    user=None,
    request_reference: str = "",
    collected_before=None,
    override_retention: bool = False,
) -> ErasureReceipt | None:
    """Erase everything about ``person`` that need not be kept, in one transaction:
    rows through the registry, the audit log's mentions, search index entries; then
    files, once the transaction has committed. Leaves a receipt without personal
    data. If anything fails, the transaction rolls back and no file is touched.
    ``override_retention``: what is kept for a retention reason goes too, what is
    under a legal hold stays (see ``kept_reason``)."""
    subject = person.email_hmac
    counts: dict[str, int] = defaultdict(int)
    retained: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    files: list[str] = []
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        terms = identifying_terms(person)
        person_held = gettext("On legal hold") if person.hold_reason else ""
        erased_ids: dict[str, list] = {}
        for source in registry.ordered():
            rows = source.find(person)
            if collected_before is not None and source.collected_at:
                rows = rows.filter(**{f"{source.collected_at}__lt": collected_before})
            reasons = {
                row.pk: person_held
                or kept_reason(source, row, override_retention=override_retention)
                for row in rows
            }
            kept = [pk for pk, reason in reasons.items() if reason]
            for pk in kept:
                # Reasons are typed by staff: the receipt keeps them without the person.
                retained[source.category][scrub_text(reasons[pk], terms)] += 1
            to_erase = rows.exclude(pk__in=kept)
            if source.category == "person" and _still_referenced(person):
                continue
            ids = list(to_erase.values_list("pk", flat=True))
            if not ids:
                continue
            files += source.erase(source.rows(ids))
            counts[source.category] += len(ids)
            erased_ids[source.key] = ids
        if collected_before is not None and not counts:
            return None  # a replay that found nothing to erase again leaves no receipt
        audit_log_scrub(terms=terms)
        search_index_scrub(erased=erased_ids)
        if Person.objects.filter(pk=person.pk).exists():  # kept for what must be kept
            person_names_refresh(person=person)
        receipt = ErasureReceipt.objects.create(
            reference=next_reference("ER", ErasureReceipt),
            email_hmac=subject,
            request_reference=request_reference,
            actor=user,
            counts=dict(counts),
            retained={category: dict(reasons) for category, reasons in retained.items()},
            files_pending=len(files),
            pending_files=files,
            collected_before=collected_before,
        )
        audit(
            instance=receipt,
            action="privacy.erase",
            user=user,
            subject_hmac=subject,
            counts=dict(counts),
        )
        transaction.on_commit(lambda: files_delete(receipt=receipt, names=files))
        transaction.on_commit(lambda: receipt_journal(receipt=receipt))
    return receipt


def person_delete_if_unused(*, person: Person) -> bool:
    """Delete a person that nothing refers to any more (through the registry)."""
    if _still_referenced(person):
        return False
    person.delete()
    return True


def people_delete_if_unused(*, ids) -> list[int]:
    """``person_delete_if_unused`` for many people at once (the retention job): one
    query per source that refers to people, and one deletion. Returns the ids
    deleted."""
    left = set(ids)
    for model, field_name in _person_references():
        if not left:
            break
        referenced = model._default_manager.filter(**{f"{field_name}__in": left})
        left -= set(referenced.values_list(field_name, flat=True))
    if left:
        Person.objects.filter(pk__in=left).delete()
    return sorted(left)


def _person_references() -> list[tuple[type, str]]:
    """The registered models that point to a person, and their field doing so."""
    return [
        (
            source.model,
            next(
                f.name
                for f in source.model._meta.concrete_fields
                if getattr(f, "related_model", None) is Person
            ),
        )
        for source in registry.ordered()
        if _references_person(source)
    ]


def _still_referenced(person: Person) -> bool:
    """Whether rows still point to the person (kept ones, or newer than a replay)."""
    return any(
        model._default_manager.filter(**{field_name: person}).exists()
        for model, field_name in _person_references()
    )


def storage_delete(names: list[str]) -> list[str]:
    """Delete files from private storage; returns the names it could not delete."""
    storage = storages["private"]
    left = []
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            left.append(name)
    return left


def files_delete(*, receipt: ErasureReceipt | PurgeRun, names: list[str]) -> None:
    """Delete erased files from private storage (after the rows are gone for good).
    What cannot be deleted now stays on the receipt, an erasure's or a retention
    run's (random storage names, nothing personal), added to what it already waits
    for, for ``manage.py retry_erasure_files``."""
    left = storage_delete(names)
    if left:
        logger.warning("Could not delete %d file(s) of %s", len(left), receipt)
    tried = set(names)
    waiting = [name for name in receipt.pending_files if name not in tried] + left
    receipt.pending_files, receipt.files_pending = waiting, len(waiting)
    type(receipt)._default_manager.filter(pk=receipt.pk).update(
        files_pending=len(waiting), pending_files=waiting
    )


def erasure_files_retry() -> int:
    """Try again to delete the files erasures and retention runs could not delete.
    Returns what is left."""
    left = 0
    for model in (ErasureReceipt, PurgeRun):
        for receipt in model._default_manager.filter(files_pending__gt=0):
            files_delete(receipt=receipt, names=list(receipt.pending_files))
            left += receipt.files_pending
    return left


# --- the journal -----------------------------------------------------------------------------


def receipt_journal(*, receipt: ErasureReceipt) -> bool:
    """Write the erasure to the journal kept outside the database."""
    written = journal_append_safely(
        {
            "kind": "erasure",
            "reference": receipt.reference,
            "email_hmac": receipt.email_hmac,
            "request_reference": receipt.request_reference,
            "at": receipt.erased_at,
            "collected_before": receipt.collected_before,
            "counts": receipt.counts,
        }
    )
    if written:
        ErasureReceipt.objects.filter(pk=receipt.pk).update(journaled=True)
    return written


def journal_sync() -> tuple[int, int]:
    """Write to the journal what it misses (a journal that could not be written when
    it happened): the erasures, then what each source of the registry keeps there.
    Returns (written, still missing)."""
    written = missing = 0
    for receipt in ErasureReceipt.objects.filter(journaled=False).order_by("erased_at"):
        if receipt_journal(receipt=receipt):
            written += 1
        else:
            missing += 1
    for source in registry.ordered():
        if source.sync:
            source_written, source_missing = source.sync()
            written += source_written
            missing += source_missing
    return written, missing


def receipts_restore_from_journal() -> int:
    """Put back the receipts a restored backup lost (the journal outlives it). A
    reference given again since the restore to another erasure gets a new one."""
    restored = 0
    for entry in journal_entries():
        if entry.get("kind") != "erasure":
            continue
        same = ErasureReceipt.objects.filter(reference=entry["reference"])
        if same.filter(email_hmac=entry["email_hmac"]).exists():
            continue
        reference = entry["reference"]
        if same.exists():
            reference = next_reference("ER", ErasureReceipt)
        with transaction.atomic():
            receipt = ErasureReceipt.objects.create(
                reference=reference,
                email_hmac=entry["email_hmac"],
                request_reference=entry.get("request_reference") or "",
                counts=entry.get("counts") or {},
                collected_before=(
                    datetime.fromisoformat(entry["collected_before"])
                    if entry.get("collected_before")
                    else None
                ),
                journaled=True,
            )
            # auto_now_add stamps "now": the erasure happened when the journal says.
            ErasureReceipt.objects.filter(pk=receipt.pk).update(
                erased_at=datetime.fromisoformat(entry["at"])
            )
        restored += 1
    return restored


def erasures_replay(*, user=None) -> list[ErasureReceipt]:
    """After a backup is restored: put back the receipts the backup lost and let
    every source of the registry replay its own journal entries (the newsletter's
    unsubscriptions), then erase again, from every receipt, what the backup brought
    back (data collected before each erasure; not what came later)."""
    receipts_restore_from_journal()
    for source in registry.ordered():
        if source.replay:
            source.replay()
    replayed = []
    # The original erasures only: a replay's own receipt repeats one of them.
    for receipt in ErasureReceipt.objects.filter(collected_before__isnull=True).order_by(
        "erased_at"
    ):
        for person in Person.objects.filter(email_hmac=receipt.email_hmac):
            again = person_erase(
                person=person,
                user=user,
                request_reference=receipt.reference,
                collected_before=receipt.erased_at,
            )
            if again is not None:
                replayed.append(again)
    return replayed
