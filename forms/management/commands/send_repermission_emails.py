from django.core.management.base import BaseCommand

from forms.repermission_sending import repermission_send_due


class Command(BaseCommand):
    help = (
        "Email “do you still want to hear from us?” to people whose data kept from the "
        "last contact expires soon, for the purposes where editors turned it on (run daily)."
    )

    def handle(self, *args, **options):
        count = repermission_send_due()
        self.stdout.write(f"{count} emails queued")
