"""Tables without a full grid of rules, from word boxes alone (extract/unruled.py).

The boxes are laid out by hand as a word processor sets a table: 10 pt text (glyph boxes 10 high),
a line pitch of 13.5, words of one cell parted by a space glyph 2.6 wide, cells set apart by
position only."""
from extract import unruled

H, PITCH, SPACE = 10.0, 13.5, 2.6


def word(x0: float, x1: float, top: float, spaced: bool = False):
    return (x0, top, x1, top + H, spaced)


def phrase(x0: float, top: float, *widths: float):
    """Words of one cell, each after a space glyph but the first."""
    out, x = [], x0
    for k, w in enumerate(widths):
        out.append(word(x, x + w, top, spaced=k > 0))
        x += w + SPACE
    return out


def row(top: float, serial: str, text_lines: list[list[float]], unit: float, values: list[float]):
    """A body row: a serial number, an indicator wrapped over several lines, a unit and values."""
    lines = []
    for k, widths in enumerate(text_lines):
        line = phrase(60, top + k * PITCH, *widths)
        if k == 0:
            line = [word(40, 40 + 8 * len(serial), top)] + line \
                + [word(250, 250 + unit, top)] + [word(300 + 60 * i, 300 + 60 * i + v, top) for i, v in enumerate(values)]
        lines.append(line)
    return lines


def table(top: float = 100.0, rows: int = 4) -> list[list[tuple]]:
    header = [[word(40, 56, top), word(120, 160, top), word(250, 272, top), *phrase(310, top, 60, 57)],
              [word(300, 330, top + PITCH), word(360, 390, top + PITCH), word(420, 450, top + PITCH)]]
    body, y = [], top + 2 * PITCH + 8
    for k in range(rows):
        lines = row(y, f"{k + 1}", [[30, 40, 50, 20], [60, 45]] if k % 2 == 0 else [[35, 45]], 22,
                    [20, 12, 18])
        body += lines
        y += len(lines) * PITCH + 8  # a cell's padding above and below
    return header + body


def test_columns_from_the_gaps_between_cells_and_rows_from_the_line_spacing():
    found = unruled.find(table(), rules=[])
    assert len(found) == 1
    t = found[0]
    assert len(t.columns) - 1 == 6  # serial, indicator, unit and three values
    tops = sorted({c[1] for c in t.cells})
    assert len(tops) == 2 + 4  # two header lines, four rows: a wrapped indicator is one cell
    wrapped = [c for c in t.cells if c[0] < 60 < c[2] and c[3] - c[1] > PITCH]
    assert len(wrapped) == 2  # the two rows whose indicator runs over two lines


def test_a_header_over_several_columns_leaves_their_gaps_open():
    t = unruled.find(table(), rules=[])[0]
    spanning = [c for c in t.cells if c[1] < 100 and c[0] > 280 and c[2] - c[0] > 100]
    assert len(spanning) == 1  # লক্ষ্যমাত্রা over the three value columns: one cell, the columns stay three


def test_a_space_glyph_joins_words_into_one_cell_however_wide_the_gap():
    lines = table()
    first_row = lines[2]
    assert any(w[4] for w in first_row)  # the indicator's words are spaced
    t = unruled.find(lines, rules=[])[0]
    x_starts = sorted({round(c[0]) for c in t.cells})
    assert not any(62 < x < 205 for x in x_starts)  # no column starts inside the indicator (60 to 208)


def test_horizontal_rules_decide_the_rows_where_the_table_has_them():
    lines = table()
    rule_ys = sorted({round(min(w[1] for w in line) - 4) for line in lines[2:] if line[0][0] == 40})
    rules = [(38.0, y, 480.0) for y in rule_ys]
    t = unruled.find(lines, rules)[0]
    body_tops = sorted({c[1] for c in t.cells if c[1] > rule_ys[0] - 1})
    assert body_tops == [float(y) for y in rule_ys]


def test_running_text_is_no_table():
    paragraph = [phrase(40, 100 + k * PITCH, 30, 42, 25, 60, 33, 48, 20, 51) for k in range(8)]
    assert unruled.find(paragraph, rules=[]) == []


def test_a_continued_table_keeps_the_columns_of_the_page_before():
    first = unruled.find(table(), rules=[])[0]
    short = table(rows=1)[2:]  # one row on the next page, no header
    alone = unruled.find(short, rules=[])
    continued = unruled.find(short, rules=[], earlier=[first.columns])
    assert alone == []  # one row shows too little to be a table by itself
    assert len(continued) == 1 and continued[0].columns[1:-1] == first.columns[1:-1]


def test_words_are_parted_by_space_glyphs_and_by_gaps():
    glyphs = [((0, 0, 5, 10), False), ((5, 0, 9, 10), False), ((9, 0, 11.6, 10), True), ((11.6, 0, 20, 10), False),
              ((26, 0, 30, 10), False)]
    words = unruled.words_of([glyphs])[0]
    assert [(w[0], w[2], w[4]) for w in words] == [(0, 9, False), (11.6, 20, True), (26, 30, False)]
