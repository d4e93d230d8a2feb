"""Indicator and activity codes as printed: `[২.১.১]` → `2.1.1`."""
from __future__ import annotations

import re

from normalize.digits import to_ascii_digits
from normalize.text import clean

CODE = re.compile(r"\[*\s*([০-৯0-9]+(?:\s*\.\s*[০-৯0-9]+)+)\s*\]+")
_LEADING_CODES = re.compile(r"^(?:\s*\[*\s*[০-৯0-9]+(?:\s*\.\s*[০-৯0-9]+)*\s*\]+\s*)+")


def codes_in(text: str) -> list[str]:
    """Every bracketed code in the text, ASCII digits, no brackets or spaces."""
    return [re.sub(r"\s+", "", to_ascii_digits(m.group(1))) for m in CODE.finditer(text or "")]


def level(code: str) -> int:
    return code.count(".") + 1


def first_code(text: str, depth: int) -> str | None:
    return next((c for c in codes_in(text) if level(c) == depth), None)


def strip_codes(text: str) -> str:
    """The text without the code(s) it starts with."""
    return clean(_LEADING_CODES.sub("", clean(text)))
