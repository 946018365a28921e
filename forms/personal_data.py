"""What the forms app holds about people, for the privacy registry."""

from __future__ import annotations

from pathlib import PurePath

from django.utils.translation import gettext_lazy as _

from privacy.registry import PersonalDataSource, reassign_person_field, registry

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
from .newsletter.selectors import subscribers_for_user
from .newsletter.services import suppression_add, suppression_journal, unsubscriptions_replay
from .selectors import submission_files_for_user, submissions_for_user


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


def _answers(rows):
    return rows.prefetch_related(None).values_list("answers", flat=True)


def _submission_names(rows):
    for answers in _answers(rows):
        yield str(answers.get("first_name") or ""), str(answers.get("last_name") or "")


def _submission_terms(rows):
    """The names and phone numbers given in the answers, and the full name both ways."""
    for answers in _answers(rows):
        first = str(answers.get("first_name") or "").strip()
        last = str(answers.get("last_name") or "").strip()
        yield from (first, last, str(answers.get("phone") or "").strip())
        if first and last:
            yield from (f"{first} {last}", f"{last} {first}")


def _submission_breakdown(rows):
    """The overview counts submissions per form and language."""
    for title, language in (
        rows.prefetch_related(None).order_by("form_title").values_list("form_title", "language")
    ):
        yield f"{title} ({language})"


def _rectify_submissions(rows, *, person, first_name: str, last_name: str) -> None:
    """The corrected address, and names where given, in the answers to the questions
    that asked for them."""
    for submission in rows:
        answers = dict(submission.answers)
        fields = {field["name"] for field in submission.questions}
        if "email" in fields:
            answers["email"] = person.email
        if first_name and "first_name" in fields:
            answers["first_name"] = first_name
        if last_name and "last_name" in fields:
            answers["last_name"] = last_name
        if answers != submission.answers:
            Submission.objects.filter(pk=submission.pk).update(answers=answers)


def _file_in_archive(stored) -> list[tuple[str, object]]:
    """A file goes to the person's copy under its submission's reference."""
    name = PurePath(stored.original_name).name or "file"
    return [(f"{stored.submission.reference}/{stored.field_name}-{name}", stored.file)]


def _erase_submissions(queryset) -> list[str]:
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
    for digest in queryset.values_list("person__email_hmac", flat=True):
        suppression_add(email_hmac=digest)
    queryset.delete()
    return []


def _reassign_subscriptions(rows, *, to) -> None:
    """One subscription per person: the other person's stands."""
    if Subscription.objects.filter(person=to).exists():
        rows.delete()
    else:
        rows.update(person=to)


def _submission_retained(submission) -> str:
    """A legal or contractual hold, or an open case (its contract has not ended)."""
    if submission.hold_reason:
        return submission.hold_reason
    if submission.case_open:
        return str(_("The case is open: kept until staff close it, then for its retention."))
    return ""


def _reclock_submissions(*, purposes, person=None) -> int:
    from .retention import submissions_reclock

    return submissions_reclock(purposes=purposes, person=person)


def _keep(queryset) -> list[str]:
    return []


def _suppressions_replay() -> int:
    return unsubscriptions_replay()


def _suppressions_sync() -> tuple[int, int]:
    """Journal the suppressions the journal missed (it could not be written then)."""
    written = missing = 0
    for suppression in NewsletterSuppression.objects.filter(journaled=False):
        if suppression_journal(suppression=suppression):
            written += 1
        else:
            missing += 1
    return written, missing


SUPPRESSION_KEPT = (
    "A one-way fingerprint of the address, kept so that it is never added back to the newsletter."
)


def register() -> None:
    # What the person reads in their export, per category.
    registry.declare_category("submissions", _("Forms you sent"))
    registry.declare_category("files", _("Files you sent"))
    registry.declare_category("newsletter", _("Newsletter"))
    registry.register(
        PersonalDataSource(
            model=SubmissionFile,
            category="files",
            label=_("Uploaded files"),
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
            retained=lambda stored: _submission_retained(stored.submission),
            files=_file_in_archive,
            readable=submission_files_for_user,
            collected_at="submission__submitted_at",
            # A file is on hold with its submission, or with its person.
            hold_field="submission__hold_reason",
            person_lookup="submission__person",
            order=20,
        )
    )
    registry.register(
        PersonalDataSource(
            model=Submission,
            category="submissions",
            label=_("Form submissions"),
            find=lambda person: (
                Submission.objects.filter(person=person)
                .select_related("policy_version")
                .prefetch_related("files")
                .order_by("submitted_at")
            ),
            export=_submission_export,
            erase=_erase_submissions,
            retained=_submission_retained,
            summary=_submission_summary,
            readable=submissions_for_user,
            collected_at="submitted_at",
            language=lambda submission: submission.language,
            terms=_submission_terms,
            names=_submission_names,
            breakdown=_submission_breakdown,
            rectify=_rectify_submissions,
            reassign=reassign_person_field,
            reclock=_reclock_submissions,
            # Retention: the stored deadline is the one truth (``reclock`` keeps it up
            # to date with the purpose's clock); a submission's files and consent
            # boxes go with it.
            retention_deadline="retention_deadline",
            purpose_key="purpose__key",
            person_lookup="person",
            hold_field="hold_reason",
            no_deadline_reason=_(
                "Clock not started: an open case, or kept until consent is withdrawn"
            ),
            order=30,
        )
    )
    registry.register(
        PersonalDataSource(
            model=Subscription,
            category="newsletter",
            label=_("Newsletter subscription"),
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
            language=lambda subscription: subscription.language,
            reassign=_reassign_subscriptions,
            order=40,
        )
    )
    registry.register(
        PersonalDataSource(
            model=NewsletterSuppression,
            category="newsletter",
            label=_("Newsletter suppression list"),
            find=lambda person: NewsletterSuppression.objects.filter(email_hmac=person.email_hmac),
            export=lambda row: {"suppressed_since": row.created_at.isoformat()},
            erase=_keep,
            retained=lambda row: SUPPRESSION_KEPT,
            # Kept even when a minor's erasure overrides retention: it is what keeps the
            # address from being added back.
            kept_always=lambda row: SUPPRESSION_KEPT,
            replay=_suppressions_replay,
            sync=_suppressions_sync,
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
