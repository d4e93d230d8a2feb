"""Data-quality rules: the contract's flag codes, each with a sentence saying why.

Row rules look at one indicator row; report rules at the letter and the rows
together. Every flag carries a detail so reviewers see the value behind it.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from normalize.text import clean, is_malformed
from normalize.values import Value

VALUE_FIELDS = ("target_excellent", "target_very_good", "target_good", "target_fair", "target_poor", "achievement")
_KINDS_FOR_UNIT = {"date": {"date"}, "count": {"number"}, "percent": {"percent", "number"}}
LOW_CONFIDENCE_SHARE = 0.05  # malformed words in a report's texts
LOW_CONFIDENCE_ROW = 0.6  # a row's text confidence (cell reading × well-formed words) below this is doubtful


@dataclass(frozen=True)
class Flag:
    code: str
    detail: str
    field: str | None = None


def fiscal_year_bounds(fiscal_year: str | int | None) -> tuple[dt.date, dt.date] | None:
    """(1 July, 30 June) of a fiscal year given as `2023-24` or by its first year."""
    if not fiscal_year:
        return None
    start = int(str(fiscal_year)[:4])
    return dt.date(start, 7, 1), dt.date(start + 1, 6, 30)


NEAR_FISCAL_YEAR = 366  # days: a report's dates lie in its fiscal year, or a year either side of it


def near_fiscal_year(date: dt.date, fiscal_year: str | int | None) -> bool:
    """Is a date within a year of the report's fiscal year (any date, where the year is not known)?"""
    bounds = fiscal_year_bounds(fiscal_year)
    if bounds is None:
        return True
    before, after = (bounds[0] - date).days, (date - bounds[1]).days
    return before <= NEAR_FISCAL_YEAR and after <= NEAR_FISCAL_YEAR


def value_flags(name: str, v: Value, unit: str | None, fy: tuple[dt.date, dt.date] | None) -> list[Flag]:
    out = []
    if v.kind == "invalid_date":
        out.append(Flag("invalid_date", f"{name} '{v.raw}' is not a calendar date", name))
    if v.kind == "truncated_date":
        out.append(Flag("truncated_value", f"{name} '{v.raw}' is cut off", name))
    if v.date and fy and not fy[0] <= v.date <= fy[1]:
        out.append(Flag("date_outside_fiscal_year",
                        f"{name} {v.date.isoformat()} lies outside {fy[0].isoformat()}..{fy[1].isoformat()}", name))
    if unit and v.is_value and v.kind not in _KINDS_FOR_UNIT[unit]:
        out.append(Flag("unit_value_mismatch", f"{name} '{v.raw}' is not a {unit}", name))
    return out


def targets_monotonic(targets: list[Value]) -> bool:
    """Dates run later and numbers smaller from অসাধারণ down to চলতি মানের নিম্নে."""
    dates = [v.date for v in targets if v.date]
    numbers = [v.number for v in targets if v.number is not None]
    if dates and numbers:
        return True  # mixed kinds are a unit problem, judged elsewhere
    if dates:
        return all(a <= b for a, b in zip(dates, dates[1:]))
    return all(a >= b for a, b in zip(numbers, numbers[1:]))


def duplicate_codes(codes: list[str | None]) -> set[str]:
    counts = Counter(c for c in codes if c)
    return {c for c, n in counts.items() if n > 1}


def weight_total(weights: list[float | None]) -> float:
    return sum(w for w in weights if w is not None)


def damaged_share(texts: list[str]) -> float:
    """Share of words that cannot be well-formed Bangla: the trace of a broken text layer."""
    words = [w for t in texts for w in clean(t).split()]
    if not words:
        return 0.0
    bad = sum(1 for w in words if is_malformed(w))
    return bad / len(words)
