"""One document → one report row and its indicator rows, per the output contract.

A pure function of the document (and so of the file's bytes), the catalogue
and the vocabulary: the same input always gives the same rows.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz.distance import Levenshtein

from extract.model import Document
from normalize import catalogue, quality, repair
from normalize.letter import Letter, read_letter
from normalize.quality import Flag
from normalize.rows import RowRead, read_rows
from normalize.values import Value
from normalize.vocabulary import LEVELS


@dataclass
class IndicatorRecord:
    row_no: int
    code_printed: str | None
    code: str | None
    match_score: float
    activity_code: str | None
    indicator: str | None
    indicator_raw: str | None  # as read, before text repair
    unit: str | None
    weight: float | None
    values: dict[str, Value]  # target_excellent … target_poor, achievement
    achievement_rating: str | None
    evidence: str | None
    flags: list[Flag] = field(default_factory=list)
    page: int | None = None
    line: int | None = None
    confidence: float = 1.0  # how sure the reading is (OCR word confidence, glyph coverage …)
    text_confidence: float = 1.0  # share of the indicator's words the lexicon knows, after repair
    corrections: list[str] = field(default_factory=list)  # values taken from the catalogue, and why


@dataclass
class ReportRecord:
    letter: Letter
    indicators: list[IndicatorRecord]
    flags: list[Flag]
    status: str
    error: str | None
    template: str | None


def build_report(doc: Document) -> ReportRecord:
    letter = read_letter(doc.text)
    rows = [r for t in doc.tables for r in read_rows(t, letter.quarter)]
    entries = catalogue.candidates(letter.fiscal_year, letter.template_tier)
    template = catalogue.template_for(letter.fiscal_year, letter.template_tier)
    damaged = quality.damaged_share([r.indicator for r in rows if r.indicator]) > quality.LOW_CONFIDENCE_SHARE
    ocr = "ocr" in doc.method.split("+")
    records = [_record(i, r, entries, damaged or ocr, ocr) for i, r in enumerate(rows, start=1)]
    _row_flags(records, letter)
    flags = _report_flags(letter, records, template)
    status, error = _status(letter, records, doc)
    return ReportRecord(letter, records, flags, status, error, template.name if template else None)


def _record(row_no: int, r: RowRead, entries: list[catalogue.Entry], damaged: bool, ocr: bool) -> IndicatorRecord:
    """One row: matched to the catalogue, its text repaired when the document's text is damaged
    or OCR'd, and OCR'd targets one character off the template's taken from the template."""
    m = catalogue.match(r.code_printed, r.indicator, entries)
    indicator, evidence, text_confidence = r.indicator, r.evidence, 1.0
    if damaged and indicator:
        fixed = repair.repair_against(indicator, m.entry.text) if m.entry else repair.repair_words(indicator)
        indicator, text_confidence = fixed.text, fixed.confidence
        m = catalogue.match(r.code_printed, indicator, entries)
    if damaged and evidence:
        evidence = repair.repair_words(evidence).text
    values = {f"target_{lv}": r.targets.get(lv, Value("", "empty")) for lv in LEVELS}
    values["achievement"] = r.achievement
    corrections = _catalogue_targets(values, m.entry) if ocr and m.entry else []
    source = r.sources.get("indicator")
    return IndicatorRecord(
        row_no=row_no,
        code_printed=r.code_printed,
        code=m.entry.code if m.entry else None,
        match_score=m.score,
        activity_code=r.activity_code,
        indicator=indicator,
        indicator_raw=r.indicator,
        unit=r.unit or (m.entry.unit if m.entry else None),
        weight=float(r.weight.number) if r.weight.number is not None else None,
        values=values,
        achievement_rating=r.rating,
        evidence=evidence,
        page=source.page if source else None,
        line=source.line if source else None,
        confidence=r.confidence,
        text_confidence=text_confidence,
        corrections=corrections,
    )


def _catalogue_targets(values: dict[str, Value], entry: catalogue.Entry) -> list[str]:
    """OCR confuses ৫/৬ and reads % as ০; a target one character off its template value is the template value."""
    out = []
    for level, expected in zip(LEVELS, entry.targets or ()):
        name = f"target_{level}"
        v, want = values[name], catalogue.value_text(expected)
        if v.text and want and v.text != want and Levenshtein.distance(v.text, want) == 1:
            values[name] = catalogue.as_value(expected, v)
            out.append(f"{name}: read '{v.raw}', template value {want}")
    return out


def _row_flags(records: list[IndicatorRecord], letter: Letter) -> None:
    fy = quality.fiscal_year_bounds(letter.fiscal_year)
    report_uses_four = quality.four_digit_years([v for r in records for v in r.values.values()])
    for r in records:
        row_uses_four = any(v.year_digits == 4 for v in r.values.values() if v.kind == "date")
        for name, v in r.values.items():
            if v.kind == "date" and v.year_digits == 2 and (report_uses_four or row_uses_four):
                r.values[name] = v.without_value("truncated_date")
    duplicates = quality.duplicate_codes([r.code for r in records])
    for r in records:
        for name, v in r.values.items():
            r.flags += quality.value_flags(name, v, r.unit, fy)
        targets = [r.values[f"target_{lv}"] for lv in LEVELS]
        if not quality.targets_monotonic(targets):
            shown = " · ".join(v.raw or "–" for v in targets)
            r.flags.append(Flag("targets_not_monotonic", f"targets {shown} do not run in order"))
        if r.code_printed and r.code and r.code_printed != r.code:
            r.flags.append(Flag("code_mismatch", f"printed {r.code_printed}, text matches catalogue {r.code}"))
        if r.code is None:
            r.flags.append(Flag("unknown_indicator", f"no catalogue entry matches (best score {r.match_score})"))
        if r.code in duplicates:
            r.flags.append(Flag("duplicate_code", f"another row of this report also matches {r.code}"))


def _report_flags(letter: Letter, records: list[IndicatorRecord], template: catalogue.Template | None) -> list[Flag]:
    flags = []
    g, b = letter.letter_date, letter.letter_date_bangla
    if g and b and g != b:
        flags.append(Flag("calendar_mismatch", f"Gregorian date {g.isoformat()}, Bangla-calendar date gives {b.isoformat()}"))
    if template and records:
        total = quality.weight_total([r.weight for r in records])
        if template.weight_total is not None and total != template.weight_total:
            flags.append(Flag("weight_total_mismatch", f"weights add up to {total:g}, template total is {template.weight_total:g}"))
        if template.complete:
            found = {r.code for r in records}
            missing = [e.code for e in template.indicators if e.code not in found]
            if missing:
                flags.append(Flag("missing_indicators", "absent: " + ", ".join(missing)))
    texts = [r.indicator for r in records if r.indicator] + ([letter.office] if letter.office else [])
    share = quality.damaged_share(texts)
    doubtful = [r.row_no for r in records if r.text_confidence < quality.LOW_CONFIDENCE_ROW]
    if share > quality.LOW_CONFIDENCE_SHARE or doubtful:
        rows = f"; rows {', '.join(map(str, doubtful))} read with low confidence" if doubtful else ""
        flags.append(Flag("low_confidence_text", f"{share:.0%} of words are not well-formed Bangla{rows}"))
    return flags


def _status(letter: Letter, records: list[IndicatorRecord], doc: Document) -> tuple[str, str | None]:
    if not any(p.text.strip() or p.tables for p in doc.pages):
        return "partial", "The pages are blank: no text and no table was found on them."
    if not doc.tables:
        return "partial", "No table was found in the file, so no indicator rows could be read."
    if not records:
        return "partial", "A table was found but none of its rows is an indicator row of a progress report."
    missing = [name for name, value in (("fiscal year", letter.fiscal_year), ("quarter", letter.quarter),
                                        ("office", letter.office)) if value is None]
    if missing:
        return "partial", f"The letter's {' and '.join(missing)} could not be read."
    return "ok", None
