"""The admin form of form pages: what editors may change, and what they may not."""

from __future__ import annotations

from types import SimpleNamespace

from django.conf import settings
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.contrib.forms.forms import WagtailAdminFormPageForm

from privacy.admin_forms import may_change_purpose_rules

from .kinds import SYSTEM_FIELDS, form_field_errors

# A page's purposes decide which staff group reads what it collects (the purpose's
# staff group): choosing them is routing personal data, the privacy officer's call.
ROUTING_FIELDS = ("purpose", "marketing_purpose")


def lock_routing_fields(form) -> None:
    """For anyone without the rules permission, a page's purposes are shown but
    disabled: a posted value is ignored and the current one is kept, that of the
    page's latest revision (none on a new page), whatever the form's instance
    carries: reverting to an old revision keeps its wording, not its routing."""
    if may_change_purpose_rules(getattr(form, "for_user", None)):
        return
    current = _current_page(form.instance)
    for name in ROUTING_FIELDS:
        if name in form.fields:
            form.fields[name].disabled = True
            form.initial[name] = getattr(current, f"{name}_id", None) if current else None


def _current_page(instance):
    """The page as it stands now (its latest revision, else its row), not as an old
    revision being reverted to has it; None for a page not created yet."""
    if instance is None or instance.pk is None:
        return None
    stored = type(instance)._default_manager.filter(pk=instance.pk).first()
    if stored is None:
        return None
    return stored.get_latest_revision_as_object() or stored


class FormPageAdminForm(WagtailAdminFormPageForm):
    """Editors may add optional questions and reword everything, but a form keeps the
    fields its kind cannot do without, is never published without a purpose, and
    only the privacy officer chooses its purposes (lock_routing_fields)."""

    def __init__(self, *args, instance=None, **kwargs):
        if instance is not None and instance.pk is None:
            _starter_fields_in_page_language(instance)
        super().__init__(*args, instance=instance, **kwargs)
        lock_routing_fields(self)

    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("form_fields")
        if formset is not None:
            kept = []
            for form in formset.forms:
                data = getattr(form, "cleaned_data", {}) or {}
                if data.get("DELETE") or not data:
                    continue
                kept.append(
                    SimpleNamespace(
                        system_key=data.get("system_key") or form.instance.system_key,
                        field_type=data.get("field_type", form.instance.field_type),
                        required=data.get("required", form.instance.required),
                        label=data.get("label", form.instance.label),
                    )
                )
            for message in form_field_errors(self.instance.kind, kept):
                self.add_error(None, message)
        if "action-publish" in self.data and not cleaned.get("purpose"):
            self.add_error("purpose", _("A form cannot be published without a purpose."))
        return cleaned


class NewsletterPageAdminForm(WagtailAdminPageForm):
    """The newsletter page: its purpose is the privacy officer's to choose."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        lock_routing_fields(self)


def _starter_fields_in_page_language(page) -> None:
    """A new form page in French starts with its questions in French (the page's
    locale is known only once Wagtail has made the page)."""
    language = page.locale.language_code if page.locale_id else settings.LANGUAGE_CODE
    if language == settings.LANGUAGE_CODE or not page.kind:
        return
    specs = {spec.key: spec for spec in SYSTEM_FIELDS[page.kind]}
    for field in page.form_fields.all():
        spec = specs.get(field.system_key)
        if spec is None:
            continue
        default, translated = spec.texts(settings.LANGUAGE_CODE), spec.texts(language)
        for name, text in translated.items():
            if getattr(field, name) == default[name]:  # not reworded yet
                setattr(field, name, text)
