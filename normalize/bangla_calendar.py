"""Bangladesh's Bangla calendar under the 2019 revision, in both directions.

Rules (Bangla Academy, in force from 1426 BS): 1 বৈশাখ is 14 April; বৈশাখ to
আশ্বিন have 31 days; কার্তিক, অগ্রহায়ণ, পৌষ, মাঘ and চৈত্র have 30; ফাল্গুন has
29, or 30 when the Gregorian year it falls in is a leap year. The `bangla`
package converts one way only and uses the older rules, hence this module.
"""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

FALGUN = 11


@dataclass(frozen=True, order=True)
class BanglaDate:
    year: int
    month: int  # 1 = বৈশাখ … 12 = চৈত্র
    day: int


def month_lengths(bangla_year: int) -> list[int]:
    falgun_year = bangla_year + 594  # ফাল্গুন lies in February of this Gregorian year
    falgun = 30 if calendar.isleap(falgun_year) else 29
    return [31] * 6 + [30] * 4 + [falgun, 30]


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
