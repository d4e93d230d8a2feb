"""Which contract field each table column holds, read from its header words.

Headers come damaged (OCR, broken text layers) and spread over several rows:
a spanning `লক্ষ্যমাত্রা ২০২৩-২০২৪` above the level names, above their
percents, above a row of column numbers. Each column is classified from its
most specific (lowest) header cell that says something.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from rapidfuzz import fuzz

import schemas
from normalize.digits import to_ascii_digits
from normalize.text import clean, key
from normalize.values import parse_value, percent_read_as_zeros
from normalize.vocabulary import LEVELS, level_for_percent, lookup, vocabulary

LABEL_EXACT = 90.0  # a label this close wins over `contains` words
LABEL_FUZZY = 72.0  # below this a header cell says nothing we know
_DIGITS = re.compile(r"[\d০-৯%]+")


@dataclass
class ColumnMap:
    fields: dict[str, int] = field(default_factory=dict)  # field -> column
    levels: dict[str, int] = field(default_factory=dict)  # level -> column, in column order
    progress: list[tuple[int, int | None]] = field(default_factory=list)  # (column, quarter)

    def achievement_column(self, quarter: int | None) -> int | None:
        for col, q in self.progress:
            if quarter is not None and q == quarter:
                return col
        return self.progress[-1][0] if self.progress else None

    def value_columns(self) -> list[int]:
        return sorted(set(self.levels.values()) | {c for c, _ in self.progress})


@cache
def _labels() -> list[tuple[str, str]]:
    spec = schemas.load("headers")["labels"]
    return [(f, _header_key(label)) for f, labels in spec.items() for label in labels]


@cache
def _contains() -> list[tuple[str, str]]:
    spec = schemas.load("headers")["contains"]
    return [(f, key(w)) for f, words in spec.items() for w in words]


def _header_key(text: str) -> str:
    return key(_DIGITS.sub("", to_ascii_digits(text)))


def _quarter_in(text: str) -> int | None:
    words = clean(text).split()
    for w in words:
        q = lookup("quarter_ordinals", w)
        if q is not None:
            return int(q)
    return None


def classify(text: str) -> tuple[str, str | int | None] | None:
    """(field, detail) for one header cell, or None if it names nothing known.

    Fields: a target level ('level', 'excellent' …), ('progress', quarter),
    or a plain field from headers.yaml.
    """
    t = clean(text)
    if not t:
        return None
    v = parse_value(t)
    if v.kind == "percent" and (level := level_for_percent(float(v.number))):
        return "level", level
    if v.kind == "null" and v.rating:
        return "level", v.rating
    if v.rating and v.kind == "number" and v.rating in {level_for_percent(float(s)) for s in percent_read_as_zeros(v.number)}:
        return "level", v.rating  # `অসাধারণ (১০০০)`: OCR's `(১০০%)`, the word and its share agree
    if v.is_value or v.kind == "null":
        return None
    hk = _header_key(t)
    level = lookup("ratings", t, 80) or (hk and lookup("ratings", hk, 80))  # the words alone: `(১০০০)` is OCR's `(১০০%)`
    if level:
        return "level", level
    if not hk:
        return None
    best = max(((fuzz.ratio(hk, lk), f) for f, lk in _labels()), default=(0.0, None))
    if best[0] >= LABEL_EXACT:
        return best[1], None
    for f, word in _contains():
        if word in hk:
            return _contained(f, t)
    if best[0] >= LABEL_FUZZY:
        return best[1], None
    near = max(((fuzz.ratio(hk, word), f) for f, word in _contains()), default=(0.0, None))
    if near[0] >= LABEL_FUZZY:  # the cell is one of the `contains` words, OCR-damaged (`মন্তর্য`)
        return _contained(near[1], t)
    return None


def _contained(f: str, text: str) -> tuple[str, int | None]:
    """The field a `contains` word names; an achievement column says its quarter."""
    return ("progress", _quarter_in(text)) if f == "achievement" else (f, None)


def is_column_number_row(cells: list[str]) -> bool:
    """The row of column numbers (১ ২ ৩ …) printed under many headers."""
    ints = []
    for c in cells:
        if clean(c):
            v = parse_value(c)
            if v.kind != "number":  # most rows stop at their first cell
                return False
            ints.append(int(v.number))
    if len(ints) < 4:
        return False
    steps = sum(1 for a, b in zip(ints, ints[1:]) if b == a + 1)
    return steps >= len(ints) - 3


def map_columns(header_rows: list[list[str]]) -> ColumnMap:
    width = max((len(r) for r in header_rows), default=0)
    per_col: list[list[tuple[str, object]]] = [[] for _ in range(width)]
    for row in header_rows:
        for j, text in enumerate(row):
            c = classify(text)
            if c:
                per_col[j].append(c)
    cmap = ColumnMap()
    for j, found in enumerate(per_col):
        specific = [c for c in found if c[0] != "target_group"]
        if not specific:
            continue
        kind, detail = specific[-1]
        if kind == "level":
            cmap.levels.setdefault(str(detail), j)
        elif kind == "progress":
            cmap.progress.append((j, detail))
        else:
            cmap.fields.setdefault(kind, j)
    _align_levels(cmap)
    _infer_row_label(cmap)
    return cmap


def _infer_row_label(cmap: ColumnMap) -> None:
    """A column between the weight and the first target level is the লক্ষ্যমাত্রা/অর্জন label,
    even when its header was unreadable: that is where the two-line form draws it."""
    if "row_label" in cmap.fields or "weight" not in cmap.fields or not cmap.levels:
        return
    between = set(range(cmap.fields["weight"] + 1, min(cmap.levels.values()))) - set(cmap.fields.values())
    if len(between) == 1:
        cmap.fields["row_label"] = between.pop()


def _align_levels(cmap: ColumnMap) -> None:
    """Level columns lie side by side; a progress column OCR'd into their run moves past it.

    Damaged headers shift a level name one column right (`চলতি মান`, gap,
    `চলতি মানের নিম্নে`) while the values stay in place. The run starts at the
    first level and is as long as the number of levels named.
    """
    if not cmap.levels:
        return
    ordered = [lv for lv in LEVELS if lv in cmap.levels]
    if len(ordered) > 1 and cmap.levels[ordered[0]] > cmap.levels[ordered[-1]]:
        ordered.reverse()  # the header runs from চলতি মানের নিম্নে to অসাধারণ: keep its direction
    start = min(cmap.levels.values())
    run = list(range(start, start + len(ordered)))
    cmap.levels = dict(zip(ordered, run))
    taken = set(run) | set(cmap.fields.values())
    moved = []
    for col, q in cmap.progress:
        while col in taken:
            col += 1
        taken.add(col)
        moved.append((col, q))
    cmap.progress = moved


def level_words() -> dict[str, str]:
    """Canonical header word for each level, for readers that compose a header."""
    return {lv: spec["words"][0] for lv, spec in vocabulary()["ratings"].items()}
