"""One table cell's value: a date, a count, a percent, nothing, or text.

Contract form for targets and achievements: ISO date, plain decimal with ASCII
digits and no `%`, or null. A rating with a value in brackets
(`অসাধারণ (৯৬.৯৯%)`) gives both the rating and the value.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, lru_cache

from normalize.dates import parse_numeric
from normalize.digits import to_ascii_digits
from normalize.text import clean, key
from normalize.vocabulary import null_values, rating_words

_NUMBER = re.compile(r"^([+-]?\d+(?:\.\d+)?)\s*(%|শতাংশ)?\s*(?:টি|জন|বার)?$")
_BRACKETED = re.compile(r"^\((.*)\)$")
_STOP_AFTER_DIGIT = re.compile(r"\d[।. ]+$")


@dataclass(frozen=True)
class Value:
    raw: str
    kind: str  # empty, null, date, number, percent, invalid_date, truncated_date, text
    number: Decimal | None = None
    date: dt.date | None = None
    year_digits: int | None = None
    rating: str | None = None

    @property
    def text(self) -> str | None:
        """The contract's string form, or None."""
        if self.date is not None:
            return self.date.isoformat()
        if self.number is not None:
            return format(self.number.normalize(), "f")
        return None

    @property
    def is_value(self) -> bool:
        return self.kind in ("date", "number", "percent")


def split_rating(text: str) -> tuple[str | None, str]:
    """('excellent', '(১)') from 'অসাধারণ (১)'; (None, text) when no rating word leads. A comma,
    dot or colon between the word and its bracket (`অসাধারণ, (৯০%)`) separates them too."""
    t = clean(text)
    if m := _rating_lead().match(t):
        return rating_words()[m.group(1)], t[m.end():]
    return None, t


@cache
def _rating_lead() -> re.Pattern[str]:
    """A rating word (longest first), separators, then a bracket or the end."""
    words = "|".join(map(re.escape, rating_words()))
    return re.compile(rf"({words})[ ,.;:।]*(?=\(|\Z)")


@lru_cache(maxsize=1 << 16)  # pure, and a report's cells are parsed by several steps
def parse_value(text: str | None, pivot: int | None = None) -> Value:
    """One cell's value; `pivot` (the fiscal year's first year) resolves two-digit years."""
    raw = clean(text)
    if not raw:
        return Value(raw, "empty")
    rating, rest = split_rating(raw)
    m = _BRACKETED.match(rest)
    if m:
        rest = m.group(1).strip()
    if not rest:
        return Value(raw, "null", rating=rating)
    if (key(rest) or rest) in null_values():
        return Value(raw, "null", rating=rating)
    ascii_text = to_ascii_digits(rest).rstrip("।. ") if _STOP_AFTER_DIGIT.search(rest) else to_ascii_digits(rest)
    number = _NUMBER.match(ascii_text.replace(",", ""))
    if number:
        kind = "percent" if number.group(2) else "number"
        return Value(raw, kind, number=Decimal(number.group(1)), rating=rating)
    date = parse_numeric(ascii_text, pivot)
    if date is not None:
        if date.truncated:
            return Value(raw, "truncated_date", year_digits=date.year_digits, rating=rating)
        if date.date is None:
            return Value(raw, "invalid_date", year_digits=date.year_digits, rating=rating)
        return Value(raw, "date", date=date.date, year_digits=date.year_digits, rating=rating)
    return Value(raw, "text", rating=rating)


def percent_read_as_zeros(number: Decimal) -> list[Decimal]:
    """The shares a whole number over 100 stands for where OCR read `%` as `০` or `০০`
    (`৮৫০`, `৮৫০০` → 85): a known confusion of the engine."""
    if number != int(number) or number <= 100:
        return []
    return [number / d for d in (10, 100) if number % d == 0 and number / d <= 100]


def is_cell_value(text: str) -> bool:
    """What a value cell holds: a number, percent or date (rated or not), a null mark, or a date
    that is wrong or cut short as printed."""
    v = parse_value(text)
    return v.is_value or v.kind in ("null", "invalid_date", "truncated_date")
