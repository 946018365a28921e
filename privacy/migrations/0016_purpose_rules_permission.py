"""Only the privacy officer decides who may read personal data: the staff group,
legal basis, retention and identifier of a purpose need "change the rules of
purposes", which the privacy officer group holds. Editors keep the wording; creating
a purpose decides its rules, so it is the privacy officer's too."""

from django.db import migrations

CODENAME = "change_purpose_rules"
NAME = "Can change the staff group, legal basis, retention and identifier of a purpose"


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _created = ContentType.objects.get_or_create(app_label="privacy", model="purpose")
    permission, _created = Permission.objects.get_or_create(
        content_type=content_type, codename=CODENAME, defaults={"name": NAME}
    )
    officer, _created = Group.objects.get_or_create(name="Privacy officer")
    officer.permissions.add(permission)
    add_purpose = Permission.objects.filter(content_type=content_type, codename="add_purpose")
    for group in Group.objects.exclude(name="Privacy officer"):
        group.permissions.remove(*add_purpose)


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    add_purpose = Permission.objects.filter(
        content_type__app_label="privacy", codename="add_purpose"
    )
    for group in Group.objects.filter(name="Editors"):
        group.permissions.add(*add_purpose)
    Permission.objects.filter(content_type__app_label="privacy", codename=CODENAME).delete()


class Migration(migrations.Migration):
    dependencies = [("privacy", "0015_personal_data_log")]

    operations = [migrations.RunPython(forwards, backwards)]
