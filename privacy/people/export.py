"""A copy of everything held about a person: started from the admin, written in the
background (the ZIP: ``privacy.people.archive``) and downloadable through a link that
expires."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from corpsite.base.queue import enqueue_on_commit
from privacy.models.people import Person, PersonExport
from privacy.people.audit import audit, audit_purge
from privacy.tasks import person_export_task

EXPORT_LIFETIME = timedelta(hours=24)


def person_export_start(*, person: Person, user) -> PersonExport:
    export = PersonExport.objects.create(
        person=person, requested_by=user, expires_at=timezone.now() + EXPORT_LIFETIME
    )
    audit(instance=export, action="privacy.export", user=user, subject_hmac=person.email_hmac)
    enqueue_on_commit(person_export_task, export.pk)
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
