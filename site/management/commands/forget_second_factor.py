from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from corpsite.staff_auth.devices import forget_devices


class Command(BaseCommand):
    help = (
        "A lost phone: remove a staff member's authenticator and recovery codes. They "
        "set up a new authenticator at their next sign-in, after their password."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("No such account."))
        count = forget_devices(user)
        self.stdout.write(_("%(count)s second-factor devices removed.") % {"count": count})
