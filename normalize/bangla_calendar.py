"""Bangladesh's Bangla calendar, in both directions, under the rules of each era.

1 বৈশাখ is 14 April in both eras. Bangla year = Gregorian year − 593 from
14 April, − 594 before it.

- The 1987 rules (Bangla Academy 1966, adopted 1987), up to the end of 1425:
  বৈশাখ to ভাদ্র have 31 days, আশ্বিন to চৈত্র 30; ফাল্গুন has 31 when the
  Gregorian year it falls in is a leap year.
- The revised rules, from 1 বৈশাখ 1426 (14 April 2019): বৈশাখ to আশ্বিন have
  31 days, কার্তিক to মাঘ and চৈত্র 30; ফাল্গুন 29, or 30 in a leap year —
  so that ২১ ফেব্রুয়ারি is always ৮ ফাল্গুন.

The `bangla` package converts one way only and applies the 1987 rules to every
year, hence this module; tests/data/bangla_calendar.tsv, built from two npm
packages, checks every day of 1990–2040 against it.
"""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

FALGUN = 11
REVISED_FROM = 1426  # first Bangla year under the 2019 rules


@dataclass(frozen=True, order=True)
class BanglaDate:
    year: int
    month: int  # 1 = বৈশাখ … 12 = চৈত্র
    day: int


def month_lengths(bangla_year: int) -> list[int]:
    leap = calendar.isleap(bangla_year + 594)  # ফাল্গুন lies in February of this Gregorian year
    if bangla_year >= REVISED_FROM:
        return [31] * 6 + [30] * 4 + [30 if leap else 29, 30]
    return [31] * 5 + [30] * 5 + [31 if leap else 30, 30]


def new_year(bangla_year: int) -> dt.date:
    """Gregorian date of 1 বৈশাখ of `bangla_year`."""
    return dt.date(bangla_year + 593, 4, 14)


def to_gregorian(year: int, month: int, day: int) -> dt.date:
    """Gregorian date of a Bangla-calendar date; ValueError if there is no such day."""
    lengths = month_lengths(year)
    if not 1 <= month <= 12 or not 1 <= day <= lengths[month - 1]:
        raise ValueError(f"{day}/{month}/{year} is not a day of the Bangla calendar")
    return new_year(year) + dt.timedelta(days=sum(lengths[: month - 1]) + day - 1)


def from_gregorian(date: dt.date) -> BanglaDate:
    year = date.year - 593 if date >= dt.date(date.year, 4, 14) else date.year - 594
    offset = (date - new_year(year)).days
    for month, length in enumerate(month_lengths(year), start=1):
        if offset < length:
            return BanglaDate(year, month, offset + 1)
        offset -= length
    raise AssertionError("a Bangla year covers every day up to the next 1 বৈশাখ")
