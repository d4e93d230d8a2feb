"""Property-based tests (Hypothesis, fixed seed, bounded examples): no exception escapes on
arbitrary input, and each function keeps its stated invariants."""
import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from extract.model import ExtractionError
from extract.textfile import read_text
from normalize.bangla_calendar import BanglaDate, from_gregorian, month_lengths, to_gregorian
from normalize.dates import find_dates, parse_numeric
from normalize.digits import to_bangla_digits
from normalize.header import map_columns
from normalize.repair import repair_against, repair_words
from normalize.text import clean, is_malformed
from normalize.values import parse_value

FIXED = settings(derandomize=True, max_examples=150, deadline=None)
BANGLA = st.characters(min_codepoint=0x0980, max_codepoint=0x09FF)
CELL = st.text(alphabet=st.one_of(BANGLA, st.sampled_from("0123456789 ./-%()[],:|\t")), max_size=30)
WELL_FORMED_WORDS = ["সেবা", "ডিজিটাইজেশন", "দুইটি", "নহে", "আয়োজন", "১টি", "কর্মশালা", "প্রশিক্ষণার্থীদের"]


@FIXED
@given(st.binary(max_size=3000))
def test_text_reader_either_reads_or_says_why(data):
    try:
        doc = read_text(data, "x.txt")
    except ExtractionError as e:
        assert str(e).endswith((".", ")")) and len(str(e)) > 10
    else:
        assert doc.format == "text" and len(doc.pages) == 1


@FIXED
@given(st.lists(st.lists(CELL, min_size=1, max_size=8), min_size=1, max_size=6))
def test_text_tables_of_any_cells_are_read(grid):
    text = "\n".join("\t".join(row) + "\t\t\t" for row in grid)
    try:
        read_text(text.encode("utf-8"), "x.tsv")
    except ExtractionError:
        pass


@FIXED
@given(CELL)
def test_parse_value_never_raises_and_its_numbers_round_trip(text):
    v = parse_value(text)
    assert v.kind in {"empty", "null", "date", "number", "percent", "invalid_date", "truncated_date", "text"}
    if v.kind in ("number", "percent"):
        assert parse_value(to_bangla_digits(v.text)).number == v.number
    if v.kind == "date":
        assert v.date is not None and v.text == v.date.isoformat()


@FIXED
@given(st.dates(dt.date(1950, 1, 1), dt.date(2099, 12, 31)), st.sampled_from(["/", ".", "-"]))
def test_numeric_dates_in_bangla_digits_parse_back(day, sep):
    four = to_bangla_digits(day.strftime(f"%d{sep}%m{sep}%Y"))
    assert parse_numeric(four).date == day
    two = to_bangla_digits(day.strftime(f"%d{sep}%m{sep}%y"))
    assert parse_numeric(two, pivot=day.year).date == day


@FIXED
@given(st.dates(dt.date(1950, 1, 1), dt.date(2099, 12, 31)))
def test_the_bangla_calendar_round_trips_every_gregorian_day(day):
    b = from_gregorian(day)
    assert 1 <= b.day <= month_lengths(b.year)[b.month - 1]
    assert to_gregorian(b.year, b.month, b.day) == day
    assert from_gregorian(day + dt.timedelta(days=1)) > b


@FIXED
@given(st.integers(1357, 1506), st.integers(1, 12), st.integers(1, 31))
def test_every_bangla_day_round_trips(year, month, day):
    if day > month_lengths(year)[month - 1]:
        return
    assert from_gregorian(to_gregorian(year, month, day)) == BanglaDate(year, month, day)


@FIXED
@given(st.text(max_size=80))
def test_find_dates_never_raises_and_reports_positions_inside_the_text(text):
    for d in find_dates(text):
        assert 0 <= d.start < d.end <= len(text)


@FIXED
@given(st.lists(st.lists(CELL, min_size=1, max_size=12), min_size=1, max_size=4))
def test_header_mapping_gives_each_level_its_own_column(rows):
    cmap = map_columns(rows)
    levels = list(cmap.levels.values())
    assert len(levels) == len(set(levels))
    assert all(0 <= c for c in [*levels, *cmap.fields.values()])


@FIXED
@given(st.lists(st.sampled_from(WELL_FORMED_WORDS), min_size=1, max_size=8), st.text(BANGLA, max_size=40))
def test_repair_keeps_well_formed_words_as_printed(words, reference):
    text = " ".join(words)
    assert repair_against(text, reference).text == clean(text)
    assert repair_words(text).text == clean(text)


@FIXED
@given(st.text(alphabet=st.one_of(BANGLA, st.sampled_from(" ;/-=|")), max_size=60), st.text(BANGLA, max_size=60))
def test_repair_never_raises_and_records_every_change(text, reference):
    for fixed in (repair_against(text, reference), repair_against(text, reference, "ocr"),
                  repair_against(text, reference, "damaged"), repair_words(text)):
        if fixed.text != clean(text) and not any(is_malformed(w) for w in clean(text).split()):
            assert fixed.changes, (text, fixed.text)
