"""Certificate serial numbers: unguessable, typeable, self-checking.

A serial is 15 Crockford base32 symbols of CSPRNG output (75 bits, more than the 64 the
CA/Browser Forum asks of TLS serials) followed by one check symbol, shown in four groups:
``7KQ4-M2XD-9P3R-TG8W``.

The check symbol is a Damm check over the quasigroup ``x * y = 2x + y`` on GF(32). That
quasigroup is a Latin square, so any single wrong symbol changes the check; and it is
totally anti-symmetric, so any swap of two neighbouring symbols changes it too.
Crockford's own check symbol (mod 37) needs five extra symbols, among them ``U``, which we
keep out of the alphabet; Damm needs none.
"""

from __future__ import annotations

import secrets

from certs.errors import SerialFormatError

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_VALUE = {symbol: value for value, symbol in enumerate(ALPHABET)}
# Crockford's decoding is forgiving: O reads as 0, I and L as 1.
_VALUE.update({"O": 0, "I": 1, "L": 1})

# A serial as an API's document asks for it: four groups of four symbols of the alphabet (O,
# I and L read as 0 and 1, any case), a hyphen or a space between groups or none.
# parse_serial takes more (spaces and hyphens anywhere) and refuses a mistyped check
# symbol, which no pattern can say.
PATTERN = r"^[0-9A-TV-Za-tv-z]{4}(?:[ -]?[0-9A-TV-Za-tv-z]{4}){3}$"

PAYLOAD_LENGTH = 15
LENGTH = PAYLOAD_LENGTH + 1
_GF32_MODULUS = 0b100101  # x^5 + x^2 + 1, irreducible over GF(2)


def _times_two(x: int) -> int:
    x <<= 1
    if x & 0b100000:
        x ^= _GF32_MODULUS
    return x


def _damm(values: list[int]) -> int:
    interim = 0
    for value in values:
        interim = _times_two(interim) ^ value
    return interim


def check_symbol(payload: str) -> str:
    """The check symbol that makes ``payload + symbol`` valid."""
    # Solve 2*interim + c = 0 in GF(32): c = 2*interim (addition is XOR).
    return ALPHABET[_times_two(_damm([_VALUE[s] for s in payload]))]


def generate_serial() -> str:
    """A new serial in canonical form (16 symbols, no separators)."""
    bits = secrets.randbits(5 * PAYLOAD_LENGTH)  # one CSPRNG call: 15 symbols of 5 bits
    payload = "".join(ALPHABET[(bits >> (5 * i)) & 31] for i in range(PAYLOAD_LENGTH))
    return payload + check_symbol(payload)


def parse_serial(text: str) -> str:
    """The canonical serial for what a person typed or pasted.

    Accepts lower case, spaces and hyphens; reads O as 0 and I/L as 1. Raises
    ``SerialFormatError`` for anything else, including a failed check symbol.
    """
    cleaned = "".join(text.split()).replace("-", "").upper()
    if len(cleaned) != LENGTH:
        raise SerialFormatError(
            f"A serial has {LENGTH} symbols; this has {len(cleaned)}.",
            f"证书编号应为 {LENGTH} 位，实际为 {len(cleaned)} 位。",
        )
    try:
        values = [_VALUE[s] for s in cleaned]
    except KeyError:
        raise SerialFormatError(
            "A serial uses only digits and the letters A-Z without I, L, O, U.",
            "证书编号只含数字和字母（不含 I、L、O、U）。",
        ) from None
    if _damm(values) != 0:
        raise SerialFormatError(
            "The check symbol does not match: a symbol is mistyped or two are swapped.",
            "校验位不符：可能有字符输错或相邻字符颠倒。",
        )
    return "".join(ALPHABET[v] for v in values)


def is_valid_serial(text: str) -> bool:
    try:
        parse_serial(text)
    except SerialFormatError:
        return False
    return True


def format_serial(serial: str) -> str:
    """Groups of four for people: ``7KQ4-M2XD-9P3R-TG8W``."""
    return "-".join(serial[i : i + 4] for i in range(0, len(serial), 4))
