"""The canonical catalogue (schemas/catalogue/*.yaml) and matching rows against it.

Printed codes are often wrong, so the indicator text decides: each row is
scored against every entry of its template by rapidfuzz on the text, an
agreeing printed code adds a small bonus, and a disagreement is flagged later.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, cached_property

from rapidfuzz import fuzz

import schemas
from normalize.text import clean, key
from normalize.values import Value

MIN_TEXT_SCORE = 60.0  # below this a row matches nothing…
MIN_TEXT_SCORE_WITH_CODE = 40.0  # …unless its printed code agrees
CODE_BONUS = 15.0


@dataclass(frozen=True)
class Entry:
    code: str
    text: str
    unit: str | None
    weight: float | None
    targets: tuple | None

    @cached_property
    def text_key(self) -> str:
        """The text's comparison key, made once: every row of every report is scored against it."""
        return key(self.text)


@dataclass(frozen=True)
class Template:
    fiscal_year: str
    tier: str
    complete: bool
    weight_total: float | None
    indicators: tuple[Entry, ...]

    @property
    def name(self) -> str:
        return f"{self.fiscal_year}_{self.tier}"


@dataclass(frozen=True)
class Match:
    entry: Entry | None
    score: float


@cache
def templates() -> tuple[Template, ...]:
    out = []
    for path in sorted((schemas.SCHEMAS_DIR / "catalogue").glob("*.yaml")):
        data = schemas.load(f"catalogue/{path.stem}")
        entries = tuple(
            Entry(str(i["code"]), clean(i["text"]), i.get("unit"), i.get("weight"),
                  tuple(i["targets"]) if i.get("targets") else None)
            for i in data["indicators"]
        )
        out.append(Template(str(data["fiscal_year"]), data["tier"], bool(data.get("complete")),
                            data.get("weight_total"), entries))
    return tuple(out)


def template_for(fiscal_year: str | None, tier: str | None) -> Template | None:
    return next((t for t in templates() if t.fiscal_year == fiscal_year and t.tier == tier), None)


def candidates(fiscal_year: str | None, tier: str | None) -> list[Entry]:
    """Entries to match against: the report's template, else its year's, else all."""
    exact = template_for(fiscal_year, tier)
    if exact:
        return list(exact.indicators)
    same_year = [e for t in templates() if t.fiscal_year == fiscal_year for e in t.indicators]
    return same_year or [e for t in templates() for e in t.indicators]


def value_text(target) -> str | None:
    """A catalogue target in the contract's value form."""
    if target is None:
        return None
    if isinstance(target, dt.date):
        return target.isoformat()
    return format(Decimal(str(target)).normalize(), "f")


def as_value(target, read: Value) -> Value:
    """A catalogue target standing in for a misread cell (the cell's raw text kept)."""
    if isinstance(target, dt.date):
        return Value(read.raw, "date", date=target, year_digits=read.year_digits)
    return Value(read.raw, read.kind if read.kind in ("number", "percent") else "number", number=Decimal(str(target)))


def match(code_printed: str | None, text: str | None, entries: list[Entry]) -> Match:
    best, best_total, best_text = None, -1.0, 0.0
    text_key = key(text) if text else None
    for e in entries:
        s = fuzz.ratio(text_key, e.text_key) if text else 0.0
        total = s + (CODE_BONUS if code_printed == e.code else 0.0)
        if total > best_total:
            best, best_total, best_text = e, total, s
    if best is None:
        return Match(None, 0.0)
    agrees = code_printed == best.code
    if best_text >= MIN_TEXT_SCORE or (agrees and best_text >= MIN_TEXT_SCORE_WITH_CODE):
        return Match(best, round(best_text, 1))
    return Match(None, round(best_text, 1))
