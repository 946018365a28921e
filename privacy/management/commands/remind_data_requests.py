from django.core.management.base import BaseCommand

from privacy.people.request_emails import data_requests_remind


class Command(BaseCommand):
    help = (
        "Email the privacy officers the data requests due within 7 days, overdue ones "
        "included: references and due dates only (run daily)."
    )

    def handle(self, *args, **options):
        count = data_requests_remind()
        self.stdout.write(f"{count} data requests due within 7 days")
