from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = _("Pages")

    def ready(self) -> None:
        from . import personal_data

        personal_data.register()
