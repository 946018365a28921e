from django.apps import AppConfig
from django.db.models.signals import post_migrate


def ensure_content_locales(**kwargs) -> None:
    """Create a Wagtail Locale for every language in WAGTAIL_CONTENT_LANGUAGES.

    Adding a language to the settings is then enough for it to exist in the
    admin after the next ``migrate``; nothing is ever deleted here.
    """
    from django.conf import settings
    from wagtail.models import Locale

    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        Locale.objects.get_or_create(language_code=code)


class CorpsiteConfig(AppConfig):
    name = "corpsite"
    verbose_name = "Site"

    def ready(self) -> None:
        post_migrate.connect(ensure_content_locales, sender=self)
