from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet

from corpsite.base.blocks import NEWSLETTER_SIGNUP_HOOK

from .newsletter.models import NewsletterIssue
from .newsletter.selectors import EXPORT_PERMISSION
from .newsletter.viewsets import NewsletterMenu, SubscriberViewSet
from .templatetags.newsletter_tags import newsletter_signup
from .viewsets import SubmissionViewSet


@hooks.register("register_admin_viewset")
def register_submission_viewset():
    return SubmissionViewSet()


@hooks.register("register_log_actions")
def register_form_log_actions(actions):
    actions.register_action("forms.view_submission", _("View submission"), _("Submission viewed"))
    actions.register_action(
        "forms.download_file", _("Download file"), _("Uploaded file downloaded")
    )
    actions.register_action(
        "forms.export_submissions", _("Export submissions"), _("Submission exported")
    )
    actions.register_action("forms.close_case", _("Close case"), _("Case closed"))
    actions.register_action("forms.reopen_case", _("Reopen case"), _("Case reopened"))
    actions.register_action(
        "forms.view_subscriber", _("View subscriber"), _("Newsletter subscriber viewed")
    )
    actions.register_action(
        "forms.export_subscribers", _("Export subscribers"), _("Newsletter subscriber exported")
    )


register_snippet(NewsletterMenu)


@hooks.register("register_admin_viewset")
def register_subscriber_viewset():
    return SubscriberViewSet()


@hooks.register("register_snippet_listing_buttons")
def newsletter_send_button(snippet, user, next_url=None):
    if isinstance(snippet, NewsletterIssue) and user.has_perm(EXPORT_PERMISSION):
        yield Button(
            _("Send"),
            reverse("newsletter_subscribers:send", args=[snippet.pk]),
            icon_name="mail",
            priority=5,
        )


@hooks.register(NEWSLETTER_SIGNUP_HOOK)
def render_newsletter_signup(context: dict) -> str:
    """The sign-up form in a page's body (corpsite.base.blocks.NewsletterSignupBlock)."""
    return render_to_string(
        "forms/newsletter/footer_signup.html", newsletter_signup(context, "block")
    )
