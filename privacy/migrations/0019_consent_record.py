# A consent refers to the record it was answered with (a form submission) by content
# type and id instead of a foreign key to forms.Submission: privacy's models no longer
# depend on forms'. The links are copied before the old column goes.

import django.db.models.deletion
from django.db import migrations, models


def copy_submission_links(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Consent = apps.get_model("privacy", "Consent")
    linked = Consent.objects.filter(submission__isnull=False)
    if not linked.exists():
        return
    record_type, _created = ContentType.objects.get_or_create(app_label="forms", model="submission")
    linked.update(record_type=record_type, record_id=models.F("submission_id"))


def copy_record_links(apps, schema_editor):
    Consent = apps.get_model("privacy", "Consent")
    Consent.objects.filter(
        record_type__app_label="forms", record_type__model="submission"
    ).update(submission_id=models.F("record_id"))


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('privacy', '0018_privacy_officer_edits_pages'),
    ]

    operations = [
        migrations.AddField(
            model_name='consent',
            name='record_id',
            field=models.PositiveBigIntegerField(blank=True, null=True, verbose_name='linked record (id)'),
        ),
        migrations.AddField(
            model_name='consent',
            name='record_type',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='contenttypes.contenttype', verbose_name='linked record (type)'),
        ),
        migrations.RunPython(copy_submission_links, copy_record_links),
        migrations.RemoveField(
            model_name='consent',
            name='submission',
        ),
        migrations.AddIndex(
            model_name='consent',
            index=models.Index(fields=['record_type', 'record_id'], name='privacy_con_record__37f7a3_idx'),
        ),
    ]
