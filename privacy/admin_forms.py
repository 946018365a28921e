"""Admin forms of the privacy app."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from wagtail.admin.forms import WagtailAdminModelForm

RULES_PERMISSION = "privacy.change_purpose_rules"


def may_change_purpose_rules(user) -> bool:
    """Who decides who may read personal data: the routing (staff group), the legal
    basis, the retention and the identifier of a purpose."""
    return user is not None and user.is_active and user.has_perm(RULES_PERMISSION)


class PurposeAdminForm(WagtailAdminModelForm):
    """The purpose form. Its rules are form fields only for holders of the rules
    permission (``FieldPanel(permission=...)``). For anyone else the rules saved are
    the stored ones, whatever the instance carries: a revision being reverted to keeps
    its wording but not its rules, and posted values of absent fields are ignored."""

    def clean(self):
        cleaned_data = super().clean()
        if may_change_purpose_rules(self.for_user):
            return cleaned_data
        instance = self.instance
        if instance.pk is None:
            raise ValidationError(
                gettext(
                    "Only the privacy officer can create a processing purpose: who sees "
                    "its data, its legal basis and its retention are theirs to decide."
                )
            )
        stored = type(instance)._default_manager.get(pk=instance.pk)
        for column in instance.rule_columns():
            setattr(instance, column, getattr(stored, column))
        return cleaned_data
