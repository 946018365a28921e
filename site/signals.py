"""Signal receivers of the project package, connected in ``CorpsiteConfig.ready()``."""

from __future__ import annotations


def ensure_content_locales(**kwargs) -> None:
    """Create a Wagtail Locale for every language in WAGTAIL_CONTENT_LANGUAGES.

    Adding a language to the settings is then enough for it to exist in the
    admin after the next ``migrate``; nothing is ever deleted here.
    """
    from django.conf import settings
    from wagtail.models import Locale

    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        Locale.objects.get_or_create(language_code=code)
