from django.core.management.base import BaseCommand

from forms.models import NewsletterSuppression
from forms.newsletter.services import suppression_journal
from privacy.models import ErasureReceipt
from privacy.people import receipt_journal


class Command(BaseCommand):
    help = (
        "Write to the privacy journal the erasures and unsubscriptions it misses (a "
        "journal that could not be written when they happened). Daily, from cron."
    )

    def handle(self, *args, **options):
        written = missing = 0
        for receipt in ErasureReceipt.objects.filter(journaled=False).order_by("erased_at"):
            if receipt_journal(receipt=receipt):
                written += 1
            else:
                missing += 1
        for suppression in NewsletterSuppression.objects.filter(journaled=False):
            if suppression_journal(suppression=suppression):
                written += 1
            else:
                missing += 1
        self.stdout.write(f"{written} entries written, {missing} still missing")
        if missing:
            raise SystemExit(1)
