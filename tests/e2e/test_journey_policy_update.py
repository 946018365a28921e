"""Journey 5, in a real browser, in English and in French: a visitor makes a cookie
choice and reads the privacy policy; an editor then changes a sentence of the policy
in the Wagtail page editor (Draftail) and submits it; a moderator approves and
publishes it (editors publish pages through the moderation workflow); the editor,
from the page's "Publish a new version" action, publishes a material version; the
visitor, back in the same browser, is told that the policy changed, follows the
notice and reads the change highlighted (ins/del), in their language.

Editors and moderators see no personal data: they sign in with a password only
(corpsite.staff_auth.policy). The French text is changed as a translator would, in
wagtail-localize's editor, which this journey does not drive (a published edit)."""

import re

import pytest

from corpsite.staff_auth.policy import needs_second_factor
from privacy.models import PolicyPage, PolicyVersion
from tests.e2e.conftest import sign_in_to_admin
from tests.e2e.journeys import LANGUAGES, TEXTS, refuse_cookies, screenshot
from tests.factories import STAFF_PASSWORD, staff_user
from tests.privacy.conftest import replace_paragraph

# The sentence of the seeded policy that the editor changes, and how.
CHANGE = {
    "en": ("We answer within one month.", "one month", "fifteen days"),
    "fr": ("Nous répondons sous un mois.", "un mois", "quinze jours"),
}

SELECT_IN_EDITOR = """([sentence, words]) => {
  const editor = [...document.querySelectorAll("[contenteditable=true]")]
    .find(node => node.textContent.includes(sentence));
  const walker = document.createTreeWalker(editor, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const text = walker.currentNode;
    const at = text.data.indexOf(sentence);
    if (at === -1) continue;
    const start = at + sentence.indexOf(words);
    const range = document.createRange();
    range.setStart(text, start);
    range.setEnd(text, start + words.length);
    text.parentElement.scrollIntoView({block: "center", behavior: "instant"});
    const box = range.getBoundingClientRect();
    return {x: box.left, right: box.right, y: box.top + box.height / 2};
  }
  return null;
}"""


def select_with_the_mouse(page, sentence: str, words: str) -> None:
    """Select ``words`` of ``sentence`` in the rich text editor, as a person would:
    a click just after the last letter, then Shift+Left to the first."""
    page.wait_for_function(
        "sentence => [...document.querySelectorAll('[contenteditable=true]')]"
        ".some(node => node.textContent.includes(sentence))",
        arg=sentence,
    )
    assert page.evaluate(SELECT_IN_EDITOR, [sentence, words]), sentence
    box = page.evaluate(SELECT_IN_EDITOR, [sentence, words])  # once scrolled to it
    page.mouse.click(box["right"], box["y"])
    for _ in words:
        page.keyboard.press("Shift+ArrowLeft")
    assert page.evaluate("window.getSelection().toString()") == words


def only_the_live_server(live_server, third_party_requests):
    def route(route):
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            third_party_requests.append(route.request.url)
            route.fulfill(status=204, body="")

    return route


@pytest.mark.parametrize("language", LANGUAGES)
def test_editor_publishes_a_material_version_and_the_visitor_sees_the_change(
    browser_page, chromium, live_server, third_party_requests, language
):
    page = browser_page
    texts = TEXTS[language]
    sentence, old_words, new_words = CHANGE[language]
    policy = PolicyPage.objects.get(kind="privacy", locale__language_code=language)
    source = PolicyPage.objects.get(kind="privacy", locale__language_code="en")
    versions_before = set(
        PolicyVersion.objects.filter(policy_key=policy.translation_key).values_list(
            "number", flat=True
        )
    )

    # The visitor, under the version in force: a cookie choice, then the policy read
    # from the footer.
    page.goto(f"/{language}/")
    refuse_cookies(page, language)
    page.get_by_role("contentinfo").get_by_role(
        "link", name=texts["privacy_policy"], exact=True
    ).click()
    page.get_by_role("main").get_by_text(sentence).wait_for()
    page.goto(f"/{language}/")
    assert page.get_by_role("region", name=texts["policy_update"]).is_hidden()

    # The editor, in another browser: changes the sentence, publishes the page, then
    # publishes a material version. Editors see no personal data: a password only.
    editor_context = chromium.new_context(base_url=live_server.url, locale="en-GB")
    editor_context.route("**/*", only_the_live_server(live_server, third_party_requests))
    editor_page = editor_context.new_page()
    editor_page.set_default_timeout(10_000)
    assert not needs_second_factor(staff_user("editor"))
    sign_in_to_admin(editor_page, "editor", STAFF_PASSWORD)
    editor_page.goto(f"/admin/pages/{source.pk}/edit/")
    en_sentence, en_old, en_new = CHANGE["en"]
    select_with_the_mouse(editor_page, en_sentence, en_old)
    editor_page.keyboard.type(en_new)
    # Draftail keeps the form's field in step a moment after the last key.
    editor_page.wait_for_function(
        "words => [...document.querySelectorAll('input[type=hidden]')]"
        ".some(input => input.value.includes(words))",
        arg=en_new,
    )
    editor_page.get_by_role("button", name="More actions").click()
    editor_page.get_by_role("button", name="Submit to Moderators approval").click()
    editor_page.get_by_text("has been submitted for moderation").wait_for()

    # A moderator approves the text (pages go live through the workflow).
    staff_user("moderator")
    moderator_context = chromium.new_context(base_url=live_server.url, locale="en-GB")
    moderator_context.route("**/*", only_the_live_server(live_server, third_party_requests))
    moderator_page = moderator_context.new_page()
    moderator_page.set_default_timeout(10_000)
    sign_in_to_admin(moderator_page, "moderator", STAFF_PASSWORD)
    moderator_page.goto(f"/admin/pages/{source.pk}/edit/")
    moderator_page.get_by_role("button", name="More actions").click()
    moderator_page.get_by_role("button", name="Approve and Publish", exact=True).click()
    moderator_page.get_by_text("has been updated").wait_for()
    moderator_context.close()
    source.refresh_from_db()
    assert en_sentence.replace(en_old, en_new) in str(source.body)
    if language != "en":
        # The translator's change, made in wagtail-localize's own editor (not this
        # journey's subject): the translation is published with it.
        replace_paragraph(policy, sentence, sentence.replace(old_words, new_words))

    editor_page.goto(f"/admin/pages/{source.pk}/edit/")
    editor_page.get_by_role("button", name="Actions", exact=True).click()
    editor_page.get_by_role("link", name="Publish a new version").click()
    editor_page.get_by_label("Material: announced to returning visitors").check()
    editor_page.get_by_role("button", name=re.compile(r"^Publish version \d+$")).click()
    editor_page.get_by_text(re.compile(r"Version \d+ of .* is published\.")).wait_for()
    [new] = PolicyVersion.objects.filter(policy_key=policy.translation_key).exclude(
        number__in=versions_before
    )
    assert new.is_material and new.published_by.username == "editor"
    assert new_words in new.text_for(policy.locale).body_html
    screenshot(editor_page, f"journey-policy-update-admin-{language}")
    editor_context.close()

    # The visitor comes back: the notice, in their language, and the diff.
    page.goto(f"/{language}/")
    notice = page.get_by_role("region", name=texts["policy_update"])
    notice.wait_for()
    assert texts["policy_changed"] in notice.inner_text()
    notice.get_by_role("link", name=texts["see_changes"]).click()
    page.wait_for_url(f"**/compare/{new.number}/")
    diff = page.get_by_role("main")
    assert diff.locator("ins").filter(has_text=new_words).count() == 1
    assert diff.locator("del").filter(has_text=old_words).count() == 1
    assert page.evaluate("document.documentElement.lang") == language

    screenshot(page, f"journey-policy-update-{language}")
    page.wait_for_load_state("networkidle")
    assert third_party_requests == []
