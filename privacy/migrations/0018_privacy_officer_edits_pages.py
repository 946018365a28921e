"""The privacy officer may edit pages (formerly granted here).

Staff groups and their permissions are declared in corpsite/staff_groups.py and
applied after every migrate (corpsite.signals.ensure_staff_groups); this migration
no longer does anything. Kept for the history until the migrations are squashed.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0017_move_personal_data_log"),
        ("wagtailcore", "0090_remove_grouppagepermission_permission_type"),
    ]

    operations = []
