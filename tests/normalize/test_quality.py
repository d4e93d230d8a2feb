import datetime as dt

from normalize.quality import damaged_share, targets_monotonic, value_flags
from normalize.values import parse_value

FY = (dt.date(2023, 7, 1), dt.date(2024, 6, 30))


def codes(flags):
    return [f.code for f in flags]


def test_value_rules():
    assert codes(value_flags("target_excellent", parse_value("৪১/০৮/২৪"), "date", FY)) == ["invalid_date"]
    assert codes(value_flags("target_good", parse_value("৩০/০৫/২"), "date", FY)) == ["truncated_value"]
    assert codes(value_flags("target_very_good", parse_value("১১/০২/২০২২"), "date", FY)) == ["date_outside_fiscal_year"]
    assert codes(value_flags("achievement", parse_value("১৮/০৯/২৩"), "count", FY)) == ["unit_value_mismatch"]
    assert codes(value_flags("achievement", parse_value("৮৫"), "percent", FY)) == []
    assert codes(value_flags("achievement", parse_value("৮৫%"), "date", FY)) == ["unit_value_mismatch"]


def test_monotonic_targets():
    assert targets_monotonic([parse_value(v) for v in ["২", "-", "১", "-", "-"]])
    assert not targets_monotonic([parse_value(v) for v in ["৩১/০১/২০২৪", "১১/০২/২০২২"]])
    assert targets_monotonic([parse_value(v) for v in ["১৬/০৫/২০২৪", "২৩/০৫/২০২৪", "৩০/০৫/২০২৪"]])
    assert not targets_monotonic([parse_value(v) for v in ["৪", "৮", "৮"]])


def test_a_two_digit_year_is_a_date_not_a_truncation():
    """`২৩/০৫/২০` can be a valid date as printed: it is read (and judged against the fiscal year)."""
    v = parse_value("২৩/০৫/২০", pivot=2023)
    assert (v.kind, v.text) == ("date", "2020-05-23")
    assert [f.code for f in value_flags("target_good", v, "date", FY)] == ["date_outside_fiscal_year"]


def test_damaged_text_is_measured():
    assert damaged_share(["ই-ফাইলে নোট নিষ্পত্তিকৃত"]) == 0
    assert damaged_share(["ইিঃপূকব য উদ্ভারবি/সহরিকৃি"]) > 0.2
    assert damaged_share(["KLমািসক অJগিতর"]) == 1


def test_the_calendars_disagree_only_on_dates_near_the_reports_fiscal_year():
    """OCR's ২০১৪ for ২০২৪ makes a letter dated ten years before the year it reports on: that
    disagreement is the reading's, not the letter's."""
    import datetime as dt

    from normalize.letter import Letter
    from normalize.report import _report_flags

    def codes(gregorian):
        letter = Letter(fiscal_year="2024-25", letter_date=gregorian, letter_date_bangla=dt.date(2024, 10, 11))
        return [f.code for f in _report_flags(letter, [], None, complete=True)]

    assert codes(dt.date(2024, 11, 10)) == ["calendar_mismatch"]
    assert codes(dt.date(2014, 10, 11)) == []
    assert codes(dt.date(2024, 10, 11)) == []
