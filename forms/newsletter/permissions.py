"""Who may see and export the newsletter's subscribers (registered by
``forms.permissions.register``): marketing and the privacy officer view the confirmed
subscribers; those with ``forms.export_subscription`` export them, suppressed
addresses left out."""

from __future__ import annotations

from ..permissions import ScopedPermissionPolicy
from .selectors import subscribers_for_export, subscribers_for_user


class SubscriptionPermissionPolicy(ScopedPermissionPolicy):
    actions = ("view", "export")

    def scope(self, user, action):
        if action == "export":
            return subscribers_for_export(user)
        return subscribers_for_user(user)
