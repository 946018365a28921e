from django.core.management.base import BaseCommand

from forms.newsletter.services import subscriptions_purge_unconfirmed


class Command(BaseCommand):
    help = "Delete newsletter sign-ups whose 7-day confirmation link expired (run daily)."

    def handle(self, *args, **options):
        count = subscriptions_purge_unconfirmed()
        self.stdout.write(f"{count} unconfirmed sign-ups deleted")
