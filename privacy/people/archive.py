"""The ZIP of everything held about a person: data.json, one CSV per category, the
original files and a summary in the person's language. Written in the background
(``privacy.tasks.person_export_task``) for an export started by
``privacy.people.export.person_export_start``."""

from __future__ import annotations

import io
import json
import logging
import shutil
import tempfile
import zipfile
from collections import defaultdict
from pathlib import PurePosixPath

from django.core.files import File
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format

from corpsite.base.spreadsheets import csv_writer
from privacy.models import Person, PersonExport, PrivacySettings
from privacy.people.search import person_language
from privacy.registry import PersonalDataSource, registry

logger = logging.getLogger(__name__)


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
            for name, stored in source.files(row):
                _zip_file(archive, name, stored)
        if progress:
            progress(95)
        html = render_to_string(
            "privacy/export_summary.html",
            {
                "person": person,
                "groups": list(summary_groups.values()),
                "counts": [
                    (registry.category_label(category), count) for category, count in counts.items()
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


def archive_path(name: str) -> str:
    """Where a source's file goes in the ZIP: under files/, every part of the name a
    plain name (no absolute path, no way up)."""
    parts = [part for part in PurePosixPath(name).parts if part not in {"/", ".", ".."}]
    return "files/" + ("/".join(parts) or "file")


def _zip_file(archive: zipfile.ZipFile, name: str, stored) -> None:
    with stored.open("rb") as source, archive.open(archive_path(name), "w") as destination:
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
