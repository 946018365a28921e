"""URL converters of the admin screens (forms/ uses them too)."""

from django.urls import register_converter


class IdConverter:
    """A database id: 1 to 18 digits, no leading zero, so always within a 64-bit integer.
    A longer number never reaches the database (SQLite raises OverflowError on it): the
    URL does not match, a 404."""

    regex = "[1-9][0-9]{0,17}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)


register_converter(IdConverter, "id")
