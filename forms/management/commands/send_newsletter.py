from django.core.management.base import BaseCommand, CommandError

from forms.newsletter.models import NewsletterIssue, NewsletterSend
from forms.newsletter.sending import newsletter_send_run, newsletter_send_start


class Command(BaseCommand):
    help = (
        "Send a newsletter issue to every confirmed subscriber of a language, in batches, "
        "with one-click unsubscribe headers. --resume continues an interrupted sending."
    )

    def add_arguments(self, parser):
        parser.add_argument("issue", type=int, nargs="?", help="The issue's id (any language)")
        parser.add_argument("--language", help="Language code, e.g. en or fr")
        parser.add_argument("--batch-size", type=int, default=100)
        parser.add_argument("--resume", type=int, metavar="SEND_ID")

    def handle(self, *args, **options):
        if options["resume"]:
            send = NewsletterSend.objects.filter(pk=options["resume"]).first()
            if send is None:
                raise CommandError("No such sending.")
        else:
            if not options["issue"] or not options["language"]:
                raise CommandError("Give an issue id and --language (or --resume).")
            issue = NewsletterIssue.objects.filter(pk=options["issue"]).first()
            if issue is None:
                raise CommandError("No such issue.")
            try:
                send = newsletter_send_start(issue=issue, language=options["language"])
            except ValueError as error:
                raise CommandError(str(error)) from error
        self.stdout.write(f"Sending “{send.issue}” ({send.language}) to {send.total} subscribers")

        def progress(current):
            self.stdout.write(f"  {current.sent}/{current.total} sent")

        newsletter_send_run(send=send, batch_size=options["batch_size"], progress=progress)
        self.stdout.write(self.style.SUCCESS(f"Done: {send.sent} sent (sending #{send.pk})."))
