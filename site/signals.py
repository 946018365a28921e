"""The project's signal receivers, connected in ``CorpsiteConfig.ready()``."""

from __future__ import annotations

from corpsite.staff_groups import apply_staff_groups

# The apps whose permissions the staff groups name (corpsite.staff_groups): their
# permissions are made before the groups get them, whatever the order of
# INSTALLED_APPS (corpsite's post_migrate runs first).
PERMISSION_APPS = {
    "forms",
    "pages",
    "privacy",
    "wagtailcore",
    "wagtailadmin",
    "wagtailimages",
    "wagtaildocs",
    "wagtail_localize",
}


def ensure_content_locales(**kwargs) -> None:
    """Create a Wagtail Locale for every language in WAGTAIL_CONTENT_LANGUAGES.

    Adding a language to the settings is then enough for it to exist in the
    admin after the next ``migrate``; nothing is ever deleted here.
    """
    from django.conf import settings
    from wagtail.models import Locale

    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        Locale.objects.using(kwargs.get("using", "default")).get_or_create(language_code=code)


def ensure_staff_groups(*, using: str = "default", verbosity: int = 1, **kwargs) -> None:
    """After every ``migrate`` (and Django's ``flush``), the staff groups have exactly
    the permissions declared in ``corpsite.staff_groups``."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        if app_config.label in PERMISSION_APPS:
            create_permissions(app_config, verbosity=0, interactive=False, using=using)
    apply_staff_groups(using=using)
