"""The frame's cache (corpsite.base.frame): a structure is built once per language and
generation, and an invalidation, now and at commit, makes it stale."""

from __future__ import annotations

import pytest

from corpsite.base.frame import frame_cached, frame_invalidate

pytestmark = pytest.mark.django_db  # an invalidation is run again when the transaction commits


def build(value):
    calls = []

    def make():
        calls.append(value)
        return value

    return make, calls


def test_a_structure_is_built_once_then_read_from_the_cache():
    make, calls = build(["Careers"])
    assert frame_cached(name="menu", language="en", build=make) == ["Careers"]
    assert frame_cached(name="menu", language="en", build=make) == ["Careers"]
    assert calls == [["Careers"]]


def test_languages_and_parts_are_kept_apart():
    frame_cached(name="menu", language="en", parts=(1,), build=lambda: "en site 1")
    frame_cached(name="menu", language="fr", parts=(1,), build=lambda: "fr site 1")
    frame_cached(name="menu", language="en", parts=(2,), build=lambda: "en site 2")
    assert frame_cached(name="menu", language="en", parts=(1,), build=list) == "en site 1"
    assert frame_cached(name="menu", language="fr", parts=(1,), build=list) == "fr site 1"
    assert frame_cached(name="menu", language="en", parts=(2,), build=list) == "en site 2"


def test_invalidating_one_language_leaves_the_other():
    frame_cached(name="menu", language="en", build=lambda: "old en")
    frame_cached(name="menu", language="fr", build=lambda: "old fr")
    frame_invalidate(languages=["en"])
    assert frame_cached(name="menu", language="en", build=lambda: "new en") == "new en"
    assert frame_cached(name="menu", language="fr", build=lambda: "new fr") == "old fr"


def test_a_structure_rebuilt_before_the_commit_is_stale_after_it(
    django_capture_on_commit_callbacks,
):
    """Another request may rebuild the structure from the data before the change
    commits: the invalidation at commit throws that away too."""
    frame_cached(name="menu", language="en", build=lambda: "before")
    with django_capture_on_commit_callbacks(execute=True):
        frame_invalidate()
        # a concurrent request, reading what is still committed
        assert frame_cached(name="menu", language="en", build=lambda: "before") == "before"
    assert frame_cached(name="menu", language="en", build=lambda: "after") == "after"
