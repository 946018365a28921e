"""Who must sign in with a second factor: decided here and nowhere else."""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.db.models import Q

from privacy.models import Purpose
from privacy.registry import registry

PRIVACY_OFFICER_GROUP = "Privacy officer"

# Besides the permissions on the models of the personal-data registry: whoever
# manages staff accounts and groups, or decides which group reads a purpose's
# submissions, can give themselves access to personal data.
ACCOUNT_PERMISSIONS = {
    "privacy.change_purpose_rules",
    "auth.add_user",
    "auth.change_user",
    "auth.delete_user",
    "auth.add_group",
    "auth.change_group",
    "auth.delete_group",
}


def personal_data_permissions() -> set[str]:
    """Every permission ("app_label.codename") on a model of the personal-data
    registry (submissions, their files, subscribers, people, consents, requests,
    exports...), so a permission added to one of them later is covered too."""
    models = [source.model._meta for source in registry.sources.values()]
    if not models:
        return set()
    query = Q()
    for meta in models:
        query |= Q(content_type__app_label=meta.app_label, content_type__model=meta.model_name)
    rows = Permission.objects.filter(query).values_list("content_type__app_label", "codename")
    return {f"{app_label}.{codename}" for app_label, codename in rows}


def needs_second_factor(user) -> bool:
    """True for a user who can see personal data, or give themselves access to it:
    superusers, the privacy officer group, members of a purpose's staff group, and
    holders of any permission on personal data or on staff accounts. Editors who
    hold none of these sign in with their password alone.

    You can extend the rule here; every check (the admin middleware, the tests)
    asks this function."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    held = user.get_all_permissions()
    if held & (personal_data_permissions() | ACCOUNT_PERMISSIONS):
        return True

    groups = user.groups.all()
    return (
        groups.filter(name=PRIVACY_OFFICER_GROUP).exists()
        or Purpose.objects.filter(staff_group__in=groups).exists()
    )
