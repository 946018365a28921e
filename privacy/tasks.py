"""Background tasks (django-tasks) of the privacy app. Services queue them
(``privacy.people.export.person_export_start``), so they run what lies below those
services: the ZIP of an export (``privacy.people.archive``)."""

from django_tasks import task

from privacy.models import PersonExport
from privacy.people.archive import person_export_run


@task()
def person_export_task(export_id: int) -> int:
    export = person_export_run(export=PersonExport.objects.get(pk=export_id))
    return export.progress


@task()
def purge_expired_task() -> dict:
    """The daily retention run (what ``manage.py purge_expired`` does): counts per
    purpose and category."""
    from privacy.people.retention import purge_expired

    run = purge_expired()
    return {"run": run.pk, "counts": run.counts, "errors": len(run.errors)}
