from django.core.management.base import BaseCommand

from corpsite.uploads import sweep_upload_temp


class Command(BaseCommand):
    help = (
        "Delete the temporary upload files (FILE_UPLOAD_TEMP_DIR) that a worker killed in "
        "the middle of a request left behind (run hourly or daily)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            default=3600,
            help="Age in seconds past which a temporary file is stale (default: 3600; "
            "no request lasts that long).",
        )

    def handle(self, *args, older_than: int, **options):
        count = sweep_upload_temp(older_than=older_than)
        self.stdout.write(f"{count} stale temporary upload files deleted")
