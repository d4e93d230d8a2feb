"""Indicator rows out of a table grid: codes as OCR leaves them, and rows that must not vanish."""
from extract.model import Cell, Provenance, Table
from normalize.codes import codes_in, strip_codes
from normalize.rows import read_rows

HEADER = ["ক্রম", "কর্মসম্পাদন সূচক", "একক", "কর্মসম্পাদন সূচকের মান", "অসাধারণ", "অতি উত্তম", "উত্তম", "চলতি মান",
          "চলতি মানের নিম্নে"]


def _table(rows: list[list[str]]) -> Table:
    return Table([[Cell(t, Provenance("t.pdf", 1, i, j, "ocr")) for j, t in enumerate(r)]
                  for i, r in enumerate([HEADER] + rows)], page=1)


def test_codes_whose_dots_ocr_read_as_colons_or_commas():
    assert codes_in("[১:৩.১] মন্ত্রণালয়") == ("1.3.1",)
    assert codes_in("[২,২;৪] তথ্য") == ("2.2.4",)
    assert strip_codes("[১:৩.১] মন্ত্রণালয়") == "মন্ত্রণালয়"


def test_a_code_garbled_beyond_reading_is_stripped_from_the_text_not_read():
    assert strip_codes("[&.১.৩] আওতাধীন অফিসসমূহের তথ্য") == "আওতাধীন অফিসসমূহের তথ্য"
    assert strip_codes("(ক) তথ্য বাতায়ন") == "(ক) তথ্য বাতায়ন"


def test_a_row_with_a_garbled_code_and_values_is_an_indicator_row_not_an_activity_heading():
    rows = read_rows(_table([
        ["০৫", "[৫.১.১] তথ্য বাতায়ন হালনাগাদকৃত", "সংখ্যা", "৭", "৩", "২", "১", "-", "-"],
        ["০৬", "[&.১.৩] আওতাধীন অফিসসমূহের তথ্য বাতায়ন হালনাগাদকরণ", "সংখ্যা", "৩", "৬", "৪", "৫", "", "২"],
        ["", "[৬.১] স্মার্ট বাংলাদেশ বিনির্মাণ", "", "", "", "", "", "", ""],
        ["০৭", "[৬.১.১] কর্মশালা আয়োজিত", "সংখ্যা", "৫", "১০", "৯", "৮", "৭", "৬"],
    ])).rows
    assert [r.indicator for r in rows] == ["তথ্য বাতায়ন হালনাগাদকৃত", "আওতাধীন অফিসসমূহের তথ্য বাতায়ন হালনাগাদকরণ",
                                           "কর্মশালা আয়োজিত"]
    assert [r.code_printed for r in rows] == ["5.1.1", None, "6.1.1"]
    assert rows[1].weight.text == "3" and rows[1].targets["excellent"].text == "6"
    assert rows[2].activity_code == "6.1"


def test_a_code_whose_dots_ocr_lost_takes_them_from_the_catalogue_code_its_text_matches_with_the_same_digits():
    from normalize import catalogue
    from normalize.report import _record
    from normalize.rows import activity_code

    template = next(t for t in catalogue.templates() if any(e.code == "1.1.1" for e in t.indicators))
    entry = next(e for e in template.indicators if e.code == "1.1.1")
    table = _table([
        ["০১", f"[১১১] {entry.text}", "সংখ্যা", "৫", "৪", "৩", "২", "১", ""],
        ["০২", f"[১১২] {entry.text}", "সংখ্যা", "৫", "৪", "৩", "২", "১", ""],  # digits of another code
        ["০৩", f"[১১১২] {entry.text}", "সংখ্যা", "৫", "৪", "৩", "২", "১", ""],  # 11.1.2, 1.11.2 or 1.1.12
        ["০৪", f"7১১২] {entry.text}", "সংখ্যা", "৫", "৪", "৩", "২", "১", ""],  # its bracket read as a 7
    ])
    first, second, third, fourth = read_rows(table).rows
    assert first.code_printed is None and first.code_digits == "111"
    record = _record(1, first, template.indicators, "ocr")
    assert (record.code_printed, record.code) == ("1.1.1", "1.1.1")
    assert record.corrections[0].startswith("code_printed: read '111' without its dots, written '1.1.1'")
    # not the matched code's digits: three digits of a three-level code have one reading, the office's own code
    record = _record(2, second, template.indicators, "ocr")
    assert (record.code_printed, record.code) == ("1.1.2", "1.1.1")
    assert "three digits of a three-level code" in record.corrections[0]
    assert _record(3, third, template.indicators, "ocr").code_printed is None  # four digits: no one reading
    assert fourth.code_digits == "112" and _record(4, fourth, template.indicators, "ocr").code_printed == "1.1.2"
    assert activity_code("[১১] কার্যক্রম ১১", "1.1.1") == "1.1"  # the activity's digits follow the indicator's dots
    assert activity_code("[১২] কার্যক্রম ১২", "1.1.1") is None
    assert activity_code("1৪১] কার্যক্রম ৪১", "4.1.1") == "4.1"  # the bracket read as a Latin 1
    # the code printed twice, one copy misread: the one the indicator's own code begins with, dots lost or not
    assert activity_code("[২.১] কার্যক্রম ২২", "2.2.1") == "2.2"
    assert activity_code("[২.১] কার্যক্রম ২.১", "2.2.1") == "2.1"  # both copies agree: as printed


def test_a_date_whose_slashes_ocr_lost_is_read_with_them_only_where_that_is_a_date():
    from normalize.report import _record

    table = _table([
        ["০১", "[৯.১.১] অফিসের নিজস্ব সূচক", "তারিখ", "৫", "১৯১২২৩", "০৫/১২২৩", "২২০১/২৪", "১৫০০০০", "২৫০৩২০২৪"],
    ])
    row = read_rows(table, None, 2023).rows[0]
    record = _record(1, row, [], "ocr", 2023)
    got = {k: v.text for k, v in record.values.items()}
    assert got["target_excellent"] == "2023-12-19" and got["target_very_good"] == "2023-12-05"
    assert got["target_good"] == "2024-01-22" and got["target_fair"] == "150000"  # no month 00: as read
    assert got["target_poor"] == "2024-03-25"
    assert sum("OCR lost the date's slashes" in c for c in record.corrections) == 4
    assert _record(1, row, [], None, 2023).values["target_excellent"].text == "191223"  # a text layer: as printed


def test_the_serial_column_witnesses_rows_a_scan_lost():
    """Two rows read as one (their rule lost): the ক্রম cell holds both numbers, and the column
    numbers more rows than were read. A stray misread number is no witness."""
    from normalize.rows import lost_rows, serial_numbers

    table = _table([
        ["১", "[১.১.১] তথ্য বাতায়ন হালনাগাদকৃত", "সংখ্যা", "৫", "৪", "৩", "২", "১", ""],
        ["২ ৩", "[১.১.২] সেবা সহজিকরণ কর্মশালা আয়োজিত নোট নিষ্পত্তিকৃত", "সংখ্যা", "৫", "৪", "৩", "২", "১", ""],
    ])
    read = read_rows(table)
    assert len(read.rows) == 2 and read.serials == {1, 2, 3}
    assert lost_rows(read.serials, len(read.rows)) == "the ক্রম column numbers 3 rows but 2 indicator rows were read"
    assert serial_numbers("৯ ১০ ১১") == [9, 10, 11] and serial_numbers("[১.৫] ৬") == [6]
    assert lost_rows({1, 2, 3}, 3) is None
    assert lost_rows({1, 2, 44}, 3) is None  # 44 read for ৪: the column prints no run up to it


def test_a_weight_read_with_a_letter_fragment_beside_it_is_its_number_on_record():
    from normalize.report import _record

    row = read_rows(_table([["০২", "[২.১.১] তথ্য বাতায়ন হালনাগাদকৃত", "সংখ্যা", "২ পা", "৪", "৩", "২", "১", ""]])).rows[0]
    scanned = _record(2, row, [], "ocr")
    assert scanned.weight == 2.0 and scanned.weight_raw == "২ পা"
    assert scanned.corrections == ["weight: '২ পা' → '2' (a weight is one number; the letters beside it are no word, "
                                   "marks OCR read off the cell's edge)"]
    assert _record(2, row, [], None).weight is None  # a text layer prints what it prints


def test_rows_a_scan_read_as_one_with_their_codes_dotless_are_rows_not_header():
    """`১০ ১১ ১২` in the ক্রম cell and `[২২২]` for `[২.২.২]`: no code and no single serial marks
    where the header ends, the serials do."""
    rows = read_rows(_table([
        ["১০ ১১ ১২", "[২২২] আওতাধীন দপ্তর/সংস্থার প্রতিবেদন পর্যালোচনা", "তারিখ", "২", "১৮/০৩/২০২৪",
         "২৫/০৩/২০২৪", "০১/০৪/২০২৪", "", "১৫/০৪/২০২৪"],
    ]))
    assert [r.indicator for r in rows.rows] == ["আওতাধীন দপ্তর/সংস্থার প্রতিবেদন পর্যালোচনা"]
    assert rows.rows[0].targets["very_good"].text == "2024-03-25"


def test_a_table_of_dated_rows_whose_columns_cannot_be_read_says_so():
    garbled = Table([[Cell(t, Provenance("t.pdf", 3, i, j, "ocr")) for j, t in enumerate(r)] for i, r in enumerate([
        ["রি", "্", "ৰং", "রত"],
        ["[২২২] আওতাধীন", "১৮/০৩/২০২৪", "২৫/০৩/২০২৪", "০১/০৪/২০২৪"],
    ])], page=3)
    read = read_rows(garbled)
    assert read.rows == [] and read.unread == [
        "a table on page 3 holds rows of dates, but neither its columns nor where its header ends could be "
        "read, so none of its rows was taken"]
    plain = Table([[Cell(t, Provenance("t.pdf", 1, i, j, "ocr")) for j, t in enumerate(r)] for i, r in enumerate([
        ["নাম", "পদবি"], ["মোঃ আব্দুল করিম", "উপসচিব"]])], page=1)
    assert read_rows(plain).unread == []  # a table of no indicator rows is no loss


def test_an_uncertain_value_takes_its_second_reading_only_where_only_that_can_be_printed():
    """Two readings of the same marks, the first made with low confidence: the second is taken
    where the first cannot be what the row prints (a year centuries away, a Latin digit among
    Bangla ones) and the second can; a sure first reading, or one that can be printed, stays."""
    from normalize.report import _record

    def cell(text, confidence=1.0, second=()):
        return text, confidence, second

    cells = [cell("০১"), cell("[৯.১.১] অফিসের নিজস্ব সূচক"), cell("তারিখ"), cell("৫"),
             cell("২৮/০৯/২৩০৩", 0.3, ("২৮/০৯/২৩",)),  # year 2303: no report of 2023-24 prints it
             cell("১৯/১০/২০২৩", 0.3, ("১৯/১০/২০২৪",)),  # both could be printed: as read
             cell("২২/১০/১২২৩", 0.9, ("২২/১০/২৩",)),  # read with confidence: as read
             cell("৩০/১০/২০২৩"), cell("")]
    table = Table([[Cell(t, Provenance("t.pdf", 1, 0, j, "ocr")) for j, t in enumerate(HEADER)],
                   [Cell(t, Provenance("t.pdf", 1, 1, j, "ocr", confidence=c, alternatives=a))
                    for j, (t, c, a) in enumerate(cells)]], page=1)
    record = _record(1, read_rows(table, None, 2023).rows[0], [], "ocr", 2023)
    got = {k: v.text for k, v in record.values.items()}
    assert got["target_excellent"] == "2023-09-28" and record.values["target_excellent"].raw == "২৮/০৯/২৩০৩"
    assert got["target_very_good"] == "2023-10-19" and got["target_good"] == "1223-10-22"
    assert record.corrections == ["target_excellent: '২৮/০৯/২৩০৩' → '2023-09-28' (read with confidence 0.30; "
                                  "the second OCR reading '২৮/০৯/২৩' is the one that can be what the row prints)"]

    counts = [cell("০২"), cell("[৯.১.২] অফিসের নিজস্ব সূচক"), cell("সংখ্যা"), cell("৫"), cell("৪"),
              cell("8", 0.4, ("৩",)),  # a Latin digit in a row printed in Bangla digits
              cell("২"), cell("১"), cell("")]
    table = Table([[Cell(t, Provenance("t.pdf", 1, 0, j, "ocr")) for j, t in enumerate(HEADER)],
                   [Cell(t, Provenance("t.pdf", 1, 1, j, "ocr", confidence=c, alternatives=a))
                    for j, (t, c, a) in enumerate(counts)]], page=1)
    record = _record(2, read_rows(table, None, 2023).rows[0], [], "ocr", 2023)
    assert record.values["target_very_good"].text == "3" and record.values["target_very_good"].raw == "8"


def test_a_row_printing_one_code_over_another_indicators_text_stands_for_that_text_alone():
    from normalize.catalogue import Entry, Template
    from normalize.letter import Letter
    from normalize.report import IndicatorRecord, _report_flags

    def record(row_no, printed, matched):
        return IndicatorRecord(row_no, printed, matched, 100.0, None, "text", None, "count", 5.0, {}, None, None)

    entries = tuple(Entry(code, "text", "count", 5.0, None) for code in ("1.1.1", "1.1.2", "2.1.1"))
    template = Template("2023-24", "ministry", True, 15.0, entries)
    rows = [record(1, "1.1.1", "1.1.1"), record(2, "1.1.2", "2.1.1")]  # 2.1.1's text under 1.1.2
    flags = _report_flags(Letter(fiscal_year="2023-24"), rows, template, complete=True)
    assert [(f.code, f.detail) for f in flags if f.code == "missing_indicators"] == [("missing_indicators", "absent: 1.1.2")]
    rows = [record(1, "1.1.1", "1.1.1"), record(2, "1.1.2", "1.1.2"), record(3, "9.9.9", None)]
    assert "missing_indicators" in [f.code for f in _report_flags(Letter(), rows, template, complete=True)]
    rows.append(record(4, "2.1.1", None))  # no text match: the printed code it stands for
    assert "missing_indicators" not in [f.code for f in _report_flags(Letter(), rows, template, complete=True)]


def test_the_template_chooses_between_readings_of_a_target_only_where_the_first_is_in_doubt():
    """A second OCR reading that gives the template's value is taken over a first read with low
    confidence, never over one read with confidence: the office may print its own target."""
    from normalize import catalogue
    from normalize.report import _record

    template, entry = next((t, e) for t in catalogue.templates() for e in t.indicators
                           if e.targets and e.unit == "count" and catalogue.value_text(e.targets[0]).isdigit())
    want = catalogue.value_text(entry.targets[0])
    printed = str(int(want) + 1)
    bangla = printed.translate(str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯"))
    second = want.translate(str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯"))

    def row(confidence):
        code = entry.code.translate(str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯"))
        texts = ["০১", f"[{code}] {entry.text}", "সংখ্যা", "৫", bangla, "", "", "", ""]
        return Table([[Cell(t, Provenance("t.pdf", 1, 0, j, "ocr")) for j, t in enumerate(HEADER)],
                      [Cell(t, Provenance("t.pdf", 1, 1, j, "ocr", confidence=confidence if j == 4 else 1.0,
                                          alternatives=(second,) if j == 4 else ()))
                       for j, t in enumerate(texts)]], page=1)

    sure = _record(1, read_rows(row(0.8)).rows[0], template.indicators, "ocr")
    assert sure.values["target_excellent"].text == printed and sure.corrections == []
    doubtful = _record(1, read_rows(row(0.3)).rows[0], template.indicators, "ocr")
    assert doubtful.values["target_excellent"].text == want
    assert doubtful.corrections == [f"target_excellent: '{bangla}' → '{want}' (OCR confidence 0.30; the second OCR "
                                    f"reading '{second}' gives the template's value)"]


def test_a_sure_ocr_reading_the_row_cannot_print_stays_as_read_and_says_why_it_is_in_doubt():
    """The engine's confidence is in its marks; a value the row cannot print (a year centuries
    away, no value at all) is in doubt however sure the engine was: kept as read, its cell says why."""
    from normalize.report import _record

    cells = ["০১", "[৯.১.১] অফিসের নিজস্ব সূচক", "তারিখ", "৫", "২২/১০/১২২৩", "৮৫%০", "১৯/১০/২০২৩", "", "-"]
    table = Table([[Cell(t, Provenance("t.pdf", 1, 0, j, "ocr")) for j, t in enumerate(HEADER)],
                   [Cell(t, Provenance("t.pdf", 1, 1, j, "ocr", confidence=0.9)) for j, t in enumerate(cells)]],
                  page=1)
    record = _record(1, read_rows(table, None, 2023).rows[0], [], "ocr", 2023)
    assert record.values["target_excellent"].text == "1223-10-22" and record.corrections == []
    assert "a year from the fiscal year" in record.cells["target_excellent"]["doubt"]
    assert record.cells["target_very_good"]["doubt"] == "the cell holds no value as read"
    assert all("doubt" not in record.cells[f] for f in ("target_good", "target_fair", "target_poor"))
    # a text input's cells are as printed: nothing read there is in doubt
    text = Table([[Cell(t, Provenance("t.txt", None, i, j, "text-tsv")) for j, t in enumerate(r)]
                  for i, r in enumerate([HEADER, cells])])
    assert not any("doubt" in c for c in _record(1, read_rows(text, None, 2023).rows[0], [], None, 2023).cells.values())


def test_a_header_repeated_on_a_later_page_that_the_stitching_missed_is_no_indicator_row():
    rows = read_rows(_table([
        ["০৭", "[৬.১.১] কর্মশালা আয়োজিত", "সংখ্যা", "৫", "১০", "৯", "৮", "৭", "৬"],
        ["", "কর্মসম্পাদন সূচক", "", "কর্ম সম্পাদন সূচকের মান", "লক্ষ্যমাত্রা ২০২৪-২০২৫", "", "", "", ""],
        ["", "", "", "", "", "অতি উত্তম (৯০%)", "উত্তম (৮০%)", "চলতি মান (৭০%)",
         "চলতি মানের নিম্নে (৬০%)"],
        ["০৮", "[৭.১.১] অনলাইন রিপোর্টিং নিশ্চিতকরণ", "সংখ্যা", "৫", "৪", "৩", "২", "১", ""],
        ["০৯", "[৭.১.২] সেবা সহজিকরণ", "%", "৫", "৯৫%", "৯০%", "৮৫%", "৮০%", "অসাধারণ (৯৫%)"],  # shares: values
    ])).rows
    assert [r.code_printed for r in rows] == ["6.1.1", "7.1.1", "7.1.2"]
    assert rows[1].targets["excellent"].text == "4"
