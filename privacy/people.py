"""The privacy officer's tools: find everything about a person, export it, erase
it, rectify it, and prove what was done, all through the personal-data registry."""

from __future__ import annotations

import io
import json
import logging
import re
import shutil
import tempfile
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import PurePath

from django.core.files import File
from django.core.files.storage import storages
from django.db import transaction
from django.db.models import Max, Q, TextField
from django.db.models.functions import Cast
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log
from wagtail.models import Locale, ModelLogEntry, PageLogEntry

from corpsite.base.spreadsheets import csv_writer
from privacy.journal import journal_append_safely, journal_entries
from privacy.models import (
    DataRequest,
    ErasureReceipt,
    Person,
    PersonalDataLogEntry,
    PersonExport,
    PrivacySettings,
    email_hmac,
    normalize_email,
    normalize_name,
)
from privacy.registry import PersonalDataSource, registry

logger = logging.getLogger(__name__)
EXPORT_LIFETIME = timedelta(hours=24)
ERASED = "[erased]"
# The categories of the registry, as the person reads them in their export.
CATEGORY_LABELS = {
    "person": _("Your identity"),
    "submissions": _("Forms you sent"),
    "files": _("Files you sent"),
    "consents": _("Your consents"),
    "newsletter": _("Newsletter"),
    "requests": _("Your requests about your data"),
    "exports": _("Earlier copies of your data"),
}


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


# --- finding -------------------------------------------------------------------------------


def person_find(*, email: str) -> Person | None:
    """One indexed lookup by the normalized address (case, spaces, Unicode)."""
    return Person.objects.filter(email=normalize_email(email)).first()


def people_search(*, query: str, people=None) -> list[Person]:
    """By email (exact, normalized) or by name (in the answers of their submissions),
    among ``people`` (the searcher's scope; everyone by default)."""
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


@dataclass
class CategoryView:
    category: str
    label: str
    count: int
    groups: dict[str, int] = field(default_factory=dict)


def person_overview(*, person: Person) -> list[CategoryView]:
    """Counts per category; submissions also per form and language."""
    from forms.models import Submission

    views: dict[str, CategoryView] = {}
    for source in registry.ordered():
        if source.category == "person":
            continue
        count = source.find(person).count()
        view = views.setdefault(source.category, CategoryView(source.category, source.label, 0))
        view.count += count
    rows = (
        Submission.objects.filter(person=person)
        .values_list("form_title", "language")
        .order_by("form_title")
    )
    for title, language in rows:
        key = f"{title} ({language})"
        views["submissions"].groups[key] = views["submissions"].groups.get(key, 0) + 1
    return list(views.values())


def person_language(*, person: Person) -> str:
    from forms.models import Submission, Subscription

    latest = Submission.objects.filter(person=person).order_by("-submitted_at").first()
    if latest:
        return latest.language
    subscription = Subscription.objects.filter(person=person).first()
    return subscription.language if subscription else Locale.get_default().language_code


# --- export ----------------------------------------------------------------------------------


def _csv_from_lines(lines_file, target) -> None:
    """A CSV (formulas escaped) from JSON lines, columns being every key seen."""
    lines_file.seek(0)
    columns: list[str] = []
    for line in lines_file:
        for key in json.loads(line):
            if key not in columns:
                columns.append(key)
    out = io.TextIOWrapper(target, encoding="utf-8-sig", newline="")
    writer = csv_writer(out)
    writer.writerow(columns)
    lines_file.seek(0)
    for line in lines_file:
        row = json.loads(line)
        writer.writerow(
            [
                json.dumps(row.get(column), ensure_ascii=False)
                if isinstance(row.get(column), dict | list)
                else row.get(column, "")
                for column in columns
            ]
        )
    out.flush()
    out.detach()


def person_export_write(*, person: Person, target, progress=None) -> dict[str, int]:
    """Write everything about ``person`` as a ZIP into the binary file ``target``:
    data.json (everything, machine-readable), one CSV per category, the original
    files, and summary.html in the person's language. Rows are streamed: they go
    to data.json and to temporary files as they are read, never all in memory.
    Returns counts per category."""
    sources = registry.ordered()
    language = person_language(person=person)
    counts: dict[str, int] = defaultdict(int)
    summary_groups: dict[str, dict] = {}
    spools: dict[str, tempfile.SpooledTemporaryFile] = {}
    attachments: list[tuple[str, int]] = []  # (source key, row pk)
    with (
        translation.override(language),
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        with archive.open("data.json", "w") as raw:
            out = io.TextIOWrapper(raw, encoding="utf-8")
            out.write('{"generated_at": ' + json.dumps(timezone.now().isoformat()))
            out.write(', "categories": {')
            for index, source in enumerate(sources):
                out.write(("" if index == 0 else ", ") + json.dumps(source.key) + ": [")
                spool = None
                for number, row in enumerate(source.find(person).iterator(chunk_size=500)):
                    data = source.export(row)
                    line = json.dumps(data, ensure_ascii=False)
                    out.write(("" if number == 0 else ", ") + line)
                    if spool is None:
                        spool = spools[source.key] = tempfile.SpooledTemporaryFile(
                            max_size=4 * 1024 * 1024, mode="w+", encoding="utf-8"
                        )
                    spool.write(line + "\n")
                    counts[source.category] += 1
                    if source.summary:
                        _summary_add(summary_groups, source, row)
                    if source.files:
                        attachments.append((source.key, row.pk))
                out.write("]")
                if progress:
                    progress(int(80 * (index + 1) / len(sources)))
            out.write("}}")
            out.flush()
            out.detach()
        for key, spool in spools.items():
            with spool, archive.open(f"csv/{key.replace('.', '-')}.csv", "w") as handle:
                _csv_from_lines(spool, handle)
        for key, pk in attachments:
            source = registry.sources[key]
            row = source.model._default_manager.get(pk=pk)
            for stored in source.files(row):
                _zip_file(archive, row, stored)
        if progress:
            progress(95)
        html = render_to_string(
            "privacy/export_summary.html",
            {
                "person": person,
                "groups": list(summary_groups.values()),
                "counts": [
                    (CATEGORY_LABELS.get(category, category), count)
                    for category, count in counts.items()
                ],
                "language": language,
                "generated_at": timezone.now(),
                "controller": PrivacySettings.load(),
            },
        )
        archive.writestr("summary.html", html)
    return dict(counts)


def _summary_add(groups: dict, source: PersonalDataSource, row) -> None:
    summary = source.summary(row)
    key = json.dumps(summary, sort_keys=True, ensure_ascii=False)
    group = groups.setdefault(key, {"summary": summary, "items": []})
    group["items"].append(_summary_item(row))


def _summary_item(row) -> str:
    """How the person recognises an item: its reference, or the day it was given."""
    if getattr(row, "reference", ""):
        return row.reference
    at = getattr(row, "given_at", None)
    return date_format(timezone.localtime(at), "DATE_FORMAT") if at else str(row)


def _zip_file(archive: zipfile.ZipFile, row, stored) -> None:
    name = PurePath(row.original_name).name or "file"
    path = f"files/{row.submission.reference}/{row.field_name}-{name}"
    with stored.open("rb") as source, archive.open(path, "w") as destination:
        shutil.copyfileobj(source, destination, 1024 * 1024)


def person_export_run(*, export: PersonExport) -> PersonExport:
    """Build the ZIP of an export (a background task calls this)."""

    def progress(percent: int) -> None:
        PersonExport.objects.filter(pk=export.pk).update(progress=percent)

    try:
        with tempfile.TemporaryFile() as handle:
            person_export_write(person=export.person, target=handle, progress=progress)
            handle.seek(0)
            export.file.save(f"{export.token}.zip", File(handle), save=False)
        updated = PersonExport.objects.filter(pk=export.pk).update(
            file=export.file.name, status=PersonExport.Status.READY, progress=100
        )
        if not updated:  # erased while it was being written: so is the file
            export.file.storage.delete(export.file.name)
            return export
        export.status, export.progress = PersonExport.Status.READY, 100
    except Exception:
        PersonExport.objects.filter(pk=export.pk).update(status=PersonExport.Status.FAILED)
        logger.exception("Export #%s failed", export.pk)
        raise
    return export


def person_export_start(*, person: Person, user) -> PersonExport:
    export = PersonExport.objects.create(
        person=person, requested_by=user, expires_at=timezone.now() + EXPORT_LIFETIME
    )
    audit(instance=export, action="privacy.export", user=user, subject_hmac=person.email_hmac)

    def enqueue():
        from privacy.tasks import person_export_task

        person_export_task.enqueue(export.pk)

    transaction.on_commit(enqueue)
    return export


def exports_purge_expired(*, now=None) -> int:
    """Delete exports whose download link expired, files included."""
    now = now or timezone.now()
    count = 0
    for export in PersonExport.objects.filter(expires_at__lt=now).select_related("person"):
        audit_purge(instance=export, person=export.person, what="expired export")
        if export.file:
            export.file.delete(save=False)
        export.delete()
        count += 1
    return count


# --- erasure ---------------------------------------------------------------------------------


@dataclass
class ErasurePlan:
    to_erase: dict[str, int] = field(default_factory=dict)
    retained: list[tuple[str, str, str]] = field(default_factory=list)  # category, item, reason


def person_erase_plan(*, person: Person) -> ErasurePlan:
    plan = ErasurePlan()
    for source in registry.ordered():
        for row in source.find(person):
            reason = source.retained(row)
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


def _identifying_terms(person: Person) -> list[str]:
    """The strings that identify the person, to scrub from audit logs: the address,
    and the names and phone numbers they gave."""
    from forms.models import Submission

    terms = {person.email}
    for answers in Submission.objects.filter(person=person).values_list("answers", flat=True):
        first = str(answers.get("first_name") or "").strip()
        last = str(answers.get("last_name") or "").strip()
        phone = str(answers.get("phone") or "").strip()
        terms.update(value for value in (first, last, phone) if len(value) >= 3)
        if first and last:
            terms.update({f"{first} {last}", f"{last} {first}"})
    return sorted(terms, key=len, reverse=True)


def _scrub_text(text: str, terms: list[str]) -> str:
    """Replace whole-word occurrences of the terms ("Ann" is not in "Annual"). Only
    letters count as word characters: "Quintal_CV" and "Zephyrine2" are scrubbed."""
    for term in terms:
        pattern = rf"(?<![^\W\d_]){re.escape(term)}(?![^\W\d_])"
        text = re.sub(pattern, ERASED, text, flags=re.IGNORECASE)
    return text


def _scrub_value(value, terms: list[str]):
    """Scrub the strings inside a JSON value, never its structure."""
    if isinstance(value, str):
        return _scrub_text(value, terms)
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
            label, data = _scrub_text(entry.label, terms), _scrub_value(entry.data, terms)
            if (label, data) != (entry.label, entry.data):
                model.objects.filter(pk=entry.pk).update(label=label, data=data)
                changed += 1
    return changed


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


def _next_reference(prefix: str, model) -> str:
    year = timezone.now().year
    last = model.objects.filter(reference__startswith=f"{prefix}-{year}-").aggregate(
        Max("reference")
    )["reference__max"]
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}-{year}-{number:04d}"


def person_erase(
    *, person: Person, user=None, request_reference: str = "", collected_before=None
) -> ErasureReceipt | None:
    """Erase everything about ``person`` that need not be kept, in one transaction:
    rows through the registry, the audit log's mentions, search index entries; then
    files, once the transaction has committed. Leaves a receipt without personal
    data. If anything fails, the transaction rolls back and no file is touched."""
    subject = person.email_hmac
    counts: dict[str, int] = defaultdict(int)
    retained: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    files: list[str] = []
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        terms = _identifying_terms(person)
        erased_ids: dict[str, list] = {}
        for source in registry.ordered():
            rows = source.find(person)
            if collected_before is not None and source.collected_at:
                rows = rows.filter(**{f"{source.collected_at}__lt": collected_before})
            kept = [row.pk for row in rows if source.retained(row)]
            for row in rows.filter(pk__in=kept):
                # Reasons are typed by staff: the receipt keeps them without the person.
                retained[source.category][_scrub_text(source.retained(row), terms)] += 1
            to_erase = rows.exclude(pk__in=kept)
            if source.category == "person" and _still_referenced(person):
                continue
            ids = list(to_erase.values_list("pk", flat=True))
            if not ids:
                continue
            files += source.erase(source.model._default_manager.filter(pk__in=ids))
            counts[source.category] += len(ids)
            erased_ids[source.key] = ids
        if collected_before is not None and not counts:
            return None  # a replay that found nothing to erase again leaves no receipt
        audit_log_scrub(terms=terms)
        search_index_scrub(erased=erased_ids)
        if Person.objects.filter(pk=person.pk).exists():  # kept for what must be kept
            person_names_refresh(person=person)
        receipt = ErasureReceipt.objects.create(
            reference=_next_reference("ER", ErasureReceipt),
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


def person_names_refresh(*, person: Person) -> None:
    """Recompute the names the search knows from the submissions that remain."""
    from forms.models import Submission

    person.name_key = ""
    for answers in Submission.objects.filter(person=person).values_list("answers", flat=True):
        person.add_names(str(answers.get("first_name") or ""), str(answers.get("last_name") or ""))
    Person.objects.filter(pk=person.pk).update(name_key=person.name_key)


def person_delete_if_unused(*, person: Person) -> bool:
    """Delete a person that nothing refers to any more (through the registry)."""
    if _still_referenced(person):
        return False
    person.delete()
    return True


def _still_referenced(person: Person) -> bool:
    """Whether rows still point to the person (kept ones, or newer than a replay)."""
    for source in registry.ordered():
        if _references_person(source):
            field_name = next(
                f.name
                for f in source.model._meta.concrete_fields
                if getattr(f, "related_model", None) is Person
            )
            if source.model._default_manager.filter(**{field_name: person}).exists():
                return True
    return False


def files_delete(*, receipt: ErasureReceipt, names: list[str]) -> None:
    """Delete erased files from private storage (after the rows are gone for good).
    What cannot be deleted now stays on the receipt (random storage names, nothing
    personal), for ``manage.py retry_erasure_files``."""
    storage = storages["private"]
    left = []
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            left.append(name)
            logger.warning("Could not delete a file of erasure %s", receipt.reference)
    ErasureReceipt.objects.filter(pk=receipt.pk).update(files_pending=len(left), pending_files=left)


def erasure_files_retry() -> int:
    """Try again to delete the files erasures could not delete. Returns what is left."""
    left = 0
    for receipt in ErasureReceipt.objects.filter(files_pending__gt=0):
        files_delete(receipt=receipt, names=list(receipt.pending_files))
        receipt.refresh_from_db()
        left += receipt.files_pending
    return left


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
            reference = _next_reference("ER", ErasureReceipt)
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
    """After a backup is restored: put back the receipts and unsubscriptions the
    backup lost (from the journal), then erase again, from every receipt, what the
    backup brought back (data collected before each erasure; not what came later)."""
    from forms.newsletter.services import unsubscriptions_replay

    receipts_restore_from_journal()
    unsubscriptions_replay()
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


# --- rectification --------------------------------------------------------------------------


@transaction.atomic
def person_rectify(
    *, person: Person, user, email: str = "", first_name: str = "", last_name: str = ""
) -> Person:
    """Correct a person's email and/or name in every record at once. A new address
    that already belongs to someone merges the two (it is the same person)."""
    from forms.models import Submission, Subscription

    old_hmac = person.email_hmac
    if email and normalize_email(email) != person.email:
        existing = Person.objects.filter(email=normalize_email(email)).first()
        if existing:
            for source in registry.ordered():
                model = source.model
                if model is Person or not hasattr(model, "person_id"):
                    continue
                if model is Subscription and Subscription.objects.filter(person=existing).exists():
                    Subscription.objects.filter(person=person).delete()
                    continue
                model._default_manager.filter(person=person).update(person=existing)
            Person.objects.filter(pk=existing.pk).update(
                last_contact_at=max(existing.last_contact_at, person.last_contact_at)
            )
            person.delete()
            person = existing
        else:
            person.email = email
            person.save(update_fields=["email"])
    # Requests recorded before the person was known are theirs by address hash.
    DataRequest.objects.filter(Q(person=person) | Q(email_hmac=old_hmac)).exclude(
        email_hmac=""
    ).update(person=person, email_hmac=person.email_hmac)
    for submission in Submission.objects.filter(person=person):
        answers = dict(submission.answers)
        fields = {field["name"] for field in submission.questions}
        if "email" in fields:
            answers["email"] = person.email
        if first_name and "first_name" in fields:
            answers["first_name"] = first_name
        if last_name and "last_name" in fields:
            answers["last_name"] = last_name
        if answers != submission.answers:
            Submission.objects.filter(pk=submission.pk).update(answers=answers)
    person_names_refresh(person=person)
    audit(
        instance=person,
        action="privacy.rectify",
        user=user,
        subject_hmac=old_hmac,
        new_subject=person.email_hmac,
    )
    return person


# --- data requests ---------------------------------------------------------------------------


def data_request_create(
    *, person: Person | None, email: str, kind: str, language: str, details: str = "", user=None
) -> DataRequest:
    from privacy.models.people import data_request_deadline

    now = timezone.now()
    return DataRequest.objects.create(
        reference=_next_reference("DR", DataRequest),
        person=person,
        email_hmac=email_hmac(email),
        kind=kind,
        language=language,
        details=details,
        received_at=now,
        deadline=data_request_deadline(now),
        handled_by=user,
    )


def data_request_extend(*, request: DataRequest) -> DataRequest:
    from privacy.retention import add_months

    if not request.extended:
        DataRequest.objects.filter(pk=request.pk).update(
            deadline=add_months(request.received_at, 3), extended=True
        )
        request.refresh_from_db()
    return request
