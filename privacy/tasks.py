from django_tasks import task


@task()
def person_export_task(export_id: int) -> int:
    from privacy.models import PersonExport
    from privacy.people.export import person_export_run

    export = person_export_run(export=PersonExport.objects.get(pk=export_id))
    return export.progress
