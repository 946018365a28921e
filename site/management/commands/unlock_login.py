from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from corpsite.staff_auth.throttle import unlock


class Command(BaseCommand):
    help = (
        "Unlock staff sign-in after too many failures: forget the failed attempts of an "
        "account (and, with --ip, of a client address)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="?", help="The account to unlock.")
        parser.add_argument("--ip", dest="ip_address", help="A client address to unlock.")

    def handle(self, *args, username=None, ip_address=None, **options):
        if not (username or ip_address):
            raise CommandError(_("Give an account name, an address (--ip), or both."))
        count = unlock(username=username, ip_address=ip_address)
        self.stdout.write(
            _("Unlocked: %(count)s failed attempt records removed.") % {"count": count}
        )
