from django.core.management.base import BaseCommand

from privacy.people.erasure import erasures_replay


class Command(BaseCommand):
    help = (
        "After restoring a backup: apply every erasure receipt again, erasing what the "
        "backup brought back (only data collected before each erasure)."
    )

    def handle(self, *args, **options):
        replayed = erasures_replay()
        erased = sum(sum(receipt.counts.values()) for receipt in replayed)
        self.stdout.write(f"{len(replayed)} erasures replayed, {erased} rows erased again")
