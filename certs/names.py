"""People's names: what a name may hold, and how public answers mask it (张*, 李*明, 欧阳*明).

A name is kept in NFC, the composed form, so that the same name is always the same text. It
may not hold control or format characters: a right-to-left override (U+202E) or a zero-width
space is invisible on the certificate and turns the masked public name into something else
("\u202e张三" was shown as "\u202e*三"). It needs at least one letter. Anything else a
name is written with stays: the middle dot of transliterated names (阿卜杜拉·买买提), spaces
and hyphens of Latin names, and characters too new for this Python's Unicode tables or in
the private-use area, which rare characters (生僻字) in older records use.

Masking: the surname stays (compound surnames whole), the last character of the given name
stays when there is more than one, everything between becomes one ``*``. Names written in
Latin letters keep each word's initial.
"""

from __future__ import annotations

import unicodedata

# Two-character surnames common enough to matter (百家姓 compound surnames and others).
COMPOUND_SURNAMES = frozenset(
    [
        "欧阳",
        "司马",
        "上官",
        "诸葛",
        "东方",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "长孙",
        "宇文",
        "司徒",
        "司空",
        "夏侯",
        "轩辕",
        "令狐",
        "钟离",
        "端木",
        "独孤",
        "南宫",
        "西门",
        "闻人",
        "澹台",
        "公冶",
        "宗政",
        "濮阳",
        "淳于",
        "单于",
        "太叔",
        "申屠",
        "仲孙",
        "万俟",
        "赫连",
        "呼延",
        "闾丘",
        "鲜于",
        "百里",
        "东郭",
        "南门",
        "羊舌",
        "微生",
        "梁丘",
        "左丘",
        "第五",
        "拓跋",
    ]
)


# Cc control, Cf format (bidi controls, zero-width characters, soft hyphen), Cs surrogate,
# Zl/Zp line and paragraph separators.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
# Letters that show as nothing: the Hangul fillers.
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0")
# Unassigned here, or private use: counted as letters, as a rare character may be either.
_UNKNOWN_CATEGORIES = frozenset({"Cn", "Co"})


def normalise_name(name: str) -> str:
    """A name as kept: NFC, without surrounding spaces."""
    return unicodedata.normalize("NFC", name).strip()


def invisible_characters(name: str) -> list[str]:
    """The characters a name may not hold, each once, in order, as ``U+202E``."""
    found = dict.fromkeys(f"U+{ord(c):04X}" for c in name if _invisible(c))
    return list(found)


def _invisible(character: str) -> bool:
    code = ord(character)
    noncharacter = 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE
    return (
        noncharacter
        or character in _BLANK_LETTERS
        or unicodedata.category(character) in _INVISIBLE_CATEGORIES
    )


def has_letter(name: str) -> bool:
    return any(
        category[0] == "L" or category in _UNKNOWN_CATEGORIES
        for category in map(unicodedata.category, name)
    )


def mask_name(name: str) -> str:
    name = name.strip()
    if not name:
        return ""
    if name.isascii():
        return " ".join(word[0] + "*" for word in name.split())
    if "·" in name or "•" in name:  # transliterated names: 买买提·艾力 -> 买*·艾*
        separator = "·" if "·" in name else "•"
        return separator.join(part[:1] + "*" for part in name.split(separator) if part)
    surname_length = 2 if name[:2] in COMPOUND_SURNAMES and len(name) > 2 else 1
    surname, given = name[:surname_length], name[surname_length:]
    if len(given) <= 1:
        return surname + "*"
    return surname + "*" + given[-1]
