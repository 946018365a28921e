"""The cookie declaration's admin screens: Wagtail's snippet views, which mirror a
group into django-cookie-consent's tables in the transaction that saves it."""

from __future__ import annotations

from wagtail.snippets.views import snippets

from privacy.cookies import cookie_group_mirror


class CookieGroupMirrorMixin:
    """Save the group and its cookies as Wagtail does, then mirror it."""

    def save_instance(self):
        group = super().save_instance()
        cookie_group_mirror(group=group)
        return group


class CookieGroupCreateView(CookieGroupMirrorMixin, snippets.CreateView):
    pass


class CookieGroupCopyView(CookieGroupMirrorMixin, snippets.CopyView):
    pass


class CookieGroupEditView(CookieGroupMirrorMixin, snippets.EditView):
    pass
