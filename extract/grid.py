"""Cell boxes of a ruled table → a grid of cells with row and column spans.

Shared by the PDF reader (boxes from ruling lines in the file) and the scan
reader (boxes from lines found in the image): each box starts at one row and
one column edge and spans as many as it covers.
"""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import replace

from rapidfuzz import fuzz

from extract.model import Cell, Page, Provenance, Table
from normalize import codes
from normalize.header import is_column_number_row
from normalize.rows import header_height, is_total_row
from normalize.text import key

Box = tuple[float, float, float, float]  # x0, top, x1, bottom
MAX_HEADER_ROWS = 6
SAME_ROW = 75.0
LOOSE_ROW = 50.0  # a repeated header row OCR read badly is still this close to the original
STITCH_TOP = 0.25  # a table starting in the top quarter of a page may continue the previous one
EDGE_MATCH = 0.25  # of the narrowest column: how far a continued column's edges may stand from the first's


def table_from_boxes(boxes: list[Box], read: Callable[[Box], tuple[str, float]], source_file: str,
                     page: int | None, method: str, tolerance: float = 1.0,
                     alternatives: Callable[[Box], tuple[str, ...]] = lambda box: (),
                     word_readings: Callable[[Box], tuple] = lambda box: ()) -> Table | None:
    """The table the boxes form, each cell's text and confidence from `read(box)`, other readings
    of it from `alternatives(box)`, of its uncertain words from `word_readings(box)`."""
    if len(boxes) < 4:
        return None
    cols = _edges([b[0] for b in boxes], tolerance)
    rows = _edges([b[1] for b in boxes], tolerance)
    index = lambda edges, v: max(0, bisect_right(edges, v + tolerance) - 1)  # noqa: E731
    grid: list[list[Cell | None]] = [[None] * len(cols) for _ in rows]
    for box in sorted(boxes, key=lambda b: (b[1], b[0])):
        i, j = index(rows, box[1]), index(cols, box[0])
        if grid[i][j] is not None:
            continue
        text, confidence = read(box)
        prov = Provenance(source_file, page, i, j, method, confidence=round(confidence, 3),
                          bbox=tuple(round(v, 1) for v in box), alternatives=alternatives(box),
                          word_readings=word_readings(box))
        grid[i][j] = Cell(text, prov, rowspan=max(1, index(rows, box[3] - 2 * tolerance) - i + 1),
                          colspan=max(1, index(cols, box[2] - 2 * tolerance) - j + 1))
    cells = [[c or Cell("", Provenance(source_file, page, i, j, method)) for j, c in enumerate(r)]
             for i, r in enumerate(grid)]
    # a column no cell starts in or writes to is a sliver between two strokes of one line
    keep = [j for j in range(len(cols)) if any(r[j].text or grid[i][j] is not None and r[j].colspan > 1
                                                 for i, r in enumerate(cells))]
    return Table([[r[j] for j in keep] for r in cells], page=page)


def _edges(values: list[float], tolerance: float) -> list[float]:
    """Distinct positions, nearby ones (within tolerance) merged into their first."""
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tolerance:
            out.append(v)
    return out


def _same_row(a: list[str], b: list[str], score: float = SAME_ROW) -> bool:
    """Two rows read alike: the repeated header of a continued table (OCR reads it a little differently)."""
    ka, kb = key(" ".join(a)), key(" ".join(b))
    return ka == kb or (len(ka) > 8 and fuzz.ratio(ka, kb) >= score)


def _repeated_header(texts: list[list[str]], head: list[list[str]]) -> int:
    """How many rows at the top of a continuation repeat the header of the table it continues.

    The header is what stands above the first table's first indicator code (or, with no codes,
    above its first numbered row). A continuation repeats it only if its rows resemble those
    rows one by one, however differently OCR read them; many tables (the Finance Division's among
    them) do not repeat it, and a row cut by the page break comes next and is kept.
    """
    coded = next((i for i, row in enumerate(head) if any(codes.codes_in(c) for c in row)), None)
    header = head[:coded if coded is not None else header_height(head)]
    skip = 0
    while skip < min(len(texts), len(header)) and _header_like(texts[skip], header):
        skip += 1
    return skip


def _header_like(row: list[str], header: list[list[str]]) -> bool:
    """A row of the repeated header: close to one of the header's rows, or the column numbers."""
    if any(codes.codes_in(c) for c in row):
        return False
    return is_column_number_row(row) or any(_same_row(row, h, LOOSE_ROW) for h in header)


def _is_number(text: str) -> bool:
    return bool(text.strip()) and all(c.isdigit() or c in ".,%/-" for c in text.strip())


def _join_rest(rows: list[list[Cell]], rest: list[Cell]) -> list[Cell] | None:
    """A continuation's first row with no row number holds the rest of the row the page break cut:
    each cell's text follows its start, up to the cut row's row number (a two-line target/achievement
    row is two grid rows: a column's rest follows its lowest text there, or the merged cell over it).
    Where the rest has a value beside one of the cut row's, a new grid row starts in it too (the
    achievement line under the targets): then only the text of cells that ran on over the break is
    joined (not a label the column repeats, `অর্জন`), and what is left stays a row of its own
    (returned)."""
    last = len(rows) - 1
    start = next((k for k in range(last, -1, -1) if rows[k][0].text.strip()), last)
    new_row = any(_is_number(a.text) and _is_number(b.text) and a.text.strip() != b.text.strip()
                  for a, b in zip(rows[last], rest))
    left = list(rest)
    for j, b in enumerate(rest[:len(rows[last])]):
        i = next((k for k in range(last, start - 1, -1)
                  if rows[k][j].text.strip() or (k < last and k + rows[k][j].rowspan > last)), last)
        a = rows[i][j]
        if not b.text.strip():
            continue
        label = any(r[j].text.strip() == b.text.strip() for r in rows[:start] if j < len(r))
        ran_on = a.text.strip() and not _is_number(a.text) and not _is_number(b.text) and not label
        if new_row and not ran_on:
            continue
        left[j] = replace(b, text="")
        if b.text.strip() != a.text.strip():
            rows[i][j] = replace(a, text=f"{a.text} {b.text}".strip(), prov=a.prov if a.text.strip() else b.prov)
    return left if any(c.text.strip() for c in left) else None


def _extents(table: Table) -> list[tuple[float, float] | None]:
    """Each column's left and right edge: the medians of its single-column cells that hold text."""
    out = []
    for j in range(table.n_cols):
        boxes = [c.prov.bbox for r in table.rows if j < len(r) for c in [r[j]]
                 if c.text.strip() and c.colspan == 1 and c.prov.bbox]
        out.append((sorted(b[0] for b in boxes)[len(boxes) // 2], sorted(b[2] for b in boxes)[len(boxes) // 2])
                   if boxes else None)
    return out


def _drawn(table: Table) -> bool:
    """A digital PDF's table, whose cell edges are where the file drew them (a scan's grid may lose
    a rule and run two columns together)."""
    return all(c.prov.method.startswith("pdf-") for r in table.rows for c in r if c.text.strip())


def _in_columns_of(table: Table, previous: Table) -> Table | None:
    """A digital PDF's continuation with a column more or less than the table it continues (a
    column the page before had left empty, an added remark column) and no header of its own, its
    cells moved into the previous table's columns: each column whose two edges stand where one of
    those stood. None where a column that holds text matches none."""
    if abs(table.n_cols - previous.n_cols) != 1 or not _drawn(table) or not _drawn(previous):
        return None
    theirs, ours = _extents(previous), _extents(table)
    widths = [e[1] - e[0] for e in theirs if e is not None]
    if len(widths) < 2:
        return None
    slack = EDGE_MATCH * min(widths)
    target: dict[int, int] = {}  # the continuation's columns that hold text -> the previous table's
    for k, edges in enumerate(ours):
        if edges is None:
            continue  # an empty column: nothing to move
        j = next((j for j, e in enumerate(theirs) if e is not None and abs(e[0] - edges[0]) <= slack
                  and abs(e[1] - edges[1]) <= slack), None)
        if j is None:
            return None
        target[k] = j
    if len(set(target.values())) != len(target):
        return None
    rows = []
    for r in table.rows:
        moved = [Cell("", replace(r[0].prov, col=j)) for j in range(previous.n_cols)]
        for k, j in target.items():
            if k < len(r):
                moved[j] = replace(r[k], prov=replace(r[k].prov, col=j))
        rows.append(moved)
    return replace(table, rows=rows)


def stitch(pages: list[Page]) -> None:
    """A table at the top of a page continues the last table of the page before when the columns agree.

    Its repeated header rows (equal to the previous table's first rows) are dropped.
    """
    previous: Table | None = None
    for page in pages:
        kept = []
        for k, table in enumerate(page.tables):
            at_top = table.bbox is not None and table.bbox[1] < STITCH_TOP * (table.page_height or 842)
            continues = k == 0 and previous is not None and at_top
            header = _repeated_header(table.texts(), previous.texts()[:MAX_HEADER_ROWS]) if continues else 0
            if continues and previous.n_cols != table.n_cols and not header:
                table = _in_columns_of(table, previous) or table  # a repeated header maps its own columns
            if continues and previous.n_cols == table.n_cols:
                rows = table.rows[header:]
                first = rows[0] if rows else None
                if first and previous.rows and not first[0].text.strip() and any(c.text.strip() for c in first) \
                        and not is_total_row([c.text for c in first]):
                    left = _join_rest(previous.rows, first)
                    rows = rows[1:] if left is None else [left, *rows[1:]]
                previous.rows.extend(rows)
            else:
                kept.append(table)
                previous = table
        page.tables = kept

