"""Staff screens for submissions, on Wagtail's ``ModelViewSet``: a list over every
language of a form (with its CSV/XLSX export), an inspect page, file downloads.

Every screen starts from the registered permission policy
(``forms.permissions.SubmissionPermissionPolicy``, which asks
``submissions_for_user``), as Wagtail's menu and buttons do. There is nothing to add,
edit or copy; deleting goes through the privacy officer's tools."""

from __future__ import annotations

import django_filters
from django.conf import settings
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log
from wagtail.permissions import policy_registry

from corpsite.base.spreadsheets import SafeSpreadsheetExportMixin
from privacy import converters  # noqa: F401 - registers the <id:...> of the URLs below
from privacy.models import PersonalDataLogEntry

from .kinds import FormKind
from .models import Submission, SubmissionFile
from .retention import submission_close_case, submission_reopen_case
from .selectors import forms_for_user

ANSWER = "answers:"  # export columns of answers: "answers:<question name>"


class OutsideRights(Exception):
    """The row exists, but was collected for a purpose the user does not handle."""


def scoped_or_outside(model, *, user, pk: int, **lookup):
    """The row from the user's scope (the model's registered permission policy). One
    that exists but lies outside their rights raises ``OutsideRights`` (a 403 page),
    whatever the URL it is asked through; one that does not exist (or not at this URL)
    is a 404."""
    scoped = policy_registry.get_by_type(model).instances_user_has_permission_for(user, "view")
    found = scoped.filter(pk=pk, **lookup).first()
    if found is not None:
        return found
    if model._default_manager.filter(pk=pk).exists() and not scoped.filter(pk=pk).exists():
        raise OutsideRights
    raise Http404


def forbidden(request) -> TemplateResponse:
    # Wagtail turns PermissionDenied into a redirect to the dashboard; this says it.
    return TemplateResponse(request, "forms/admin/forbidden.html", {}, status=403)


class SubmissionFilterSet(WagtailFilterSet):
    form_key = django_filters.ChoiceFilter(label=_("Form"), choices=[])
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=FormKind.choices)
    language = django_filters.ChoiceFilter(label=_("Language"), choices=[])
    submitted_at = django_filters.DateFromToRangeFilter(label=_("Sent"))

    class Meta:
        model = Submission
        fields = ["form_key", "kind", "language", "submitted_at"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is not None:
            self.filters["form_key"].extra["choices"] = forms_for_user(request.user)
        self.filters["language"].extra["choices"] = [
            (code, str(name)) for code, name in settings.LANGUAGES
        ]


def _answer_text(value) -> str:
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)


class SubmissionIndexView(SafeSpreadsheetExportMixin, IndexView):
    """The submissions the user may see, filtered by form, kind, language and date.
    Once a form is chosen, its submissions (all its languages) download as CSV or
    XLSX, one column per question, each export written to the audit log."""

    page_title = _("Submissions")
    any_permission_required = ["view"]
    default_ordering = "-submitted_at"
    paginate_by = 50
    filterset_class = SubmissionFilterSet
    search_fields = ["reference"]
    export_headings = {
        "reference": _("Reference"),
        "submitted_at": _("Sent"),
        "language": _("Language"),
        "form_title": _("Form"),
        "job_offer_title": _("Job offer"),
        "files": _("Files"),
        "policy_version": _("Privacy policy version"),
        "retention_deadline": _("Kept until"),
    }

    def get_base_queryset(self):
        return self.permission_policy.instances_user_has_permission_for(self.request.user, "view")

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "reference",
                label=_("Reference"),
                get_url=self.get_inspect_url,
                sort_key="reference",
            ),
            Column("form_title", label=_("Form")),
            Column("get_kind_display", label=_("Kind")),
            Column("language", label=_("Language")),
            DateColumn("submitted_at", label=_("Sent"), sort_key="submitted_at"),
            Column("kept_until", label=_("Kept until")),
        ]

    @cached_property
    def show_export_buttons(self):
        return bool(self.request.GET.get("form_key")) and self.filters.is_valid()

    def get_filename(self):
        return f"submissions-{timezone.localdate().isoformat()}"

    def export_columns(self, submissions: list[Submission]) -> None:
        """The fixed columns around one column per question asked (files apart)."""
        questions: dict[str, str] = {}
        for submission in submissions:
            for question in submission.questions:
                if question.get("type") != "file":
                    questions.setdefault(ANSWER + question["name"], question["label"])
        fixed = list(type(self).export_headings)
        self.list_export = [*fixed[:4], *questions, *fixed[4:]]
        self.export_headings = {**type(self).export_headings, **questions}

    def to_row_dict(self, submission):
        deadline = submission.retention_deadline
        version = submission.policy_version
        values = {
            "submitted_at": timezone.localtime(submission.submitted_at).strftime("%Y-%m-%d %H:%M"),
            "files": str(len(submission.files.all())),
            "policy_version": str(version.number) if version else "",
            "retention_deadline": deadline.date().isoformat() if deadline else "",
        }
        row = {}
        for field in self.list_export:
            if field.startswith(ANSWER):
                row[field] = _answer_text(submission.answers.get(field.removeprefix(ANSWER), ""))
            else:
                row[field] = values[field] if field in values else getattr(submission, field)
        return row

    def export_rows(self, queryset):
        submissions = list(queryset.prefetch_related("files"))
        self.export_columns(submissions)
        log_export(submissions, user=self.request.user, action="forms.export_submissions")
        return submissions


def log_export(rows: list, *, user, action: str) -> None:
    """One entry per exported row in the personal-data log (its label is ``str()``,
    which names no one), written in one query."""
    if not rows:
        return
    content_type = ContentType.objects.get_for_model(type(rows[0]))
    now = timezone.now()
    PersonalDataLogEntry.objects.bulk_create(
        [
            PersonalDataLogEntry(
                content_type=content_type,
                object_id=str(row.pk),
                label=str(row),
                action=action,
                user=user,
                timestamp=now,
            )
            for row in rows
        ]
    )


class ScopedInspectView(InspectView):
    """One row from the user's scope (the model's registered permission policy),
    its viewing written to the personal-data log as ``log_action``. A row outside the
    scope is a 403 page if it exists, a 404 otherwise."""

    any_permission_required = ["view"]
    log_action = ""

    def setup(self, request, *args, **kwargs):
        try:
            super().setup(request, *args, **kwargs)
        except OutsideRights:
            self.object = None

    def get_object(self, queryset=None):
        if not self.user_has_any_permission(self.any_permission_required):
            return None  # refused by dispatch() before anything is read
        return scoped_or_outside(self.model, user=self.request.user, pk=self.pk)

    def dispatch(self, request, *args, **kwargs):
        if self.object is None and self.user_has_any_permission(self.any_permission_required):
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        log(instance=self.object, action=self.log_action, user=request.user)
        return super().get(request, *args, **kwargs)


class SubmissionInspectView(ScopedInspectView):
    """One submission: its answers, files, what the person was told, its emails."""

    template_name = "forms/admin/submission_inspect.html"
    log_action = "forms.view_submission"

    def get_page_title(self):
        return self.object.get_kind_display()

    def get_context_data(self, **kwargs):
        submission = self.object
        return {
            **super().get_context_data(**kwargs),
            "submission": submission,
            "answers": submission.answer_rows(),
            "files": submission.files.all(),
            "consents": submission.consents.select_related("purpose", "policy_version"),
            "emails": submission.emails.all(),
            "may_close": submission.counts_from_contract_end
            and self.permission_policy.user_has_permission_for_instance(
                self.request.user, "close", submission
            ),
        }


def submission_file_download(request, pk: int, file_pk: int):
    """An uploaded file, as an attachment never rendered by the browser; asked through
    its own submission only."""
    policy = policy_registry.get_by_type(SubmissionFile)
    if not policy.user_has_permission(request.user, "view"):
        raise PermissionDenied
    try:
        stored = scoped_or_outside(SubmissionFile, user=request.user, pk=file_pk, submission_id=pk)
    except OutsideRights:
        return forbidden(request)
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    log(instance=stored.submission, action="forms.download_file", user=request.user)
    response = FileResponse(handle, as_attachment=True, filename=stored.original_name)
    response["Content-Type"] = "application/octet-stream"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _case_action(request, pk: int, *, reopen: bool):
    """Close a case (the contract ended: its retention starts) or reopen it, by POST
    from its inspect page. Whoever may see the submission may do it; a submission
    of another purpose is a 403 page, one that is no case a 404."""
    policy = policy_registry.get_by_type(Submission)
    if not policy.user_has_permission(request.user, "close"):
        raise PermissionDenied
    try:
        submission = scoped_or_outside(Submission, user=request.user, pk=pk)
    except OutsideRights:
        return forbidden(request)
    if not submission.counts_from_contract_end:
        raise Http404
    if reopen:
        submission_reopen_case(submission=submission, user=request.user)
        messages.success(request, _("The case is open again: its retention has stopped."))
    else:
        submission_close_case(submission=submission, user=request.user)
        messages.success(
            request,
            _("The case is closed: its data is kept until %(date)s.")
            % {"date": submission.retention_deadline.date().isoformat()},
        )
    return redirect("forms_submission:inspect", submission.pk)


@require_POST
def submission_close(request, pk: int):
    return _case_action(request, pk, reopen=False)


@require_POST
def submission_reopen(request, pk: int):
    return _case_action(request, pk, reopen=True)


class ReadOnlyViewSet(ModelViewSet):
    """An index and an inspect view (at ``<prefix>/<id>/``) of personal data: no URL
    to add, edit, copy or delete, and no reference index."""

    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_reference_index = False

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        for name in ("add", "edit", "delete", "history", "usage"):
            view_kwargs[f"{name}_url_name"] = None
        return view_kwargs

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("<id:pk>/", self.inspect_view, name="inspect"),
        ]


class SubmissionViewSet(ReadOnlyViewSet):
    model = Submission
    name = "forms_submission"
    url_prefix = "submissions"
    icon = "form"
    menu_label = _("Submissions")
    menu_order = 200
    add_to_admin_menu = True
    index_view_class = SubmissionIndexView
    inspect_view_class = SubmissionInspectView
    search_fields = ["reference"]

    def get_urlpatterns(self):
        # The inspect URL is /admin/submissions/<id>/: staff emails link to it.
        return [
            *super().get_urlpatterns(),
            path("<id:pk>/files/<id:file_pk>/", submission_file_download, name="file"),
            path("<id:pk>/close/", submission_close, name="close"),
            path("<id:pk>/reopen/", submission_reopen, name="reopen"),
        ]
