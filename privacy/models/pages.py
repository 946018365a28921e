"""The policy page: where editors write and translate a policy, and where visitors
read its versions (``privacy.models.policies``). A page serves views: it reads the
versions and the policy's table through ``privacy.selectors``, which import the
records below it, never this module."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page

from corpsite.base.blocks import BodyBlock
from corpsite.base.models import SitePage
from privacy.diff import diff_versions
from privacy.frame import policy_page_view_get
from privacy.selectors import policy_table

from .policies import PolicyKind, PolicyVersion


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
    default_description = _(
        "How Tevenn Devices handles personal data and cookies: purposes, legal bases, "
        "recipients and how long data is kept."
    )

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
        """This language's text of every version (the default language's where
        untranslated): two queries whatever the number of versions."""
        return [
            version.text_for(self.locale) for version in self.versions().prefetch_related("texts")
        ]

    def reverse_version(self, number: int) -> str:
        return self.url + self.reverse_subpage("version", args=[number])

    def reverse_compare(self, old: int, new: int) -> str:
        return self.url + self.reverse_subpage("compare", args=[old, new])

    # --- routes -------------------------------------------------------------------
    @path("")
    def current(self, request):
        # From the frame's cache (privacy.frame): no query per version.
        view = policy_page_view_get(page=self, language=translation.get_language())
        return TemplateResponse(
            request,
            "privacy/policy_page.html",
            {
                "page": self,
                "version_text": view.current,
                "table": view.table,
                "versions": view.versions,
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
