"""Tables printed without a full grid of rules: columns from the gaps that run down the text,
rows from the horizontal rules where there are some, else from the spacing of the lines.

Works on boxes alone (words, whether a space glyph stood before each, and horizontal rules), so
any reader that has them can use it. Two cues decide each step: a column gap is a band no cell's
text crosses *and* no space glyph fills (without space glyphs: far wider than a word space, or
with ragged text beside it); a cell is a run of lines in one column at the text's line pitch (or
between two rules), and a row starts where its cells do. A table needs three rows of three cells,
unless it continues the table of the page before with the same columns.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from statistics import median

Box = tuple[float, float, float, float]  # x0, top, x1, bottom
Word = tuple[float, float, float, float, bool]  # a box, and whether a space glyph stands before it
Rule = tuple[float, float, float]  # x0, y, x1

MARK_WIDTH = 0.1  # of the height: a glyph this narrow is a mark drawn over the letter before it
WORD_GAP = 0.15  # glyphs of one word touch or overlap; a gap this share of their height parts words
MIN_COLUMNS = 3  # a line split into this many chunks by wide gaps is a line of a table
MIN_TABLE_LINES = 3
MIN_ROWS = 3  # rows of at least MIN_COLUMNS cells: a header and two rows (a continued table may have fewer)
MIN_GUTTER = 0.3  # of the text's height: a narrower band is no visible gap (a word break needs as much)
GUTTER_OVER_SPACE = 1.8  # without space glyphs, a band this many spaces wide that no word crosses is a column gap…
NARROW_GUTTER = 1.1  # …and so is one this wide whose lines beside it end raggedly
NEAR_GUTTER = 3.0  # word spaces from a band within which a line's words border it
RAGGED = 0.5  # word spaces by which the gaps beside a band vary where the texts beside it differ
MOSTLY_INSIDE = 0.5  # a header standing this much inside a band closes what it covers
HEADER_CROSSINGS = 3  # lines of header text that may cross one column gap (a header wraps over as many)
SAME_CELL_PITCH = 1.15  # lines of one cell follow at the text's line pitch; a cell below starts further down…
LINE_JITTER = 0.25  # …give or take this share of the text's height (marks drawn higher lift a line's top)
TAIL_STEP = 2.0  # of the text's height: the next line of a cell, not a paragraph after the table
LOOSE_LINES = 8  # lines between two table lines that are no table line (a wrapped cell's tail)
EDGE_SLACK = 6.0  # points: a table continued on another page starts and ends where it did
WIDE_CHUNK = 0.5  # a chunk this share of the table's width is running text, not a cell


@dataclass
class Found:
    """A table found on a page: its box and its cells' boxes (the PDF reader's lattice tables give the
    same), and where its columns part."""
    bbox: Box
    cells: list[Box]
    columns: list[float]


def words_of(lines: list[list[tuple[Box, bool]]]) -> list[list[Word]]:
    """Each line's glyph boxes, each marked whether it is a space, joined into words: a space or a
    gap wider than a sliver of the glyphs' height parts two words. A word says whether a space glyph
    filled the gap before it (the words of one cell are spaced; cells are set apart by position)."""
    out = []
    for line in lines:
        words: list[list] = []
        space = None
        for b, is_space in sorted(line):
            if is_space:
                space = b
                continue
            if words and b[2] - b[0] < MARK_WIDTH * (b[3] - b[1]) and b[0] <= words[-1][2] + 0.5:
                continue  # a reph or vowel sign drawn over the word before: no word of its own
            if words and space is None and b[0] - words[-1][2] <= WORD_GAP * max(b[3] - b[1], 1.0):
                w = words[-1]
                w[1], w[2], w[3] = min(w[1], b[1]), max(w[2], b[2]), max(w[3], b[3])
            else:
                spaced = bool(words) and space is not None and space[0] <= words[-1][2] + 0.5 and space[2] >= b[0] - 0.5
                words.append([*b, spaced])
            space = None
        out.append([tuple(w) for w in words])
    return out


def find(lines: list[list[Word]], rules: list[Rule], earlier: list[list[float]] = ()) -> list[Found]:
    """The tables among these lines of word boxes (top to bottom), with the page's horizontal rules.

    `earlier` holds the column bounds of tables found on the pages before: a table continued on
    this page with only a row or two has too few lines to show its columns, and keeps the earlier
    page's where they fit its words."""
    lines = [sorted(line) for line in lines if line]
    space = _word_space(lines)
    if space is None:
        return []
    found = []
    for first, last in _regions(lines, space, 1 if earlier else MIN_TABLE_LINES):
        table = _table(lines[first:last + 1], rules, space, earlier)
        if table is not None:
            found.append(table)
    return found


def _word_space(lines: list[list[Word]]) -> float | None:
    """The width of a space: the gaps a space glyph fills, or with none, the usual gap between words."""
    pairs = [(a, b) for line in lines for a, b in zip(line, line[1:])]
    gaps = [b[0] - a[2] for a, b in pairs if b[4]] or [b[0] - a[2] for a, b in pairs if 0 < b[0] - a[2] < a[3] - a[1]]
    return median(gaps) if gaps else None


def _apart(a: Word, b: Word, space: float, spaced_text: bool) -> bool:
    """Two neighbouring words of a line may stand in two cells: no space glyph between them where
    the text has them, else a gap far wider than a space."""
    gap = b[0] - a[2]
    if spaced_text:
        return not b[4] and gap >= MIN_GUTTER * (b[3] - b[1])
    return gap >= GUTTER_OVER_SPACE * space


def _chunks(line: list[Word], space: float, spaced_text: bool) -> list[Box]:
    """A line cut where its words may stand in different cells."""
    out: list[list] = []
    for k, w in enumerate(line):
        if out and not _apart(line[k - 1], w, space, spaced_text):
            out[-1][2], out[-1][1], out[-1][3] = max(out[-1][2], w[2]), min(out[-1][1], w[1]), max(out[-1][3], w[3])
        else:
            out.append(list(w))
    return [tuple(c) for c in out]


def _regions(lines: list[list[Word]], space: float, least: int) -> list[tuple[int, int]]:
    """(first, last) line of each run of at least `least` table lines: lines of several chunks, with
    the wrapped tails of their cells between and after them, but no running text (a table continued
    from the page before may show a single row)."""
    spaced_text = any(w[4] for line in lines for w in line)
    chunks = [_chunks(line, space, spaced_text) for line in lines]
    tabular = [len(c) >= MIN_COLUMNS for c in chunks]
    regions: list[tuple[int, int]] = []
    start = last = None
    for i, is_table in enumerate(tabular):
        if is_table:
            if start is None:
                start = i
            last = i
            continue
        if start is None:
            continue
        width = max(c[-1][2] for c in chunks[start:last + 1]) - min(c[0][0] for c in chunks[start:last + 1])
        running = any(c[2] - c[0] > WIDE_CHUNK * width for c in chunks[i])
        if running or i - last > LOOSE_LINES:
            regions.append((start, _tail(lines, last, i if running else len(lines))))
            start = None
    if start is not None:
        regions.append((start, _tail(lines, last, len(lines))))
    return [(a, b) for a, b in regions if sum(tabular[a:b + 1]) >= least]


def _tail(lines: list[list[Word]], last: int, limit: int) -> int:
    """The last line of a table whose last table line is `last`: the wrapped lines of its last row
    follow within a line or two, each starting where a word of the table's lines starts (a cell's
    wrapped text starts under its first line's)."""
    height = median(w[3] - w[1] for w in lines[last])
    starts = {round(w[0]) for line in lines[max(0, last - 20):last + 1] for w in line}
    end = last
    while end + 1 < limit and lines[end + 1][0][1] - lines[end][0][1] <= TAIL_STEP * height \
            and any(abs(round(lines[end + 1][0][0]) - x) <= 1 for x in starts):
        end += 1
    return end


def _next_line(pitch: float, height: float) -> float:
    """How far below a line the next line of the same cell may start."""
    return SAME_CELL_PITCH * pitch + LINE_JITTER * height


def _pitch(tops: list[Box], height: float) -> float | None:
    """The text's line pitch: the least step from one line down to the next (lines closer than half
    a glyph's height are one line, a mark set a little higher)."""
    steps = [b[1] - a[1] for a, b in zip(tops, tops[1:]) if b[1] - a[1] > height / 2]
    return min(steps) if steps else None


def _gutters(lines: list[list[Word]], space: float) -> list[tuple[float, float]]:
    """x-bands no cell's text crosses, but for a few header texts: those above every line that has
    text of two cells on both sides of the band. A header over a whole band spans the columns on
    either side (লক্ষ্যমাত্রা over its levels) and leaves it open; one standing mostly inside it
    (a header wider than its column's values) closes what it covers.

    A cell's text on one line is its words joined across their space glyphs: a header's second
    word may start in a gap its first word spans."""
    texts = [_phrases(line) for line in lines]
    x0 = min(line[0][0] for line in lines)
    x1 = max(line[-1][2] for line in lines)
    edges = sorted({round(v, 1) for line in texts for w in line for v in (w[0], w[2])})
    bands: list[list[float]] = []
    for a, b in zip(edges, edges[1:]):
        mid = (a + b) / 2
        crossing = [i for i, line in enumerate(texts) if any(w[0] < mid < w[2] for w in line)]
        if crossing and (len(crossing) > HEADER_CROSSINGS or max(crossing) > _first_beside(texts, mid, crossing)):
            continue  # crossed by more than a header, or by text with no two cells below it
        if bands and abs(bands[-1][1] - a) < 1e-6:
            bands[-1][1] = b
        else:
            bands.append([a, b])
    gaps = []
    for a, b in bands:
        reaching = [w for i, line in enumerate(texts) for w in line
                    if _inside_share(w, a, b) >= MOSTLY_INSIDE and not _spans(w, a, b, texts[i + 1:])]
        gaps += _free(a, b, reaching)
    spaced_text = any(w[4] for line in lines for w in line)
    height = median(w[3] - w[1] for line in lines for w in line)
    gaps = [(a, b) for a, b in gaps if a > x0 and b < x1 and _column_gap(lines, a, b, space, spaced_text, height)]
    return _one_header_per_column(gaps, lines, x0, x1)


def _phrases(line: list[Word]) -> list[Word]:
    """A line's words joined where a space glyph parts them: the text of one cell."""
    out: list[list] = []
    for w in line:
        if out and w[4]:
            out[-1][1], out[-1][2], out[-1][3] = min(out[-1][1], w[1]), w[2], max(out[-1][3], w[3])
        else:
            out.append(list(w))
    return [tuple(p) for p in out]


def _one_header_per_column(gaps: list[tuple[float, float]], lines: list[list[Word]], x0: float,
                           x1: float) -> list[tuple[float, float]]:
    """Two neighbouring columns one of which holds only words above all of the other's are one
    column: a header centred over values that stand to one side of it (`ক্রম` over left-aligned
    row numbers). Where a header could join either neighbour, it joins the one whose words start
    furthest below it (the one with no header of its own). A column only a header fills (a level
    no row gives a value) has neighbours whose headers stand beside its own, and keeps its gaps."""
    words = [w for line in lines for w in line]
    kept = list(gaps)
    changed = True
    while changed:
        changed = False
        edges = [x0] + [(a + b) / 2 for a, b in kept] + [x1]
        spans = []
        for lo, hi in zip(edges, edges[1:]):
            inside = [w for w in words if lo <= (w[0] + w[2]) / 2 < hi]
            spans.append((min(w[1] for w in inside), max(w[3] for w in inside)) if inside else None)
        apart = {k: max(b[0] - a[1], a[0] - b[1]) for k, (a, b) in enumerate(zip(spans, spans[1:])) if a and b}
        apart = {k: v for k, v in apart.items() if v >= 0}
        if apart:
            del kept[max(apart, key=apart.get)]
            changed = True
    return kept


def _first_beside(lines: list[list[Word]], x: float, crossing: list[int]) -> int:
    """The first line, of those not crossing x, with words of two cells on either side of it (no
    space glyph between them: two words of one header cell stand beside each other in its cell);
    -1 where there is none."""
    return next((i for i, line in enumerate(lines) if i not in crossing
                 and any(a[2] <= x <= b[0] and not b[4] for a, b in zip(line, line[1:]))), -1)


def _inside_share(word: Word, a: float, b: float) -> float:
    """How much of a word stands inside the band (a, b): a header wider than its column's values
    stands mostly in the gap beside them; one over a group of columns only reaches into it."""
    return max(0.0, min(word[2], b) - max(word[0], a)) / max(word[2] - word[0], 1e-6)


def _spans(word: Word, a: float, b: float, below: list[list[Word]]) -> bool:
    """A header word spans the columns on both sides of the band (a, b): it reaches over the whole
    band, with words of the lines below it under it on either side."""
    if not (word[0] <= a and word[2] >= b):
        return False
    under = [w for line in below for w in line]
    return any(w[0] < a and w[2] > word[0] for w in under) and any(w[2] > b and w[0] < word[2] for w in under)


def _free(a: float, b: float, words) -> list[tuple[float, float]]:
    """The parts of the span (a, b) no word covers."""
    free = [(a, b)]
    for w in words:
        free = [part for lo, hi in free for part in ((lo, min(hi, w[0])), (max(lo, w[2]), hi)) if part[1] > part[0]]
    return free


def _column_gap(lines: list[list[Word]], a: float, b: float, space: float, spaced_text: bool, height: float) -> bool:
    """Whether a band no word crosses parts two columns, not two words of one cell.

    Where the text has space glyphs, the words of a cell are spaced and cells are set apart by
    position: a band is a column gap unless a space glyph fills it on some line. Without space
    glyphs, a band is a column gap where it is wider than the gaps between words by far, or wider
    than a space with ragged text beside it: the gap after the same word of every row
    (`[১.১] কার্যক্রম`) is one space wide on every line, a gap between cells varies with their texts."""
    if b - a < MIN_GUTTER * height:
        return False
    if spaced_text:
        return not any(w[4] and b - 0.5 <= w[0] and prev[2] <= a + 0.5
                       for line in lines for prev, w in zip(line, line[1:]))
    if b - a >= GUTTER_OVER_SPACE * space:
        return True
    near = NEAR_GUTTER * space
    ends = [w[2] for line in lines for w in line if a - near <= w[2] <= a + 0.5]
    starts = [w[0] for line in lines for w in line if b - 0.5 <= w[0] <= b + near]
    return b - a >= NARROW_GUTTER * space and any(len(xs) > 1 and max(xs) - min(xs) >= RAGGED * space
                                                  for xs in (ends, starts))


def _table(lines: list[list[Word]], rules: list[Rule], space: float, earlier: list[list[float]]) -> Found | None:
    gutters = _gutters(lines, space)
    left = min(line[0][0] for line in lines) - 1
    right = max(line[-1][2] for line in lines) + 1
    bounds = [left] + [_between(lines, a, b) for a, b in gutters] + [right]
    top, bottom = min(w[1] for w in lines[0]) - 1, max(w[3] for w in lines[-1]) + 1
    rules = [r for r in rules if top - 2 < r[1] < bottom + 2 and r[2] - r[0] > 0]
    cells = _cells(lines, bounds, rules) if len(bounds) > MIN_COLUMNS else []
    continued = max([b for b in earlier if _fits(b, lines, bounds)], key=len, default=None)
    # the earlier page's columns where this page shows fewer, or too few numbered rows to judge its
    # own (a repeated header and a row or two)
    first_column = sum(1 for c in cells if c[0] == bounds[0] and c[2] == bounds[1])
    if continued and (len(continued) > len(bounds) or first_column <= MIN_ROWS):
        bounds = [min(bounds[0], continued[0]), *continued[1:-1], max(bounds[-1], continued[-1])]
        cells = _cells(lines, bounds, rules)
    elif _full_rows(cells) < MIN_ROWS:  # lines of running text that happen to leave gaps in line
        return None
    return Found((left, top, right, bottom), cells, bounds)


def _full_rows(cells: list[Box]) -> int:
    """Rows with at least MIN_COLUMNS cells."""
    return sum(n >= MIN_COLUMNS for n in Counter(c[1] for c in cells).values())


def _cells(lines: list[list[Word]], bounds: list[float], rules: list[Rule]) -> list[Box]:
    """The cells the lines make between these column bounds: per column, runs of lines (`_blocks`)."""
    # per line, its words grouped by the columns they stand in (a spanning word joins columns)
    segments: dict[tuple[int, int], list[Box]] = {}
    for line in lines:
        groups: list[list] = []
        for w in line:
            a, b = _column(bounds, w[0] + 0.5), _column(bounds, w[2] - 0.5)
            if groups and a <= groups[-1][1]:
                groups[-1][1] = max(groups[-1][1], b)
                groups[-1][2].append(w)
            else:
                groups.append([a, b, [w]])
        for a, b, ws in groups:
            segments.setdefault((a, b), []).append((min(w[0] for w in ws), min(w[1] for w in ws),
                                                   max(w[2] for w in ws), max(w[3] for w in ws)))
    height = median(w[3] - w[1] for line in lines for w in line)
    pitch = min((p for segs in segments.values() if (p := _pitch(sorted(segs, key=lambda s: s[1]), height))),
                default=0.0)
    # the first column's cells start the rows (a row number): a cell above one ends there, whatever
    # the spacing (Word's cells have no margin above or below their text)
    numbered = [b[1] for b in _blocks(sorted(segments.get((0, 0), []), key=lambda s: s[1]), pitch, height,
                                        [r for r in rules if _covers(r, bounds[0], bounds[1])], [])]
    cells = []
    for (a, b), segs in segments.items():
        ruled = [r for r in rules if _covers(r, bounds[a], bounds[b + 1])]
        for block in _blocks(sorted(segs, key=lambda s: s[1]), pitch, height, ruled, numbered):
            ceiling = max((r[1] for r in ruled if r[1] <= block[1] + 1), default=block[1] - 1)
            cells.append((bounds[a], ceiling, bounds[b + 1], block[3] + 1))
    return _level_tops(cells, height)


def _level_tops(cells: list[Box], height: float) -> list[Box]:
    """Cells of one row start at one top: the first lines of a row's cells stand within half a line
    of each other (a mark drawn higher lifts one), and the grid takes each distinct top for a row."""
    level: dict[float, float] = {}
    for top in sorted({c[1] for c in cells}):
        row = min((t for t in level.values() if top - t < height / 2), default=top)
        level[top] = row
    return [(c[0], level[c[1]], c[2], c[3]) for c in cells]


def _fits(bounds: list[float], lines: list[list[Word]], own: list[float]) -> bool:
    """An earlier table's column bounds fit these lines: the same left edge, the words within its
    right edge, and no word but a spanning header's crossing an inner bound."""
    if abs(bounds[0] - own[0]) > EDGE_SLACK or own[-1] > bounds[-1] + EDGE_SLACK:
        return False
    return all(sum(any(w[0] < x < w[2] for w in line) for line in lines) <= HEADER_CROSSINGS for x in bounds[1:-1])


def _between(lines: list[list[Word]], a: float, b: float) -> float:
    """Where one column ends and the next begins in the gap (a, b): amid the part of it no word
    at all crosses, where there is one (the header's words may reach into a gap the body leaves)."""
    free = _free(a, b, (w for line in lines for w in line if w[2] > a and w[0] < b))
    lo, hi = max(free, key=lambda f: f[1] - f[0], default=(a, b))
    return (lo + hi) / 2


def _column(bounds: list[float], x: float) -> int:
    for j in range(len(bounds) - 1):
        if x < bounds[j + 1]:
            return j
    return len(bounds) - 2


def _covers(rule: Rule, x0: float, x1: float) -> bool:
    return rule[0] <= (x0 + x1) / 2 <= rule[2]


def _blocks(segs: list[Box], pitch: float, height: float, rules: list[Rule], starts: list[float]) -> list[Box]:
    """One column's lines joined into cells. Where rules cross the column, only a rule starts a new
    cell; elsewhere a line further below the one before than the text's line pitch does, and so
    does a line level with the start of a row (`starts`)."""
    blocks: list[list[float]] = []
    for s in segs:
        if blocks:
            b = blocks[-1]
            if any(abs(s[1] - t) < height / 2 for t in starts):
                joined = False
            elif rules:
                joined = not any(b[4] + height / 2 < r[1] < s[1] + 1 for r in rules)
            else:
                joined = s[1] - b[4] <= _next_line(pitch, height) or s[1] - b[4] < height / 2
            if joined:
                b[0], b[2], b[3], b[4] = min(b[0], s[0]), max(b[2], s[2]), max(b[3], s[3]), s[1]
                continue
        blocks.append([s[0], s[1], s[2], s[3], s[1]])  # the last entry: the top of the block's last line
    return [tuple(b[:4]) for b in blocks]
