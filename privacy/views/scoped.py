"""What the privacy screens share: objects looked up in the rows the model's registered
permission policy (privacy.permissions) lets the user act on, and menu items that the
same policy shows or hides."""

from __future__ import annotations

from django.contrib.admin.utils import quote
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.functional import cached_property
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import policy_registry


class ScopedObjectMixin(PermissionCheckedMixin):
    """For Wagtail's object views (``InspectView``, ``DeleteView``, ``BaseOperationView``),
    which look their object up in ``setup()``, before ``dispatch()`` checks permissions:
    here the permission comes first, so someone without it is refused (403) whether the
    id exists or not, and the object is then found among the rows the policy scopes to
    the user, never in the whole table."""

    permission_required = "view"
    any_permission_required = None
    pk_url_kwarg = "pk"
    lookup_field = "pk"

    def get_scoped_queryset(self):
        if not self.user_has_permission(self.permission_required):
            raise PermissionDenied
        return self.permission_policy.instances_user_has_permission_for(
            self.request.user, self.permission_required
        )

    def get_queryset(self):
        return self.get_scoped_queryset()

    def get_object(self, queryset=None):
        if getattr(self, "object", None) is not None:  # already found in setup()
            return self.object
        lookup = {self.lookup_field: self.kwargs[self.pk_url_kwarg]}
        return get_object_or_404(self.get_scoped_queryset(), **lookup)


class PolicyMenuMixin:
    """For a plain ``ViewSet`` about ``model``: its menu item shows only to users whom
    the model's registered policy allows ``menu_action`` (``ModelViewSet`` does the same
    with its index view's permissions)."""

    model = None
    menu_action = "view"

    @cached_property
    def menu_item_class(self):
        model, action = self.model, self.menu_action

        def is_shown(item, request):
            return policy_registry.get_by_type(model).user_has_permission(request.user, action)

        return type(f"{type(self).__name__}MenuItem", (MenuItem,), {"is_shown": is_shown})


class ScopedIndexView(IndexView):
    """Wagtail's listing, over the rows the model's registered policy lets the user see
    (Wagtail's own starts from the whole table and only checks the permission)."""

    def get_base_queryset(self):
        return self.permission_policy.instances_user_has_any_permission_for(
            self.request.user, self.any_permission_required
        )


class ScopedModelViewSet(ModelViewSet):
    """A ``ModelViewSet`` of personal data: only the views listed in ``views``, at the
    paths of ``paths`` (``<id:pk>`` bounds ids), the scoped listing, no reference index,
    no copy, and no permissions of its own in the group editor: access is the
    registered policy's (privacy.permissions)."""

    index_view_class = ScopedIndexView
    add_to_reference_index = False
    copy_view_enabled = False
    pk_path_converter = "id"
    paths = {"index": "", "index_results": "results/"}

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        for name in ("add", "edit", "delete", "history", "usage", "inspect", "copy"):
            view_kwargs[f"{name}_url_name"] = (
                self.get_url_name(name) if name in self.paths else None
            )
        return view_kwargs

    def get_urlpatterns(self):
        extra = self.get_extra_views()
        return [
            path(route, extra[name] if name in extra else getattr(self, f"{name}_view"), name=name)
            for name, route in self.paths.items()
        ]

    def get_extra_views(self) -> dict:
        """Views of this viewset that Wagtail's ``ModelViewSet`` does not make."""
        return {}

    @property
    def url_finder_class(self):
        """Where history and reports link an object to: its inspect view (these models
        have no edit view), for whoever the policy lets view it."""
        inspect = self.get_url_name("inspect") if "inspect" in self.paths else None

        class URLFinder(ModelAdminURLFinder):
            def get_edit_url(self, instance):
                policy = policy_registry.get(instance)
                allowed = self.user is None or policy.user_has_permission_for_instance(
                    self.user, "view", instance
                )
                return reverse(inspect, args=[quote(instance.pk)]) if inspect and allowed else None

        return URLFinder

    def get_permissions_to_register(self):
        return Permission.objects.none()
