from django.core.management.base import BaseCommand

from privacy.people.requests import data_requests_purge_unconfirmed


class Command(BaseCommand):
    help = "Delete data requests never confirmed whose 7-day link expired (run daily)."

    def handle(self, *args, **options):
        count = data_requests_purge_unconfirmed()
        self.stdout.write(f"{count} unconfirmed data requests deleted")
