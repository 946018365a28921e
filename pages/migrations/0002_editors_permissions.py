"""Editors may manage the menus (formerly granted here).

Staff groups and their permissions are declared in corpsite/staff_groups.py and
applied after every migrate (corpsite.signals.ensure_staff_groups); this migration
no longer does anything. Kept for the history until the migrations are squashed.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0001_initial"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = []
