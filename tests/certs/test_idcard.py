import datetime as dt

import pytest

from certs.errors import IdNumberError
from certs.idcard import mask_id_number, normalise_id_number

TODAY = dt.date(2026, 11, 26)


@pytest.mark.parametrize(
    "number",
    ["11010519491231002X", "11010519491231002x", "110101199003077096", " 110108 19850618 001x "],
)
def test_valid_numbers_normalise_to_18_upper_case_characters(number):
    result = normalise_id_number(number, TODAY)
    assert len(result) == 18 and result == result.upper() and " " not in result


def test_the_legacy_15_digit_form_becomes_18_digits_with_its_check_digit():
    # 15-digit 110105491231002 is the same person as 11010519491231002X
    assert normalise_id_number("110105491231002", TODAY) == "11010519491231002X"


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        ("110105194912310021", "check digit"),
        ("11010519491331002X", "date of birth"),
        ("99010519491231002X", "province"),
        ("1101051949123100", "18 characters"),
        ("11010519491231002Y", "18 characters"),
    ],
)
def test_bad_numbers_are_refused_with_the_reason(number, reason):
    with pytest.raises(IdNumberError) as caught:
        normalise_id_number(number, today=dt.date(2026, 11, 26))
    assert reason in caught.value.detail
    assert caught.value.detail_zh


def test_a_birth_date_in_the_future_is_refused():
    with pytest.raises(IdNumberError):
        normalise_id_number("11010520300101001X", today=dt.date(2026, 11, 26))


def test_masking_keeps_region_and_last_four():
    assert mask_id_number("11010519491231002X") == "110105********002X"
