from django.conf import settings
from django.core.management.base import BaseCommand

from corpsite.demo.seed import seed_demo


class Command(BaseCommand):
    help = (
        "Create the demo site (English pages, their French translations, menus, admin user). "
        "Running it again changes nothing."
    )

    def handle(self, *args, **options):
        report = seed_demo()
        if report.created:
            for item in report.created:
                self.stdout.write(f"  created {item}")
        else:
            self.stdout.write("Demo content already present: nothing changed.")
        self.stdout.write(
            self.style.SUCCESS(
                "\nAdmin: http://127.0.0.1:8000/admin/\n"
                f"  username: {report.admin_username}\n"
                f"  password: {report.admin_password}\n"
                "  second factor: `.venv/bin/python manage.py demo_totp_code` prints the current\n"
                "  code, or use one of these recovery codes (each works once; also in\n"
                f"  {settings.DEMO_ADMIN_RECOVERY_CODES_FILE}):\n"
                f"    {' '.join(report.admin_recovery_codes)}\n"
            )
        )
