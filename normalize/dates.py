"""Dates in the forms the reports print them, Gregorian and Bangla-calendar.

Forms: dd/mm/yyyy, dd/mm/yy, dd.mm.yyyy, d-m-yyyy, `১৪ জানুয়ারি ২০২৪`, with
খ্রিঃ / বঙ্গাব্দ suffixes; Bangla-calendar dates like `৩০ পৌষ ১৪৩০`.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from normalize import bangla_calendar
from normalize.digits import to_ascii_digits
from normalize.text import clean
from normalize.vocabulary import lookup

NUMERIC_DATE = re.compile(r"(?<![\d.])(\d{1,2})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d{1,4})(?!\.?\d)")
_WORD_DATE = re.compile(r"(?<![\d.])(\d{1,2})[\s,]+([^\s\d,]+)[\s,]+(\d{4})(?!\d)")
# Damaged month words keep at least this much of their letters.
MONTH_MIN_SCORE = 55.0


@dataclass(frozen=True)
class ParsedDate:
    date: dt.date | None  # None when the text is not a calendar date or was cut off
    year_digits: int
    calendar: str = "gregorian"  # or "bangla"
    start: int = 0
    end: int = 0

    @property
    def valid(self) -> bool:
        return self.date is not None

    @property
    def truncated(self) -> bool:
        return self.year_digits in (1, 3)


def _gregorian(day: int, month: int, year: str) -> dt.date | None:
    if len(year) in (1, 3):
        return None
    y = int(year) + (2000 if len(year) == 2 else 0)
    try:
        return dt.date(y, month, day)
    except ValueError:
        return None


def parse_numeric(text: str) -> ParsedDate | None:
    """A cell that is one numeric date (and nothing else but a suffix)."""
    t = to_ascii_digits(clean(text))
    m = NUMERIC_DATE.search(t)
    if not m or t[: m.start()].strip() or re.search(r"[\d/]", t[m.end():]):
        return None
    day, month, year = int(m.group(1)), int(m.group(3)), m.group(4)
    return ParsedDate(_gregorian(day, month, year), len(year), start=m.start(), end=m.end())


# calendar: (years it writes, vocabulary section of its months, date of (year, month, day))
_CALENDARS = {
    "bangla": (range(1300, 1601), "months_bangla", bangla_calendar.to_gregorian),
    "gregorian": (range(1900, 2101), "months_gregorian", dt.date),
}


def _word_date(day: int, word: str, year: int) -> ParsedDate | None:
    """`১৪ জানুয়ারি ২০২৪` or `৩০ পৌষ ১৪৩০`: the year says which calendar the month belongs to."""
    for calendar, (years, months, make) in _CALENDARS.items():
        if year in years:
            month = lookup(months, word, MONTH_MIN_SCORE)
            if month is None:
                return None
            try:
                date = make(year, int(month), day)
            except ValueError:
                date = None
            return ParsedDate(date, 4, calendar=calendar)
    return None


def find_dates(text: str) -> list[ParsedDate]:
    """Every date in running text, in order of position (both calendars)."""
    t = to_ascii_digits(text)
    found: list[ParsedDate] = []
    for m in NUMERIC_DATE.finditer(t):
        day, month, year = int(m.group(1)), int(m.group(3)), m.group(4)
        if len(year) == 4:
            found.append(ParsedDate(_gregorian(day, month, year), 4, start=m.start(), end=m.end()))
    for m in _WORD_DATE.finditer(t):
        p = _word_date(int(m.group(1)), m.group(2), int(m.group(3)))
        if p:
            found.append(ParsedDate(p.date, 4, p.calendar, m.start(), m.end()))
    return sorted(found, key=lambda p: p.start)
