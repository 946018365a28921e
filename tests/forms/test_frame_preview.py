"""The form page's frame (forms.frame) is shared by every visitor: an editor's preview
of a draft must never put the draft's questions or purpose into it."""

from __future__ import annotations

from django.utils.html import escape

from forms.kinds import FormKind

from .conftest import form_page

DRAFT_LABEL = "Draft question nobody published"


def test_preview_of_a_draft_does_not_reach_the_public_form(client, db):
    page = form_page(FormKind.CONTACT)
    published_label = page.form_fields.order_by("sort_order").first().label

    draft = page.get_latest_revision_as_object()
    fields = list(draft.form_fields.all())
    fields[0].label = DRAFT_LABEL
    draft.form_fields = fields
    preview = draft.make_preview_request()
    assert DRAFT_LABEL in preview.render().content.decode()

    public = client.get(page.url).content.decode()
    assert DRAFT_LABEL not in public
    assert escape(published_label) in public


def test_public_visit_first_then_preview_shows_the_draft(client, db):
    page = form_page(FormKind.CONTACT)
    client.get(page.url)  # the frame is now built from the live page

    draft = page.get_latest_revision_as_object()
    fields = list(draft.form_fields.all())
    fields[0].label = DRAFT_LABEL
    draft.form_fields = fields
    preview = draft.make_preview_request()
    assert DRAFT_LABEL in preview.render().content.decode()
