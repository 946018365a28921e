"""Daily tasks (django-tasks) of the privacy app, for a scheduler or the cron list in
the README. They call services; no service queues them, so unlike ``privacy.tasks``
(queued by services) they may import any service."""

from django_tasks import task

from privacy.people.request_emails import data_requests_remind
from privacy.people.requests import data_requests_purge_unconfirmed
from privacy.people.retention import purge_expired


@task()
def purge_unconfirmed_data_requests() -> int:
    return data_requests_purge_unconfirmed()


@task()
def remind_data_requests_due() -> int:
    return data_requests_remind()


@task()
def purge_expired_task() -> dict:
    """The daily retention run (what ``manage.py purge_expired`` does): counts per
    purpose and category."""
    run = purge_expired()
    return {"run": run.pk, "counts": run.counts, "errors": len(run.errors)}
