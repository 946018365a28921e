"""Helpers for files that leave the site (CSV, spreadsheets)."""

import csv
import re
from collections.abc import Iterable

from django.http import Http404

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value) -> str:
    """A cell value that a spreadsheet program shows as text, never runs as a formula:
    a leading = + - @ tab or carriage return is escaped with an apostrophe."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


# A formula trigger right after something a spreadsheet may split a line on: the other
# list separator (a French Excel splits on ";"), a tab, or a line break.
_TRIGGER_AFTER_SEPARATOR = re.compile(r"([;,\t\r\n] *)([=+\-@])")


def csv_safe(value) -> str:
    """``spreadsheet_safe``, and a trigger that follows a separator inside the cell
    escaped too: quoting alone does not protect a cell like ``x;=WEBSERVICE(...)`` when
    a program splits the line on ``;``: in ``"a","x;=1"`` the quotes of ``"a"`` close
    before the ``,``, the rest is unquoted, and ``=1`` starts a field (Python's csv
    module, which follows Excel's dialect, reads it so)."""
    return _TRIGGER_AFTER_SEPARATOR.sub(r"\1'\2", spreadsheet_safe(value))


class SafeCsvWriter:
    """The one CSV writer of every export: every field quoted and each cell escaped
    (``csv_safe``), so that no field starts with a formula whether the reader splits on
    ``,`` (the file's separator) or on ``;`` (a French Excel). An ordinary value, such
    as an email address, is written unchanged between quotes."""

    def __init__(self, target) -> None:
        self._writer = csv.writer(target, quoting=csv.QUOTE_ALL)

    def writerow(self, row: Iterable) -> None:
        self._writer.writerow([csv_safe(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(target) -> SafeCsvWriter:
    """A writer for ``target`` (an HttpResponse or a text file opened with newline="")."""
    return SafeCsvWriter(target)


class _Echo:
    """A file-like target whose ``write`` returns the line, for streaming."""

    def write(self, value: str) -> str:
        return value


class SafeSpreadsheetExportMixin:
    """For a Wagtail ``IndexView`` with ``list_export`` (its ``SpreadsheetExportMixin``):
    every cell and heading escaped, in CSV (``csv_safe``, every field quoted, a BOM for
    Excel) and XLSX (``spreadsheet_safe``) alike, and the file kept out of caches.
    Put it before ``IndexView`` in the bases. Values that are not text (numbers,
    dates) cannot hold a formula and keep their type in XLSX. An export whose filters
    are invalid is a 404, never the unfiltered list."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV:
            return csv_safe(value)
        return spreadsheet_safe(value) if isinstance(value, str) else value

    def get_heading(self, queryset, field):
        return spreadsheet_safe(super().get_heading(queryset, field))

    def stream_csv(self, queryset):
        writer = csv.writer(_Echo(), quoting=csv.QUOTE_ALL)
        yield "\ufeff"
        yield writer.writerow([csv_safe(self.get_heading(queryset, f)) for f in self.list_export])
        for item in queryset:
            row = self.to_row_dict(item)
            yield writer.writerow(
                [self.preprocess_field_value(f, v, self.FORMAT_CSV) for f, v in row.items()]
            )

    def export_rows(self, queryset):
        """The rows to export, from the listing's filtered queryset. Override to
        prepare them or to write them to an audit log."""
        return queryset

    def render_to_response(self, context, **response_kwargs):
        if not self.is_export:
            return super().render_to_response(context, **response_kwargs)
        if self.filters is not None and not self.filters.is_valid():
            raise Http404  # an export never drops a filter it could not apply
        rows = self.export_rows(context["object_list"])
        return self.as_spreadsheet(rows, self.request.GET["export"])

    def as_spreadsheet(self, queryset, spreadsheet_format):
        response = super().as_spreadsheet(queryset, spreadsheet_format)
        response["Cache-Control"] = "no-store, private"
        return response
