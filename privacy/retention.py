"""Retention periods: a duration in days, months or years, added to a moment."""

from __future__ import annotations

import calendar
from datetime import datetime, timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class DurationUnit(models.TextChoices):
    DAYS = "days", _("days")
    MONTHS = "months", _("months")
    YEARS = "years", _("years")


def add_months(moment: datetime, months: int) -> datetime:
    """The same day ``months`` later, clamped to the end of a shorter month."""
    month_index = moment.month - 1 + months
    year = moment.year + month_index // 12
    month = month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def add_duration(moment: datetime, *, value: int, unit: str) -> datetime:
    if unit == DurationUnit.DAYS:
        return moment + timedelta(days=value)
    if unit == DurationUnit.MONTHS:
        return add_months(moment, value)
    if unit == DurationUnit.YEARS:
        return add_months(moment, 12 * value)
    raise ValueError(f"Unknown duration unit: {unit}")


def subtract_duration(moment: datetime, *, value: int, unit: str) -> datetime:
    """The moment ``value`` ``unit`` before: a row whose clock started then or earlier
    has run its course at ``moment``."""
    return add_duration(moment, value=-value, unit=unit)


def duration_display(*, value: int, unit: str) -> str:
    if unit == DurationUnit.DAYS:
        return ngettext("%(count)d day", "%(count)d days", value) % {"count": value}
    if unit == DurationUnit.MONTHS:
        return ngettext("%(count)d month", "%(count)d months", value) % {"count": value}
    return ngettext("%(count)d year", "%(count)d years", value) % {"count": value}
