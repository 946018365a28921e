"""Versioned policies: the privacy policy and the cookie policy.

The policy page is where editors write and translate the text, as any page.
Visitors read *versions*: numbered, dated snapshots of the page in every
language, made on purpose by an editor ("Publish a new version") and never
changed afterwards. Ordinary edits and publishes of the page do not make a
version.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Locale, Page

from corpsite.base.blocks import BodyBlock
from corpsite.base.models import SitePage


class PolicyKind(models.TextChoices):
    PRIVACY = "privacy", _("Privacy policy")
    COOKIES = "cookies", _("Cookie policy")


class PolicyPage(RoutablePageMixin, SitePage):
    kind = models.CharField(_("policy"), max_length=20, choices=PolicyKind.choices)
    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("text"))
    change_summary = models.TextField(
        _("what changes in the next version"),
        blank=True,
        help_text=_("Shown to visitors with the next version you publish."),
    )

    content_panels = Page.content_panels + [
        HelpPanel(
            content=_(
                "Visitors read published versions of this policy. Edit and translate the text, "
                "publish the page, then use “Publish a new version” in the page's menu to "
                "make it the version in force."
            )
        ),
        FieldPanel("kind"),
        FieldPanel("intro"),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("change_summary")], heading=_("Next version")),
    ]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("policy page")
        verbose_name_plural = _("policy pages")

    def clean(self) -> None:
        super().clean()
        other = (
            PolicyPage.objects.filter(kind=self.kind)
            .exclude(translation_key=self.translation_key)
            .exists()
        )
        if other:
            raise ValidationError(
                {"kind": _("There is already a policy page of this kind: edit that one.")}
            )

    # --- versions -----------------------------------------------------------------
    def versions(self):
        return PolicyVersion.objects.filter(policy_key=self.translation_key).order_by("-number")

    def version_texts(self):
        """This language's text of every version (the default language's where untranslated)."""
        return [version.text_for(self.locale) for version in self.versions()]

    def reverse_version(self, number: int) -> str:
        return self.url + self.reverse_subpage("version", args=[number])

    def reverse_compare(self, old: int, new: int) -> str:
        return self.url + self.reverse_subpage("compare", args=[old, new])

    # --- routes -------------------------------------------------------------------
    @path("")
    def current(self, request):
        from privacy.selectors import policy_table, policy_version_in_force

        version = policy_version_in_force(policy_key=self.translation_key)
        text = version.text_for(self.locale) if version else None
        return TemplateResponse(
            request,
            "privacy/policy_page.html",
            {
                "page": self,
                "version_text": text,
                "table": policy_table(kind=self.kind),
                "versions": self.version_texts(),
                "live_table": True,
            },
        )

    @path("versions/")
    def version_list(self, request):
        return redirect(self.url + "#versions")

    @path("versions/compare/", name="compare_choose")
    def compare_choose(self, request):
        """The form "compare version … with version …" posts here (GET, no JavaScript)."""
        try:
            old, new = int(request.GET.get("old", "")), int(request.GET.get("new", ""))
        except ValueError as error:
            raise Http404 from error
        if old == new:  # nothing to compare: the version itself
            return redirect(self.reverse_version(old))
        return redirect(self.reverse_compare(min(old, new), max(old, new)))

    @path("versions/<int:number>/", name="version")
    def version(self, request, number: int):
        version = self.versions().filter(number=number).first()
        if version is None:
            raise Http404
        return TemplateResponse(
            request,
            "privacy/policy_version.html",
            {
                "page": self,
                "version_text": version.text_for(self.locale),
                "table": version.text_for(self.locale).table_snapshot,
                "versions": self.version_texts(),
            },
        )

    @path("versions/<int:old>/compare/<int:new>/", name="compare")
    def compare(self, request, old: int, new: int):
        from privacy.diff import diff_versions

        found = {v.number: v for v in self.versions().filter(number__in=[old, new])}
        if old == new or old not in found or new not in found:
            raise Http404
        old_text, new_text = found[old].text_for(self.locale), found[new].text_for(self.locale)
        return TemplateResponse(
            request,
            "privacy/policy_compare.html",
            {
                "page": self,
                "old": old_text,
                "new": new_text,
                "blocks": diff_versions(old_text, new_text),
                "versions": self.version_texts(),
            },
        )

    def serve_preview(self, request, mode_name):
        """The admin preview shows the text being prepared for the next version."""
        from privacy.selectors import policy_table

        return TemplateResponse(
            request,
            "privacy/policy_page.html",
            {
                "page": self,
                "version_text": None,
                "preview": True,
                "table": policy_table(kind=self.kind),
                "versions": self.version_texts(),
                "live_table": True,
            },
        )


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
        page = (
            PolicyPage.objects.filter(translation_key=self.version.policy_key, locale=self.locale)
            .live()
            .first()
        )
        return page.reverse_version(self.version.number) if page else None
