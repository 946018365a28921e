"""The cookie preference centre, server side: the banner's actions with and without
JavaScript, the proof of each choice, GPC, expiry and re-asking."""

import re
from datetime import timedelta

import pytest
from cookie_consent.cache import all_cookie_groups
from django.test import Client
from django.utils import timezone

from privacy.cookies import consent_state, cookie_group_save
from privacy.models import (
    CookieConsentRecord,
    CookieDeclaration,
    CookieGroupDeclaration,
    PolicyPage,
)
from privacy.services import policy_version_publish
from tests.html_forms import form_values, ticked_boxes

pytestmark = pytest.mark.django_db

OPTIONAL = {"analytics", "functional", "marketing", "social"}
SAVE_URL = {"en": "/en/cookie-settings/save/", "fr": "/fr/parametres-cookies/enregistrer/"}


def consent_cookie(response) -> dict[str, str]:
    raw = response.cookies["cookie_consent"].value
    return dict(pair.split("=", 1) for pair in raw.split("|"))


def choose(client, action, groups=(), language="en", next_url="/en/products/", **headers):
    data = {"action": action, "groups": list(groups), "next": next_url}
    return client.post(SAVE_URL[language], data, **headers)


def test_banner_in_every_page_with_three_equal_choices_and_nothing_ticked(client):
    for url, title in (("/en/", "Your choice about cookies"), ("/fr/carrieres/", "Votre choix")):
        html = client.get(url).content.decode()
        assert title in html
        banner = html.split("data-consent-banner>", 1)[1].split("</section>", 1)[0]
        accept = re.search(r'<button[^>]*value="accept_all"[^>]*>', banner).group(0)
        refuse = re.search(r'<button[^>]*value="refuse_all"[^>]*>', banner).group(0)
        choose_control = re.search(r"<summary[^>]*>", banner).group(0)
        classes = {
            re.search(r'class="([^"]+)"', tag).group(1) for tag in (accept, refuse, choose_control)
        }
        assert classes == {"cookie-button"}  # same size, same style
        assert ticked_boxes(banner) == []
        assert 'value="close"' in banner  # closing is a refusal, not a way round


def test_page_html_does_not_depend_on_the_choice(client):
    first_visit = client.get("/en/about-us/")
    assert not first_visit.cookies  # nothing set, not even a CSRF cookie
    choose(client, "accept_all")
    after = client.get("/en/about-us/")
    other_visitor = Client().get("/en/about-us/")
    # The same bytes for everyone, whatever they chose: a shared cache can keep them.
    assert first_visit.content == after.content == other_visitor.content


def test_consent_mode_defaults_load_before_any_other_script(client):
    html = client.get("/en/").content.decode()
    scripts = re.findall(r"<script[^>]*>", html)
    assert "consent-mode.js" in scripts[0]
    assert 'type="text/plain" data-consent-group="analytics"' in html  # inert until accepted


@pytest.mark.parametrize("language", ["en", "fr"])
def test_accept_all_without_javascript(client, language):
    response = choose(client, "accept_all", language=language, REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 302 and response["Location"] == "/en/products/"
    stored = consent_cookie(response)
    groups = all_cookie_groups()
    for varname in OPTIONAL:
        assert stored[varname] == groups[varname].get_version()
    record = CookieConsentRecord.objects.get()
    assert stored["_id"] == str(record.consent_id)
    assert record.action == "accept_all"
    assert record.decisions == dict.fromkeys(OPTIONAL, True)
    assert record.language == language
    assert record.ip_prefix == "203.0.113.0/24"
    assert "203.0.113.9" not in str(CookieConsentRecord.objects.values().get())
    assert re.fullmatch(r"[0-9a-f]{64}", record.banner_hash)
    assert record.cookie_policy_version.kind == "cookies"
    assert stored["_v"] == str(record.cookie_policy_version.number)
    assert "analytics:" in record.declaration_version
    assert response.cookies["cookie_consent"]["max-age"] == 182 * 24 * 3600


def test_refuse_all_deletes_the_cookies_of_refused_groups(client):
    client.cookies["_ga"] = "GA1.1.123"
    client.cookies["_ga_K7Q2XW"] = "GS1.1.99"  # declared as the family "_ga_*"
    client.cookies["_gat_other"] = "1"  # not of the family
    response = choose(client, "refuse_all")
    stored = consent_cookie(response)
    assert {stored[v] for v in OPTIONAL} == {"-1"}
    assert response.cookies["_ga"]["max-age"] == 0
    assert response.cookies["_ga_K7Q2XW"]["max-age"] == 0
    assert "_gat_other" not in response.cookies
    assert CookieConsentRecord.objects.get().decisions == dict.fromkeys(OPTIONAL, False)


def test_choose_group_by_group(client):
    response = choose(client, "choose", groups=["functional"])
    stored = consent_cookie(response)
    assert stored["functional"] != "-1"
    assert {stored[v] for v in OPTIONAL - {"functional"}} == {"-1"}
    record = CookieConsentRecord.objects.get()
    assert record.action == "choose" and record.decisions["functional"] is True


def test_closing_the_banner_is_a_refusal(client):
    choose(client, "close")
    record = CookieConsentRecord.objects.get()
    assert record.action == "close" and not any(record.decisions.values())


def test_javascript_flow_gets_json_and_the_cookie(client):
    response = choose(client, "accept_all", HTTP_X_REQUESTED_WITH="fetch")
    assert response.status_code == 200
    data = response.json()
    assert data["consentId"] == str(CookieConsentRecord.objects.get().consent_id)
    assert data["decisions"] == dict.fromkeys(OPTIONAL, True)
    assert "cookie_consent" in response.cookies


def test_each_choice_is_a_new_record_with_the_same_consent_id(client):
    choose(client, "accept_all")
    choose(client, "refuse_all")
    records = list(CookieConsentRecord.objects.order_by("created_at"))
    assert len(records) == 2 and records[0].consent_id == records[1].consent_id
    assert [r.action for r in records] == ["accept_all", "refuse_all"]


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example", "javascript:x"])
def test_no_open_redirect(client, target):
    response = choose(client, "refuse_all", next_url=target)
    assert response["Location"] == "/en/cookie-settings/"


def test_bad_requests(client):
    assert client.post(SAVE_URL["en"], {"action": "nonsense"}).status_code == 400
    assert client.get(SAVE_URL["en"]).status_code == 405
    # No token on cached pages: the origin is checked instead.
    strict = Client(enforce_csrf_checks=True)
    for headers in ({"Sec-Fetch-Site": "cross-site"}, {"Origin": "https://evil.example"}):
        response = strict.post(SAVE_URL["en"], {"action": "accept_all"}, headers=headers)
        assert response.status_code == 403
    assert CookieConsentRecord.objects.count() == 0
    same = strict.post(
        SAVE_URL["en"], {"action": "refuse_all"}, headers={"Sec-Fetch-Site": "same-origin"}
    )
    assert same.status_code == 302 and CookieConsentRecord.objects.count() == 1


def test_preference_centre_shows_and_changes_the_choice(client):
    choose(client, "accept_all")
    html = client.get("/fr/parametres-cookies/").content.decode()
    record = CookieConsentRecord.objects.get()
    assert str(record.consent_id) in html
    assert "Votre choix a été fait le" in html
    assert set(ticked_boxes(html)) == {"groups"}  # the visitor's own choice, shown
    assert html.count('data-state="accepted"') == 4
    # Withdrawing is as easy as giving: one form.
    client.cookies["_ga"] = "GA1.1.123"
    data = form_values(html.split("<main", 1)[1])
    data["groups"] = ["functional"]
    data["action"] = "choose"
    response = client.post(SAVE_URL["fr"], data)
    assert response["Location"] == "/fr/parametres-cookies/?saved=1"  # back, announced
    assert response.cookies["_ga"]["max-age"] == 0
    html = client.get("/fr/parametres-cookies/").content.decode()
    assert html.count('data-state="accepted"') == 1 and html.count('data-state="refused"') == 3


def test_preference_centre_is_never_cached(client):
    assert "no-store" in client.get("/en/cookie-settings/")["Cache-Control"]


def test_footer_links_to_the_preference_centre_on_every_page(client):
    for url, link in (
        ("/en/", "/en/cookie-settings/"),
        ("/fr/produits/", "/fr/parametres-cookies/"),
    ):
        assert f'href="{link}"' in client.get(url).content.decode()


def test_the_preference_centre_stays_in_the_footer_if_an_editor_removes_its_link(client):
    from pages.models import Menu

    footer = client.get("/en/").content.decode().split('<footer class="site-footer">', 1)[1]
    assert footer.count('href="/en/cookie-settings/"') == 1  # the editor's link, once
    footer_menus = list(Menu.objects.filter(slot="footer"))
    assert footer_menus
    for menu in footer_menus:
        menu.items = [
            (block.block_type, block.value) for block in menu.items if block.block_type != "site"
        ]
        menu.save()
    for url, link in (("/en/", "/en/cookie-settings/"), ("/fr/", "/fr/parametres-cookies/")):
        html = client.get(url).content.decode()
        footer = html.split('<footer class="site-footer">', 1)[1]
        assert f'href="{link}"' in footer


def test_global_privacy_control_refuses_measurement_and_marketing(client, rf):
    request = rf.get("/", HTTP_SEC_GPC="1")
    state = consent_state(request)
    assert state.decisions["analytics"] is False and state.decisions["marketing"] is False
    assert state.decisions["functional"] is None and state.gpc
    html = client.get("/en/cookie-settings/", HTTP_SEC_GPC="1").content.decode()
    assert "Global Privacy Control" in html
    # ...unless the visitor explicitly accepts them later.
    response = choose(client, "accept_all", HTTP_SEC_GPC="1")
    request = rf.get("/", HTTP_SEC_GPC="1")
    request.COOKIES["cookie_consent"] = response.cookies["cookie_consent"].value
    assert consent_state(request).decisions["analytics"] is True
    assert CookieConsentRecord.objects.get().gpc is True


def _request_with(rf, response, *, at=None):
    request = rf.get("/")
    value = response.cookies["cookie_consent"].value
    if at is not None:
        value = re.sub(r"_at=[^|]+", f"_at={at.isoformat(timespec='seconds')}", value)
    request.COOKIES["cookie_consent"] = value
    return request


def test_a_choice_lasts_six_months_then_is_asked_again(client, rf):
    response = choose(client, "accept_all")
    fresh = consent_state(_request_with(rf, response))
    assert not fresh.needs_choice and fresh.accepted("analytics")
    old = timezone.now() - timedelta(days=183)
    stale = consent_state(_request_with(rf, response, at=old))
    assert stale.needs_choice and stale.decisions["analytics"] is None


def test_a_new_cookie_in_a_group_asks_again(client, rf):
    response = choose(client, "accept_all")
    group = CookieGroupDeclaration.objects.get(varname="analytics", locale__language_code="en")
    group.cookies.add(
        CookieDeclaration(
            name="_gid", provider="Google Analytics", purpose="Session", duration="1 day"
        )
    )
    cookie_group_save(group=group)
    state = consent_state(_request_with(rf, response))
    assert state.needs_choice
    assert state.decisions["analytics"] is None  # asked again for this group
    assert state.decisions["functional"] is True  # the others stand


def test_a_group_edited_in_the_admin_reaches_the_library(client, django_user_model):
    from cookie_consent.models import CookieGroup

    admin = django_user_model.objects.create_superuser("cookie-admin", "a@example.com", "pw")
    client.force_login(admin)
    group = CookieGroupDeclaration.objects.get(varname="analytics", locale__language_code="en")
    url = f"/admin/snippets/privacy/cookiegroupdeclaration/edit/{group.pk}/"
    data = form_values(client.get(url).content.decode(), "w-editor-form")
    data["name"] = "Visitor statistics"
    response = client.post(url, data)
    assert response.status_code == 302
    assert CookieGroup.objects.get(varname="analytics").name == "Visitor statistics"
    assert all_cookie_groups()["analytics"].name == "Visitor statistics"


def test_saving_a_group_row_alone_has_no_side_effect():
    """Mirroring is the service's work (cookie_group_save), not the model's save()."""
    from cookie_consent.models import CookieGroup

    group = CookieGroupDeclaration.objects.get(varname="analytics", locale__language_code="en")
    group.name = "Visitor statistics"
    group.save()
    assert CookieGroup.objects.get(varname="analytics").name != "Visitor statistics"
    cookie_group_save(group=group)
    assert CookieGroup.objects.get(varname="analytics").name == "Visitor statistics"


def test_a_deleted_group_leaves_the_banner_and_the_library(client):
    # Deleted in the admin: the default language's group, one object.
    CookieGroupDeclaration.objects.get(varname="social", locale__language_code="en").delete()
    assert "social" not in {group.varname for group in all_cookie_groups().values()}
    for url in ("/en/", "/fr/"):
        html = client.get(url).content.decode()
        assert 'value="social"' not in html and 'value="analytics"' in html
    assert not CookieGroupDeclaration.objects.filter(varname="social").exists()


def test_a_material_cookie_policy_version_asks_again(client, rf):
    response = choose(client, "accept_all")
    page = PolicyPage.objects.get(kind="cookies", locale__language_code="en")
    policy_version_publish(page=page, effective_date=timezone.localdate(), is_material=False)
    assert not consent_state(_request_with(rf, response)).needs_choice
    policy_version_publish(page=page, effective_date=timezone.localdate(), is_material=True)
    assert consent_state(_request_with(rf, response)).needs_choice


def test_cookie_policy_renders_the_declaration_in_its_language(client):
    en = client.get("/en/cookies/").content.decode()
    fr = client.get("/fr/cookies/").content.decode()
    for html in (en, fr):
        for name in ("csrftoken", "_ga", "_gcl_au", "VISITOR_INFO1_LIVE", "bcookie"):
            assert f"<code>{name}</code>" in html
    assert "Tells visitors apart, with a random identifier." in en and "13 months" in en
    assert "Distingue les visiteurs, par un identifiant aléatoire." in fr and "13 mois" in fr
    assert "Mesure d&#x27;audience" in fr


def test_declaration_edit_changes_the_table_without_touching_the_policy(client):
    group = CookieGroupDeclaration.objects.get(varname="marketing", locale__language_code="en")
    group.cookies.add(
        CookieDeclaration(name="_fbp", provider="Meta", purpose="Ads", duration="3 months")
    )
    cookie_group_save(group=group)
    assert "<code>_fbp</code>" in client.get("/en/cookies/").content.decode()
    assert "<code>_fbp</code>" not in client.get("/en/cookies/versions/1/").content.decode()


def test_strictly_necessary_cookies_are_not_a_choice(client):
    html = client.get("/en/cookie-settings/").content.decode()
    assert 'id="pref-necessary" checked disabled' in html
    assert "necessary" not in all_cookie_groups()


def test_a_family_needs_a_prefix():
    from django.core.exceptions import ValidationError

    from privacy.cookies import cookie_names_matching

    assert cookie_names_matching("*", ["sessionid", "csrftoken"]) == []
    assert cookie_names_matching("_ga_*", ["_ga_X1", "_gat", "sessionid"]) == ["_ga_X1"]
    group = CookieGroupDeclaration.objects.get(varname="analytics", locale__language_code="en")
    with pytest.raises(ValidationError) as error:
        CookieDeclaration(
            group=group, name="*", provider="x", purpose="x", duration="x", locale=group.locale
        ).full_clean()
    assert "start of their names" in str(error.value)


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Too many choices were saved from your network."),
        ("fr", "Trop de choix ont été enregistrés depuis votre réseau."),
    ],
)
def test_saving_choices_is_rate_limited_per_address(client, settings, language, message):
    # Header-less POSTs (no Origin, no Sec-Fetch-Site) pass the origin check: the
    # limit is what stops a robot from filling the table of proofs.
    settings.COOKIE_CHOICES_RATE_LIMIT = "3/600"
    statuses = [
        choose(client, "accept_all", language=language, REMOTE_ADDR="198.51.100.7").status_code
        for _ in range(5)
    ]
    assert statuses == [302, 302, 302, 429, 429]
    assert CookieConsentRecord.objects.count() == 3
    limited = choose(client, "refuse_all", language=language, REMOTE_ADDR="198.51.100.7")
    # The preference centre, with the message, and no new proof nor consent cookie.
    assert limited.status_code == 429
    html = limited.content.decode()
    assert message in html
    assert 'class="site-form cookie-preferences__form"' in html
    assert 'name="next" value="/en/products/"' in html
    assert "cookie_consent" not in limited.cookies
    assert limited["Cache-Control"] == "no-store, private"
    assert CookieConsentRecord.objects.count() == 3
    # Scripted saves get the message as JSON (the script then posts the plain form).
    scripted = choose(
        client, "accept_all", REMOTE_ADDR="198.51.100.7", HTTP_X_REQUESTED_WITH="fetch"
    )
    assert scripted.status_code == 429
    assert "Too many choices" in scripted.json()["error"]
    # Another address is not affected; nor are the other forms' counters.
    assert choose(client, "accept_all", REMOTE_ADDR="198.51.100.8").status_code == 302
    assert CookieConsentRecord.objects.count() == 4


def test_cookie_choice_limit_counts_the_visitor_behind_a_trusted_proxy(client, settings):
    settings.COOKIE_CHOICES_RATE_LIMIT = "1/600"
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    behind = {"REMOTE_ADDR": "10.0.0.2"}
    first = choose(client, "accept_all", HTTP_X_FORWARDED_FOR="192.0.2.1", **behind)
    second = choose(client, "accept_all", HTTP_X_FORWARDED_FOR="192.0.2.2", **behind)
    again = choose(client, "accept_all", HTTP_X_FORWARDED_FOR="192.0.2.1", **behind)
    assert [first.status_code, second.status_code, again.status_code] == [302, 302, 429]
    assert sorted(CookieConsentRecord.objects.values_list("ip_prefix", flat=True)) == [
        "192.0.2.0/24",
        "192.0.2.0/24",
    ]


@pytest.mark.parametrize(
    ("language", "url", "message"),
    [
        ("en", "/en/cookie-settings/", "Your cookie choices are saved."),
        ("fr", "/fr/parametres-cookies/", "Vos choix de cookies sont enregistrés."),
    ],
)
def test_the_preference_centre_says_with_the_focus_that_the_choice_is_saved(
    client, language, url, message
):
    html = client.get(url).content.decode()
    assert 'role="status"' not in html.split("<main", 1)[1].split("</main>", 1)[0]
    assert f'name="next" value="{url}?saved=1"' in html
    # Its form comes back to it, which then announces the choice and takes the focus.
    response = choose(client, "accept_all", language=language, next_url=f"{url}?saved=1")
    assert response["Location"] == f"{url}?saved=1"
    html = client.get(response["Location"]).content.decode()
    saved = re.search(r"<p [^>]*data-consent-saved>([^<]*)</p>", html)
    assert saved and saved.group(1) == message
    assert 'role="status"' in saved.group(0) and "autofocus" in saved.group(0)
    assert 'tabindex="-1"' in saved.group(0)
