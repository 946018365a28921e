"""Editors translate pages and menus with wagtail-localize, from the Wagtail admin."""

import pytest
from wagtail.models import Locale

from pages.models import Menu
from tests.factories import ContentPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def new_page(home_en):
    page = ContentPageFactory(parent=home_en)
    page.save_revision().publish()
    return page


def test_editor_translates_a_page_from_the_admin(
    client, editor, new_page, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    url = f"/admin/localize/submit/page/{new_page.pk}/"
    assert client.get(url).status_code == 200
    french = Locale.objects.get(language_code="fr")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"locales": [french.pk]})
    assert response.status_code == 302
    translation = new_page.get_translation(french)
    # The translation editor opens on the French page.
    assert client.get(f"/admin/pages/{translation.pk}/edit/").status_code == 200
    assert translation.get_parent().specific.locale == french


def test_editor_translates_a_menu_from_the_admin(
    client, editor, locale_en, locale_fr, django_capture_on_commit_callbacks
):
    Menu.objects.filter(locale=locale_fr, slot="footer").delete()
    menu = Menu.objects.get(locale=locale_en, slot="footer")
    client.force_login(editor)
    url = f"/admin/localize/submit/snippet/pages/menu/{menu.pk}/"
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"locales": [locale_fr.pk]})
    assert response.status_code == 302
    assert Menu.objects.filter(locale=locale_fr, slot="footer").exists()


def test_menus_are_listed_in_the_admin(client, editor):
    client.force_login(editor)
    response = client.get("/admin/snippets/pages/menu/")
    assert response.status_code == 200
    assert "Header navigation" in response.content.decode()


def test_anonymous_visitor_cannot_reach_the_translation_views(client, new_page):
    response = client.get(f"/admin/localize/submit/page/{new_page.pk}/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
