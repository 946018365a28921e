"""Background tasks (django-tasks) of the outbox (``forms.emails``): the emails of a
submission and of a newsletter sign-up, and the retries. Services queue them, so they
import no service. The newsletter's sending and purge are in ``forms.newsletter.tasks``."""

from django_tasks import task

from .emails import deliver_due
from .models.submissions import EmailDelivery


def retry_later(task_, *, after, **kwargs) -> bool:
    """Queue the task again for when the failed emails are due (1, 5, 15... minutes),
    where the queue can defer (the database queue of production). Elsewhere the
    periodic `send_pending_emails` (cron) takes them."""
    if after is None or not task_.get_backend().supports_defer:
        return False
    task_.using(run_after=after).enqueue(**kwargs)
    return True


def next_attempt(**lookup):
    return (
        EmailDelivery.objects.filter(status=EmailDelivery.Status.PENDING, **lookup)
        .order_by("next_attempt_at")
        .values_list("next_attempt_at", flat=True)
        .first()
    )


@task()
def deliver_submission_emails(submission_id: int) -> dict:
    """Queued when a submission commits. A failed email stays pending and is tried
    again when due (re-queued here, or by the periodic `send_pending_emails`)."""
    sent, failed = deliver_due(submission_id=submission_id)
    if failed:
        retry_later(
            deliver_submission_emails,
            after=next_attempt(submission_id=submission_id),
            submission_id=submission_id,
        )
    return {"sent": sent, "failed": failed}


@task()
def deliver_subscription_emails(subscription_id: int) -> dict:
    sent, failed = deliver_due(subscription_id=subscription_id)
    if failed:
        retry_later(
            deliver_subscription_emails,
            after=next_attempt(subscription_id=subscription_id),
            subscription_id=subscription_id,
        )
    return {"sent": sent, "failed": failed}


@task()
def send_pending_emails() -> dict:
    sent, failed = deliver_due()
    return {"sent": sent, "failed": failed}
