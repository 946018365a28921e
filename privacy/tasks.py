from django_tasks import task


@task()
def person_export_task(export_id: int) -> int:
    from privacy.models import PersonExport
    from privacy.people.export import person_export_run

    export = person_export_run(export=PersonExport.objects.get(pk=export_id))
    return export.progress


@task()
def purge_expired_task() -> dict:
    """The daily retention run (what ``manage.py purge_expired`` does): counts per
    purpose and category."""
    from privacy.people.retention import purge_expired

    run = purge_expired()
    return {"run": run.pk, "counts": run.counts, "errors": len(run.errors)}
