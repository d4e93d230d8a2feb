import datetime as dt

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
    for by in range(1426, 1460):
        assert sum(month_lengths(by)) == (to_gregorian(by + 1, 1, 1) - to_gregorian(by, 1, 1)).days


@pytest.mark.parametrize("bad", [(1430, 0, 1), (1430, 13, 1), (1430, 1, 32), (1430, 7, 31), (1430, 1, 0)])
def test_impossible_days_are_refused(bad):
    with pytest.raises(ValueError):
        to_gregorian(*bad)
