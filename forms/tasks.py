"""Background tasks (django-tasks): the emails of a submission, and the retries."""

from django_tasks import task

from .emails import deliver_due


@task()
def deliver_submission_emails(submission_id: int) -> dict:
    """Queued when a submission commits. A failed email stays pending: the periodic
    `send_pending_emails` task (or command) tries it again later."""
    sent, failed = deliver_due(submission_id=submission_id)
    return {"sent": sent, "failed": failed}


@task()
def send_pending_emails() -> dict:
    sent, failed = deliver_due()
    return {"sent": sent, "failed": failed}
