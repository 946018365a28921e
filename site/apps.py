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
        from . import checks  # noqa: F401 - registers the project's system checks

        post_migrate.connect(ensure_content_locales, sender=self)
        from corpsite.uploads import upload_temp_dir

        # Django's check (files.E001) wants it to exist; a folder that cannot be made
        # (read-only disk) is then reported by that check.
        try:
            upload_temp_dir().mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError:
            pass
