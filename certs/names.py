"""Masked names for public answers: 张*, 李*明, 欧阳*明.

The surname stays (compound surnames whole), the last character of the given name stays
when there is more than one, everything between becomes one ``*``. Names written in
Latin letters keep each word's initial.
"""

from __future__ import annotations

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
