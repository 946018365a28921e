from django.apps import AppConfig


class CallbacksConfig(AppConfig):
    """Registers nothing at start-up: the test registers the model itself."""

    name = "tests.privacy.callbacks"
    label = "callbacks"
    default_auto_field = "django.db.models.BigAutoField"
