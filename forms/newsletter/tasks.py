"""The newsletter's background tasks (django-tasks): the sending of an issue, the purge
of unconfirmed sign-ups. Its sign-up emails go through the outbox's tasks
(``forms.tasks.deliver_subscription_emails``)."""

from django_tasks import task

from .models import NewsletterSend
from .sending import newsletter_send_run
from .services import subscriptions_purge_unconfirmed


@task()
def newsletter_send_task(send_id: int) -> dict:
    """Send (or resume) a newsletter sending; queued from the admin."""
    send = newsletter_send_run(send=NewsletterSend.objects.get(pk=send_id))
    return {"sent": send.sent, "total": send.total}


@task()
def purge_unconfirmed_subscriptions() -> int:
    return subscriptions_purge_unconfirmed()
