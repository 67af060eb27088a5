"""The policy text and how it numbers its clauses, for the tests that hold the documents and
the code to it (tests/docs/test_documents.py, tests/test_citations.py).

The main text numbers parts 一、, sections （一）, items 1., sub-items （1）. The annex starts at
a line that reads 附件 alone and numbers itself the same way, so a citation of the annex
always starts with 附件: ``附件四(一)2(3)``; ``四(一)`` is the main text's.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POLICY_TEXT = ROOT / "docs" / "policy" / "000_e29f70c569772442.txt"

NUMERALS = "一二三四五六七八九十"
HEADINGS = (
    re.compile(rf"([{NUMERALS}]+)、"),
    re.compile(rf"（([{NUMERALS}]+)）"),
    re.compile(r"(\d+)[.．]"),  # noqa: RUF001 (the policy text numbers items with a full-width stop too)
    re.compile(r"（(\d+)）"),
)
ANNEX_HEADING = re.compile(r"附件\d*")
CITATION = (
    rf"(?:附件\d*)?[{NUMERALS}]+"
    rf"(?:[(（][{NUMERALS}]+[)）](?:\d+(?:[(（]\d+[)）])?)?)?"
)
# Outside code spans a citation must reach a section, so that 一票否决 is not "part 一".
PROSE_CITATION = re.compile(
    rf"(?<![{NUMERALS}])(?:附件\d*)?[{NUMERALS}]+[(（][{NUMERALS}]+[)）](?:\d+(?:[(（]\d+[)）])?)?"
)
CODE_CITATION = re.compile(rf"`({CITATION})`")


def _cite(path: list[str]) -> str:
    part, *rest = path
    cited = part
    for depth, label in enumerate(rest, start=1):
        cited += f"({label})" if depth in (1, 3) else label
    return cited


def normal(citation: str) -> str:
    """A citation with half-width brackets: 三（三）3 is 三(三)3."""
    return citation.replace("（", "(").replace("）", ")")


def policy_clauses(text: str) -> dict[str, str]:
    """Every clause of the policy by its citation (三(三)1, 附件四(一)2(3)), with its text:
    its own line and every line under it."""
    clauses: dict[str, str] = {}
    prefix, path = "", []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if ANNEX_HEADING.fullmatch(line):
            prefix, path = line, []
            continue
        for level, heading in enumerate(HEADINGS):
            found = heading.match(line)
            if found and level <= len(path):
                path = [*path[:level], found.group(1)]
                break
        for depth in range(1, len(path) + 1):
            key = prefix + _cite(path[:depth])
            clauses[key] = clauses.get(key, "") + line
    return clauses


CLAUSES = policy_clauses(POLICY_TEXT.read_text(encoding="utf-8"))


def without_code(markdown: str) -> str:
    """The prose of a Markdown document: fenced blocks and code spans left out."""
    prose = re.sub(r"^```.*?^```", "", markdown, flags=re.MULTILINE | re.DOTALL)
    return re.sub(r"`[^`\n]*`", "", prose)


def markdown_citations(markdown: str) -> list[str]:
    """The clauses a Markdown document cites: in code spans (``三`` alone is part 三), and
    in its prose (where a citation must reach a section)."""
    in_code = [normal(c) for c in CODE_CITATION.findall(markdown)]
    in_prose = [normal(c) for c in PROSE_CITATION.findall(without_code(markdown))]
    return in_code + in_prose


def source_citations(text: str) -> list[str]:
    """The clauses a source file cites, in its strings and its comments alike (a citation
    reaches a section there too, or is written in backticks)."""
    return [normal(c) for c in PROSE_CITATION.findall(text)] + [
        normal(c) for c in CODE_CITATION.findall(text)
    ]
