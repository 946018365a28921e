from django.core.management.base import BaseCommand

from privacy.people.erasure import journal_sync


class Command(BaseCommand):
    help = (
        "Write to the privacy journal the erasures and unsubscriptions it misses (a "
        "journal that could not be written when they happened). Daily, from cron."
    )

    def handle(self, *args, **options):
        written, missing = journal_sync()
        self.stdout.write(f"{written} entries written, {missing} still missing")
        if missing:
            raise SystemExit(1)
