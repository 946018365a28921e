"""The body block of the base layer: the newsletter sign-up renders through its hook,
so that this layer (and pages, privacy) know nothing of the app that runs the
newsletter."""

import pytest
from django.utils.html import format_html
from wagtail import hooks

from corpsite.base.blocks import NEWSLETTER_SIGNUP_HOOK, BodyBlock, NewsletterSignupBlock


@pytest.fixture
def only_hook(monkeypatch):
    """Make `render` the one function registered for the sign-up hook."""

    def install(render) -> None:
        hooks.get_hooks(NEWSLETTER_SIGNUP_HOOK)  # the apps' hooks are loaded first
        monkeypatch.setitem(hooks._hooks, NEWSLETTER_SIGNUP_HOOK, [(render, 0)])

    return install


def test_the_sign_up_block_renders_what_the_hook_returns_with_the_context(only_hook):
    seen = []

    def render(context):
        seen.append(context)
        return format_html('<form lang="{}"></form>', context["LANGUAGE_CODE"])

    only_hook(render)
    html = NewsletterSignupBlock().render(None, context={"LANGUAGE_CODE": "fr"})
    assert html == '<form lang="fr"></form>'
    assert seen == [{"LANGUAGE_CODE": "fr"}]


def test_the_sign_up_block_in_a_body_escapes_plain_text_from_a_hook(only_hook):
    only_hook(lambda context: "<script>alert(1)</script>")
    body = BodyBlock().to_python([{"type": "newsletter_signup", "value": None}])
    html = body[0].render(context={})
    assert html == "&lt;script&gt;alert(1)&lt;/script&gt;"


def test_without_a_hook_the_sign_up_block_shows_nothing(monkeypatch):
    hooks.get_hooks(NEWSLETTER_SIGNUP_HOOK)
    monkeypatch.setitem(hooks._hooks, NEWSLETTER_SIGNUP_HOOK, [])
    assert NewsletterSignupBlock().render(None, context={"LANGUAGE_CODE": "en"}) == ""
