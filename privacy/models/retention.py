"""The runs of the retention job (``manage.py purge_expired``): counts only, never
personal data, so that a run can be shown and audited long after the data is gone."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PurgeRun(models.Model):
    """One run of the retention job: when, whether it only counted (dry run), what it
    erased per purpose and category, the files left to delete, and its errors (the
    kind of error and the source, never a row's content)."""

    started_at = models.DateTimeField(_("started at"), db_index=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    dry_run = models.BooleanField(_("dry run (nothing deleted)"), default=False)
    purposes = models.JSONField(_("purposes asked for"), default=list, blank=True)
    counts = models.JSONField(_("erased, per purpose and category"), default=dict)
    oldest = models.JSONField(_("oldest deadline, per purpose"), default=dict)
    errors = models.JSONField(_("errors"), default=list)
    files_pending = models.PositiveIntegerField(_("files still to delete"), default=0)
    pending_files = models.JSONField(default=list, editable=False)

    class Meta:
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"Retention run #{self.pk}"

    @property
    def total(self) -> int:
        return sum(sum(categories.values()) for categories in self.counts.values())
