"""A readable diff between two versions of a policy: paragraph by paragraph, and
word by word inside a changed paragraph."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from bs4 import BeautifulSoup
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

BLOCK_TAGS = ["h1", "h2", "h3", "h4", "h5", "p", "li", "figcaption", "blockquote"]
TABLE_FIELDS = [
    "legal_basis",
    "data_categories",
    "recipients",
    "transfers",
    "retention",
]

COOKIE_FIELDS = ["group", "provider", "purpose", "duration"]


@dataclass(frozen=True)
class DiffBlock:
    change: str  # "equal", "insert", "delete" or "replace"
    html: SafeString


def text_lines(body_html: str, table: list[dict]) -> list[str]:
    """The visible paragraphs of a version, then one line per row of its table."""
    soup = BeautifulSoup(body_html, "html.parser")
    lines = [
        " ".join(element.get_text(" ", strip=True).split()) for element in soup.find_all(BLOCK_TAGS)
    ]
    for row in table:
        fields = TABLE_FIELDS if "legal_basis" in row else COOKIE_FIELDS
        details = " · ".join(str(row.get(field, "")) for field in fields if row.get(field))
        # A purpose or cookie and what the table says of it (French: "Nom : détails").
        lines.append(
            gettext("%(name)s: %(details)s") % {"name": row.get("name", ""), "details": details}
        )
    return [line for line in lines if line]


def _words(line: str) -> list[str]:
    return re.findall(r"\S+|\s+", line)


def _merged_opcodes(old_words: list[str], new_words: list[str]) -> list[tuple]:
    """Word-level opcodes where a lone space between two changes joins them, so that
    "one month" -> "fifteen days" reads as one change, not two."""
    opcodes = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False).get_opcodes()
    merged: list[list] = []
    for index, (op, a1, a2, b1, b2) in enumerate(opcodes):
        between_changes = 0 < index < len(opcodes) - 1
        if op == "equal" and between_changes and not "".join(old_words[a1:a2]).strip():
            op = "replace"
        if merged and op != "equal" and merged[-1][0] != "equal":
            merged[-1] = ["replace", merged[-1][1], a2, merged[-1][3], b2]
        else:
            merged.append([op, a1, a2, b1, b2])
    return [tuple(item) for item in merged]


def _inline_diff(old: str, new: str) -> SafeString:
    old_words, new_words = _words(old), _words(new)
    parts = []
    for op, a1, a2, b1, b2 in _merged_opcodes(old_words, new_words):
        if op == "equal":
            parts.append(escape("".join(old_words[a1:a2])))
            continue
        if a2 > a1:
            parts.append(f"<del>{escape(''.join(old_words[a1:a2]))}</del>")
        if b2 > b1:
            parts.append(f"<ins>{escape(''.join(new_words[b1:b2]))}</ins>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece is escaped above


def diff_lines(old: list[str], new: list[str]) -> list[DiffBlock]:
    blocks: list[DiffBlock] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            blocks += [DiffBlock("equal", escape(line)) for line in old[a1:a2]]
        elif op == "delete":
            blocks += [DiffBlock("delete", escape(line)) for line in old[a1:a2]]
        elif op == "insert":
            blocks += [DiffBlock("insert", escape(line)) for line in new[b1:b2]]
        else:
            pairs = list(zip(old[a1:a2], new[b1:b2], strict=False))
            blocks += [DiffBlock("replace", _inline_diff(a, b)) for a, b in pairs]
            blocks += [DiffBlock("delete", escape(line)) for line in old[a1 + len(pairs) : a2]]
            blocks += [DiffBlock("insert", escape(line)) for line in new[b1 + len(pairs) : b2]]
    return blocks


def diff_versions(old_text, new_text) -> list[DiffBlock]:
    """Diff two PolicyVersionText objects (title, introduction, text and table)."""

    def lines(text) -> list[str]:
        return [text.title, text.intro, *text_lines(text.body_html, text.table_snapshot)]

    return diff_lines(
        [line for line in lines(old_text) if line], [line for line in lines(new_text) if line]
    )
