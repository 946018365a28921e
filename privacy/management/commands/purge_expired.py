from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from privacy.people.retention import BATCH_SIZE, purge_expired


class Command(BaseCommand):
    help = (
        "Erase every row whose retention period has run out, files included, except what "
        "is on legal hold (daily, from cron). --dry-run counts and deletes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Print what would go; delete nothing."
        )
        parser.add_argument(
            "--purpose",
            action="append",
            default=[],
            metavar="KEY",
            help="Only this purpose (its identifier; repeat for several). "
            "Cookie choices: cookie_choices.",
        )
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)

    def handle(self, *args, **options):
        run = purge_expired(
            purposes=options["purpose"],
            dry_run=options["dry_run"],
            batch_size=options["batch_size"],
        )
        if run.dry_run:
            self.stdout.write(_("Dry run: nothing was deleted."))
        for key, categories in sorted(run.counts.items()):
            detail = ", ".join(f"{name} {count}" for name, count in sorted(categories.items()))
            line = f"{key}: {sum(categories.values())} ({detail})"
            if key in run.oldest:
                line += " — " + _("oldest deadline %(date)s") % {"date": run.oldest[key][:10]}
            self.stdout.write(line)
        if not run.counts:
            self.stdout.write(_("Nothing is past its retention period."))
        for error in run.errors:
            self.stderr.write(f"{error['source']}: {error['error']}")
        if run.errors:
            raise SystemExit(1)
