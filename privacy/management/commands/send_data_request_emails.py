from django.core.management.base import BaseCommand

from privacy.people.request_emails import data_request_emails_deliver


class Command(BaseCommand):
    help = "Send the emails about data requests that are due, retrying failed ones (cron)."

    def handle(self, *args, **options):
        sent, failed = data_request_emails_deliver()
        self.stdout.write(f"{sent} sent, {failed} failed")
