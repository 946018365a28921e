from django.core.management.base import BaseCommand

from privacy.people.export import exports_purge_expired


class Command(BaseCommand):
    help = "Delete personal data exports whose download link expired, files included (daily)."

    def handle(self, *args, **options):
        count = exports_purge_expired()
        self.stdout.write(f"{count} expired exports deleted")
