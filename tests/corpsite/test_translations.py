"""The French catalogue is complete: every interface string has a translation."""

import re
from pathlib import Path

import polib
import pytest

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")
CATALOGUES = sorted((Path(__file__).resolve().parents[2] / "locale").glob("*/LC_MESSAGES/*.po"))


def test_there_is_a_french_catalogue():
    assert any(path.parts[-3] == "fr" for path in CATALOGUES)


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parts[-3])
def test_catalogue_has_no_untranslated_or_fuzzy_entry(path):
    catalogue = polib.pofile(str(path))
    assert [entry.msgid for entry in catalogue.untranslated_entries()] == []
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parts[-3])
def test_placeholders_survive_translation(path):
    for entry in polib.pofile(str(path)).translated_entries():
        if entry.msgid_plural:
            expected = set(PLACEHOLDER.findall(entry.msgid_plural))
            targets = list(entry.msgstr_plural.values())
        else:
            expected = set(PLACEHOLDER.findall(entry.msgid))
            targets = [entry.msgstr]
        for target in targets:
            assert set(PLACEHOLDER.findall(target)) == expected, entry.msgid
