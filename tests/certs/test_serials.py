import pytest

from certs.errors import SerialFormatError
from certs.serials import ALPHABET, LENGTH, format_serial, generate_serial, parse_serial


def test_serial_has_16_crockford_symbols_and_parses_back():
    serial = generate_serial()
    assert len(serial) == LENGTH == 16
    assert set(serial) <= set(ALPHABET)
    assert not set(serial) & set("ILOU")
    assert parse_serial(serial) == serial


def test_serials_do_not_repeat():
    assert len({generate_serial() for _ in range(20_000)}) == 20_000


def test_parse_accepts_lower_case_spaces_hyphens_and_confusable_letters():
    serial = generate_serial()
    typed = " " + format_serial(serial).lower().replace("-", " - ") + " "
    assert parse_serial(typed) == serial
    if "0" in serial:
        assert parse_serial(serial.replace("0", "O")) == serial
    if "1" in serial:
        assert parse_serial(serial.replace("1", "l")) == serial


def test_every_single_wrong_symbol_is_caught():
    for _ in range(30):
        serial = generate_serial()
        for position in range(LENGTH):
            for symbol in ALPHABET:
                if symbol != serial[position]:
                    typo = serial[:position] + symbol + serial[position + 1 :]
                    with pytest.raises(SerialFormatError):
                        parse_serial(typo)


def test_every_swap_of_neighbours_is_caught():
    for _ in range(300):
        serial = generate_serial()
        for position in range(LENGTH - 1):
            a, b = serial[position], serial[position + 1]
            if a != b:
                swapped = serial[:position] + b + a + serial[position + 2 :]
                with pytest.raises(SerialFormatError):
                    parse_serial(swapped)


@pytest.mark.parametrize(
    "text", ["", "ABC", "7KQ4-M2XD-9P3R-TG8WX", "7KQ4-M2XD-9P3R-TG8U", "7KQ4-M2XD-9P3R-TG8!"]
)
def test_malformed_serials_are_refused_with_a_bilingual_reason(text):
    with pytest.raises(SerialFormatError) as caught:
        parse_serial(text)
    assert caught.value.detail and caught.value.detail_zh


def test_format_groups_by_four():
    assert format_serial("0123456789ABCDEF") == "0123-4567-89AB-CDEF"
