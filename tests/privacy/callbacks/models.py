from django.db import models

from corpsite.base.storage import private_storage


class CallbackRequest(models.Model):
    """A visitor asked to be called back; staff may attach the call's notes."""

    person = models.ForeignKey("privacy.Person", on_delete=models.PROTECT, related_name="+")
    reference = models.CharField(max_length=20, unique=True)
    full_name = models.CharField(max_length=200)
    phone = models.CharField(max_length=40)
    language = models.CharField(max_length=10)
    requested_at = models.DateTimeField()
    notes = models.FileField(storage=private_storage, upload_to="callbacks/", blank=True)
    hold_reason = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return f"Callback request {self.reference}"
