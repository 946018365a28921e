"""Who may do what with the privacy officer's records, decided in one place: a
permission policy per model, registered with Wagtail (``register_permission_policy``),
so the menus, the buttons and the views of the admin all ask the same object."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from privacy.models import (
    MANAGE_PERSONAL_DATA,
    CookieConsentRecord,
    DataRequest,
    ErasureReceipt,
    Person,
    PersonExport,
    PurgeRun,
)


class PersonalDataPermissionPolicy(ModelPermissionPolicy):
    """The privacy officer's records (people, their exports, data requests, erasure
    receipts, cookie choices): the privacy officer alone decides who reads them, through
    one permission, "manage personal data". Its holders may do every action the model
    offers, on every row; anyone else nothing, on no row.

    ``actions`` lists what can be done at all to the model: an erasure receipt is only
    ever viewed, so nobody gets an "add", "edit" or "delete" button for one. To scope
    rows more finely (say, requests per team), override
    ``instances_user_has_any_permission_for``: every view starts from it."""

    def __init__(self, model, *, actions):
        super().__init__(model)
        self.actions = frozenset(actions)

    def user_has_permission(self, user, action) -> bool:
        return action in self.actions and user.is_active and user.has_perm(MANAGE_PERSONAL_DATA)

    def users_with_any_permission(self, actions):
        users = get_user_model().objects
        if not self.actions.intersection(actions):
            return users.none()
        app_label, codename = MANAGE_PERSONAL_DATA.split(".")
        manage = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
        return users.filter(
            Q(is_superuser=True)
            | Q(user_permissions__in=manage)
            | Q(groups__permissions__in=manage),
            is_active=True,
        ).distinct()


class DataRequestPermissionPolicy(PersonalDataPermissionPolicy):
    """Data requests: the same rights, over the confirmed requests only. A request a
    visitor has not confirmed from their address is nobody's business yet: no
    listing, no page, no button shows it."""

    def _confirmed(self, queryset):
        return queryset.exclude(status=self.model.Status.PENDING)

    def instances_user_has_any_permission_for(self, user, actions):
        return self._confirmed(super().instances_user_has_any_permission_for(user, actions))

    def user_has_permission_for_instance(self, user, action, instance) -> bool:
        return (
            instance.status != self.model.Status.PENDING
            and super().user_has_permission_for_instance(user, action, instance)
        )


def register_policies() -> None:
    """Called from ``PrivacyConfig.ready()``: before Wagtail builds its viewsets, which
    would otherwise make a fallback policy for each model."""
    for model, actions in (
        # view: see everything held about them; change: rectify; delete: erase.
        (Person, {"view", "export", "change", "delete"}),
        (PersonExport, {"view"}),
        (ErasureReceipt, {"view"}),
        (CookieConsentRecord, {"view"}),
        # The retention report and its runs: counts, held items and their reasons.
        (PurgeRun, {"view"}),
    ):
        register_permission_policy(model, PersonalDataPermissionPolicy(model, actions=actions))
    # add: record a request received by letter or phone; change: extend its deadline,
    # answer it, refuse it.
    register_permission_policy(
        DataRequest, DataRequestPermissionPolicy(DataRequest, actions={"view", "add", "change"})
    )
