"""Marketing and the privacy officer see newsletter subscribers and export them;
marketing and editors write the issues."""

from django.db import migrations

GRANTS = {
    "Marketing": [
        ("subscription", "view_subscription", "Can view newsletter subscriber"),
        ("subscription", "export_subscription", "Can export newsletter subscribers"),
        ("newsletterissue", "add_newsletterissue", "Can add newsletter issue"),
        ("newsletterissue", "change_newsletterissue", "Can change newsletter issue"),
        ("newsletterissue", "view_newsletterissue", "Can view newsletter issue"),
    ],
    "Privacy officer": [
        ("subscription", "view_subscription", "Can view newsletter subscriber"),
        ("subscription", "export_subscription", "Can export newsletter subscribers"),
    ],
    "Editors": [
        ("newsletterissue", "add_newsletterissue", "Can add newsletter issue"),
        ("newsletterissue", "change_newsletterissue", "Can change newsletter issue"),
        ("newsletterissue", "view_newsletterissue", "Can view newsletter issue"),
    ],
}


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for group_name, permissions in GRANTS.items():
        group, _created = Group.objects.get_or_create(name=group_name)
        for model, codename, name in permissions:
            content_type, _created = ContentType.objects.get_or_create(
                app_label="forms", model=model
            )
            permission, _created = Permission.objects.get_or_create(
                content_type=content_type, codename=codename, defaults={"name": name}
            )
            group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("forms", "0004_newsletter"),
        ("forms", "0003_staff_permissions"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
