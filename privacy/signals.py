"""Signal receivers of the privacy app, connected in ``PrivacyConfig.ready()``."""

from __future__ import annotations

from wagtail.log_actions import log

PURPOSE_RULES_ACTION = "privacy.purpose_rules"


def _rules(purpose) -> dict:
    """The rules of a purpose as the audit log keeps them: names and values, never
    anything about a person."""
    from privacy.models import Purpose

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
