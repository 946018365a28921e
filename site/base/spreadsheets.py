"""Helpers for files that leave the site (CSV, spreadsheets)."""

import csv
import re
from collections.abc import Iterable

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
