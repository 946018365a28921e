"""Sending the "do you still want to hear from us?" emails (``forms.repermission``):
the daily task and the service it runs, which queues each email on the outbox
(``forms.tasks``). Apart from ``forms.repermission`` so that the outbox, which builds
the message, never imports what queues it."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from corpsite.base.queue import enqueue_on_commit

from .models.submissions import EmailDelivery, Submission
from .repermission import repermission_rows
from .tasks import deliver_submission_emails


def repermission_send_due(*, now: datetime | None = None) -> int:
    """Queue one email per person whose data is about to expire (in the language of
    their latest row, which the link points to), once per deadline: the rows are
    marked with the deadline asked about. Returns the number of emails queued."""
    now = now or timezone.now()
    by_person: dict[int, list[Submission]] = defaultdict(list)
    for row in repermission_rows(now=now).order_by("submitted_at", "pk"):
        by_person[row.person_id].append(row)
    queued = 0
    for rows in by_person.values():
        with transaction.atomic():
            Submission.objects.filter(pk__in=[row.pk for row in rows]).update(
                repermission_sent_for=F("retention_deadline")
            )
            delivery = EmailDelivery.objects.create(
                submission=rows[-1],
                kind=EmailDelivery.Kind.REPERMISSION,
                next_attempt_at=timezone.now(),  # leaves now, whatever `now` asked about
            )
            enqueue_on_commit(deliver_submission_emails, delivery.submission_id)
        queued += 1
    return queued


@task()
def send_repermission_emails() -> dict:
    """Daily: "do you still want to hear from us?" before data expires."""
    return {"queued": repermission_send_due()}
