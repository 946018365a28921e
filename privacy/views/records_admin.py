"""The record of processing activities (GDPR Article 30), generated from the purposes
registry: a printable page, and Wagtail's spreadsheet export (CSV, XLSX) of the same
rows with every cell escaped."""

from __future__ import annotations

import csv

from django.urls import path
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.views.mixins import Echo, SpreadsheetExportMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.models import Locale

from corpsite.base.spreadsheets import csv_safe, spreadsheet_safe
from privacy.models import PrivacySettings, Purpose
from privacy.selectors import purposes_for_language
from privacy.views.scoped import PolicyMenuMixin

COLUMNS = {
    "name": _("Purpose"),
    "description": _("Description"),
    "legal_basis": _("Legal basis"),
    "legitimate_interest": _("Legitimate interest"),
    "data_subjects": _("Data subjects"),
    "data_categories": _("Categories of personal data"),
    "recipients": _("Recipients"),
    "transfers": _("Transfers outside the EU"),
    "retention": _("Retention"),
    "withdrawal": _("Withdrawal of consent"),
}


class RecordOfProcessingView(SpreadsheetExportMixin, PermissionCheckedMixin, TemplateView):
    """Whoever may view the purposes (editors, the privacy officer) may read the record.
    A standalone page, made to be printed, in the language chosen (``?language=fr``);
    ``?export=csv`` or ``?export=xlsx`` downloads it."""

    model = Purpose
    permission_required = "view"
    template_name = "privacy/admin/record_of_processing.html"
    list_export = list(COLUMNS)
    export_headings = COLUMNS

    @cached_property
    def language(self) -> str:
        codes = set(Locale.objects.values_list("language_code", flat=True))
        requested = self.request.GET.get("language", "")
        return requested if requested in codes else Locale.get_default().language_code

    def get_filename(self) -> str:
        return f"record-of-processing-{self.language}-{timezone.localdate():%Y-%m-%d}"

    def to_row_dict(self, item):
        return {key: item.get(key, "") for key in self.list_export}

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        return csv_safe(value) if export_format == self.FORMAT_CSV else spreadsheet_safe(value)

    def stream_csv(self, queryset):
        """Wagtail's, with every field quoted (a ";" inside a cell splits it in a French
        Excel), written at once, in the record's language, with a byte-order mark so that
        spreadsheet programs read UTF-8."""
        writer = csv.DictWriter(Echo(), fieldnames=self.list_export, quoting=csv.QUOTE_ALL)
        lines = [
            "\ufeff".encode() + writer.writerow({f: self.get_heading(queryset, f) for f in COLUMNS})
        ]
        lines += [self.write_csv_row(writer, self.to_row_dict(item)) for item in queryset]
        return lines

    def get(self, request, *args, **kwargs):
        with translation.override(self.language):
            language = self.language
            records = [purpose.as_record() for purpose in purposes_for_language(language=language)]
            if self.is_export:
                return self.as_spreadsheet(records, request.GET["export"])
            rows = [
                {
                    "name": record["name"],
                    "fields": [
                        (label, record.get(key, ""))
                        for key, label in COLUMNS.items()
                        if key != "name"
                    ],
                }
                for record in records
            ]
            return self.render_to_response(
                {
                    "rows": rows,
                    "settings": PrivacySettings.load(request_or_site=request),
                    "language": language,
                    "languages": Locale.objects.order_by("language_code"),
                    "generated_at": timezone.now(),
                }
            ).render()


class RecordOfProcessingViewSet(PolicyMenuMixin, ViewSet):
    name = "privacy_record"
    url_prefix = "privacy/record-of-processing"
    model = Purpose
    icon = "table"
    menu_label = _("Record of processing")

    def get_urlpatterns(self):
        return [path("", RecordOfProcessingView.as_view(), name="index")]
