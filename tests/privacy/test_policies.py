"""Versioned policies: frozen versions, diffs, the version in force, the notice."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from privacy.models import PolicyVersion
from privacy.selectors import policy_in_force, policy_notice_state
from privacy.services import policy_version_publish
from tests.privacy.conftest import publish_version, replace_paragraph

pytestmark = pytest.mark.django_db

OLD_EN = "We answer within one month."
NEW_EN = "We answer within fifteen days."
OLD_FR = "Nous répondons sous un mois."
NEW_FR = "Nous répondons sous quinze jours."


def stream(html: str) -> str:
    """The frozen text and table of a policy page, without the list of versions."""
    main = html.split('<div class="stream">', 1)[1]
    return main.split('<section class="policy-versions"', 1)[0]


def test_seed_published_two_versions_in_both_languages(client):
    en = client.get("/en/privacy/")
    fr = client.get("/fr/confidentialite/")
    assert "Version 2, in force since" in en.content.decode()
    assert "Version 2, en vigueur depuis le" in fr.content.decode()
    assert OLD_EN in en.content.decode()
    assert OLD_FR in fr.content.decode()


def test_publishing_version_2_keeps_version_1_unchanged_in_both_languages(
    client, privacy_en, privacy_fr
):
    v2_en = stream(client.get("/en/privacy/versions/2/").content.decode())
    v2_fr = stream(client.get("/fr/confidentialite/versions/2/").content.decode())

    replace_paragraph(privacy_en, OLD_EN, NEW_EN)
    replace_paragraph(privacy_fr, OLD_FR, NEW_FR)
    version = publish_version(privacy_en, material=True)

    assert version.number == 3
    assert stream(client.get("/en/privacy/versions/2/").content.decode()) == v2_en
    assert stream(client.get("/fr/confidentialite/versions/2/").content.decode()) == v2_fr
    assert NEW_EN in client.get("/en/privacy/versions/3/").content.decode()
    assert NEW_FR in client.get("/fr/confidentialite/versions/3/").content.decode()
    current = client.get("/fr/confidentialite/").content.decode()
    assert NEW_FR in current and "Version 3, en vigueur depuis le" in current
    assert set(version.texts.values_list("locale__language_code", flat=True)) == {"en", "fr"}


def test_ordinary_edit_and_publish_does_not_bump_the_version(client, privacy_en):
    replace_paragraph(privacy_en, OLD_EN, NEW_EN)
    assert PolicyVersion.objects.filter(policy_key=privacy_en.translation_key).count() == 2
    html = client.get("/en/privacy/").content.decode()
    # Visitors keep reading version 2 until an editor publishes a version.
    assert "Version 2, in force since" in html
    assert OLD_EN in html and NEW_EN not in html


def test_a_non_material_version_bumps_the_number_without_a_notice(privacy_en):
    replace_paragraph(privacy_en, OLD_EN, NEW_EN)
    publish_version(privacy_en, material=False)
    state = {s["kind"]: s for s in policy_notice_state(language="en")}
    # Version 3 is in force; the latest material one is still the seed's version 2.
    assert (state["privacy"]["current"], state["privacy"]["material"]) == (3, 2)


def test_diff_shows_what_changed_in_both_languages(client, privacy_en, privacy_fr):
    replace_paragraph(privacy_en, OLD_EN, NEW_EN)
    replace_paragraph(privacy_fr, OLD_FR, NEW_FR)
    publish_version(privacy_en, material=True)

    html = client.get("/en/privacy/versions/2/compare/3/").content.decode()
    assert "<del>one month.</del><ins>fifteen days.</ins>" in html
    assert 'class="diff__replace"' in html
    assert 'href="/en/privacy/versions/2/"' in html
    html_fr = client.get("/fr/confidentialite/versions/2/compare/3/").content.decode()
    assert "<del>un mois.</del>" in html_fr and "<ins>quinze jours.</ins>" in html_fr
    # The table's lines follow French typography: a no-break space before the colon.
    assert "Recrutement : " in html_fr and "Recrutement: " not in html_fr
    assert "Recruitment: " in html


def test_visitors_choose_any_two_versions_to_compare(client, privacy_en, privacy_fr):
    replace_paragraph(privacy_en, OLD_EN, NEW_EN)
    publish_version(privacy_en, material=False)
    publish_version(privacy_en, material=False)
    html = client.get("/fr/confidentialite/").content.decode()
    assert 'action="/fr/confidentialite/versions/compare/"' in html
    assert "Comparer la version" in html
    response = client.get("/fr/confidentialite/versions/compare/", {"old": "4", "new": "1"})
    assert response.status_code == 302
    assert response["Location"] == "/fr/confidentialite/versions/1/compare/4/"
    assert client.get(response["Location"]).status_code == 200
    assert client.get("/en/privacy/versions/compare/", {"old": "x"}).status_code == 404
    same = client.get("/en/privacy/versions/compare/", {"old": 2, "new": 2})
    assert same["Location"] == "/en/privacy/versions/2/"


def test_a_version_page_links_to_the_same_version_in_the_other_language(client):
    from tests.pages.test_i18n import hreflangs

    html = client.get("/en/privacy/versions/1/").content.decode()
    assert hreflangs(html)["fr"].endswith("/fr/confidentialite/versions/1/")
    assert 'href="/language/fr/?next=%2Ffr%2Fconfidentialite%2Fversions%2F1%2F"' in html


def test_diff_escapes_html_from_the_text(client, privacy_en):
    replace_paragraph(privacy_en, OLD_EN, "We answer &lt;script&gt;alert(1)&lt;/script&gt;.")
    publish_version(privacy_en, material=False)
    html = client.get("/en/privacy/versions/2/compare/3/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize(
    "url",
    [
        "/en/privacy/versions/9/",
        "/en/privacy/versions/1/compare/1/",
        "/en/privacy/versions/1/compare/7/",
        "/fr/confidentialite/versions/0/",
    ],
)
def test_unknown_versions_are_404(client, url):
    assert client.get(url).status_code == 404


def test_versions_url_lists_the_versions(client):
    response = client.get("/en/privacy/versions/")
    assert response.status_code == 302
    assert response["Location"] == "/en/privacy/#versions"


def test_policy_in_force_at_a_moment_and_in_a_language(privacy_en):
    before = timezone.now()
    replace_paragraph(privacy_en, OLD_EN, NEW_EN)
    publish_version(privacy_en, material=True)
    assert policy_in_force(kind="privacy", language="en").number == 3
    assert policy_in_force(kind="privacy", language="en", at=before).number == 2
    fr = policy_in_force(kind="privacy", language="fr")
    assert fr.locale.language_code == "fr" and fr.url == "/fr/confidentialite/versions/3/"
    # A language without a translation reads the default language's text.
    assert policy_in_force(kind="privacy", language="de").locale.language_code == "en"


def test_a_version_announced_for_later_is_not_in_force_yet(client, privacy_en):
    replace_paragraph(privacy_en, OLD_EN, NEW_EN)
    later = timezone.localdate() + timedelta(days=30)
    policy_version_publish(page=privacy_en, effective_date=later, is_material=True)
    assert policy_in_force(kind="privacy").number == 2
    in_a_month = timezone.now() + timedelta(days=31)
    assert policy_in_force(kind="privacy", at=in_a_month).number == 3
    assert "Version 2, in force since" in client.get("/en/privacy/").content.decode()


def test_a_version_cannot_take_effect_in_the_past(privacy_en):
    with pytest.raises(ValidationError):
        policy_version_publish(
            page=privacy_en,
            effective_date=timezone.localdate() - timedelta(days=1),
            is_material=True,
        )
    assert PolicyVersion.objects.filter(policy_key=privacy_en.translation_key).count() == 2


def test_versions_survive_the_deletion_of_the_page(privacy_en):
    key = privacy_en.translation_key
    privacy_en.get_translations().delete()
    privacy_en.delete()
    assert PolicyVersion.objects.filter(policy_key=key).count() == 2


def test_notice_state_names_the_latest_material_version(client, privacy_en):
    assert 'data-policy-notice="cookies"' not in client.get("/en/").content.decode()
    replace_paragraph(privacy_en, OLD_EN, NEW_EN)
    publish_version(privacy_en, material=True)
    replace_paragraph(privacy_en, NEW_EN, "We answer within ten days.")
    publish_version(privacy_en, material=False)
    html = client.get("/fr/").content.decode()
    assert re.search(
        r'data-policy-notice="privacy" data-current="4" data-material="3" '
        r'data-versions-url="/fr/confidentialite/versions/"',
        html,
    )
    # The HTML is the same for every visitor: the browser decides to show it.
    assert 'class="policy-notice" role="region"' in html and "hidden" in html


def test_policy_page_marks_the_version_read(client):
    html = client.get("/en/privacy/").content.decode()
    assert 'data-policy-read="privacy:2"' in html


# --- the seed's history: version 1, then a material version 2 -------------------------


def test_the_seed_has_two_published_versions_the_second_material_and_in_force(privacy_en):
    v1, v2 = PolicyVersion.objects.filter(policy_key=privacy_en.translation_key).order_by("number")
    assert (v1.number, v1.is_material, v2.number, v2.is_material) == (1, False, 2, True)
    assert v1.effective_date < v2.effective_date == timezone.localdate()
    assert v1.published_at < v2.published_at
    for version in (v1, v2):
        assert set(version.texts.values_list("locale__language_code", flat=True)) == {"en", "fr"}
    assert policy_in_force(kind="privacy").number == 2
    assert policy_in_force(kind="privacy", at=v2.published_at - timedelta(days=1)).number == 1


@pytest.mark.parametrize(
    ("language", "home", "compare", "retention", "section"),
    [
        (
            "en",
            "/en/",
            "/en/privacy/versions/1/compare/2/",
            "<del>5</del><ins>3</ins> years from the last contact",
            "How long we keep your data",
        ),
        (
            "fr",
            "/fr/",
            "/fr/confidentialite/versions/1/compare/2/",
            "<del>5</del><ins>3</ins> ans à compter du dernier contact",
            "Combien de temps nous gardons vos données",
        ),
    ],
)
def test_a_visitor_who_read_version_1_is_told_and_shown_what_changed(
    client, language, home, compare, retention, section
):
    """What the browser needs to show the notice to a visitor who read version 1 (or
    consented under it): every page carries the notice of the privacy policy, naming
    version 2 as the latest material one (site.js shows it when the version this
    browser last read is older), and the comparison it links to shows the changes."""
    reading = client.get(compare.split("compare")[0]).content.decode()
    assert 'data-policy-read="privacy:1"' in reading  # what site.js remembers
    html = client.get(home).content.decode()
    versions_url = compare.split("1/compare")[0]
    assert re.search(
        r'data-policy-notice="privacy" data-current="2" data-material="2" '
        rf'data-versions-url="{re.escape(versions_url)}"',
        html,
    )
    diff = client.get(compare)
    assert diff.status_code == 200
    text = diff.content.decode()
    assert retention in text  # the prospects' retention, shortened
    assert '<li class="diff__insert"><span class="visually-hidden">' in text
    assert re.search(rf"<ins>{re.escape(section)}</ins>", text)  # the new section
