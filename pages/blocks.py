"""StreamField blocks of pages' own page types: the menus (the body block, which the
policy pages share, is in the base layer: corpsite.base.blocks)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class PageLinkBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(label=_("Page"))
    label = blocks.CharBlock(
        label=_("Label"), required=False, help_text=_("Leave empty to use the page title.")
    )

    class Meta:
        icon = "doc-empty"
        label = _("Link to a page")


class ExternalLinkBlock(blocks.StructBlock):
    url = blocks.URLBlock(label=_("URL"))
    label = blocks.CharBlock(label=_("Label"))

    class Meta:
        icon = "link"
        label = _("Link to a URL")


class SiteLinkBlock(blocks.StructBlock):
    """A link to one of the site's own screens that is not a page."""

    target = blocks.ChoiceBlock(
        label=_("Screen"), choices=[("cookie_preferences", _("Cookie settings"))]
    )
    label = blocks.CharBlock(label=_("Label"))

    class Meta:
        icon = "cog"
        label = _("Link to a site screen")


class MenuBlock(blocks.StreamBlock):
    page = PageLinkBlock()
    url = ExternalLinkBlock()
    site = SiteLinkBlock()
