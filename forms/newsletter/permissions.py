"""Who may see and export the newsletter's subscribers (registered by ``register()``,
from ``FormsConfig.ready()``): marketing and the privacy officer view the confirmed
subscribers; those with ``forms.export_subscription`` export them, suppressed
addresses left out."""

from __future__ import annotations

from wagtail.permissions import register_permission_policy

from ..permissions import ScopedPermissionPolicy
from .models import Subscription
from .selectors import subscribers_for_export, subscribers_for_user


class SubscriptionPermissionPolicy(ScopedPermissionPolicy):
    actions = ("view", "export")

    def scope(self, user, action):
        if action == "export":
            return subscribers_for_export(user)
        return subscribers_for_user(user)


def register() -> None:
    """From ``FormsConfig.ready()``, with ``forms.permissions.register()``."""
    register_permission_policy(Subscription, SubscriptionPermissionPolicy(Subscription))
