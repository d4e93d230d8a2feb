"""A reviewer's corrections (`corrections.csv`), applied to a report after it is read, before its
flags are computed, so the flags judge the corrected values. Each corrected field is listed in the
row's (or the report's) `reviewed`; a correction that finds no report, row or contract field is
handed back, never dropped.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

REPORT_FIELDS = ("office", "ministry", "tier", "fiscal_year", "quarter", "memo_no", "letter_date",
                 "letter_date_bangla")
VALUE_FIELDS = ("target_excellent", "target_very_good", "target_good", "target_fair", "target_poor", "achievement")
ROW_FIELDS = ("code_printed", "code", "activity_code", "indicator", "unit", "weight", "achievement_rating",
              "evidence", *VALUE_FIELDS)
COLUMNS = ["report_id", "row_no", "field", "value", "note"]


@dataclass(frozen=True)
class Correction:
    report_id: str
    row_no: int | None  # None: a report-level field
    field: str
    value: str
    note: str = ""

    def line(self) -> str:
        """The correction as one line of corrections.csv."""
        buf = io.StringIO()
        csv.writer(buf, lineterminator="").writerow(
            [self.report_id, "" if self.row_no is None else self.row_no, self.field, self.value, self.note])
        return buf.getvalue()


def parse(text: str) -> tuple[list[Correction], list[str]]:
    """(corrections, sentences about lines that are no correction)."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in COLUMNS[:4] if c not in (reader.fieldnames or [])]
    if missing:
        return [], [f"corrections file lacks the column(s) {', '.join(missing)}"]
    out, problems = [], []
    for n, row in enumerate(reader, start=2):
        row_no = (row.get("row_no") or "").strip()
        if row_no and not row_no.isdigit():
            problems.append(f"line {n}: row_no '{row_no}' is not a number")
            continue
        out.append(Correction((row["report_id"] or "").strip(), int(row_no) if row_no else None,
                              (row["field"] or "").strip(), row.get("value") or "", row.get("note") or ""))
    return out, problems


def stale_reason(c: Correction) -> str | None:
    """Why a correction cannot apply to any report, judged from the correction alone."""
    fields = ROW_FIELDS if c.row_no is not None else REPORT_FIELDS
    if c.field not in fields:
        kind = "row" if c.row_no is not None else "report"
        return f"'{c.field}' is not a {kind}-level contract column that can be corrected"
    return None


def apply_letter(letter, corrections: list[Correction]) -> tuple[list[str], list[tuple[Correction, str]]]:
    """Report-level corrections on the letter: (fields corrected, [(correction, why it did not apply)])."""
    done, stale = [], []
    for c in corrections:
        try:
            setattr(letter, c.field, _typed(c.field, c.value))
            done.append(c.field)
        except ValueError as e:
            stale.append((c, str(e)))
    return done, stale


def _typed(name: str, value: str):
    v = value.strip()
    if not v:
        return None
    if name == "quarter":
        if v not in ("1", "2", "3", "4"):
            raise ValueError(f"quarter '{v}' is not 1–4")
        return int(v)
    if name in ("letter_date", "letter_date_bangla"):
        return dt.date.fromisoformat(v)
    return v
