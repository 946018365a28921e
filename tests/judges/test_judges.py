"""The outside judges' harness (judges/run.py): what it makes of the tools' answers."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

JUDGES = Path(__file__).resolve().parents[2] / "judges"


@pytest.fixture(scope="module")
def run():
    sys.path.insert(0, str(JUDGES))
    try:
        spec = importlib.util.spec_from_file_location("judges_run", JUDGES / "run.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.path.remove(str(JUDGES))


def report(seo_score: float, audits: dict[str, tuple[float, float | None]]) -> dict:
    """A Lighthouse JSON report: every category at 1 but SEO, whose audits are given
    as {id: (weight, score)}."""
    categories = {
        name: {"score": 1, "auditRefs": []}
        for name in ("performance", "accessibility", "best-practices")
    }
    categories["seo"] = {
        "score": seo_score,
        "auditRefs": [{"id": key, "weight": weight} for key, (weight, _) in audits.items()],
    }
    return {
        "categories": categories,
        "audits": {
            "cumulative-layout-shift": {"numericValue": 0.01},
            **{key: {"score": score} for key, (_, score) in audits.items()},
        },
    }


SEO = {"is-crawlable": (4.043, 0), "meta-description": (1, 1), "document-title": (1, 1)}


def test_a_noindex_page_is_marked_without_is_crawlable(run):
    marks = run.lighthouse_marks(report(0.33, SEO), noindex=True)
    assert marks["scores"]["seo"] == 100
    assert marks["notes"] == ["SEO without is-crawlable (noindex by design)"]
    assert marks["failing"] == []


def test_an_indexable_page_keeps_lighthouses_seo_mark(run):
    marks = run.lighthouse_marks(report(0.33, SEO), noindex=False)
    assert marks["scores"]["seo"] == 33
    assert marks["failing"] == ["seo: is-crawlable (0.00) "]


def test_other_seo_audits_still_count_on_a_noindex_page(run):
    audits = {**SEO, "meta-description": (1, 0)}
    marks = run.lighthouse_marks(report(0.2, audits), noindex=True)
    assert marks["scores"]["seo"] == 50
    assert marks["failing"] == ["seo: meta-description (0.00) "]


def test_a_noindex_page_lighthouse_finds_indexable_is_noted(run):
    audits = {**SEO, "is-crawlable": (4.043, 1)}
    marks = run.lighthouse_marks(report(1, audits), noindex=True)
    assert "but Lighthouse finds the page indexable" in marks["notes"][0]


def test_the_policy_diff_needs_two_versions(run):
    one = '<a href="/en/privacy/versions/1/">1</a>'
    two = one + '<a href="/en/privacy/versions/2/">2</a><a href="/en/privacy/versions/1/">'
    assert run.policy_diff_path(one, "/en/privacy/") is None
    assert run.policy_diff_path(two, "/en/privacy/") == "/en/privacy/versions/1/compare/2/"


def test_the_noindex_meta_is_recognised(run):
    assert run.NOINDEX.search('<meta name="robots" content="noindex">')
    assert run.NOINDEX.search('<meta name="robots" content="noindex, follow">')
    assert not run.NOINDEX.search('<meta name="robots" content="index, follow">')


def test_every_audited_page_is_a_page_of_the_table(run):
    names = [page.name for page in run.PAGES]
    assert len(names) == len(set(names))
    assert set(run.LIGHTHOUSE) <= set(names)
    for page in run.PAGES:
        assert page.en.startswith("/en/") and page.fr.startswith("/fr/")


def test_a_table_lines_up_its_columns(run):
    lines = run.table(["page", "errors"], [["home", 0], ["a longer name", 12]]).splitlines()
    assert lines[0].index("errors") == lines[2].index("0") == lines[3].index("12")


class FakeChecker:
    """What vnu.jar --format json prints on stderr, as a finished process."""

    returncode = 0

    def __init__(self, report: str):
        self.report = report

    def communicate(self, timeout=None):
        return "", self.report


def test_vnu_errors_are_counted_per_document_and_warnings_apart(run):
    messages = [
        {"type": "error", "url": "file:/judged/00-en.html", "lastLine": 3, "message": "Bad"},
        {"type": "info", "subType": "warning", "url": "file:/judged/00-en.html", "message": "W"},
        {"type": "info", "url": "file:/judged/01-fr.html", "message": "Just info"},
    ]
    checked = run.vnu_results(
        FakeChecker(json.dumps({"messages": messages})),
        {"/judged/00-en.html": ("home", "en", "/en/", False), "/judged/01-fr.html": ()},
    )
    assert checked["/judged/00-en.html"] == {"errors": ["line 3: Bad"], "warnings": 1}
    assert checked["/judged/01-fr.html"] == {"errors": [], "warnings": 0}


def test_a_checker_that_prints_no_report_stops_the_run(run):
    with pytest.raises(SystemExit, match="StackOverflowError"):
        run.vnu_results(FakeChecker("StackOverflowError while evaluating"), {})
