"""What the forms app holds about people, for the privacy registry."""

from __future__ import annotations

from privacy.registry import PersonalDataSource, registry


def _submission_export(submission) -> dict:
    return {
        "reference": submission.reference,
        "kind": submission.kind,
        "form": submission.form_title,
        "language": submission.language,
        "sent_at": submission.submitted_at.isoformat(),
        "answers": submission.answers,
        "questions": submission.questions,
        "job_offer": submission.job_offer_title,
        "purpose": submission.purpose_snapshot,
        "privacy_policy_version": (
            submission.policy_version.number if submission.policy_version else None
        ),
        "network": submission.ip_prefix,
        "handled_by": submission.routed_to,
        "transfer_outside_eu": submission.transfer_destination,
        "transfer_safeguard": submission.transfer_safeguard,
        "kept_until": (
            submission.retention_deadline.isoformat() if submission.retention_deadline else None
        ),
    }


def _submission_summary(submission) -> dict:
    return {
        **submission.purpose_snapshot,
        "transfers": (
            f"{submission.transfer_destination} ({submission.transfer_safeguard})"
            if submission.transfer_destination
            else submission.purpose_snapshot.get("transfers", "")
        ),
    }


def _erase_submissions(queryset) -> list[str]:
    from .models import SubmissionFile

    names = list(
        SubmissionFile.objects.filter(submission__in=queryset).values_list("file", flat=True)
    )
    queryset.delete()
    return names


def _erase_files(queryset) -> list[str]:
    names = list(queryset.values_list("file", flat=True))
    queryset.delete()
    return names


def _erase_subscriptions(queryset) -> list[str]:
    """An erased subscriber must not come back with an old import: keep the keyed
    hash of the address in the suppression list, as an unsubscription does."""
    from .newsletter import suppression_add

    for digest in queryset.values_list("person__email_hmac", flat=True):
        suppression_add(email_hmac=digest)
    queryset.delete()
    return []


def _keep(queryset) -> list[str]:
    return []


def register() -> None:
    from .models import (
        EmailDelivery,
        FormField,
        FormPage,
        NewsletterIssue,
        NewsletterPage,
        NewsletterSend,
        NewsletterSuppression,
        ReferenceCounter,
        Submission,
        SubmissionFile,
        Subscription,
    )
    from .newsletter import subscribers_for_user
    from .selectors import submission_files_for_user, submissions_for_user

    registry.register(
        PersonalDataSource(
            model=SubmissionFile,
            category="files",
            label="Uploaded files",
            find=lambda person: SubmissionFile.objects.filter(
                submission__person=person
            ).select_related("submission"),
            export=lambda stored: {
                "submission": stored.submission.reference,
                "field": stored.field_name,
                "file_name": stored.original_name,
                "size": stored.size,
                "sha256": stored.sha256,
            },
            erase=_erase_files,
            retained=lambda stored: stored.submission.hold_reason,
            files=lambda stored: [stored.file],
            readable=submission_files_for_user,
            collected_at="submission__submitted_at",
            order=20,
        )
    )
    registry.register(
        PersonalDataSource(
            model=Submission,
            category="submissions",
            label="Form submissions",
            find=lambda person: (
                Submission.objects.filter(person=person)
                .select_related("policy_version")
                .prefetch_related("files")
                .order_by("submitted_at")
            ),
            export=_submission_export,
            erase=_erase_submissions,
            retained=lambda submission: submission.hold_reason,
            summary=_submission_summary,
            readable=submissions_for_user,
            collected_at="submitted_at",
            order=30,
        )
    )
    registry.register(
        PersonalDataSource(
            model=Subscription,
            category="newsletter",
            label="Newsletter subscription",
            find=lambda person: Subscription.objects.filter(person=person),
            export=lambda subscription: {
                "status": subscription.status,
                "language": subscription.language,
                "signed_up_at": subscription.signed_up_at.isoformat(),
                "confirmed_at": (
                    subscription.confirmed_at.isoformat() if subscription.confirmed_at else None
                ),
            },
            erase=_erase_subscriptions,
            readable=subscribers_for_user,
            collected_at="signed_up_at",
            order=40,
        )
    )
    registry.register(
        PersonalDataSource(
            model=NewsletterSuppression,
            category="newsletter",
            label="Newsletter suppression list",
            find=lambda person: NewsletterSuppression.objects.filter(email_hmac=person.email_hmac),
            export=lambda row: {"suppressed_since": row.created_at.isoformat()},
            erase=_keep,
            retained=lambda row: (
                "A one-way fingerprint of the address, kept so that it is never added back "
                "to the newsletter."
            ),
            order=45,
        )
    )
    free = {
        EmailDelivery: "status of emails about a submission; staff addresses only",
        FormField: "questions written by editors",
        FormPage: "page content written by editors",
        NewsletterIssue: "newsletter content written by editors",
        NewsletterPage: "page content written by editors",
        NewsletterSend: "counts of a sending",
        ReferenceCounter: "a counter",
    }
    for model, reason in free.items():
        registry.declare_free(model, reason)
    for model in FormPage.__subclasses__():
        registry.declare_free(model, "page content written by editors")
