"""Entries about personal data move from Wagtail's model log to the scoped
personal-data log (privacy.models.audit), so that nobody reads the entries about
data they may not see."""

from django.db import migrations

# The models of privacy.registry.Registry.audited_models() when this was written.
AUDITED = [
    ("forms", "submission"),
    ("forms", "submissionfile"),
    ("forms", "subscription"),
    ("forms", "newslettersuppression"),
    ("privacy", "consent"),
    ("privacy", "datarequest"),
    ("privacy", "personexport"),
    ("privacy", "person"),
    ("privacy", "erasurereceipt"),
]
FIELDS = [
    "content_type_id",
    "object_id",
    "label",
    "action",
    "data",
    "timestamp",
    "uuid",
    "user_id",
    "revision_id",
    "content_changed",
    "deleted",
]


def _move(apps, source_name, target_name):
    ContentType = apps.get_model("contenttypes", "ContentType")
    source = apps.get_model(*source_name)
    target = apps.get_model(*target_name)
    content_types = [
        content_type.pk
        for app_label, model in AUDITED
        for content_type in ContentType.objects.filter(app_label=app_label, model=model)
    ]
    entries = source.objects.filter(content_type_id__in=content_types).order_by("pk")
    while batch := list(entries[:500]):
        target.objects.bulk_create(
            [target(**{field: getattr(entry, field) for field in FIELDS}) for entry in batch]
        )
        source.objects.filter(pk__in=[entry.pk for entry in batch]).delete()


def forwards(apps, schema_editor):
    _move(apps, ("wagtailcore", "ModelLogEntry"), ("privacy", "PersonalDataLogEntry"))


def backwards(apps, schema_editor):
    _move(apps, ("privacy", "PersonalDataLogEntry"), ("wagtailcore", "ModelLogEntry"))


class Migration(migrations.Migration):
    dependencies = [("privacy", "0016_purpose_rules_permission")]

    operations = [migrations.RunPython(forwards, backwards)]
