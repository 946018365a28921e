from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = _("Privacy")

    def ready(self) -> None:
        # django-cookie-consent's defaults (django-appconf) are written into the
        # settings when its conf module is first imported: import it at start-up,
        # not halfway through a request under a temporary settings override.
        import cookie_consent.conf  # noqa: F401
        from cookie_consent.models import Cookie, CookieGroup
        from django.db.models.signals import post_delete, post_save, pre_save
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from . import permissions, personal_data, signals
        from .models import (
            CookieDeclaration,
            CookieGroupDeclaration,
            DataRequestPage,
            PolicyVersion,
            PolicyVersionText,
            Purpose,
        )
        from .models.settings import PrivacySettings

        personal_data.register()
        permissions.register_policies()
        pre_save.connect(signals.purpose_rules_before, sender=Purpose)
        post_save.connect(signals.purpose_rules_changed, sender=Purpose)
        post_delete.connect(signals.cookie_group_deleted, sender=CookieGroupDeclaration)
        for signal in (page_published, page_unpublished, post_page_move, post_delete):
            signal.connect(signals.data_request_page_changed, sender=DataRequestPage)
        # What every page's frame shows: the banner, the policy in force, the newsletter
        # sign-up's wording (corpsite.base.frame).
        for model in (
            CookieGroupDeclaration,
            CookieDeclaration,
            CookieGroup,
            Cookie,
            PolicyVersion,
            PolicyVersionText,
            Purpose,
            PrivacySettings,
        ):
            post_save.connect(signals.frame_changed, sender=model)
            post_delete.connect(signals.frame_changed, sender=model)
