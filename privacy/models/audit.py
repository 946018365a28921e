"""The audit log of personal data: Wagtail log entries about submissions, files,
people, consents, requests, exports and erasures, kept apart from the log of
content so that each staff member reads only the entries about data they may see.

Wagtail's site history and history views read every log model through its
manager's ``viewable_by_user``; this one asks the personal-data registry which rows
the user may read (``PersonalDataSource.readable``)."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from wagtail.models import BaseLogEntry, BaseLogEntryManager

from privacy.registry import registry

from .people import MANAGE_PERSONAL_DATA


class PersonalDataLogEntryManager(BaseLogEntryManager):
    def log_action(self, instance, action, **kwargs):
        kwargs.update(object_id=str(instance.pk))
        return super().log_action(instance, action, **kwargs)

    def for_instance(self, instance):
        return self.filter(
            content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
            object_id=str(instance.pk),
        )

    def viewable_by_user(self, user):
        """All entries for superusers and holders of "manage personal data"; for other
        staff, the entries about rows they may read themselves (the submissions of the
        purposes routed to their group...); none for anyone else."""
        if not (user.is_authenticated and user.is_active):
            return self.none()
        if user.is_superuser or user.has_perm(MANAGE_PERSONAL_DATA):
            return self.all()

        condition = Q(pk__in=[])
        for source in registry.ordered():
            if source.readable is None:
                continue
            readable_ids = (
                source.readable(user)
                .order_by()
                .annotate(audit_object_id=Cast("pk", CharField()))
                .values("audit_object_id")
            )
            condition |= Q(
                content_type=ContentType.objects.get_for_model(source.model),
                object_id__in=readable_ids,
            )
        return self.filter(condition)


class PersonalDataLogEntry(BaseLogEntry):
    """A Wagtail log entry about a row holding personal data (see the module)."""

    object_id = models.CharField(max_length=255, db_index=True)

    objects = PersonalDataLogEntryManager()

    class Meta(BaseLogEntry.Meta):
        ordering = ["-timestamp", "-id"]
        verbose_name = _("personal data log entry")
        verbose_name_plural = _("personal data log entries")

    def __str__(self) -> str:
        return (
            f"PersonalDataLogEntry {self.pk}: '{self.action}' on "
            f"'{self.object_verbose_name}' with id {self.object_id}"
        )
