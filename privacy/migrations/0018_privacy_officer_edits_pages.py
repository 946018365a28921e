"""The privacy officer chooses the purpose of a form page (who reads what it
collects): editors draft a form, the privacy officer sets its purpose on that draft,
editors publish it. For that the group may edit pages; it may not publish them."""

from django.db import migrations


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    root = Page.objects.filter(depth=1).first()
    officer = Group.objects.filter(name="Privacy officer").first()
    if root is None or officer is None:
        return
    change_page = Permission.objects.get(
        content_type__app_label="wagtailcore", codename="change_page"
    )
    GroupPagePermission.objects.get_or_create(group=officer, page=root, permission=change_page)


def backwards(apps, schema_editor):
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupPagePermission.objects.filter(
        group__name="Privacy officer", permission__codename="change_page", page__depth=1
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0017_move_personal_data_log"),
        ("wagtailcore", "0090_remove_grouppagepermission_permission_type"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
