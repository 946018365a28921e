"""The cookie declaration (groups and cookies, translated) and the proof of every
choice a visitor makes about them.

The declaration is edited here, in the Wagtail admin; django-cookie-consent's own
CookieGroup and Cookie rows are kept in step with the default language's version
(privacy.cookies.cookie_group_save, called by the admin's views and the demo seed;
a deletion by privacy.signals.cookie_group_deleted), and its consent cookie and
versioning do the rest: a cookie added to a group makes those who accepted it be asked again.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable, TranslatableMixin
from wagtail_localize.fields import SynchronizedField


class CookieGroupDeclaration(TranslatableMixin, ClusterableModel):
    varname = models.SlugField(
        _("identifier"),
        max_length=32,
        help_text=_("Used by the site's scripts, e.g. 'analytics'. Never change it."),
    )
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"))
    is_required = models.BooleanField(
        _("strictly necessary"),
        default=False,
        help_text=_("Always on: not a choice. Only for cookies the site cannot work without."),
    )
    ordering = models.IntegerField(_("order"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("varname"),
        FieldPanel("description"),
        FieldPanel("is_required"),
        FieldPanel("ordering"),
        InlinePanel("cookies", label=_("Cookies")),
    ]
    override_translatable_fields = [
        SynchronizedField("varname"),
        SynchronizedField("is_required"),
        SynchronizedField("ordering"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("cookie group")
        verbose_name_plural = _("cookie groups")
        ordering = ["ordering", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["varname", "locale"], name="unique_cookie_group_per_locale"
            )
        ]

    def __str__(self) -> str:
        return self.name


class CookieDeclaration(TranslatableMixin, Orderable):
    group = ParentalKey(CookieGroupDeclaration, on_delete=models.CASCADE, related_name="cookies")
    name = models.CharField(
        _("cookie name"),
        max_length=250,
        help_text=_("End it with * for a family of cookies, e.g. _ga_*."),
    )
    provider = models.CharField(_("provider"), max_length=200)
    purpose = models.TextField(_("purpose"))
    duration = models.CharField(_("duration"), max_length=100)
    domain = models.CharField(
        _("domain"), max_length=250, blank=True, help_text=_("Empty for this site's own domain.")
    )

    override_translatable_fields = [SynchronizedField("name"), SynchronizedField("domain")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("cookie")
        verbose_name_plural = _("cookies")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.name.endswith("*") and len(self.name.rstrip("*")) < 2:
            raise ValidationError(
                {"name": _("A family of cookies needs the start of their names, e.g. _ga_*.")}
            )


class CookieConsentRecord(models.Model):
    """One choice of one visitor: what was decided for each group, under which
    declaration, policy and banner wording. It holds no IP beyond its network."""

    class Action(models.TextChoices):
        ACCEPT_ALL = "accept_all", _("Accepted all")
        REFUSE_ALL = "refuse_all", _("Refused all")
        CHOOSE = "choose", _("Chose group by group")
        ACCEPT_GROUP = "accept_group", _("Accepted one group (to play content)")
        CLOSE = "close", _("Closed the banner (refusal)")

    consent_id = models.UUIDField(_("consent id"), default=uuid.uuid4, db_index=True)
    created_at = models.DateTimeField(_("made at"), auto_now_add=True, db_index=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    decisions = models.JSONField(_("decision per group"))
    declaration_version = models.CharField(_("version of the cookie declaration"), max_length=200)
    cookie_policy_version = models.ForeignKey(
        "privacy.PolicyVersion",
        verbose_name=_("cookie policy version"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    banner_hash = models.CharField(_("banner wording (SHA-256)"), max_length=64)
    language = models.CharField(_("language"), max_length=10)
    gpc = models.BooleanField(_("Global Privacy Control"), default=False)
    ip_prefix = models.CharField(_("network (truncated IP)"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("cookie consent record")
        verbose_name_plural = _("cookie consent records")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Cookie consent {self.consent_id} ({self.created_at:%Y-%m-%d})"
