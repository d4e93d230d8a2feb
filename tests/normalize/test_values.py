import datetime as dt

import pytest

from normalize.values import parse_value


@pytest.mark.parametrize("cell, kind, text, rating", [
    ("১৬/০৩/২৪", "date", "2024-03-16", None),
    ("৮০%", "percent", "80", None),
    ("৯৬.৯৯ %", "percent", "96.99", None),
    ("৪", "number", "4", None),
    ("০১", "number", "1", None),
    ("৩টি", "number", "3", None),
    ("-", "null", None, None),
    ("--", "null", None, None),
    ("প্রযোজ্য নয়", "null", None, None),
    ("", "empty", None, None),
    ("অসাধারণ (১)", "number", "1", "excellent"),
    ("অসাধারণ (৯৬.৯৯%)", "percent", "96.99", "excellent"),
    ("অসাধারণ\n(২৭/১১/২০২৩)", "date", "2023-11-27", "excellent"),
    ("অতি উত্তম (৮০%)", "percent", "80", "very_good"),
    ("অসাধারণ, (৯০%)", "percent", "90", "excellent"),  # a comma or dot between word and bracket
    ("উত্তম. (২৭/১১/২০২৩)", "date", "2023-11-27", "good"),
    ("অসাধারণত্ব", "text", None, None),  # a longer word is no rating
    ("চলতি মানের নিম্নে", "null", None, "poor"),
    ("৪১/০৮/২৪", "invalid_date", None, None),
    ("২৩/০৫/২", "truncated_date", None, None),
    ("সংযুক্তি-১.২.১", "text", None, None),
])
def test_cells(cell, kind, text, rating):
    v = parse_value(cell)
    assert (v.kind, v.text, v.rating) == (kind, text, rating)


def test_typed_values():
    assert parse_value("১৮/০৯/২৩").date == dt.date(2023, 9, 18)
    assert float(parse_value("৪৪.৯৬%").number) == 44.96
