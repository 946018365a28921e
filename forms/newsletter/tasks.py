"""The newsletter's background tasks (django-tasks): its sign-up emails with their
retries, the sending of an issue, the purge of unconfirmed sign-ups."""

from django_tasks import task

from ..emails import deliver_due
from ..tasks import next_attempt, retry_later


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
def newsletter_send_task(send_id: int) -> dict:
    """Send (or resume) a newsletter sending; queued from the admin."""
    from .models import NewsletterSend
    from .sending import newsletter_send_run

    send = newsletter_send_run(send=NewsletterSend.objects.get(pk=send_id))
    return {"sent": send.sent, "total": send.total}


@task()
def purge_unconfirmed_subscriptions() -> int:
    from .services import subscriptions_purge_unconfirmed

    return subscriptions_purge_unconfirmed()
