"""The staff groups that purposes give access to (formerly created here).

Staff groups and their permissions are declared in corpsite/staff_groups.py and
applied after every migrate (corpsite.signals.ensure_staff_groups); this migration
no longer does anything. Kept for the history until the migrations are squashed.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = []
