from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


@register_setting(icon="lock")
class PrivacySettings(BaseGenericSetting):
    """Who the controller is: printed on the record of processing activities."""

    controller_name = models.CharField(_("controller"), max_length=255, default="")
    controller_address = models.TextField(_("controller's address"), blank=True)
    dpo_contact = models.CharField(
        _("data protection officer's contact"), max_length=255, blank=True
    )
    security_measures = models.TextField(
        _("security measures"),
        blank=True,
        help_text=_("A general description, as GDPR Article 30(1)(g) asks."),
    )

    class Meta:
        verbose_name = _("privacy settings")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    @property
    def controller_line(self) -> str:
        """Name and address on one line, for notices."""
        lines = [line.strip() for line in self.controller_address.splitlines() if line.strip()]
        return ", ".join([self.controller_name, *lines]) if self.controller_name else ""
