"""Admin views: the record of processing activities (GDPR Article 30), generated from
the purposes registry, as a printable page and as CSV."""

from __future__ import annotations

from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.auth import permission_required
from wagtail.models import Locale

from corpsite.base.spreadsheets import csv_writer
from privacy.models import PrivacySettings
from privacy.selectors import purposes_for_language

COLUMNS = [
    ("name", _("Purpose")),
    ("description", _("Description")),
    ("legal_basis", _("Legal basis")),
    ("legitimate_interest", _("Legitimate interest")),
    ("data_subjects", _("Data subjects")),
    ("data_categories", _("Categories of personal data")),
    ("recipients", _("Recipients")),
    ("transfers", _("Transfers outside the EU")),
    ("retention", _("Retention")),
    ("withdrawal", _("Withdrawal of consent")),
]


def _language(request) -> str:
    codes = set(Locale.objects.values_list("language_code", flat=True))
    requested = request.GET.get("language", "")
    return requested if requested in codes else Locale.get_default().language_code


@permission_required("privacy.view_purpose")
def record_of_processing(request):
    language = _language(request)
    with translation.override(language):
        records = [purpose.as_record() for purpose in purposes_for_language(language=language)]
        labels = [str(label) for _key, label in COLUMNS]
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        filename = f"record-of-processing-{language}-{timezone.localdate():%Y-%m-%d}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response.write("\ufeff")  # lets spreadsheet programs read UTF-8
        writer = csv_writer(response)
        writer.writerow(labels)
        for record in records:
            writer.writerow([record.get(key, "") for key, _label in COLUMNS])
        return response
    rows = [
        {
            "name": record["name"],
            "fields": [
                (label, record.get(key, ""))
                for (key, _label), label in zip(COLUMNS, labels, strict=True)
                if key != "name"
            ],
        }
        for record in records
    ]
    with translation.override(language):
        return TemplateResponse(
            request,
            "privacy/admin/record_of_processing.html",
            {
                "rows": rows,
                "settings": PrivacySettings.load(request_or_site=request),
                "language": language,
                "languages": Locale.objects.order_by("language_code"),
                "generated_at": timezone.now(),
            },
        ).render()
