"""Layout text of a PDF text layer: one table row spans several lines, values space-separated.

No column boundaries survive, so the row is cut by content: serial number and
indicator code open a row; the indicator text runs up to the unit word
(তারিখ, সংখ্যা, %) that is followed by the weight; then come the target
levels (as many as the header names percents or level words), the
achievement (possibly `অসাধারণ (১)` across lines) and the evidence text.
The reader emits a grid with a header row it composed from what it found,
so the same header mapping serves every reader.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from extract.model import Cell, Page, Provenance, Table
from normalize.header import level_words
from normalize.text import clean, key
from normalize.values import is_cell_value, parse_value, split_rating
from normalize.vocabulary import LEVELS, level_for_percent, lookup, rating_words

METHOD = "text-layout"
UNIT_MIN_SCORE = 70.0
_SERIAL = r"[০-৯0-9]{1,3}"
_CODE = r"\[+\s*[০-৯0-9]+(?:\s*\.\s*[০-৯0-9]+)+\s*\]+"
_ROW_START = re.compile(rf"^\s*({_SERIAL})\s*(?:[.)।]\s*)?({_CODE}.*)?$")
_CODE_LINE = re.compile(rf"^\s*{_CODE}")
_URL = re.compile(r"^\s*(https?://|www\.|\S+\.(gov|com|org)\.\S*/)\S*\s*$", re.IGNORECASE)
_HEADER_START = {key("ক্রম"), key("ক্র"), key("ক্রমিক"), key("ক্র.নং"), key("ক্র.সং.")}


@dataclass
class Token:
    text: str
    line: int  # 1-based line in the file
    first_on_line: bool
    last_on_line: bool


def read(text: str, source_file: str) -> Page:
    lines = text.split("\n")
    start = _header_start(lines)
    if start is None:
        return Page(number=None, text=text, tables=[], method=METHOD)
    first_row = next((i for i in range(start + 1, len(lines)) if _is_row_start(lines, i)), None)
    if first_row is None:
        return Page(number=None, text=text, tables=[], method=METHOD)
    header_text = "\n".join(lines[start:first_row])
    spans = _row_spans(lines, first_row)
    end = spans[-1][1] if spans else first_row
    table = _table(lines, header_text, spans, source_file)
    running = "\n".join(lines[:start] + lines[end:])
    return Page(number=None, text=running, tables=[table], method=METHOD)


def _header_start(lines: list[str]) -> int | None:
    for i, line in enumerate(lines):
        words = clean(line).split()
        if words and key(words[0]) in _HEADER_START and len(words) <= 3:
            return i
        if words and key(words[0]) in _HEADER_START and lookup("units", words[-1]) is None:
            return i
    return None


def _is_row_start(lines: list[str], i: int) -> bool:
    m = _ROW_START.match(lines[i])
    if not m:
        return False
    if m.group(2):
        return True
    nxt = next((line for line in lines[i + 1:] if line.strip()), "")
    return bool(_CODE_LINE.match(nxt))


def _row_spans(lines: list[str], first: int) -> list[tuple[int, int]]:
    starts = [i for i in range(first, len(lines)) if _is_row_start(lines, i)]
    spans = []
    for a, b in zip(starts, starts[1:] + [len(lines)]):
        end = a + 1
        for j in range(a + 1, b):
            if _URL.match(lines[j]):
                break
            end = j + 1
        spans.append((a, end))
    return spans


def _tokens(lines: list[str], a: int, b: int) -> list[Token]:
    out: list[Token] = []
    for i in range(a, b):
        words = lines[i].split()
        for k, w in enumerate(words):
            out.append(Token(w, i + 1, k == 0, k == len(words) - 1))
    return out


def _levels_in(header_text: str) -> list[str]:
    """Target levels the header names, by their percents or else their words."""
    best: list[str] = []
    for line in header_text.split("\n"):
        found = [level_for_percent(float(v.number)) for w in line.split()
                 if (v := parse_value(w)).kind == "percent"]
        found = [lv for lv in found if lv]
        if len(found) > len(best):
            best = found
    return best or list(LEVELS)


def _table(lines: list[str], header_text: str, spans: list[tuple[int, int]], source_file: str) -> Table:
    levels = _levels_in(header_text)
    words = level_words()
    header = ["ক্রম", "কার্যক্রম", "কর্মসম্পাদন সূচক", "একক", "কর্মসম্পাদন সূচকের মান",
              *[words[lv] for lv in levels], "অর্জন", "মন্তব্য"]
    rows: list[list[Cell]] = [[_cell(h, source_file, 0, j, None, 0.9) for j, h in enumerate(header)]]
    for r, (a, b) in enumerate(spans, start=1):
        fields = _cut_row(_tokens(lines, a, b), len(levels))
        rows.append([_cell(t, source_file, r, j, ln, conf) for j, (t, ln, conf) in enumerate(fields)])
    return Table(rows=rows, header_rows=1)


def _cell(text: str, source_file: str, row: int, col: int, line: int | None, conf: float) -> Cell:
    return Cell(text, Provenance(source_file, None, row, col, METHOD, confidence=conf, line=line))


def _cut_row(tokens: list[Token], n_levels: int) -> list[tuple[str, int | None, float]]:
    """[serial, activity, indicator, unit, weight, levels…, achievement, evidence] as (text, line, confidence)."""
    line0 = tokens[0].line if tokens else None
    serial = tokens.pop(0).text if tokens and re.fullmatch(_SERIAL, tokens[0].text) else ""
    joined = " ".join(t.text for t in tokens)
    codes = list(re.finditer(_CODE, joined))
    activity = ""
    # A two-level code before the indicator's three-level code is the activity cell.
    three = [m for m in codes if m.group(0).count(".") >= 2]
    if three and three[0].start() > 0:
        activity = joined[: three[0].start()].strip()
    skip = len(activity.split())
    body = tokens[skip:]
    unit_at = _unit_index(body)
    if unit_at is None:
        text = " ".join(t.text for t in body)
        return [(serial, line0, 1.0), (activity, line0, 1.0), (text, line0, 0.5), ("", None, 0.0),
                *[("", None, 0.0)] * (n_levels + 3)]
    indicator = " ".join(t.text for t in body[:unit_at])
    unit = body[unit_at]
    values = _join_wrapped(body[unit_at + 1:])
    weight = values.pop(0) if values else None
    levels: list[Token | None] = []
    while values and len(levels) < n_levels and is_cell_value(values[0].text) and not split_rating(values[0].text)[0]:
        levels.append(values.pop(0))
    levels += [None] * (n_levels - len(levels))
    achievement = values.pop(0) if values and (is_cell_value(values[0].text) or split_rating(values[0].text)[0]) else None
    evidence = " ".join(t.text for t in values)
    ev_line = values[0].line if values else None

    def tok(t: Token | None) -> tuple[str, int | None, float]:
        return (t.text, t.line, 0.9) if t else ("", None, 0.9)

    return [(serial, line0, 1.0), (activity, line0, 1.0), (indicator, line0, 0.9), tok(unit), tok(weight),
            *[tok(t) for t in levels], tok(achievement), (evidence, ev_line, 0.8)]


def _unit_index(tokens: list[Token]) -> int | None:
    """Position of the unit word: a unit spelling followed by a number (the weight)."""
    for i, t in enumerate(tokens[:-1]):
        if lookup("units", t.text, UNIT_MIN_SCORE) and parse_value(tokens[i + 1].text).kind == "number":
            return i
    return None


def _join_wrapped(tokens: list[Token]) -> list[Token]:
    """Undo line wrapping inside a cell: `৩০/০৩/২০২` + `৪` on the next line, `অসাধারণ` + `(১)`."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if (nxt and t.last_on_line and nxt.first_on_line and parse_value(t.text).kind == "truncated_date"
                and nxt.text.isdigit() and parse_value(t.text + nxt.text).kind == "date"):
            out.append(Token(t.text + nxt.text, t.line, t.first_on_line, nxt.last_on_line))
            i += 2
            continue
        width = _rating_width(tokens, i)
        if width:
            j = i + width - 1
            if j + 1 < len(tokens) and tokens[j + 1].text.startswith("("):
                j += 1
                while ")" not in tokens[j].text and j + 1 < len(tokens):
                    j += 1
            text = " ".join(x.text for x in tokens[i:j + 1])
            out.append(Token(text, t.line, t.first_on_line, tokens[j].last_on_line))
            i = j + 1
            continue
        out.append(t)
        i += 1
    return out


def _rating_width(tokens: list[Token], i: int) -> int:
    """How many tokens a rating word (`অসাধারণ`, `অতি উত্তম`) starting at token i spans; 0 if none."""
    for word in rating_words():  # longest first
        parts = word.split()
        if [t.text for t in tokens[i:i + len(parts)]] == parts:
            return len(parts)
    return 0
