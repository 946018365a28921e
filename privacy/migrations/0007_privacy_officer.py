"""Existing people get their keyed hash. (The privacy officer's permission, once
granted here, is declared in corpsite/staff_groups.py.)"""

from django.db import migrations


def forwards(apps, schema_editor):
    from privacy.models.people import email_hmac

    Person = apps.get_model("privacy", "Person")
    for person in Person.objects.filter(email_hmac=""):
        person.email_hmac = email_hmac(person.email)
        person.save(update_fields=["email_hmac"])


class Migration(migrations.Migration):
    dependencies = [("privacy", "0006_people_tools")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
