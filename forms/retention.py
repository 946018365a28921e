"""The clocks of submissions: the stored ``Submission.retention_deadline`` is what the
retention job erases by, and these functions keep it right when the moment a
purpose's retention counts from changes (a contact from the person, the end of a
contract, a withdrawal) or when the purpose's rule changes. The rule itself and the
arithmetic are privacy's (``privacy.services.retention_deadline``)."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from privacy.models import Consent, Person, Purpose, RetentionEvent
from privacy.services import retention_deadline

from .models import Submission

BATCH_SIZE = 1000
CLOSE_CASE_ACTION = "forms.close_case"
REOPEN_CASE_ACTION = "forms.reopen_case"


def _withdrawn_at() -> Subquery:
    """When the consent given with a submission for its own purpose was withdrawn."""
    return Subquery(
        Consent.objects.filter(
            record_type=ContentType.objects.get_for_model(Submission),
            record_id=OuterRef("pk"),
            purpose__translation_key=OuterRef("purpose__translation_key"),
            withdrawn_at__isnull=False,
        )
        .order_by("-withdrawn_at")
        .values("withdrawn_at")[:1]
    )


def submission_deadline(*, submission: Submission, withdrawn_at=None):
    """The deadline ``submission`` should have now, by its purpose's rule."""
    return retention_deadline(
        purpose=submission.purpose,
        collected_at=submission.submitted_at,
        person=submission.person,
        contract_ended_at=submission.contract_ended_at,
        withdrawn_at=withdrawn_at,
    )


def submissions_reclock(*, purposes: QuerySet[Purpose], person: Person | None = None) -> int:
    """Write again the deadlines of the submissions collected for ``purposes`` (of
    ``person`` only, if given); the registry's ``reclock``. Returns the rows written.

    For one person, the purposes counted from the last contact take one UPDATE each:
    every row of the person for such a purpose counts from the same moment, their
    last contact (a row sent after it keeps its own, later, deadline). Everything
    else is computed row by row and written in batches."""
    rows = Submission.objects.filter(purpose__in=purposes)
    changed = 0
    if person is not None:
        rows = rows.filter(person=person)
        contact = rows.filter(purpose__retention_event=RetentionEvent.LAST_CONTACT)
        purpose_ids = set(contact.values_list("purpose_id", flat=True).distinct())
        for purpose in Purpose.objects.filter(pk__in=purpose_ids):
            deadline = purpose.retention_deadline(start=person.last_contact_at)
            changed += (
                contact.filter(purpose=purpose, submitted_at__lte=person.last_contact_at)
                .exclude(retention_deadline=deadline)
                .update(retention_deadline=deadline)
            )
        rows = rows.exclude(purpose__retention_event=RetentionEvent.LAST_CONTACT)
    stale: list[Submission] = []
    iterator = (
        rows.select_related("purpose", "person")
        .annotate(consent_withdrawn_at=_withdrawn_at())
        .order_by("pk")
        .iterator(chunk_size=BATCH_SIZE)
    )
    for submission in iterator:
        deadline = submission_deadline(
            submission=submission, withdrawn_at=submission.consent_withdrawn_at
        )
        if deadline != submission.retention_deadline:
            submission.retention_deadline = deadline
            stale.append(submission)
        if len(stale) >= BATCH_SIZE:
            changed += Submission.objects.bulk_update(stale, ["retention_deadline"])
            stale = []
    if stale:
        changed += Submission.objects.bulk_update(stale, ["retention_deadline"])
    return changed


# --- the end of a contract --------------------------------------------------------------


@transaction.atomic
def submission_close_case(*, submission: Submission, user, at=None) -> Submission:
    """Staff closed the case (the contract ended): it is recorded with who closed it,
    and the retention of the submission's purpose starts. Audit-logged under the
    submission's reference only."""
    at = at or timezone.now()
    if not submission.counts_from_contract_end:
        raise ValidationError(_("This submission is not a case that can be closed."))
    if submission.contract_ended_at is not None:
        return submission
    submission.contract_ended_at = at
    submission.contract_closed_by = user
    submission.retention_deadline = submission_deadline(submission=submission)
    submission.save(update_fields=["contract_ended_at", "contract_closed_by", "retention_deadline"])
    log(instance=submission, action=CLOSE_CASE_ACTION, user=user)
    return submission


@transaction.atomic
def submission_reopen_case(*, submission: Submission, user) -> Submission:
    """The case goes on after all: the contract has not ended, the clock stops (no
    deadline) until it is closed again."""
    if not submission.counts_from_contract_end:
        raise ValidationError(_("This submission is not a case that can be closed."))
    if submission.contract_ended_at is None:
        return submission
    submission.contract_ended_at = None
    submission.contract_closed_by = None
    submission.retention_deadline = None
    submission.save(update_fields=["contract_ended_at", "contract_closed_by", "retention_deadline"])
    log(instance=submission, action=REOPEN_CASE_ACTION, user=user)
    return submission
