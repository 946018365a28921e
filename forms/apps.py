from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FormsConfig(AppConfig):
    name = "forms"
    label = "forms"
    verbose_name = _("Forms")

    def ready(self) -> None:
        from . import permissions, personal_data
        from .newsletter import permissions as newsletter_permissions

        personal_data.register()
        permissions.register()
        newsletter_permissions.register()
