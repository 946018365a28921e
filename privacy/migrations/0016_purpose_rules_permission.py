"""Only the privacy officer changes the rules of purposes (formerly granted here).

Staff groups and their permissions are declared in corpsite/staff_groups.py and
applied after every migrate (corpsite.signals.ensure_staff_groups); this migration
no longer does anything. Kept for the history until the migrations are squashed.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("privacy", "0015_personal_data_log")]

    operations = []
