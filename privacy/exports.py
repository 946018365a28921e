"""Helpers for files that leave the site (CSV, spreadsheets)."""

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value) -> str:
    """A cell value that a spreadsheet program shows as text, never runs as a formula:
    a leading = + - @ tab or carriage return is escaped with an apostrophe."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text
