"""Staff groups may see submissions (those of their purposes: see forms.selectors);
the privacy officer sees every submission."""

from django.db import migrations

GRANTS = {
    "Support": ["view_submission"],
    "Sales": ["view_submission"],
    "HR": ["view_submission"],
    "Marketing": ["view_submission"],
    "Privacy officer": ["view_submission", "view_all_submissions"],
}
NAMES = {
    "view_submission": "Can view submission",
    "view_all_submissions": "Can view the submissions of every purpose",
}


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _created = ContentType.objects.get_or_create(app_label="forms", model="submission")
    for group_name, codenames in GRANTS.items():
        group, _created = Group.objects.get_or_create(name=group_name)
        for codename in codenames:
            permission, _created = Permission.objects.get_or_create(
                content_type=content_type, codename=codename, defaults={"name": NAMES[codename]}
            )
            group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("forms", "0002_initial"),
        ("privacy", "0002_staff_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
