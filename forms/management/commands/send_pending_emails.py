from django.core.management.base import BaseCommand

from forms.emails import deliver_due


class Command(BaseCommand):
    help = "Send the submission emails that are due, retrying those that failed (run from cron)."

    def handle(self, *args, **options):
        sent, failed = deliver_due()
        self.stdout.write(f"{sent} sent, {failed} failed and kept for a later attempt")
