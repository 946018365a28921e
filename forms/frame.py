"""What a form page shows around its form, as plain data kept in the frame's cache
(corpsite.base.frame): its questions, its purposes' notice and consent wording, the
privacy policy in force and the controller's name, the open job offers of an
application form. A visitor's GET of a form page then costs no query beyond finding
the page. Publishing the page (its questions are rewritten then), a purpose, a
policy version or the privacy settings invalidate it (pages' and privacy's signals);
the key holds the page's live revision as well."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import models
from django.utils import timezone, translation
from wagtail.models import Page

from corpsite.base.frame import frame_cached
from pages.models import JobOfferPage
from privacy.frame import COOKIE_FRAME_TIMEOUT, PolicyLink, PurposeNotice, purpose_notice
from privacy.frame import privacy_notice_get as privacy_notice_get

from .kinds import FormKind

# The values of a question that build its form field (forms.builder).
FIELD_VALUES = (
    "clean_name",
    "label",
    "field_type",
    "required",
    "choices",
    "default_value",
    "help_text",
    "system_key",
    "sort_order",
)


@dataclass(frozen=True)
class JobOfferChoice:
    pk: int
    title: str
    closing_date: date | None

    def is_open(self) -> bool:
        return self.closing_date is None or self.closing_date >= timezone.localdate()


@dataclass(frozen=True)
class FormPageFrame:
    field_model: type[models.Model]
    fields: list[dict]
    purpose: PurposeNotice | None
    marketing: PurposeNotice | None
    job_offers: list[JobOfferChoice] | None

    def form_fields(self) -> list[models.Model]:
        """The page's questions as unsaved rows (what the form builder reads)."""
        return [self.field_model(**values) for values in self.fields]

    def open_job_offers(self) -> list[tuple[int, str]] | None:
        if self.job_offers is None:
            return None
        return [(offer.pk, offer.title) for offer in self.job_offers if offer.is_open()]


def _build(page: Page, language: str) -> FormPageFrame:
    with translation.override(language):
        offers = None
        if page.kind == FormKind.APPLICATION:
            offers = [
                JobOfferChoice(pk, title, closing)
                for pk, title, closing in JobOfferPage.objects.live()
                .public()
                .filter(locale_id=page.locale_id)
                .order_by("path")
                .values_list("pk", "title", "closing_date")
            ]
        return FormPageFrame(
            field_model=page.form_fields.model,
            fields=list(page.form_fields.order_by("sort_order").values(*FIELD_VALUES)),
            purpose=purpose_notice(page.purpose),
            marketing=purpose_notice(page.marketing_purpose),
            job_offers=offers,
        )


def form_page_frame_get(*, page: Page, language: str, preview: bool = False) -> FormPageFrame:
    """The cached questions, notices and offers of ``page`` (live) in ``language``.
    A preview shows the draft: built afresh and never cached (the key names the live
    revision, so a draft kept there would be shown to every visitor)."""
    if preview:
        return _build(page, language)
    return frame_cached(
        name="form-page",
        language=language,
        parts=(page.pk, page.live_revision_id or 0),
        build=lambda: _build(page, language),
        timeout=COOKIE_FRAME_TIMEOUT,
    )


__all__ = ["FormPageFrame", "PolicyLink", "form_page_frame_get", "privacy_notice_get"]
