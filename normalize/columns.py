"""Columns typed from their cells: the second opinion beside the header words.

OCR garbles headers (`কর্মসম্পাদন সূচকের মান` read as `কর্মসম্পাদ…`, `উত্তম (৮০%)` without its
percent), and then the header alone maps a column to nothing, or a level to the wrong column. The
cells say what a column holds as well: a run of value columns (dates, numbers, percents, dashes)
to the right of the indicator holds the target levels and then the achievement; a column of small
numbers just before it is the weight; unit words make the unit; codes make the indicator. Where
the header is silent or contradicts the cells, the cells decide; where it is clear, it stands.
"""
from __future__ import annotations

from normalize import codes
from normalize.header import ColumnMap
from normalize.text import clean
from normalize.values import is_cell_value, parse_value
from normalize.vocabulary import LEVELS, lookup

VALUE_SHARE = 0.6  # of a column's filled cells, to call it a value column
MAX_WEIGHT = 30


def _filled(body: list[list[str]], j: int) -> list[str]:
    return [clean(r[j]) for r in body if j < len(r) and clean(r[j])]


def _share(cells: list[str], test) -> float:
    return sum(1 for c in cells if test(c)) / len(cells) if cells else 0.0


def _is_weight(text: str) -> bool:
    v = parse_value(text)
    return v.kind == "number" and 0 < v.number <= MAX_WEIGHT


def value_run(body: list[list[str]], start: int, width: int, skip: tuple[int, ...] = ()) -> list[int]:
    """The first run of adjacent value columns at or after `start` (empty columns, and the `skip`
    ones such as the two-line layout's লক্ষ্যমাত্রা/অর্জন label, passed over)."""
    run: list[int] = []
    for j in range(start, width):
        cells = _filled(body, j)
        if not cells or j in skip:
            continue  # a sliver, a column nothing was written in, or one known to be no value
        if _share(cells, is_cell_value) >= VALUE_SHARE:
            run.append(j)
        elif run:
            break
    return run


def complete(cmap: ColumnMap, body: list[list[str]]) -> ColumnMap:
    """Fill in, from the cells, what the header words left unmapped or mapped against the cells."""
    width = max((len(r) for r in body), default=0)
    if not body or not width:
        return cmap
    taken = lambda: set(cmap.fields.values()) | set(cmap.levels.values()) | {c for c, _ in cmap.progress}  # noqa: E731
    if "indicator" not in cmap.fields:
        scores = [(_share(_filled(body, j), lambda c: bool(codes.first_code(c, 3))), j) for j in range(width)]
        best = max(scores, default=(0.0, None))
        if best[0] >= 0.5:
            cmap.fields["indicator"] = best[1]
    if "indicator" not in cmap.fields:
        return cmap
    if "unit" not in cmap.fields:
        for j in range(cmap.fields["indicator"] + 1, width):
            if j not in taken() and _share(_filled(body, j), lambda c: lookup("units", c) is not None) >= 0.6:
                cmap.fields["unit"] = j
                break
    label = cmap.fields.get("row_label")
    run = value_run(body, cmap.fields["indicator"] + 1, width, (label,) if label is not None else ())
    first_level = min(cmap.levels.values(), default=None)
    lead = [j for j in run if first_level is not None and j < first_level]
    if "weight" not in cmap.fields:
        # the weight column stands just before the levels: before the header's first level, else
        # the first of a run longer than the five levels (or before the two-line label column)
        candidate = lead[-1] if lead else run[0] if run and (len(run) > 5 or label is not None and run[0] < label) else None
        if candidate is not None and _share(_filled(body, candidate), _is_weight) >= 0.8:
            cmap.fields["weight"] = candidate
    run = [j for j in run if j not in cmap.fields.values() and (first_level is None or j >= first_level - 1)]
    if len(run) >= 4:
        _levels_from_run(cmap, run[:5])
    if cmap.levels and not cmap.progress and label is None and len(run) > len(cmap.levels):
        after = [j for j in run if j > max(cmap.levels.values())]
        if after:
            cmap.progress.append((after[0], None))
    return cmap


def _levels_from_run(cmap: ColumnMap, run: list[int]) -> None:
    """The level columns are the value run's first five, in the order the header gives them
    (reversed when it names অসাধারণ to the right of চলতি মানের নিম্নে), else left to right."""
    named = cmap.levels
    reverse = "excellent" in named and "poor" in named and named["excellent"] > named["poor"]
    in_order = [lv for lv in LEVELS if lv in named]
    whole = in_order == LEVELS[:len(in_order)]  # no level in the middle went unread
    if named and whole and set(run) <= set(named.values()):
        return  # the header and the cells agree (a level column may be empty throughout)
    order = list(reversed(LEVELS)) if reverse else list(LEVELS)
    if len(run) == 4 and not reverse:
        order = order[:4]
    cmap.levels = dict(zip(order, run))
