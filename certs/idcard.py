"""Resident ID-card numbers (居民身份证号码, GB 11643-1999).

The 18-digit form ends in an ISO 7064 MOD 11-2 check character; the legacy 15-digit form
(two-digit year, no check character) is normalised to 18 digits. python-stdnum does the
arithmetic; we add the 15-digit upgrade and bilingual reasons.
"""

from __future__ import annotations

import datetime as dt

from stdnum.cn import ric
from stdnum.exceptions import ValidationError as StdnumError

from certs.errors import IdNumberError

# Province-level codes of GB/T 2260 (first two digits).
_PROVINCES = frozenset(
    [
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "81",
        "82",
    ]
)


def normalise_id_number(text: str, today: dt.date) -> str:
    """The canonical 18-character number, or ``IdNumberError`` with the reason; ``today``
    bounds the date of birth."""
    number = "".join(text.split()).upper()
    if len(number) == 15 and number.isdigit():
        body = number[:6] + "19" + number[6:]
        number = body + ric.calc_check_digit(body + "0")
    if (
        len(number) != 18
        or not number[:17].isdigit()
        or not (number[17].isdigit() or number[17] == "X")
    ):
        raise IdNumberError(
            "An ID-card number has 18 characters (17 digits and a digit or X), or 15 digits.",
            "身份证号码应为 18 位（17 位数字加 1 位数字或 X），或 15 位数字。",
        )
    if number[:2] not in _PROVINCES:
        raise IdNumberError(
            "The first two digits are not a province code.",
            "前两位不是有效的省级行政区划代码。",
        )
    try:
        birth = ric.get_birth_date(number)
    except StdnumError:
        raise IdNumberError(
            "Digits 7-14 are not a valid date of birth.", "第 7 至 14 位不是有效的出生日期。"
        ) from None
    if birth > today or birth.year < 1900:
        raise IdNumberError("The date of birth is out of range.", "出生日期超出合理范围。")
    if number[17] != ric.calc_check_digit(number):
        raise IdNumberError(
            "The check digit does not match (GB 11643).", "校验码不符（GB 11643）。"
        )
    return number


def mask_id_number(number: str) -> str:
    """``110101********123X``: enough for a person to recognise their own."""
    return number[:6] + "*" * (len(number) - 10) + number[-4:]
