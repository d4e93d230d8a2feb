"""A table grid → the indicator rows it holds, each field still as read.

Handles the ways these forms are drawn: header over several rows, the row of
column numbers, merged area/activity cells (empty below their first row, so
they inherit), the two-line লক্ষ্যমাত্রা/অর্জন layout, OCR continuation rows,
cells holding column numbers instead of values, and a header's level percents
echoed into a data row.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

import schemas
from extract.model import Provenance, Table
from normalize import codes, columns
from normalize.digits import to_ascii_digits
from normalize.header import ColumnMap, classify, is_column_number_row, map_columns
from normalize.text import clean, has_letter, is_bangla, key
from normalize.values import Value, parse_value
from normalize.vocabulary import LEVELS, level_for_percent, lookup


@dataclass
class RowRead:
    """One indicator row as printed, before catalogue matching and quality rules."""

    code_printed: str | None
    activity_code: str | None
    indicator: str | None
    unit_text: str
    weight: Value
    targets: dict[str, Value]
    achievement: Value
    evidence: str | None
    sources: dict[str, Provenance] = field(default_factory=dict)
    code_digits: str | None = None  # a code's digits whose dots OCR lost (`[১১১]`), for the catalogue to place
    activity_text: str = ""  # the activity cell as read

    @property
    def unit(self) -> str | None:
        return unit_of(self.unit_text)

    @property
    def rating(self) -> str | None:
        return self.achievement.rating

    @property
    def confidence(self) -> float:
        return min((p.confidence for p in self.sources.values()), default=1.0)

    def alternatives_of(self, name: str) -> tuple[str, ...]:
        """Other readings of one field's cell (a second OCR pass), if a reader made any."""
        source = self.sources.get(name)
        return source.alternatives if source else ()

    def word_readings_of(self, name: str) -> dict[str, tuple[str, ...]]:
        """Other readings of the words an OCR engine was unsure of in one field's cell."""
        source = self.sources.get(name)
        return dict(source.word_readings) if source else {}

    def confidence_of(self, name: str) -> float:
        """How sure the reading of one field's cell is (1.0 when no reader said otherwise)."""
        source = self.sources.get(name)
        return source.confidence if source else 1.0


def unit_of(text: str) -> str | None:
    t = clean(text)
    return lookup("units", t, 70) if t else None


@cache
def _achievement_line_words() -> list[str]:
    return [key(w) for w in schemas.load("headers")["achievement_line"]]


def header_height(grid: list[list[str]]) -> int:
    """Rows before the first row that holds a code or starts with a serial number — or with
    several, where a scan lost the rules between rows (`১০ ১১ ১২`) and with them a code's dots."""
    for i, row in enumerate(grid):
        if is_column_number_row(row):
            continue
        if any(codes.CODE.search(c) for c in row):
            return i
        if i == 0:
            continue
        first = next((c for c in row if clean(c)), "")
        if (parse_value(first).kind == "number" or _serials_only(first)) and sum(1 for c in row if clean(c)) >= 4:
            return i
    return len(grid)


@dataclass
class TableRows:
    rows: list[RowRead]
    unread: list[str]  # sentences for a reviewer: rows that hold something no field could take
    serials: set[int] = field(default_factory=set)  # the row numbers the ক্রম column prints


def _repeats_header(row: list[str]) -> bool:
    """A row of the header repeated on a later page: two or more cells name header fields in words
    (`কর্মসম্পাদন সূচক`, `অতি উত্তম (৯০%)`) and no other cell holds a value. An indicator row
    prints values (a share, `৯০%`, names nothing); its achievement alone may carry a rating word."""
    named = [t for t in row if has_letter(t) and classify(t)]
    return len(named) >= 2 and not any(parse_value(t).is_value for t in row if t.strip() and t not in named)


def read_rows(table: Table, quarter: int | None = None, pivot: int | None = None) -> TableRows:
    """The indicator rows of one table; `quarter` picks the achievement column, `pivot` (the fiscal
    year's first year) resolves two-digit years. Total rows (মোট) are left out."""
    grid = table.texts()
    h = table.header_rows if table.header_rows is not None else header_height(grid)
    cmap = columns.complete(map_columns(grid[:h]), grid[h:])
    if "indicator" not in cmap.fields or not cmap.levels or h >= len(grid):
        return TableRows([], [_unread_table(table)] if _holds_dated_rows(grid) else [])
    serials = {n for row in grid[h:] for n in serial_numbers(_serial_cells(row, cmap))}
    out: list[RowRead] = []
    unread: list[str] = []
    activity_context: tuple[str, int] | None = None  # (text, row) of a merged activity cell
    for i in range(h, len(grid)):
        row = grid[i]
        if is_column_number_row(row):
            continue
        _blank_column_numbers(row, cmap)
        cell = lambda f: clean(row[cmap.fields[f]]) if f in cmap.fields else ""  # noqa: E731
        if is_total_row(row):
            continue
        label = cell("row_label")
        indicator_text = cell("indicator")
        if out and "row_label" in cmap.fields and _is_achievement_line(label, indicator_text, out[-1]):
            _take_achievement_line(out[-1], table, i, row, cmap, pivot)
            continue
        code = codes.first_code(indicator_text, 3)
        if not code and _repeats_header(row):
            continue  # the header repeated on a later page, which the stitching did not know (OCR read it otherwise)
        if (not code and codes.first_code(indicator_text, 2) and not _has_text(cell("activity"))
                and not _holds_values(row, cmap)):
            activity_context = (indicator_text, i)  # an activity written in the indicator column
            continue
        if code or is_bangla(codes.strip_codes(indicator_text)):
            if _has_text(cell("activity")):
                activity_context = (cell("activity"), i)
            out.append(_new_row(table, i, row, cmap, quarter, activity_context, pivot))
        elif out:
            _continue_row(out[-1], table, i, row, cmap, quarter, pivot)
        elif _looks_like_a_row(row, cmap):
            unread.append(f"a row on page {table.page or 1} holds values but no indicator that could be read")
    return TableRows(out, unread, serials)


def _serial_cells(row: list[str], cmap: ColumnMap) -> str:
    """The ক্রম column's cell, and the row's first cell where it holds no letter: the column a
    scan's header put one place over is still the first."""
    cells = [row[cmap.fields["serial"]]] if "serial" in cmap.fields else []
    if row and not has_letter(row[0]):
        cells.append(row[0])
    return " ".join(cells)


def serial_numbers(cell: str) -> list[int]:
    """The row numbers a ক্রম cell prints: several where OCR lost the rules between rows (`৯ ১০ ১১`)."""
    return [int(to_ascii_digits(n)) for n in _SERIAL.findall(cell)]


def _serials_only(cell: str) -> bool:
    """A ক্রম cell of row numbers and nothing else (`১০ ১১ ১২`)."""
    return bool(_SERIALS_ONLY.fullmatch(clean(cell)) and serial_numbers(cell))


def lost_rows(serials: set[int], rows_read: int) -> str | None:
    """A sentence when the ক্রম column numbers more rows than were read: a second witness to a row
    lost where a scan's rule went missing and two rows read as one. Only a run the column mostly
    prints counts (a misread number is no witness)."""
    last = max(serials, default=0)
    if last <= rows_read or last > MAX_SERIAL or len(serials & set(range(1, last + 1))) < SERIALS_SEEN * last:
        return None
    return f"the ক্রম column numbers {last} rows but {rows_read} indicator rows were read"


def _holds_dated_rows(grid: list[list[str]]) -> bool:
    """Rows printing two dates or more: no header does, so such a table held indicator rows."""
    return any(sum(parse_value(c).kind == "date" for c in row) >= 2 for row in grid)


def _unread_table(table: Table) -> str:
    return (f"a table on page {table.page or 1} holds rows of dates, but neither its columns nor "
            "where its header ends could be read, so none of its rows was taken")


def _looks_like_a_row(row: list[str], cmap: ColumnMap) -> bool:
    """A row before any indicator that holds values and a serial, unit or weight: an indicator row
    whose text could not be read (a header row left over holds values only)."""
    own = [row[cmap.fields[f]] for f in ("serial", "unit", "weight", "indicator") if f in cmap.fields]
    return _holds_values(row, cmap) and any(clean(c) for c in own)


def _holds_values(row: list[str], cmap: ColumnMap) -> bool:
    """Targets or an achievement: an activity heading has none, an indicator row whose code OCR
    garbled (`[&.১.৩]`, read as the activity code ১.৩) has them."""
    return any(parse_value(row[j]).is_value for j in cmap.value_columns() if j < len(row))


@cache
def _total_words() -> list[str]:
    return [key(w) for w in schemas.load("headers")["total_row"]]


def is_total_row(row: list[str]) -> bool:
    """`মোট` / `সর্বমোট` / `Total` in a row's first text cells and no code: the weights' sum."""
    texts = [clean(c) for c in row if clean(c)][:3]
    return any(key(codes.strip_codes(t)) in _total_words() for t in texts) and not any(
        codes.codes_in(c) for c in row)


def _has_text(text: str) -> bool:
    return is_bangla(text) or bool(codes.codes_in(text))


def _prov(table: Table, i: int, j: int) -> Provenance:
    return table.rows[i][j].prov if j < len(table.rows[i]) else table.rows[i][-1].prov


def _new_row(table: Table, i: int, row: list[str], cmap: ColumnMap, quarter: int | None,
             activity: tuple[str, int] | None, pivot: int | None) -> RowRead:
    f = cmap.fields
    text = clean(row[f["indicator"]])
    r = RowRead(
        code_printed=codes.first_code(text, 3),
        activity_code=activity_code(activity[0], codes.first_code(text, 3)) if activity else None,
        indicator=codes.strip_codes(text) or None,
        unit_text=clean(row[f["unit"]]) if "unit" in f else "",
        weight=parse_value(row[f["weight"]]) if "weight" in f else Value("", "empty"),
        targets={lv: parse_value(row[j], pivot) for lv, j in cmap.levels.items()},
        achievement=_achievement(row, cmap, quarter, pivot),
        evidence=_evidence(row[f["evidence"]]) if "evidence" in f else None,
        code_digits=codes.code_digits(text),
        activity_text=activity[0] if activity else "",
    )
    for name, j in f.items():
        r.sources[name] = _prov(table, i, j)
    for lv, j in cmap.levels.items():
        r.sources[f"target_{lv}"] = _prov(table, i, j)
    if activity:
        r.sources["activity"] = _prov(table, activity[1], f.get("activity", f["indicator"]))
    _drop_level_echo(r)
    return r


_SERIALS_ONLY = re.compile(r"[০-৯0-9.,\s]+")
_SERIAL = re.compile(r"(?<![০-৯0-9.,])[০-৯0-9]{1,2}(?![০-৯0-9]|[.,][০-৯0-9])")
MAX_SERIAL = 60  # a progress report's table is shorter
SERIALS_SEEN = 0.8  # of the numbers up to the last, read in the column
_TWO_DIGITS = re.compile(r"(?<![০-৯0-9.,:])[০-৯0-9]{2}(?![০-৯0-9]|[.,:][০-৯0-9])")
_TWO_LEVEL = re.compile(r"(?<![০-৯0-9.])[০-৯0-9]{1,2}\s*[.,:]\s*[০-৯0-9]{1,2}(?![০-৯0-9]|\.[০-৯0-9])")


def activity_code(activity: str, indicator_code: str | None) -> str | None:
    """The activity's printed code; when OCR kept only its first digits (`[২]` for `[২.২]`),
    the indicator's own code, which those digits begin, completes it. A cell that prints the code
    twice (`[8.১] কার্যক্রম ৪.১`: OCR took one ৪ for an 8; `[&.১] কার্যক্রম ৫.১`) gives the
    reading the indicator's code begins with, if one of them does, counting two digits whose dot
    OCR lost (`[২.১] কার্যক্রম ২২` under [২.২.১] is ২.২)."""
    activity = codes.unbracket(activity)
    code = codes.first_code(activity, 2)
    prefix = indicator_code.rsplit(".", 1)[0] if indicator_code else None
    printed = {codes.to_ascii(c) for c in _TWO_LEVEL.findall(activity)}
    printed |= {".".join(codes.to_ascii(c)) for c in _TWO_DIGITS.findall(activity)}  # `[২১]`: its dots lost
    if prefix and prefix in printed:
        return prefix
    if code or not indicator_code:
        return code
    lead = re.match(r"^\W*([০-৯0-9]+(?:[.,][০-৯0-9]+)*)", activity)
    if not lead:
        return None
    printed = codes.to_ascii(lead.group(1))
    # OCR kept the first digits (`[২]` for `[২.২]`), or every digit without its dots (`[১১]` for `[১.১]`)
    return prefix if (prefix + ".").startswith(printed + ".") or printed == prefix.replace(".", "") else None


def _achievement(row: list[str], cmap: ColumnMap, quarter: int | None, pivot: int | None) -> Value:
    col = cmap.achievement_column(quarter)
    return parse_value(row[col], pivot) if col is not None and col < len(row) else Value("", "empty")


def _evidence(text: str) -> str | None:
    t = clean(text)
    return t if t.strip("-–—. ") else None


def _is_achievement_line(label: str, indicator_text: str, previous: RowRead) -> bool:
    """The অর্জন line of the two-line layout: labelled so, or (label misread) the line right
    under an indicator's target line that holds no indicator of its own."""
    if label and key(label) in _achievement_line_words():
        return True
    return not indicator_text and "achievement" not in previous.sources


def _take_achievement_line(r: RowRead, table: Table, i: int, row: list[str], cmap: ColumnMap,
                           pivot: int | None) -> None:
    """Two-line layout: the অর্জন line's value sits under the target columns."""
    r.sources["achievement"] = _prov(table, i, cmap.value_columns()[0])
    for j in cmap.value_columns():
        v = parse_value(row[j], pivot)
        if v.kind != "empty":
            r.achievement = v
            r.sources["achievement"] = _prov(table, i, j)
            return


def _continue_row(r: RowRead, table: Table, i: int, row: list[str], cmap: ColumnMap, quarter: int | None,
                  pivot: int | None) -> None:
    """A row without an indicator of its own: OCR split one printed row into several.

    Fills the fields the indicator row left empty; never overwrites what it read.
    """
    for lv, j in cmap.levels.items():
        if r.targets[lv].kind == "empty" and (v := parse_value(row[j], pivot)).kind != "empty":
            r.targets[lv] = v
            r.sources[f"target_{lv}"] = _prov(table, i, j)
    if r.achievement.kind == "empty":
        r.achievement = _achievement(row, cmap, quarter, pivot)
    if r.weight.kind == "empty" and "weight" in cmap.fields:
        r.weight = parse_value(row[cmap.fields["weight"]])
    if not r.evidence and "evidence" in cmap.fields:
        r.evidence = _evidence(row[cmap.fields["evidence"]])


def _blank_column_numbers(row: list[str], cmap: ColumnMap) -> None:
    """Cells that hold their column's number (৮ ৯ ১০ ১১ …) instead of a value are empty."""
    cols = cmap.value_columns()
    nums = [(j, parse_value(row[j])) for j in cols if j < len(row) and clean(row[j])]
    ints = [int(v.number) for _, v in nums if v.kind == "number" and v.number == v.number.to_integral()]
    if len(ints) == len(nums) >= 4 and all(b == a + 1 for a, b in zip(ints, ints[1:])):
        for j, _ in nums:
            row[j] = ""


def _drop_level_echo(r: RowRead) -> None:
    """Level percents of the header (১০০% ৯০% …) copied into a non-percent row are not targets."""
    if r.unit == "percent":
        return
    filled = [v for v in r.targets.values() if v.kind != "empty"]
    if len(filled) < 3 or any(v.kind != "percent" for v in filled):
        return
    percents = [float(v.number) for v in filled]
    if all(level_for_percent(p) for p in percents) and all(a - b == 10 for a, b in zip(percents, percents[1:])):
        r.targets = {lv: Value("", "empty") for lv in LEVELS if lv in r.targets}
