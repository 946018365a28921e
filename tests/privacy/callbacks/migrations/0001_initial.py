# The test-only app's table (installed by the test settings only).

import corpsite.base.storage
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('privacy', '__latest__'),  # whatever privacy's migrations become
    ]

    operations = [
        migrations.CreateModel(
            name='CallbackRequest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reference', models.CharField(max_length=20, unique=True)),
                ('full_name', models.CharField(max_length=200)),
                ('phone', models.CharField(max_length=40)),
                ('language', models.CharField(max_length=10)),
                ('requested_at', models.DateTimeField()),
                ('notes', models.FileField(blank=True, storage=corpsite.base.storage.private_storage, upload_to='callbacks/')),
                ('hold_reason', models.CharField(blank=True, max_length=200)),
                ('person', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='privacy.person')),
            ],
        ),
    ]
