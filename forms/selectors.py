"""Reads of the forms app. Every staff view of submissions starts from
``submissions_for_user``: a user sees the submissions of the purposes whose staff
group they belong to, and the privacy officer sees all."""

from __future__ import annotations

from django.db.models import QuerySet

from .models.submissions import Submission, SubmissionFile

ALL_SUBMISSIONS_PERMISSION = "forms.view_all_submissions"
VIEW_PERMISSION = "forms.view_submission"


def user_may_see_submissions(user) -> bool:
    return user.is_active and user.has_perm(VIEW_PERMISSION)


def submissions_for_user(user) -> QuerySet[Submission]:
    if not user_may_see_submissions(user):
        return Submission.objects.none()
    submissions = Submission.objects.select_related("purpose", "policy_version")
    if user.is_superuser or user.has_perm(ALL_SUBMISSIONS_PERMISSION):
        return submissions
    return submissions.filter(purpose__staff_group__in=user.groups.all())


def submission_files_for_user(user) -> QuerySet[SubmissionFile]:
    return SubmissionFile.objects.filter(submission__in=submissions_for_user(user))


def forms_for_user(user) -> list[tuple[str, str]]:
    """(form key, latest title) of every form whose submissions the user may see."""
    seen: dict[str, str] = {}
    rows = (
        submissions_for_user(user).order_by("-submitted_at").values_list("form_key", "form_title")
    )
    for key, title in rows.iterator():
        seen.setdefault(str(key), title)
    return sorted(seen.items(), key=lambda item: item[1].lower())
