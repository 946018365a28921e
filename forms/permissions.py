"""Who may do what to the forms app's personal data, in one object per model that
Wagtail's menus, buttons and views all ask (``register_permission_policy``).

Staff may only read, and only the rows the app's selectors give them; nobody adds,
changes or deletes these rows through the admin (erasure is the privacy officer's
tool, in ``privacy``). A new scoped model gets a subclass of ``ScopedPermissionPolicy``
naming its selector, registered in ``register()`` (the newsletter's subscribers:
``forms.newsletter.permissions.register()``)."""

from __future__ import annotations

from django.db.models import QuerySet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from privacy.models import RetentionEvent

from .models.submissions import Submission, SubmissionFile
from .selectors import submission_files_for_user, submissions_for_user


class ScopedPermissionPolicy(ModelPermissionPolicy):
    """Django's model permissions decide whether a user may read the model at all;
    ``scope(user, action)``, a selector, decides which rows. Only ``actions`` are ever
    allowed, to anyone, superusers included."""

    actions: tuple[str, ...] = ("view",)

    def scope(self, user, action: str) -> QuerySet:
        """The rows ``user`` may ``action``. Override with a selector."""
        raise NotImplementedError

    def user_has_permission(self, user, action):
        return action in self.actions and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        allowed = [action for action in actions if action in self.actions]
        if not allowed:
            return super().users_with_any_permission([]).none()
        return super().users_with_any_permission(allowed)

    def instances_user_has_any_permission_for(self, user, actions):
        allowed = [action for action in actions if self.user_has_permission(user, action)]
        if not allowed:
            return self.model._default_manager.none()
        instances = self.scope(user, allowed[0])
        for action in allowed[1:]:
            instances = instances | self.scope(user, action)
        return instances

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, [action], instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return (
            self.instances_user_has_any_permission_for(user, actions)
            .filter(pk=instance.pk)
            .exists()
        )

    def users_with_any_permission_for_instance(self, actions, instance):
        users = self.users_with_any_permission(actions)
        allowed = [
            user.pk
            for user in users
            if self.user_has_any_permission_for_instance(user, actions, instance)
        ]
        return users.filter(pk__in=allowed)


class SubmissionPermissionPolicy(ScopedPermissionPolicy):
    """The staff of a submission's purpose, and the privacy officer, may view it.
    Whoever may view a case (a submission whose purpose counts its retention from the
    end of the contract) may also ``close`` it, or reopen it."""

    actions = ("view", "close")

    def user_has_permission(self, user, action):
        if action == "close":  # no model permission of its own: viewing the case is enough
            action = "view"
        return super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission(
            ["view" if action == "close" else action for action in actions]
        )

    def scope(self, user, action):
        if action == "close":
            return submissions_for_user(user).filter(
                purpose__retention_event=RetentionEvent.END_OF_CONTRACT
            )
        return submissions_for_user(user)


class SubmissionFilePermissionPolicy(ScopedPermissionPolicy):
    """A file is readable by whoever may read its submission (the permission is the
    submission's: ``forms.view_submission``)."""

    def scope(self, user, action):
        return submission_files_for_user(user)


def register() -> None:
    """From ``FormsConfig.ready()``: before anything asks Wagtail for a policy."""
    register_permission_policy(Submission, SubmissionPermissionPolicy(Submission))
    register_permission_policy(
        SubmissionFile, SubmissionFilePermissionPolicy(SubmissionFile, auth_model=Submission)
    )
