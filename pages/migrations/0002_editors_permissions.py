"""Wagtail's "Editors" group may manage the menus (wagtail-localize already lets it
submit translations, in its migration 0006)."""

from django.db import migrations

ACTIONS = ["add", "change", "delete", "view"]


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    group, _created = Group.objects.get_or_create(name="Editors")
    content_type, _created = ContentType.objects.get_or_create(app_label="pages", model="menu")
    for action in ACTIONS:
        permission, _created = Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_menu",
            defaults={"name": f"Can {action} menu"},
        )
        group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0001_initial"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
