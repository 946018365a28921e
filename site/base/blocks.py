"""The body of the site's pages: a StreamField of headings, rich text, images,
calls to action, videos and the newsletter sign-up, shared by the content pages
and the policy pages (templates in base/blocks/)."""

import re

from django.core.exceptions import ValidationError
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from wagtail import blocks, hooks
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Page

from .richtext import RICH_TEXT_FEATURES


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Text"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Heading 2")), ("h3", _("Heading 3"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "base/blocks/heading.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        required=False,
        help_text=_("Describe the image for people who cannot see it. Empty if decorative."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "base/blocks/image.html"


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=200)
    text = blocks.TextBlock(label=_("Text"), required=False)
    page = blocks.PageChooserBlock(label=_("Page"))
    button_label = blocks.CharBlock(label=_("Button label"), max_length=80)

    class Meta:
        icon = "pick"
        label = _("Call to action")
        template = "base/blocks/call_to_action.html"

    def get_context(self, value, parent_context=None):
        """``target``: the chosen page in the language of the page showing the block
        when it has a live translation there (found for every block of the body at
        once, see BodyBlock.render_basic), else the chosen page; outside a page, its
        translation in the active language (Wagtail's ``localized``)."""
        context = super().get_context(value, parent_context)
        parent_context = parent_context or {}
        target = value.get("page")
        page = parent_context.get("page")
        translations = parent_context.get(_CTA_TRANSLATIONS)
        if target is None or getattr(page, "locale_id", None) == target.locale_id:
            pass
        elif translations is not None:
            target = translations.get(target.translation_key, target)
        else:
            target = target.localized
        context["target"] = target
        return context


# Context key of the chosen pages' translations into the page's language.
_CTA_TRANSLATIONS = "_call_to_action_translations"


YOUTUBE_ID = re.compile(
    r"^https://(?:www\.)?(?:youtube\.com/watch\?v=|youtu\.be/|youtube\.com/embed/)"
    r"(?P<id>[A-Za-z0-9_-]{11})"
)


class VideoBlock(blocks.StructBlock):
    """A YouTube video, played from youtube-nocookie.com, and only once the visitor
    accepts functional cookies: until then, a placeholder that loads nothing."""

    url = blocks.URLBlock(
        label=_("YouTube address"), help_text=_("e.g. https://www.youtube.com/watch?v=...")
    )
    title = blocks.CharBlock(label=_("Title"), max_length=200)

    class Meta:
        icon = "media"
        label = _("Video")
        template = "base/blocks/video.html"

    def clean(self, value):
        value = super().clean(value)
        if not YOUTUBE_ID.match(value.get("url", "")):
            raise blocks.StructBlockValidationError(
                block_errors={"url": ValidationError(_("Enter the address of a YouTube video."))}
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        match = YOUTUBE_ID.match(value.get("url", ""))
        context["video_id"] = match.group("id") if match else ""
        return context


# The extension point of the sign-up block: the app that runs the newsletter
# registers a function for this Wagtail hook (forms, in its wagtail_hooks.py).
NEWSLETTER_SIGNUP_HOOK = "render_newsletter_signup"


class NewsletterSignupBlock(blocks.StaticBlock):
    """The newsletter sign-up form (email, language, the consent wording of the
    newsletter purpose), where the editor places it.

    The form belongs to the app that runs the newsletter, which this layer does not
    know: each function registered for the hook ``render_newsletter_signup`` is
    called with the template context (a dict) and returns the HTML to show. With
    none registered, the block shows nothing."""

    class Meta:
        icon = "mail"
        label = _("Newsletter sign-up")
        admin_text = _("The newsletter sign-up form, with its consent wording.")

    def render_basic(self, value, context=None):
        context = dict(context or {})
        return format_html_join(
            "", "{}", ((render(context),) for render in hooks.get_hooks(NEWSLETTER_SIGNUP_HOOK))
        )


class BodyBlock(blocks.StreamBlock):
    def render_basic(self, value, context=None):
        """Each call to action links to its page in the language of the page showing it:
        one query for all the body's calls to action, instead of two each."""
        context = dict(context or {})
        locale_id = getattr(context.get("page"), "locale_id", None)
        keys = {
            child.value["page"].translation_key
            for child in value
            if child.block_type == "call_to_action"
            and child.value.get("page") is not None
            and child.value["page"].locale_id != locale_id
        }
        if locale_id is not None:
            context[_CTA_TRANSLATIONS] = (
                {
                    page.translation_key: page
                    for page in Page.objects.live().filter(
                        translation_key__in=keys, locale_id=locale_id
                    )
                }
                if keys
                else {}
            )
        return super().render_basic(value, context)

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Rich text"), features=RICH_TEXT_FEATURES, template="base/blocks/paragraph.html"
    )
    image = ImageBlock()
    call_to_action = CallToActionBlock()
    video = VideoBlock()
    newsletter_signup = NewsletterSignupBlock()
