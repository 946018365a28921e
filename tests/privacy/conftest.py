import pytest
from django.utils import timezone

from privacy.models import PolicyPage, Purpose
from privacy.services import policy_version_publish


@pytest.fixture
def privacy_en(db) -> PolicyPage:
    return PolicyPage.objects.get(kind="privacy", locale__language_code="en")


@pytest.fixture
def privacy_fr(db) -> PolicyPage:
    return PolicyPage.objects.get(kind="privacy", locale__language_code="fr")


def edit_and_publish(page, **fields):
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def replace_paragraph(page, old: str, new: str):
    """Edit one paragraph of a page's body and publish the page (an ordinary edit)."""
    raw = page.body.raw_data
    for block in raw:
        if block["type"] == "paragraph" and old in block["value"]:
            block["value"] = block["value"].replace(old, new)
            break
    else:
        raise AssertionError(f"{old!r} not in the page")
    page.body = raw
    return edit_and_publish(page)


def publish_version(page, *, material: bool, user=None):
    return policy_version_publish(
        page=page, effective_date=timezone.localdate(), is_material=material, user=user
    )


@pytest.fixture
def purpose_prospects_en(db) -> Purpose:
    return Purpose.objects.get(key="prospects", locale__language_code="en")
