"""Dates in the forms the reports print them, Gregorian and Bangla-calendar.

Numeric: dd/mm/yyyy, dd/mm/yy, dd.mm.yyyy, d-m-yyyy, ISO yyyy-mm-dd. Words:
`১৪ জানুয়ারি ২০২৪`, ordinals `১৪ই`, `১লা`, `২রা`, `৪ঠা`, `২১শে`, month first
(`জানুয়ারি ১৪, ২০২৪`, `January 14, 2024`), `14-Jan-2024`, with খ্রিঃ /
বঙ্গাব্দ suffixes; Bangla-calendar dates like `৩০শে পৌষ ১৪৩০`.

A month is a word the vocabulary spells so. Only a word that is not
well-formed Bangla (a broken text layer, OCR) may be matched fuzzily, so an
ordinary word — `১৫ জন`, `২০ জেলা`, `৩ মাস` — is never taken for a month.
Two-digit years take the century that puts them nearest the report's fiscal
year (the pivot), else 2000–2069 / 1970–1999.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from normalize import bangla_calendar
from normalize.digits import to_ascii_digits
from normalize.text import clean, is_malformed
from normalize.vocabulary import lookup

NUMERIC_DATE = re.compile(r"(?<![\d.])(\d{1,2})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d{1,4})(?!\.?\d)")
ISO_DATE = re.compile(r"(?<![\d.\-/])(\d{4})-(\d{2})-(\d{2})(?![\d\-])")
_ORDINAL = r"(?:ই|লা|রা|ঠা|শে|st|nd|rd|th)?"
_MONTH_WORD = r"([^\s\d,.\-/()]+)\.?"
# day month year: `১৪ই জানুয়ারি, ২০২৪`, `14-Jan-2024`
_DAY_FIRST = re.compile(rf"(?<![\d.])(\d{{1,2}}){_ORDINAL}[\s,\-]*{_MONTH_WORD}[\s,\-]+(\d{{4}})(?!\d)")
# month day, year: `জানুয়ারি ১৪, ২০২৪`, `January 14, 2024`
# `এপ্রিল ১০, ২০২৫`; OCR reads that comma as `;` now and then. The word starts a word (tried
# from every letter of a long text, it cost more than the rest of the letter's reading).
_MONTH_FIRST = re.compile(rf"(?<![^\s\d,.\-/()]){_MONTH_WORD}\s+(\d{{1,2}}){_ORDINAL}[,;]?\s+(\d{{4}})(?!\d)")
_YEAR = re.compile(r"\d{4}")
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


def full_year(two_digits: int, pivot: int | None = None) -> int:
    """`24` → 2024: the century nearest the pivot year (the report's fiscal year)."""
    if pivot is None:
        return 2000 + two_digits if two_digits < 70 else 1900 + two_digits
    return min((c + two_digits for c in (1900, 2000, 2100)), key=lambda y: abs(y - pivot))


def _gregorian(day: int, month: int, year: str, pivot: int | None) -> dt.date | None:
    if len(year) in (1, 3):
        return None
    y = full_year(int(year), pivot) if len(year) == 2 else int(year)
    try:
        return dt.date(y, month, day)
    except ValueError:
        return None


def parse_numeric(text: str, pivot: int | None = None) -> ParsedDate | None:
    """A cell that is one numeric date (and nothing else but a suffix)."""
    t = to_ascii_digits(clean(text))
    iso = ISO_DATE.match(t)
    if iso and not re.search(r"[\d/]", t[iso.end():]):
        year, month, day = (int(g) for g in iso.groups())
        return ParsedDate(_gregorian(day, month, str(year), pivot), 4, start=0, end=iso.end())
    m = NUMERIC_DATE.search(t)
    if not m or t[: m.start()].strip() or re.search(r"[\d/]", t[m.end():]):
        return parse_word_date(t, pivot)
    day, month, year = int(m.group(1)), int(m.group(3)), m.group(4)
    return ParsedDate(_gregorian(day, month, year, pivot), len(year), start=m.start(), end=m.end())


def parse_word_date(text: str, pivot: int | None = None) -> ParsedDate | None:
    """A cell that is one date written with a month word (`১৪ই জানুয়ারি ২০২৪`)."""
    t = to_ascii_digits(clean(text))
    if not _YEAR.search(t):
        return None  # every form with a month word prints a four-digit year: most cells are no date
    found = [d for d in find_dates(t) if d.calendar == "gregorian"]
    if len(found) == 1 and not t[: found[0].start].strip() and not re.search(r"\d", t[found[0].end:]):
        return found[0]
    return None


# calendar: (years it writes, vocabulary section of its months, date of (year, month, day))
_CALENDARS = {
    "bangla": (range(1300, 1601), "months_bangla", bangla_calendar.to_gregorian),
    "gregorian": (range(1900, 2101), "months_gregorian", dt.date),
}


def month_number(word: str, section: str) -> int | None:
    """The month a word names: known spellings exactly; fuzzily only for a malformed word."""
    month = lookup(section, word)
    if month is None and is_malformed(word):
        month = lookup(section, word, MONTH_MIN_SCORE)
    return int(month) if month is not None else None


def _word_date(day: int, word: str, year: int) -> ParsedDate | None:
    """`১৪ জানুয়ারি ২০২৪` or `৩০ পৌষ ১৪৩০`: the year says which calendar the month belongs to."""
    for calendar, (years, months, make) in _CALENDARS.items():
        if year in years:
            month = month_number(word, months)
            if month is None:
                return None
            try:
                date = make(year, month, day)
            except ValueError:
                date = None
            return ParsedDate(date, 4, calendar=calendar)
    return None


def find_dates(text: str) -> list[ParsedDate]:
    """Every four-digit-year date in running text, in order of position (both calendars)."""
    t = to_ascii_digits(text)
    found: list[ParsedDate] = []
    for m in NUMERIC_DATE.finditer(t):
        day, month, year = int(m.group(1)), int(m.group(3)), m.group(4)
        if len(year) == 4:
            found.append(ParsedDate(_gregorian(day, month, year, None), 4, start=m.start(), end=m.end()))
    for m in ISO_DATE.finditer(t):
        year, month, day = (int(g) for g in m.groups())
        found.append(ParsedDate(_gregorian(day, month, str(year), None), 4, start=m.start(), end=m.end()))
    for pattern, day_group, word_group in ((_DAY_FIRST, 1, 2), (_MONTH_FIRST, 2, 1)):
        for m in pattern.finditer(t):
            p = _word_date(int(m.group(day_group)), m.group(word_group), int(m.group(3)))
            if p and not any(f.start <= m.start() < f.end or m.start() <= f.start < m.end() for f in found):
                found.append(ParsedDate(p.date, 4, p.calendar, m.start(), m.end()))
    return sorted(found, key=lambda p: p.start)
