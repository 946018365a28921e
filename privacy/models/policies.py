"""Versioned policies: the privacy policy and the cookie policy.

The policy page (``privacy.models.pages.PolicyPage``) is where editors write and
translate the text, as any page.
Visitors read *versions*: numbered, dated snapshots of the page in every
language, made on purpose by an editor ("Publish a new version") and never
changed afterwards. Ordinary edits and publishes of the page do not make a
version.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page


class PolicyKind(models.TextChoices):
    PRIVACY = "privacy", _("Privacy policy")
    COOKIES = "cookies", _("Cookie policy")


class PolicyVersion(models.Model):
    """A numbered, dated version of a policy, the same number in every language.

    It points to its policy by the page's translation key, not by a foreign key:
    deleting or moving the page never deletes a version that consents refer to.
    """

    policy_key = models.UUIDField(_("policy"), db_index=True, editable=False)
    kind = models.CharField(_("policy"), max_length=20, choices=PolicyKind.choices)
    number = models.PositiveIntegerField(_("version"))
    effective_date = models.DateField(_("in force from"))
    is_material = models.BooleanField(
        _("material change"),
        help_text=_("Material changes are announced to returning visitors."),
    )
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("policy version")
        verbose_name_plural = _("policy versions")
        ordering = ["kind", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["policy_key", "number"], name="unique_policy_version")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.number}"

    def text_for(self, locale: Locale) -> PolicyVersionText:
        """The text in ``locale``, else in the default language, else any."""
        texts = {text.locale_id: text for text in self.texts.all()}
        return (
            texts.get(locale.pk) or texts.get(Locale.get_default().pk) or next(iter(texts.values()))
        )


class PolicyVersionText(models.Model):
    """A version frozen in one language when it was published: what visitors read."""

    version = models.ForeignKey(PolicyVersion, on_delete=models.PROTECT, related_name="texts")
    locale = models.ForeignKey(Locale, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=255)
    intro = models.TextField(_("introduction"), blank=True)
    summary = models.TextField(_("what changed"), blank=True)
    body_html = models.TextField(_("text"))
    table_snapshot = models.JSONField(_("table"), default=list)
    page_revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("policy version text")
        constraints = [
            models.UniqueConstraint(fields=["version", "locale"], name="unique_version_locale")
        ]

    def __str__(self) -> str:
        return f"{self.version} ({self.locale.language_code})"

    @property
    def number(self) -> int:
        return self.version.number

    @property
    def url(self) -> str | None:
        page = policy_page_live(policy_key=self.version.policy_key, locale=self.locale)
        return page.reverse_version(self.version.number) if page else None


def policy_page_live(*, policy_key, locale: Locale | None = None) -> Page | None:
    """The live policy page of ``policy_key`` (a version's ``policy_key``: the page's
    translation key) in ``locale``, or in any language without one. Found as a Wagtail
    page of that translation key, of its own class (``PolicyPage``, in
    ``privacy.models.pages``, which serves the versions through ``privacy.selectors``
    and so sits above them), its own fields deferred: its URL and routes need none."""
    pages = Page.objects.live().filter(translation_key=policy_key)
    if locale is not None:
        pages = pages.filter(locale=locale)
    return pages.specific(defer=True).first()
