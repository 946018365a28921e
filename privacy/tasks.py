from django_tasks import task


@task()
def person_export_task(export_id: int) -> int:
    from privacy.models import PersonExport
    from privacy.people.export import person_export_run

    export = person_export_run(export=PersonExport.objects.get(pk=export_id))
    return export.progress


@task()
def deliver_data_request_emails(request_id: int) -> dict:
    """Queued when a data request owes its person an email. A failed one stays
    pending and is tried again by ``send_data_request_emails`` (cron)."""
    from privacy.people.request_emails import data_request_emails_deliver

    sent, failed = data_request_emails_deliver(request_id=request_id)
    return {"sent": sent, "failed": failed}


@task()
def send_data_request_emails() -> dict:
    from privacy.people.request_emails import data_request_emails_deliver

    sent, failed = data_request_emails_deliver()
    return {"sent": sent, "failed": failed}


@task()
def purge_unconfirmed_data_requests() -> int:
    from privacy.people.requests import data_requests_purge_unconfirmed

    return data_requests_purge_unconfirmed()


@task()
def remind_data_requests_due() -> int:
    from privacy.people.request_emails import data_requests_remind

    return data_requests_remind()
