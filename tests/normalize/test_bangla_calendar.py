import datetime as dt
from pathlib import Path

import pytest

from normalize.bangla_calendar import BanglaDate, from_gregorian, month_lengths, to_gregorian


@pytest.mark.parametrize("bangla, gregorian", [
    ((1430, 9, 30), dt.date(2024, 1, 14)),   # seed 000/001: ৩০ পৌষ ১৪৩০
    ((1428, 9, 26), dt.date(2022, 1, 10)),   # seed 003: ২৬ পৌষ ১৪২৮
    ((1430, 7, 19), dt.date(2023, 11, 4)),   # seed 002: ১৯ কার্তিক ১৪৩০
    ((1430, 6, 19), dt.date(2023, 10, 4)),   # …what seed 002 meant: ১৯ আশ্বিন
    ((1430, 1, 1), dt.date(2023, 4, 14)),    # পহেলা বৈশাখ
    ((1430, 11, 8), dt.date(2024, 2, 21)),   # ২১ ফেব্রুয়ারি = ৮ ফাল্গুন (the point of the 2019 revision)
    ((1430, 9, 1), dt.date(2023, 12, 16)),   # বিজয় দিবস = ১ পৌষ
    ((1430, 12, 12), dt.date(2024, 3, 26)),  # স্বাধীনতা দিবস = ১২ চৈত্র
    ((1431, 5, 1), dt.date(2024, 8, 16)),
])
def test_known_dates_both_ways(bangla, gregorian):
    assert to_gregorian(*bangla) == gregorian
    assert from_gregorian(gregorian) == BanglaDate(*bangla)


def test_falgun_has_30_days_when_its_february_is_leap():
    assert month_lengths(1430)[10] == 30  # February 2024
    assert month_lengths(1429)[10] == 29  # February 2023
    assert to_gregorian(1430, 11, 30) == dt.date(2024, 3, 14)
    with pytest.raises(ValueError):
        to_gregorian(1429, 11, 30)


@pytest.mark.parametrize("year", [2019, 2020, 2023, 2024, 2025, 2100])
def test_round_trip_over_whole_years(year):
    day, seen = dt.date(year, 1, 1), []
    while day.year == year:
        b = from_gregorian(day)
        assert to_gregorian(b.year, b.month, b.day) == day
        seen.append(b)
        day += dt.timedelta(days=1)
    # consecutive days are consecutive Bangla dates: no gaps, no repeats
    assert seen == sorted(seen) and len(set(seen)) == len(seen)


def test_year_lengths_match_the_gregorian_year_they_end_in():
    for by in range(1390, 1460):
        assert sum(month_lengths(by)) == (to_gregorian(by + 1, 1, 1) - to_gregorian(by, 1, 1)).days


@pytest.mark.parametrize("bad", [(1430, 0, 1), (1430, 13, 1), (1430, 1, 32), (1430, 7, 31), (1430, 1, 0)])
def test_impossible_days_are_refused(bad):
    with pytest.raises(ValueError):
        to_gregorian(*bad)


def _table():
    """Every day 1990–2040 as two npm packages convert it (tests/fixtures/calendar_table/make_table.cjs)."""
    path = Path(__file__).resolve().parents[1] / "data" / "bangla_calendar.tsv"
    with open(path, encoding="utf-8") as f:
        next(f)
        for line in f:
            iso, year, month, day, _ = line.rstrip("\n").split("\t")
            yield dt.date.fromisoformat(iso), BanglaDate(int(year), int(month), int(day))


def test_every_day_1990_to_2040_both_ways_against_an_independent_table():
    rows = list(_table())
    assert len(rows) == (dt.date(2040, 12, 31) - dt.date(1990, 1, 1)).days + 1
    wrong = [(g, b) for g, b in rows if from_gregorian(g) != b or to_gregorian(b.year, b.month, b.day) != g]
    assert wrong == []


def test_the_1987_rules_agree_with_the_bangla_package_up_to_1425():
    """PyPI's `bangla` (1987 rules for every year) is a third, independent implementation."""
    import bangla

    from normalize.digits import to_ascii_digits
    months = ["বৈশাখ", "জ্যৈষ্ঠ", "আষাঢ়", "শ্রাবণ", "ভাদ্র", "আশ্বিন", "কার্তিক", "অগ্রহায়ণ", "পৌষ", "মাঘ",
              "ফাল্গুন", "চৈত্র"]
    day = dt.date(1990, 1, 1)
    while day < dt.date(2019, 4, 14):
        b = bangla.get_date(day.day, day.month, day.year)
        want = BanglaDate(int(to_ascii_digits(b["year"])), months.index(b["month"]) + 1, int(to_ascii_digits(b["date"])))
        assert from_gregorian(day) == want, day
        day += dt.timedelta(days=1)


@pytest.mark.parametrize("bangla_date, gregorian", [
    ((1425, 11, 9), dt.date(2019, 2, 21)),   # 1987 rules: ২১ ফেব্রুয়ারি was ৯ ফাল্গুন
    ((1425, 12, 30), dt.date(2019, 4, 13)),  # last day under the 1987 rules
    ((1426, 1, 1), dt.date(2019, 4, 14)),    # first day under the revised rules
    ((1398, 11, 31), dt.date(1992, 3, 14)),  # ফাল্গুন 31 in a leap year (1987 rules)
])
def test_era_boundaries(bangla_date, gregorian):
    assert to_gregorian(*bangla_date) == gregorian
    assert from_gregorian(gregorian) == BanglaDate(*bangla_date)
