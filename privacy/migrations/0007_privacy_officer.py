"""The privacy officer manages personal data; existing people get their keyed hash."""

from django.db import migrations


def forwards(apps, schema_editor):
    from privacy.models.people import email_hmac

    Person = apps.get_model("privacy", "Person")
    for person in Person.objects.filter(email_hmac=""):
        person.email_hmac = email_hmac(person.email)
        person.save(update_fields=["email_hmac"])

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _created = ContentType.objects.get_or_create(app_label="privacy", model="person")
    permission, _created = Permission.objects.get_or_create(
        content_type=content_type,
        codename="manage_personal_data",
        defaults={"name": "Can find, export, erase and rectify personal data"},
    )
    group, _created = Group.objects.get_or_create(name="Privacy officer")
    group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [("privacy", "0006_people_tools")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
