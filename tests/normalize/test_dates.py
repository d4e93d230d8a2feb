import datetime as dt

import pytest

from normalize.dates import find_dates, parse_numeric


@pytest.mark.parametrize("text, expected, digits", [
    ("১৬/০৫/২০২৪", dt.date(2024, 5, 16), 4),
    ("১৬/০৩/২৪", dt.date(2024, 3, 16), 2),
    ("০১.০৭.২০২৫খ্রি.", dt.date(2025, 7, 1), 4),
    ("১৪-১-২০২৪", dt.date(2024, 1, 14), 4),
    ("30/04/2024", dt.date(2024, 4, 30), 4),
])
def test_numeric_forms(text, expected, digits):
    p = parse_numeric(text)
    assert p.date == expected and p.year_digits == digits


def test_invalid_and_cut_off_dates_have_no_date():
    assert parse_numeric("৪১/০৮/২৪").date is None and not parse_numeric("৪১/০৮/২৪").truncated
    assert parse_numeric("৩০/০৫/২").truncated and parse_numeric("১৫/০৬/২০২").truncated
    assert parse_numeric("সংযুক্তি-১.২.১") is None


@pytest.mark.parametrize("text, expected, calendar", [
    ("তারিখঃ ০৪ অক্টোবর ২০২৩ খ্রিঃ", dt.date(2023, 10, 4), "gregorian"),
    ("১৪ জানুয়ারি ২০২৪", dt.date(2024, 1, 14), "gregorian"),
    ("১৪ জা;য়াির ২০২৪", dt.date(2024, 1, 14), "gregorian"),   # broken text layer
    ("৩০ পৌষ ১৪৩০", dt.date(2024, 1, 14), "bangla"),
    ("৩০ \ufffdপৗষ ১৪৩০", dt.date(2024, 1, 14), "bangla"),     # broken text layer
    ("১৯ কার্তিক ১৪৩০ বঙ্গাব্দ", dt.date(2023, 11, 4), "bangla"),
    ("২৬ পৌষ ১৪২৮", dt.date(2022, 1, 10), "bangla"),
    ("5 March, 2024", dt.date(2024, 3, 5), "gregorian"),
])
def test_dates_in_running_text(text, expected, calendar):
    found = [d for d in find_dates(text) if d.valid]
    assert [(d.date, d.calendar) for d in found] == [(expected, calendar)]


def test_memo_numbers_are_not_dates():
    assert [d for d in find_dates("স্মারক নং ১৪.০০.০০০০.০১১.০৬.০০১.২৩.১০১৫ তারিখ") if d.valid] == []


def test_words_that_are_no_month_give_no_date():
    assert find_dates("১২ টি কর্মশালা ২০২৪") == []


@pytest.mark.parametrize("text, expected", [
    ("১৪ই জানুয়ারি ২০২৪", dt.date(2024, 1, 14)),
    ("১লা জুলাই ২০২৩", dt.date(2023, 7, 1)),
    ("২রা অক্টোবর, ২০২৩", dt.date(2023, 10, 2)),
    ("৪ঠা মার্চ ২০২৪", dt.date(2024, 3, 4)),
    ("২১শে ফেব্রুয়ারি ২০২৪", dt.date(2024, 2, 21)),
    ("জানুয়ারি ১৪, ২০২৪", dt.date(2024, 1, 14)),
    ("January 14, 2024", dt.date(2024, 1, 14)),
    ("14th January 2024", dt.date(2024, 1, 14)),
    ("14-Jan-2024", dt.date(2024, 1, 14)),
    ("14 Jan. 2024", dt.date(2024, 1, 14)),
    ("2024-01-14", dt.date(2024, 1, 14)),
    ("Sept 3, 2023", dt.date(2023, 9, 3)),
    ("এপ্রিল ১০; ২০২৫", dt.date(2025, 4, 10)),  # a comma OCR read as a semicolon
])
def test_ordinal_month_first_latin_and_iso_forms(text, expected):
    found = [d for d in find_dates(f"তারিখ: {text} খ্রিঃ") if d.valid]
    assert [(d.date, d.calendar) for d in found] == [(expected, "gregorian")]
    assert parse_numeric(text).date == expected  # the same forms as a cell


@pytest.mark.parametrize("text, expected", [
    ("৩০শে পৌষ ১৪৩০", dt.date(2024, 1, 14)),
    ("৯ ফাল্গুন ১৪২৫", dt.date(2019, 2, 21)),  # the 1987 rules, before 1426
    ("৮ই ফাল্গুন ১৪৩০", dt.date(2024, 2, 21)),
])
def test_bangla_calendar_dates_by_era(text, expected):
    assert [(d.date, d.calendar) for d in find_dates(text)] == [(expected, "bangla")]


@pytest.mark.parametrize("text", [
    "মোট ১৫ জন ২০২৩-২৪ অর্থবছরে", "২০ জেলা ২০২৪ সালে", "৩ মাস ২০২৪", "১২ টি কর্মশালা ২০২৪",
    "৫ জানা ২০২৪", "১০ বার ২০২৩", "৭ দিন ১৪৩০",
])
def test_ordinary_words_are_never_months(text):
    assert find_dates(text) == []


@pytest.mark.parametrize("text, pivot, expected", [
    ("১৬/০৩/২৪", 2023, dt.date(2024, 3, 16)),
    ("১৬/০৩/৯৯", 2023, dt.date(1999, 3, 16)),
    ("১৬/০৩/৯৯", 2098, dt.date(2099, 3, 16)),
    ("১৬/০৩/২৪", None, dt.date(2024, 3, 16)),
])
def test_two_digit_years_take_the_century_nearest_the_fiscal_year(text, pivot, expected):
    p = parse_numeric(text, pivot)
    assert p.date == expected and p.year_digits == 2 and not p.truncated
