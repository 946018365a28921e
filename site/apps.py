from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CorpsiteConfig(AppConfig):
    name = "corpsite"
    verbose_name = "Site"

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the project's system checks
        from .signals import ensure_content_locales, ensure_staff_groups
        from .uploads import upload_temp_dir

        post_migrate.connect(ensure_content_locales, sender=self)
        post_migrate.connect(ensure_staff_groups, sender=self)

        # Django's check (files.E001) wants it to exist; a folder that cannot be made
        # (read-only disk) is then reported by that check.
        try:
            upload_temp_dir().mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError:
            pass
