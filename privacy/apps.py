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

        from . import personal_data

        personal_data.register()
