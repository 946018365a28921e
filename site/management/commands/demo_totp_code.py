from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP

from corpsite.demo.seed import ADMIN_USERNAME
from corpsite.staff_auth.devices import confirmed_totp_device


class Command(BaseCommand):
    help = (
        "Development only (DEBUG): print the current authenticator code of a user "
        "(the demo admin by default), to sign in without a phone."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="?", default=ADMIN_USERNAME)

    def handle(self, *args, username, **options):
        if not settings.DEBUG:
            raise CommandError("demo_totp_code only runs with DEBUG (development settings).")
        user = get_user_model().objects.filter(username=username).first()
        device = confirmed_totp_device(user) if user else None
        if device is None:
            raise CommandError(f"No authenticator device for {username!r}.")
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        self.stdout.write(f"{totp.token():0{device.digits}d}")
