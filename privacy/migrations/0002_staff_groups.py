"""The staff groups that purposes give access to, and their first permissions.

Support, Sales, HR and Marketing see the data of the purposes bound to them;
the privacy officer sees everything personal and keeps the registry. Editors
may edit the registry's texts and rules.
"""

from django.db import migrations

GROUPS = ["Support", "Sales", "HR", "Marketing", "Privacy officer"]
PERMISSIONS = {
    "Editors": ["add_purpose", "change_purpose", "view_purpose", "add_policyversion"],
    "Moderators": ["add_policyversion", "view_purpose"],
    "Privacy officer": [
        "add_purpose",
        "change_purpose",
        "delete_purpose",
        "view_purpose",
        "add_policyversion",
    ],
}
MODELS = {"purpose": "processing purpose", "policyversion": "policy version"}


def create(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for name in GROUPS:
        Group.objects.get_or_create(name=name)
    admin_type, _created = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _created = Permission.objects.get_or_create(
        content_type=admin_type, codename="access_admin", defaults={"name": "Can access Wagtail admin"}
    )
    for group_name, codenames in PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=group_name)
        for codename in codenames:
            action, model = codename.split("_", 1)
            content_type, _created = ContentType.objects.get_or_create(
                app_label="privacy", model=model
            )
            permission, _created = Permission.objects.get_or_create(
                content_type=content_type,
                codename=codename,
                defaults={"name": f"Can {action} {MODELS[model]}"},
            )
            group.permissions.add(permission)
    for name in GROUPS:
        Group.objects.get(name=name).permissions.add(access_admin)


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
