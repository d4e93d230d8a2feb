"""Tables stitched across pages (extract/grid.py), on grids made by hand."""
from extract.grid import stitch
from extract.model import Cell, Page, Provenance, Table


def table(rows: list[list[str]], page: int, top: float) -> Table:
    cells = [[Cell(t, Provenance("x.pdf", page, i, j, "pdf-glyphs")) for j, t in enumerate(r)] for i, r in enumerate(rows)]
    return Table(cells, page=page, bbox=(40, top, 800, top + 300), page_height=595)


HEADER = ["ক্রম", "কর্মসম্পাদন সূচক", "একক", "মান", "লক্ষ্যমাত্রা/অর্জন", "অসাধারণ"]


def test_a_row_the_page_break_cut_is_joined_with_its_rest():
    first = table([HEADER, ["০৮", "", "সংখ্যা", "৪", "লক্ষ্যমাত্রা", "৪"], ["", "", "", "", "অর্জন", ""]], 1, 60)
    rest = table([HEADER, ["", "[২.১.২] আওতাধীন দপ্তর/সংস্থার তথ্য বাতায়ন", "", "", "অর্জন", ""],
                  ["০৯", "[২.২.১] কর্মপরিকল্পনা", "সংখ্যা", "৩", "লক্ষ্যমাত্রা", "২"]], 2, 40)
    pages = [Page(1, "", [first]), Page(2, "", [rest])]
    stitch(pages)
    texts = pages[0].tables[0].texts()
    assert len(texts) == 4 and pages[1].tables == []
    assert texts[2] == ["", "[২.১.২] আওতাধীন দপ্তর/সংস্থার তথ্য বাতায়ন", "", "", "অর্জন", ""]
    assert texts[3][0] == "০৯"


def test_a_total_row_at_the_top_of_a_page_stays_its_own_row():
    first = table([HEADER, ["১২", "[২.২.৮] প্রশিক্ষণ", "সংখ্যা", "১", "লক্ষ্যমাত্রা", "৩"]], 1, 60)
    rest = table([["", "মোট", "", "৫১", "", ""]], 2, 40)
    pages = [Page(1, "", [first]), Page(2, "", [rest])]
    stitch(pages)
    texts = pages[0].tables[0].texts()
    assert texts[-1] == ["", "মোট", "", "৫১", "", ""] and len(texts) == 3


def boxed(rows: list[list[str]], page: int, top: float, xs: list[float]) -> Table:
    """A table whose cells carry boxes: column j stands from xs[j] to xs[j + 1]."""
    cells = [[Cell(t, Provenance("x.pdf", page, i, j, "pdf-glyphs", bbox=(xs[j], top + 20 * i, xs[j + 1], top + 20 * i + 18)))
              for j, t in enumerate(r)] for i, r in enumerate(rows)]
    return Table(cells, page=page, bbox=(xs[0], top, xs[-1], top + 300), page_height=595)


def test_a_continuation_with_a_column_less_is_stitched_by_where_its_columns_stand():
    xs = [40, 80, 300, 360, 420, 480, 540]
    first = boxed([["ক্রম", "কর্মসম্পাদন সূচক", "একক", "মান", "অসাধারণ", "মন্তব্য"],
                   ["০১", "[১.১.১] সেবা সহজিকরণ", "তারিখ", "১০", "১৩/০৯/২৩", "প্রমাণক"]], 1, 60, xs)
    # the next page drew no remark column: five columns, standing where the first five stood
    rest = boxed([["০২", "[২.১.১] তথ্য বাতায়ন", "সংখ্যা", "৫", "৪"]], 2, 40, xs[:6])
    pages = [Page(1, "", [first]), Page(2, "", [rest])]
    stitch(pages)
    texts = pages[0].tables[0].texts()
    assert pages[1].tables == [] and texts[-1] == ["০২", "[২.১.১] তথ্য বাতায়ন", "সংখ্যা", "৫", "৪", ""]


def test_a_continuation_whose_columns_do_not_line_up_is_its_own_table():
    first = boxed([["ক্রম", "সূচক", "একক", "মান"], ["০১", "[১.১.১] সেবা", "তারিখ", "১০"]], 1, 60, [40, 80, 300, 360, 420])
    other = boxed([["ক", "খ", "গ", "ঘ", "ঙ"]], 2, 40, [40, 100, 160, 220, 280, 340])
    pages = [Page(1, "", [first]), Page(2, "", [other])]
    stitch(pages)
    assert len(pages[1].tables) == 1 and len(pages[0].tables[0].rows) == 2
