"""Bangla digits to ASCII digits."""
from __future__ import annotations

BANGLA_DIGITS = "০১২৩৪৫৬৭৮৯"
_TO_ASCII = str.maketrans(BANGLA_DIGITS, "0123456789")
_TO_BANGLA = str.maketrans("0123456789", BANGLA_DIGITS)


def to_ascii_digits(text: str) -> str:
    return text.translate(_TO_ASCII)


def to_bangla_digits(text: str) -> str:
    return text.translate(_TO_BANGLA)
