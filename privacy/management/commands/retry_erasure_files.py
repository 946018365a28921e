from django.core.management.base import BaseCommand

from privacy.people.erasure import erasure_files_retry


class Command(BaseCommand):
    help = "Delete again the files that erasures could not delete (storage outage)."

    def handle(self, *args, **options):
        left = erasure_files_retry()
        self.stdout.write(f"{left} files still to delete")
