"""What forms plugs into the layers below it through Wagtail hooks."""

import pytest
from django.test import RequestFactory
from django.utils import translation
from wagtail import hooks

from corpsite.base.blocks import NEWSLETTER_SIGNUP_HOOK, NewsletterSignupBlock
from forms.wagtail_hooks import render_newsletter_signup


def test_forms_renders_the_sign_up_block_of_the_base_layer():
    assert hooks.get_hooks(NEWSLETTER_SIGNUP_HOOK) == [render_newsletter_signup]


@pytest.mark.django_db
def test_the_sign_up_block_shows_the_newsletter_form_of_the_page_language():
    request = RequestFactory().get("/fr/")
    with translation.override("fr"):
        html = NewsletterSignupBlock().render(
            None, context={"request": request, "LANGUAGE_CODE": "fr"}
        )
    assert 'id="block-newsletter-email"' in html
    assert 'action="/fr/lettre-information/inscription/"' in html
    assert "accepte de recevoir la lettre" in html
    assert '<option value="fr" lang="fr" selected>' in html
