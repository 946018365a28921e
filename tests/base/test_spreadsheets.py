"""The one CSV writer of every export: formulas escaped, every field quoted."""

import csv
import io

import pytest

from corpsite.base.spreadsheets import csv_writer

HOSTILE = 'x;=WEBSERVICE("http://e/")'


def written(*rows) -> str:
    out = io.StringIO(newline="")
    csv_writer(out).writerows(rows)
    return out.getvalue()


def fields_when_split_on(text: str, delimiter: str) -> list[str]:
    return [field for row in csv.reader(io.StringIO(text), delimiter=delimiter) for field in row]


@pytest.mark.parametrize("delimiter", [";", ","])
def test_a_separator_inside_a_cell_never_starts_a_formula(delimiter):
    text = written(["before", HOSTILE, "after"])
    fields = fields_when_split_on(text, delimiter)
    assert not any(field.startswith(("=", "+", "-", "@")) for field in fields), fields
    assert '"x;\'=WEBSERVICE(""http://e/"")"' in text


@pytest.mark.parametrize("delimiter", [";", ","])
def test_the_hostile_cell_alone_is_one_quoted_field(delimiter):
    text = written([HOSTILE])
    assert text == '"x;\'=WEBSERVICE(""http://e/"")"\r\n'
    if delimiter == ",":
        assert fields_when_split_on(text, delimiter) == ['x;\'=WEBSERVICE("http://e/")']
    assert not any(
        field.startswith(("=", "+", "-", "@")) for field in fields_when_split_on(text, delimiter)
    )


@pytest.mark.parametrize("separator", [";", ",", "\t", "\n", "\r\n", "; "])
def test_a_trigger_after_any_separator_inside_a_cell_is_escaped(separator):
    text = written([f"a{separator}-2+3{separator}@SUM(A1){separator}+x"])
    for delimiter in (";", ",", "\t"):
        for line in text.splitlines():
            fields = fields_when_split_on(line, delimiter)
            assert not any(f.lstrip(" ").startswith(("=", "+", "-", "@")) for f in fields), fields


def test_every_field_is_quoted_and_formulas_escaped():
    assert written(["a", "=1+1", None, 3]) == '"a","\'=1+1","","3"\r\n'


def test_an_ordinary_email_address_is_exported_unchanged_inside_quotes():
    assert written(["ana.martin+news@example.com", "fr"]) == (
        '"ana.martin+news@example.com","fr"\r\n'
    )
    rows = list(csv.reader(io.StringIO(written(["ana.martin+news@example.com"]))))
    assert rows == [["ana.martin+news@example.com"]]


def test_an_address_starting_with_a_formula_trigger_keeps_its_escape():
    # Valid but rare (RFC 5322 allows "=" or "-" first): the apostrophe keeps it dead in
    # a spreadsheet; the mailing platform's import shows it for a human to fix.
    assert written(["=cmd@example.com"]) == '"\'=cmd@example.com"\r\n'


class _Row:
    def __init__(self, **values):
        self.__dict__.update(values)


def export_view(**headings):
    """Wagtail's export mixin under ours, as an IndexView has them."""
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    from corpsite.base.spreadsheets import SafeSpreadsheetExportMixin

    class View(SafeSpreadsheetExportMixin, SpreadsheetExportMixin):
        list_export = ["name", "count"]
        export_headings = headings or {"name": "=Name", "count": "Count"}

    return View()


ROWS = [_Row(name='=HYPERLINK("http://evil.example","x")', count=3), _Row(name="x;=1", count=0)]


def test_the_wagtail_export_writes_csv_quoted_and_escaped_with_a_bom():
    body = "".join(export_view().stream_csv(ROWS))
    assert body.startswith("\ufeff")
    lines = body[1:].splitlines()
    assert lines[0] == '"\'=Name","Count"'
    assert lines[1] == '"\'=HYPERLINK(""http://evil.example"",""x"")","3"'
    assert lines[2] == '"x;\'=1","0"'


def test_the_wagtail_export_writes_xlsx_cells_and_headings_as_escaped_text():
    from openpyxl import load_workbook

    out = io.BytesIO()
    export_view().write_xlsx(ROWS, out)
    sheet = load_workbook(io.BytesIO(out.getvalue())).active
    rows = [[(cell.value, cell.data_type) for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == [("'=Name", "s"), ("Count", "s")]
    assert rows[1] == [('\'=HYPERLINK("http://evil.example","x")', "s"), (3, "n")]
