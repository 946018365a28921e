"""Background tasks (django-tasks) of the privacy app. Services queue them
(``privacy.people.export.person_export_start``), so they run what lies below those
services: the ZIP of an export (``privacy.people.archive``)."""

from django_tasks import task

from privacy.models.people import PersonExport
from privacy.people.archive import person_export_run
from privacy.people.request_emails import data_request_emails_deliver


@task()
def person_export_task(export_id: int) -> int:
    export = person_export_run(export=PersonExport.objects.get(pk=export_id))
    return export.progress


@task()
def deliver_data_request_emails(request_id: int) -> dict:
    """Queued when a data request owes its person an email. A failed one stays
    pending and is tried again by ``send_data_request_emails`` (cron)."""
    sent, failed = data_request_emails_deliver(request_id=request_id)
    return {"sent": sent, "failed": failed}


@task()
def send_data_request_emails() -> dict:
    sent, failed = data_request_emails_deliver()
    return {"sent": sent, "failed": failed}
