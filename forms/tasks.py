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


@task()
def deliver_subscription_emails(subscription_id: int) -> dict:
    sent, failed = deliver_due(subscription_id=subscription_id)
    return {"sent": sent, "failed": failed}


@task()
def newsletter_send_task(send_id: int) -> dict:
    """Send (or resume) a newsletter sending; queued from the admin."""
    from .models import NewsletterSend
    from .newsletter import newsletter_send_run

    send = newsletter_send_run(send=NewsletterSend.objects.get(pk=send_id))
    return {"sent": send.sent, "total": send.total}


@task()
def purge_unconfirmed_subscriptions() -> int:
    from .newsletter import subscriptions_purge_unconfirmed

    return subscriptions_purge_unconfirmed()
