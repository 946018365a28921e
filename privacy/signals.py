"""Signal receivers of the privacy app, connected in ``PrivacyConfig.ready()``."""

from __future__ import annotations

from wagtail.log_actions import log
from wagtail.models import Locale

from privacy.cookies import cookie_group_unmirror
from privacy.models import Purpose

PURPOSE_RULES_ACTION = "privacy.purpose_rules"
RETENTION_FIELDS = {"retention_value", "retention_unit", "retention_event"}


def _rules(purpose) -> dict:
    """The rules of a purpose as the audit log keeps them: names and values, never
    anything about a person."""
    values = {}
    for name in Purpose.RULE_FIELDS:
        if name == "staff_group":
            group = purpose.staff_group if purpose.staff_group_id else None
            values[name] = group.name if group is not None else None
        else:
            values[name] = getattr(purpose, name)
    return values


def purpose_rules_before(sender, instance, raw=False, **kwargs) -> None:
    """Remember the stored rules of a purpose about to be saved."""
    if raw or instance.pk is None:
        instance._rules_before = None
        return
    stored = sender._default_manager.filter(pk=instance.pk).select_related("staff_group").first()
    instance._rules_before = _rules(stored) if stored is not None else None


def purpose_rules_changed(sender, instance, created=False, raw=False, **kwargs) -> None:
    """Audit every change of who sees a purpose's data, its legal basis, retention or
    identifier, with the values before and after (by whom: the active log context)."""
    before = getattr(instance, "_rules_before", None)
    instance._rules_before = None
    if raw or created or before is None:
        return
    after = _rules(instance)
    changes = {
        name: {"before": before[name], "after": after[name]}
        for name in after
        if before[name] != after[name]
    }
    if changes:
        log(instance=instance, action=PURPOSE_RULES_ACTION, data={"changes": changes})
    if RETENTION_FIELDS & changes.keys():
        # In the same transaction as the save: what the retention job erases never
        # follows the old rule once the new one is stored.
        from privacy.services import purpose_retention_recompute

        purpose_retention_recompute(purpose=instance)


def cookie_group_deleted(sender, instance, **kwargs) -> None:
    """A group deleted (in the admin or in bulk) leaves the library's tables too."""

    if instance.locale_id == Locale.get_default().pk:
        cookie_group_unmirror(varname=instance.varname)
        # Its translations would stay in the other languages' banner, unknown to the
        # library: they go with it.
        sender.objects.filter(translation_key=instance.translation_key).exclude(
            pk=instance.pk
        ).delete()
