"""Staff screens for submissions: a list over every language of a form, a detail
page, file downloads and exports. Each starts from ``submissions_for_user``; there
is nothing to add or edit, and deleting goes through the privacy officer's tools."""

from __future__ import annotations

import io

import django_filters
from django.http import FileResponse, Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.auth import PermissionDenied
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.base import ViewSet
from wagtail.log_actions import log
from wagtail.permission_policies import ModelPermissionPolicy

from corpsite.base.spreadsheets import csv_writer, spreadsheet_safe
from privacy import converters  # noqa: F401 - registers the <id:...> of the URLs below
from privacy.models import PersonalDataLogEntry

from ..kinds import FormKind
from ..models import Submission, SubmissionFile
from ..selectors import (
    forms_for_user,
    submission_files_for_user,
    submissions_for_user,
    user_may_see_submissions,
)


def _require_access(request) -> None:
    if not user_may_see_submissions(request.user):
        raise PermissionDenied


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
        from django.conf import settings

        if request is not None:
            self.filters["form_key"].extra["choices"] = forms_for_user(request.user)
        self.filters["language"].extra["choices"] = [
            (code, str(name)) for code, name in settings.LANGUAGES
        ]


class SubmissionIndexView(IndexView):
    model = Submission
    page_title = _("Submissions")
    header_icon = "form"
    paginate_by = 50
    filterset_class = SubmissionFilterSet
    search_fields = ["reference"]
    default_ordering = "-submitted_at"
    any_permission_required = ["view"]
    inspect_url_name = "forms_submission:inspect"
    index_url_name = "forms_submission:index"
    index_results_url_name = "forms_submission:index_results"

    def get_base_queryset(self):
        return submissions_for_user(self.request.user)

    @property
    def columns(self):
        return [
            TitleColumn(
                "reference",
                label=_("Reference"),
                url_name="forms_submission:inspect",
                sort_key="reference",
            ),
            Column("form_title", label=_("Form")),
            Column("get_kind_display", label=_("Kind")),
            Column("language", label=_("Language")),
            DateColumn("submitted_at", label=_("Sent"), sort_key="submitted_at"),
            Column("kept_until", label=_("Kept until")),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form_key = self.request.GET.get("form_key", "")
        if form_key:
            context["export_form_key"] = form_key
        return context

    @property
    def header_more_buttons(self):
        from wagtail.admin.widgets import Button

        buttons = []
        form_key = self.request.GET.get("form_key", "")
        if form_key:
            from django.urls import reverse

            for fmt in ("csv", "xlsx"):
                buttons.append(
                    Button(
                        _("Export this form's submissions (%(format)s)") % {"format": fmt.upper()},
                        reverse("forms_submission:export") + f"?form_key={form_key}&format={fmt}",
                        icon_name="download",
                    )
                )
        return buttons


class OutsideRights(Exception):
    """The object exists, but was collected for a purpose the user does not handle."""


def _scoped_or_403(scoped, everything, pk: int, **lookup):
    """The object from the user's scoped queryset. One that exists but lies outside
    their rights is refused (403), whatever the URL it is asked through; one that
    does not exist (or not at this URL) is a 404."""
    found = scoped.filter(pk=pk, **lookup).first()
    if found is not None:
        return found
    if everything.filter(pk=pk).exists() and not scoped.filter(pk=pk).exists():
        raise OutsideRights
    raise Http404


def _forbidden(request) -> TemplateResponse:
    # Wagtail turns PermissionDenied into a redirect to the dashboard; this says it.
    return TemplateResponse(request, "forms/admin/forbidden.html", {}, status=403)


def _log(request, submission: Submission, action: str) -> None:
    log(instance=submission, action=action, user=request.user)


def submission_inspect(request, pk: int):
    _require_access(request)
    try:
        submission = _scoped_or_403(
            submissions_for_user(request.user).select_related("person"), Submission.objects, pk
        )
    except OutsideRights:
        return _forbidden(request)
    _log(request, submission, "forms.view_submission")
    return TemplateResponse(
        request,
        "forms/admin/submission_inspect.html",
        {
            "submission": submission,
            "answers": submission.answer_rows(),
            "files": submission.files.all(),
            "consents": submission.consents.select_related("purpose", "policy_version"),
            "emails": submission.emails.all(),
            "header_icon": "form",
        },
    )


def submission_file_download(request, pk: int, file_pk: int):
    _require_access(request)
    try:
        stored = _scoped_or_403(
            submission_files_for_user(request.user).select_related("submission"),
            SubmissionFile.objects,
            file_pk,
            submission_id=pk,
        )
    except OutsideRights:
        return _forbidden(request)
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    _log(request, stored.submission, "forms.download_file")
    response = FileResponse(handle, as_attachment=True, filename=stored.original_name)
    response["Content-Type"] = "application/octet-stream"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _export_rows(submissions: list[Submission]) -> tuple[list[str], list[list[str]]]:
    questions: dict[str, str] = {}
    for submission in submissions:
        for question in submission.questions:
            if question.get("type") != "file":
                questions.setdefault(question["name"], question["label"])
    headings = [
        str(_("Reference")),
        str(_("Sent")),
        str(_("Language")),
        str(_("Form")),
        *questions.values(),
        str(_("Job offer")),
        str(_("Files")),
        str(_("Privacy policy version")),
        str(_("Kept until")),
    ]
    rows = []
    for submission in submissions:
        answers = submission.answers
        values = []
        for name in questions:
            value = answers.get(name, "")
            values.append(", ".join(map(str, value)) if isinstance(value, list) else value)
        rows.append(
            [
                spreadsheet_safe(cell)
                for cell in [
                    submission.reference,
                    timezone.localtime(submission.submitted_at).strftime("%Y-%m-%d %H:%M"),
                    submission.language,
                    submission.form_title,
                    *values,
                    submission.job_offer_title,
                    submission.files.count(),
                    submission.policy_version.number if submission.policy_version else "",
                    submission.retention_deadline.date().isoformat()
                    if submission.retention_deadline
                    else "",
                ]
            ]
        )
    return [spreadsheet_safe(h) for h in headings], rows


def submission_export(request):
    """CSV or XLSX of one form's submissions (all its languages), formulas escaped."""
    _require_access(request)
    form_key = request.GET.get("form_key", "")
    if form_key not in dict(forms_for_user(request.user)):
        raise Http404
    submissions = list(
        submissions_for_user(request.user)
        .filter(form_key=form_key)
        .prefetch_related("files")
        .order_by("submitted_at")
    )
    headings, rows = _export_rows(submissions)
    PersonalDataLogEntry.objects.bulk_create(
        [
            PersonalDataLogEntry(
                content_type_id=_content_type_id(),
                object_id=str(submission.pk),
                label=str(submission),
                action="forms.export_submissions",
                user=request.user,
                timestamp=timezone.now(),
            )
            for submission in submissions
        ]
    )
    stamp = timezone.localdate().isoformat()
    if request.GET.get("format") == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        sheet.append(headings)
        for row in rows:
            sheet.append(row)
        for row_cells in sheet.iter_rows():
            for cell in row_cells:
                cell.data_type = "s"  # never a formula, whatever the text
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="submissions-{stamp}.xlsx"'
    else:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="submissions-{stamp}.csv"'
        response.write("\ufeff")
        writer = csv_writer(response)
        writer.writerow(headings)
        writer.writerows(rows)
    response["Cache-Control"] = "no-store, private"
    return response


def _content_type_id() -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(Submission).pk


class SubmissionViewSet(ViewSet):
    name = "forms_submission"
    url_prefix = "submissions"
    icon = "form"
    menu_label = _("Submissions")
    menu_order = 200
    add_to_admin_menu = True

    @property
    def menu_item_class(self):
        from wagtail.admin.menu import MenuItem

        class SubmissionsMenuItem(MenuItem):
            def is_shown(self, request):
                return user_may_see_submissions(request.user)

        return SubmissionsMenuItem

    @property
    def menu_url(self):
        from django.urls import reverse

        return reverse("forms_submission:index")

    def get_urlpatterns(self):
        policy = ModelPermissionPolicy(Submission)
        index = SubmissionIndexView.as_view(permission_policy=policy)
        results = SubmissionIndexView.as_view(permission_policy=policy, results_only=True)
        return [
            path("", index, name="index"),
            path("results/", results, name="index_results"),
            path("export/", submission_export, name="export"),
            path("<id:pk>/", submission_inspect, name="inspect"),
            path("<id:pk>/files/<id:file_pk>/", submission_file_download, name="file"),
        ]
