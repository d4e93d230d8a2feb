"""Bangla digits to ASCII digits, and which script a number is printed in."""
from __future__ import annotations

import re

BANGLA_DIGITS = "০১২৩৪৫৬৭৮৯"
_TO_ASCII = str.maketrans(BANGLA_DIGITS, "0123456789")
_TO_BANGLA = str.maketrans("0123456789", BANGLA_DIGITS)
_BANGLA_DIGIT = re.compile(f"[{BANGLA_DIGITS}]")
_ASCII_DIGIT = re.compile(r"[0-9]")


def to_ascii_digits(text: str) -> str:
    # str.translate walks a Bangla string through a dict; the search skips text with no digit to turn
    return text.translate(_TO_ASCII) if _BANGLA_DIGIT.search(text) else text


def to_bangla_digits(text: str) -> str:
    return text.translate(_TO_BANGLA)


def digit_script(text: str) -> str | None:
    """'bangla' or 'ascii' for digits of one script, 'mixed' for both, None for no digits."""
    bangla, ascii_ = bool(_BANGLA_DIGIT.search(text)), bool(_ASCII_DIGIT.search(text))
    return "mixed" if bangla and ascii_ else "bangla" if bangla else "ascii" if ascii_ else None
