"""StreamField blocks of pages' own page types: the menus (the body block, which the
policy pages share, is in the base layer: corpsite.base.blocks)."""

from django.utils.formats import number_format
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


# --- the specification table of a product page ----------------------------------------
#
# Each row is typed: the editor enters numbers and units are written by the site, in the
# visitor's language (1.8 m / 1,8 m; 7,000 mAh / 7 000 mAh), so that the same figure is
# never typed twice nor spelt differently in the two languages.

NBSP = "\u00a0"


def _number(value, decimals: int | None = None) -> str:
    return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


class SpecRowBlock(blocks.StructBlock):
    """A row of the specification table: a label (``row_label``) and a value written
    from the typed fields (``row_value``), rendered by pages/blocks/spec_row.html."""

    row_label = ""

    class Meta:
        template = "pages/blocks/spec_row.html"

    def row_value(self, value) -> str:
        raise NotImplementedError

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["label"] = self.row_label
        context["text"] = self.row_value(value)
        return context


class IngressSpecBlock(SpecRowBlock):
    rating = blocks.ChoiceBlock(
        label=_("Rating"),
        choices=[(code, code) for code in ("IP54", "IP65", "IP66", "IP67", "IP68", "IP69K")],
    )
    row_label = _("Ingress protection")

    class Meta:
        icon = "success"
        label = _("Ingress protection (IP rating)")

    def row_value(self, value) -> str:
        return value["rating"]


class DropSpecBlock(SpecRowBlock):
    height_m = blocks.DecimalBlock(label=_("Height (m)"), min_value=0, decimal_places=2)
    surface = blocks.CharBlock(label=_("Onto"), required=False, max_length=80)
    row_label = _("Drop height")

    class Meta:
        icon = "arrow-down"
        label = _("Drop height")

    def row_value(self, value) -> str:
        height = _number(value["height_m"]).rstrip("0").rstrip(",.") or "0"
        text = f"{height}{NBSP}m"
        if value.get("surface"):
            text = _("%(height)s onto %(surface)s") % {"height": text, "surface": value["surface"]}
        return text


class BatterySpecBlock(SpecRowBlock):
    capacity_mah = blocks.IntegerBlock(label=_("Capacity (mAh)"), min_value=0)
    hot_swappable = blocks.BooleanBlock(label=_("Hot-swappable"), required=False)
    row_label = _("Battery")

    class Meta:
        icon = "pick"
        label = _("Battery")

    def row_value(self, value) -> str:
        text = f"{_number(value['capacity_mah'])}{NBSP}mAh"
        if value.get("hot_swappable"):
            text = _("%(capacity)s, hot-swappable") % {"capacity": text}
        return text


class TemperatureSpecBlock(SpecRowBlock):
    minimum_c = blocks.IntegerBlock(label=_("Minimum (°C)"))
    maximum_c = blocks.IntegerBlock(label=_("Maximum (°C)"))
    row_label = _("Operating temperature")

    class Meta:
        icon = "warning"
        label = _("Operating temperature")

    def row_value(self, value) -> str:
        def celsius(number: int) -> str:
            sign = "\u2212" if number < 0 else "+" if number > 0 else ""
            return f"{sign}{_number(abs(number))}{NBSP}°C"

        return _("%(minimum)s to %(maximum)s") % {
            "minimum": celsius(value["minimum_c"]),
            "maximum": celsius(value["maximum_c"]),
        }


class DisplaySpecBlock(SpecRowBlock):
    size_in = blocks.DecimalBlock(label=_("Diagonal (inches)"), min_value=0, decimal_places=1)
    details = blocks.CharBlock(label=_("Details"), required=False, max_length=120)
    row_label = _("Display")

    class Meta:
        icon = "desktop"
        label = _("Display")

    def row_value(self, value) -> str:
        size = _number(value["size_in"], 1).removesuffix(",0").removesuffix(".0")
        text = _("%(size)s-inch") % {"size": size}
        return f"{text}, {value['details']}" if value.get("details") else text


class WeightSpecBlock(SpecRowBlock):
    grams = blocks.IntegerBlock(label=_("Weight (g)"), min_value=0)
    row_label = _("Weight")

    class Meta:
        icon = "form"
        label = _("Weight")

    def row_value(self, value) -> str:
        return f"{_number(value['grams'])}{NBSP}g"


class OtherSpecBlock(SpecRowBlock):
    """Any other characteristic, label and value written by the editor."""

    name = blocks.CharBlock(label=_("Characteristic"), max_length=80)
    text = blocks.CharBlock(label=_("Value"), max_length=200)

    class Meta:
        icon = "list-ul"
        label = _("Other characteristic")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["label"] = value["name"]
        return context

    def row_value(self, value) -> str:
        return value["text"]


class SpecificationBlock(blocks.StreamBlock):
    ingress = IngressSpecBlock()
    drop = DropSpecBlock()
    battery = BatterySpecBlock()
    temperature = TemperatureSpecBlock()
    display = DisplaySpecBlock()
    weight = WeightSpecBlock()
    other = OtherSpecBlock()


class ResellerBlock(blocks.StructBlock):
    """A place to buy the product: a distributor, a reseller, our own sales team."""

    name = blocks.CharBlock(label=_("Name"), max_length=120)
    area = blocks.CharBlock(label=_("Area served"), max_length=160)
    url = blocks.URLBlock(label=_("Website"), required=False)
    phone = blocks.CharBlock(label=_("Telephone"), required=False, max_length=40)

    class Meta:
        icon = "site"
        label = _("Where to buy")
        template = "pages/blocks/reseller.html"


class WhereToBuyBlock(blocks.StreamBlock):
    reseller = ResellerBlock()
