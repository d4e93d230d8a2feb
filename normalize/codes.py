"""Indicator and activity codes as printed: `[২.১.১]` → `2.1.1`."""
from __future__ import annotations

import re
from functools import lru_cache

from normalize.digits import to_ascii_digits, to_bangla_digits
from normalize.text import clean

CODE = re.compile(r"\[*\s*([০-৯0-9]+(?:\s*[.,:;]\s*[০-৯0-9]+)+)\s*\]+")  # OCR reads some dots as , : or ;
# OCR loses or swaps brackets: a code of short digit groups opening a cell counts too.
LEADING_CODE = re.compile(r"^[\s\[({|]*([০-৯0-9]{1,2}(?:\s*\.\s*[০-৯0-9]{1,2}){1,2})[\s\])}|]*(?![০-৯0-9.])")
# codes opening a text, brackets and dots as OCR leaves them: `[১.২.১]`, `[২,২.৪]`, `-১]`
_LEADING_CODES = re.compile(r"^[\s\[\](){}|.,:;\-০-৯0-9]*\]\s*")
# a bracketed code OCR garbled beyond reading (`[&.১.৩]`): no letters, a digit, a closing bracket
_GARBLED_CODE = re.compile(r"^\s*[\[({|]?[^\s\u0985-\u09B9\u09BE-\u09D7A-Za-z]*[০-৯0-9][^\s\u0985-\u09B9\u09BE-\u09D7A-Za-z]*\]\s*")


# a code opening a text whose dots OCR lost in part or whole (`[১১১]`, `[৩.১১`): its digits
_DOTLESS_CODE = re.compile(r"^[\s\[({|]*([০-৯0-9](?:[.,:;]?[০-৯0-9]){1,4})[\s\])}|]")


# OCR reads a code's opening bracket as a Latin 1 or 7 (`7২.১]`); a code never mixes Latin digits
# with Bangla ones
_BRACKET_AS_DIGIT = re.compile(r"(?<![০-৯0-9.])[17](?=[০-৯])")


def unbracket(text: str) -> str:
    """The text with an opening bracket OCR read as a Latin digit before Bangla digits restored."""
    return _BRACKET_AS_DIGIT.sub("[", text or "")


def code_digits(text: str) -> str | None:
    """The digits of a code opening the text whose dots were lost (ASCII), when no indicator code
    (three levels) is read there: the marks a catalogue code may be matched against, dots aside."""
    text = unbracket(text)
    m = _DOTLESS_CODE.match(text)
    if not m or first_code(text, 3):
        return None
    return re.sub(r"[.,:;]", "", to_ascii(m.group(1)))


@lru_cache(maxsize=1 << 16)  # a report asks of each cell several times; a run's cells repeat
def codes_in(text: str) -> tuple[str, ...]:
    """Every bracketed code in the text (and one opening it, brackets lost), ASCII digits, no spaces."""
    text = unbracket(text)
    found = [m.group(1) for m in CODE.finditer(text)]
    lead = LEADING_CODE.match(text)
    if lead and not CODE.match(text.lstrip()):
        found.insert(0, lead.group(1))
    return tuple(to_ascii(c) for c in found)


def to_ascii(code: str) -> str:
    return re.sub(r"[,:;]", ".", re.sub(r"\s+", "", to_ascii_digits(code)))


def level(code: str) -> int:
    return code.count(".") + 1


def first_code(text: str, depth: int) -> str | None:
    return next((c for c in codes_in(text) if level(c) == depth), None)


def strip_codes(text: str) -> str:
    """The text without the code(s) it starts with."""
    text = _GARBLED_CODE.sub("", _LEADING_CODES.sub("", clean(text)))
    return clean(LEADING_CODE.sub("", text) if codes_in(text) else text)


# a code referred to after a hyphen or colon (`সংযুক্তি-২১১`, `সংযুক্তি: ৬.১১`), dots as OCR left them
_REFERRED_CODE = re.compile(r"(?<=[-–:])(\s?)([০-৯0-9](?:[.,:;]*[০-৯0-9]){2,5})(?![০-৯0-9])")


def with_code_dots(text: str, code: str) -> tuple[str, str | None]:
    """(text, what changed) with a code it refers to whose dots OCR lost in part or whole, or read
    as commas or colons, written with the dots of `code` (the row's own, ASCII), where its digits
    are exactly the code's: an evidence cell names its row's annex (`সংযুক্তি-২.১.১`). The digits
    stay as read."""
    want = code.replace(".", "")

    def dotted(m: re.Match) -> str:
        run = m.group(2)
        if to_ascii(run).replace(".", "") != want or to_ascii_digits(run) == code:
            return m.group(0)
        return m.group(1) + (to_bangla_digits(code) if re.search("[০-৯]", run) else code)

    fixed = _REFERRED_CODE.sub(dotted, text)
    return fixed, (f"read '{text}', written '{fixed}' (the row's code, its dots lost or misread)" if fixed != text else None)
