"""One document → one report row and its indicator rows, per the output contract.

A pure function of the document (and so of the file's bytes), the catalogue
and the vocabulary: the same input always gives the same rows.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract.model import IN_DOUBT, Document
from normalize import catalogue, codes, quality, repair, review
from normalize.digits import digit_script, to_ascii_digits
from normalize.letter import Letter, read_letter
from normalize.quality import Flag
from normalize.rows import RowRead, activity_code, lost_rows, read_rows
from normalize.text import clean, is_malformed, key, reorder_prebase
from normalize.values import Value, parse_value, percent_read_as_zeros
from normalize.vocabulary import LEVELS

# a number with a fragment of one or two letters beside it and nothing else (`২ পা`)
_NUMBER_AND_FRAGMENT = re.compile(r"(?:[\u0980-\u09E5]{1,2}\s+)?([০-৯0-9]+(?:\.[০-৯0-9]+)?)(?:\s+[\u0980-\u09E5]{1,2})?")
# a date whose slashes OCR lost, one or both: dd mm yy(yy)
_SLASHLESS_DATE = re.compile(r"(\d{2})/?(\d{2})/?(\d{2}|\d{4})")


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
    weight_raw: str | None = None  # the weight cell as printed, when it held anything
    evidence_raw: str | None = None  # as read, before text repair
    flags: list[Flag] = field(default_factory=list)
    page: int | None = None
    line: int | None = None
    confidence: float = 1.0  # how sure the reading is (OCR word confidence, glyph coverage …)
    text_confidence: float = 1.0  # the reading of the indicator text: cell confidence × share of well-formed words
    corrections: list[str] = field(default_factory=list)  # `field: 'read' → 'written' (why)`, one per change
    reviewed: list[str] = field(default_factory=list)  # fields a reviewer corrected (corrections.csv)
    cells: dict[str, dict] = field(default_factory=dict)  # field -> where its cell was read (page, box, line …)


@dataclass
class ReportRecord:
    letter: Letter
    indicators: list[IndicatorRecord]
    flags: list[Flag]
    status: str
    error: str | None
    template: str | None
    notes: list[str] = field(default_factory=list)  # what the readers did that a reviewer should know
    reviewed: list[str] = field(default_factory=list)  # report fields a reviewer corrected
    stale: list[tuple[review.Correction, str]] = field(default_factory=list)  # corrections that found nothing


def build_report(doc: Document, corrections: list[review.Correction] = ()) -> ReportRecord:
    """The report's rows and flags; a reviewer's `corrections` (of this report) are applied to the
    letter and the rows before anything is matched or flagged."""
    ocr = "ocr" in doc.method.split("+")
    letter = read_letter(doc.text, ocr)
    reviewed, stale = review.apply_letter(letter, [c for c in corrections if c.row_no is None])
    pivot = int(letter.fiscal_year[:4]) if letter.fiscal_year else None
    tables = [read_rows(t, letter.quarter, pivot) for t in doc.tables]
    rows = [r for t in tables for r in t.rows]
    unread = doc.unread_pages + [u for t in tables for u in t.unread]
    if lost := lost_rows({n for t in tables for n in t.serials}, len(rows)):
        unread.append(lost)
    template = catalogue.template_for(letter.fiscal_year, letter.template_tier)
    uncatalogued = template is None and letter.fiscal_year and letter.template_tier
    entries = [] if uncatalogued else catalogue.candidates(letter.fiscal_year, letter.template_tier)
    damaged = quality.damaged_share([r.indicator for r in rows if r.indicator]) > quality.LOW_CONFIDENCE_SHARE
    report_words = confident_words(doc) if ocr else frozenset()
    records = [_record(i, r, entries, _doubt(r, ocr, damaged), pivot, report_words)
               for i, r in enumerate(rows, start=1)]
    stale += _apply_row_corrections(records, [c for c in corrections if c.row_no is not None], entries, pivot)
    unread += [f"the weight of row {r.row_no} ('{r.weight_raw}') could not be read" for r in records
               if r.weight_raw and r.weight is None]
    _row_flags(records, letter, matched=not uncatalogued)
    flags = _report_flags(letter, records, template, complete=not unread)
    status, error = _status(letter, records, doc, unread)
    notes = list(dict.fromkeys(doc.warnings))
    if uncatalogued:
        notes.append(f"schemas/catalogue holds no template for {letter.fiscal_year}, {letter.template_tier} tier: "
                     f"rows were not matched (a draft: OUT/catalogue_drafts/{letter.fiscal_year}_"
                     f"{letter.template_tier}.yaml)")
    return ReportRecord(letter, records, flags, status, error, template.name if template else None, notes,
                        reviewed, stale)


def confident_words(doc: Document) -> frozenset[str]:
    """Comparison keys of the words of the document's OCR'd cells that the engine read with
    confidence (it had no other reading of them): the report's own spelling of a word no list
    holds (`ই-নথিতে`), which an uncertain reading of the same marks in another cell may be chosen for."""
    found: set[str] = set()
    for table in doc.tables:
        for cell in (c for row in table.rows for c in row if c.prov.method == "ocr"):
            unsure = {w for w, _ in cell.prov.word_readings}
            for token in clean(cell.text).split():
                if token not in unsure and not is_malformed(token):
                    found.update(key(p) for p in repair.word_parts(reorder_prebase(token)))
    return frozenset(found)


def _apply_row_corrections(records: list[IndicatorRecord], corrections: list[review.Correction],
                           entries: list[catalogue.Entry], pivot: int | None) -> list[tuple[review.Correction, str]]:
    """Row corrections, each on record; a value is parsed as a printed cell would be."""
    by_no = {r.row_no: r for r in records}
    stale = []
    for c in corrections:
        r = by_no.get(c.row_no)
        if r is None:
            stale.append((c, f"the report has no row {c.row_no}"))
            continue
        value = c.value.strip()
        if c.field in r.values:
            r.values[c.field] = parse_value(value, pivot)
        elif c.field == "weight":
            number = parse_value(value).number
            if value and number is None:
                stale.append((c, f"weight '{value}' is not a number"))
                continue
            r.weight = float(number) if number is not None else None
        elif c.field == "code":
            r.code = value or None
            r.match_score = 100.0 if any(e.code == r.code for e in entries) else r.match_score
        else:
            setattr(r, c.field, value or None)
        r.reviewed.append(c.field)
    return stale


def _doubt(r: RowRead, ocr: bool, damaged: bool) -> str | None:
    """Why a row's reading is in doubt: 'ocr' where its cells were read by OCR (from the marks,
    whatever their share of malformed words: a broken text layer's lexicon repair is for text
    layers), 'damaged' where the document's text layer is broken, else None."""
    source = r.sources.get("indicator")
    if source is not None and source.method in ("ocr", "pdf-repaired", "pdf-text"):
        return "ocr" if source.method == "ocr" else "damaged" if damaged else None
    return "damaged" if damaged else "ocr" if ocr else None


def _record(row_no: int, r: RowRead, entries: list[catalogue.Entry], doubt: str | None,
            pivot: int | None = None, report_words: frozenset[str] = frozenset()) -> IndicatorRecord:
    """One row as printed, matched to the catalogue. Its texts are repaired only where the reading
    is in doubt (repair.py), and an OCR'd target read with low confidence may take the template's
    value only when the two differ by known confusions of the engine; every change is recorded."""
    m = catalogue.match(r.code_printed, r.indicator, entries)
    corrections: list[str] = []
    code_printed, activity = r.code_printed, r.activity_code
    if code_printed is None and r.code_digits and m.entry and m.entry.code.replace(".", "") == r.code_digits:
        code_printed = m.entry.code  # the catalogue places the dots OCR lost; the digits are as read
        corrections.append(f"code_printed: read '{r.code_digits}' without its dots, written '{code_printed}' "
                           f"(the digits of the code of the catalogue entry the row's text matches)")
    elif code_printed is None and r.code_digits and len(r.code_digits) == 3:
        code_printed = ".".join(r.code_digits)  # the only reading: three levels of one digit each
        corrections.append(f"code_printed: read '{r.code_digits}' without its dots, written '{code_printed}' "
                           "(three digits of a three-level code are one digit a level)")
        m = catalogue.match(code_printed, r.indicator, entries)
    if code_printed != r.code_printed and activity is None and r.activity_text:
        activity = activity_code(r.activity_text, code_printed)
    indicator, evidence, text_confidence = r.indicator, r.evidence, r.confidence_of("indicator")
    if indicator:
        readings = r.word_readings_of("indicator") if doubt == "ocr" else None
        fixed = (repair.repair_against(indicator, m.entry.text, doubt, readings,
                                       low_confidence=r.confidence_of("indicator") < IN_DOUBT,
                                       report_words=report_words) if m.entry
                 else repair.repair_words(indicator, doubt, readings, report_words))
        indicator, text_confidence = fixed.text, text_confidence * fixed.confidence
        corrections += [f"indicator: {c}" for c in fixed.changes]
        if fixed.changed:
            m = catalogue.match(code_printed, indicator, entries)
    if evidence:
        fixed = repair.repair_words(evidence, doubt, r.word_readings_of("evidence") if doubt == "ocr" else None,
                                    report_words)
        evidence = fixed.text
        corrections += [f"evidence: {c}" for c in fixed.changes]
        if doubt == "ocr" and code_printed and codes.level(code_printed) == 3:
            evidence, dotted = codes.with_code_dots(evidence, code_printed)
            corrections += [f"evidence: {dotted}"] if dotted else []
    weight = _weight(r.weight, corrections) if doubt == "ocr" else r.weight
    values = {f"target_{lv}": r.targets.get(lv, Value("", "empty")) for lv in LEVELS}
    values["achievement"] = r.achievement
    unit = r.unit or (m.entry.unit if m.entry else None)
    if doubt == "ocr":
        corrections += _second_readings(values, r, unit, pivot)
    if doubt == "ocr" and unit == "percent":
        corrections += _percent_signs(values)
    if doubt == "ocr" and unit == "date":
        corrections += _date_slashes(values, pivot)
    if doubt == "ocr" and m.entry and m.entry.targets:
        corrections += _uncertain_targets(values, r, m.entry)
    doubts = _implausible(values, unit, pivot) if doubt == "ocr" else {}
    source = r.sources.get("indicator")
    return IndicatorRecord(
        row_no=row_no,
        code_printed=code_printed,
        code=m.entry.code if m.entry else None,
        match_score=m.score,
        activity_code=activity,
        indicator=indicator,
        indicator_raw=r.indicator,
        unit=unit,
        weight=float(weight.number) if weight.number is not None else None,
        weight_raw=r.weight.raw if r.weight.kind not in ("empty", "null") else None,
        values=values,
        achievement_rating=r.rating,
        evidence=evidence,
        evidence_raw=r.evidence,
        page=source.page if source else None,
        line=source.line if source else None,
        confidence=r.confidence,
        text_confidence=round(text_confidence, 3),
        corrections=corrections,
        cells={name: {"page": p.page, "box": list(p.bbox) if p.bbox else None, "line": p.line, "method": p.method,
                      "confidence": p.confidence} | ({"doubt": doubts[name]} if name in doubts else {})
               for name, p in sorted(r.sources.items())},
    )


def _weight(read: Value, corrections: list[str]) -> Value:
    """An OCR'd weight read with a letter fragment beside it (`২ পা`) is its number: a weight is
    one number, and one or two letters that are no word are marks read off the cell's edge."""
    m = _NUMBER_AND_FRAGMENT.fullmatch(clean(read.raw)) if read.number is None else None
    if not m:
        return read
    weight = parse_value(m.group(1))
    corrections.append(f"weight: '{read.raw}' → '{weight.text}' (a weight is one number; the letters beside it "
                       "are no word, marks OCR read off the cell's edge)")
    return weight


def _date_slashes(values: dict[str, Value], pivot: int | None) -> list[str]:
    """In a date row, an OCR'd `১৯১২২৩` or `০৫/১২২৩` cannot be a date as read: the engine lost
    the thin slashes (a known loss), and the digits in two-digit day and month groups, read with
    them, are the only reading of the same marks that is a date. Where that is no valid date,
    the value stays as read."""
    out = []
    for name, v in values.items():
        m = _SLASHLESS_DATE.fullmatch(to_ascii_digits(v.raw).strip()) if v.kind in ("number", "text") else None
        if not m:
            continue
        read = parse_value(f"{m.group(1)}/{m.group(2)}/{m.group(3)}", pivot)
        if read.kind == "date":
            values[name] = Value(v.raw, "date", date=read.date, year_digits=read.year_digits, rating=v.rating)
            out.append(f"{name}: '{v.raw}' → '{values[name].text}' (a date row; OCR lost the date's slashes)")
    return out


def _second_readings(values: dict[str, Value], r: RowRead, unit: str | None, pivot: int | None) -> list[str]:
    """A value read with low confidence, whose second OCR reading of the same marks differs, takes
    the second where only it can be what the row prints (`_could_be_printed`): `২৮/০৯/২৩০৩`
    read again as `২৮/০৯/২৩`. Two uncertain readings of the same marks are chosen between, never
    a sure one replaced; the first stays in the row's `_raw` column."""
    out = []
    script = _row_script(values)
    for name, v in values.items():
        if not v.raw or r.confidence_of(name) >= IN_DOUBT:
            continue
        for other in r.alternatives_of(name):
            second = parse_value(other, pivot)
            if (second.text != v.text and not _could_be_printed(v, unit, pivot, script)
                    and _could_be_printed(second, unit, pivot, script)):
                values[name] = Value(v.raw, second.kind, second.number, second.date, second.year_digits,
                                     v.rating or second.rating)
                out.append(f"{name}: '{v.raw}' → '{values[name].text}' (read with confidence "
                           f"{r.confidence_of(name):.2f}; the second OCR reading '{other}' is the one that can "
                           "be what the row prints)")
                break
    return out


def _implausible(values: dict[str, Value], unit: str | None, pivot: int | None) -> dict[str, str]:
    """Why an OCR'd value, however sure the engine was of its marks, is in doubt: its cell holds no
    value as read (`৮৫%০`, `১৯১২/২৩`), or a value the row cannot print (`_could_be_printed`: a year
    far from the report's fiscal year, a share over 100, another digit script). The value stays as
    read; the row's `cells` say why it is in doubt, and the quality pages show its source."""
    script = _row_script(values)
    out = {}
    for name, v in values.items():
        if v.kind in ("empty", "null"):
            continue
        if not v.is_value:
            out[name] = "the cell holds no value as read"
        elif not _could_be_printed(v, unit, pivot, script):
            out[name] = "a value this row cannot print (its kind, a year from the fiscal year, a share over 100, its digits)"
    return out


def _could_be_printed(v: Value, unit: str | None, pivot: int | None, script: str | None) -> bool:
    """Could a row print this value? A value of the row's kind (a date in a date row, a share of at
    most 100 in a percent row), a date within a year of the report's fiscal year, and digits of
    the script the row's other values are printed in (a number is printed in one script)."""
    if not v.is_value or (script and digit_script(v.raw) not in (None, script)):
        return False
    if unit == "date" and v.kind != "date" or unit in ("percent", "count") and v.kind == "date":
        return False
    if v.kind == "date":
        return quality.near_fiscal_year(v.date, pivot)
    return not (unit == "percent" or v.kind == "percent") or v.number <= 100


def _row_script(values: dict[str, Value]) -> str | None:
    """The script most of a row's values are printed in, if most of them say."""
    scripts = [s for v in values.values() if (s := digit_script(v.raw)) in ("bangla", "ascii")]
    for s in ("bangla", "ascii"):
        if scripts.count(s) * 2 > len(scripts):
            return s
    return None


def _percent_signs(values: dict[str, Value]) -> list[str]:
    """In a percent row, an OCR'd `৮৫০`, `৭৫০%` or `৮৫০০` cannot be a share: the last ০ (or two)
    is the engine's reading of `%` (a known confusion), so `৮৫%` is the other reading of the same
    marks, and the only one that is a percentage."""
    out = []
    for name, v in values.items():
        shares = percent_read_as_zeros(v.number) if v.kind in ("number", "percent") and v.number is not None else []
        if shares:
            values[name] = Value(v.raw, "percent", number=shares[0], rating=v.rating)
            out.append(f"{name}: '{v.raw}' → '{values[name].text}' (over 100 in a percent row; OCR reads % as ০)")
    return out


def _uncertain_targets(values: dict[str, Value], r: RowRead, entry: catalogue.Entry) -> list[str]:
    """The template may choose between readings of a target's marks, never replace a sure one:
    where the first reading is in doubt (low confidence, or not parsed), a second OCR reading that
    gives the template's value wins over it; failing that, a first reading that differs from the
    template's value only by characters the engine confuses (৫/৬, ০/%) takes it. Anything else,
    and every reading made with confidence, stays as read."""
    out = []
    for level, expected in zip(LEVELS, entry.targets or ()):
        name = f"target_{level}"
        v, want = values[name], catalogue.value_text(expected)
        confidence = r.confidence_of(name)
        if not want or v.text == want or not v.raw or (v.kind != "text" and confidence >= IN_DOUBT):
            continue
        second = [a for a in r.alternatives_of(name) if parse_value(a, v.date.year if v.date else None).text == want]
        if second:
            why = f"OCR confidence {confidence:.2f}; the second OCR reading '{second[0]}' gives the template's value"
        elif _confused(v, want, entry.unit):
            why = f"OCR confidence {confidence:.2f}, characters the engine confuses; template value"
        else:
            continue
        values[name] = catalogue.as_value(expected, v)
        out.append(f"{name}: '{v.raw}' → '{want}' ({why})")
    return out


def _confused(v: Value, want: str, unit: str | None) -> bool:
    printed = to_ascii_digits(v.raw).replace(" ", "")
    shapes = [want + "%", want] if unit == "percent" else [want]
    return bool(v.date and repair.confusions_only(v.text, want)) or any(
        repair.confusions_only(printed, s) for s in shapes)


def _row_flags(records: list[IndicatorRecord], letter: Letter, matched: bool = True) -> None:
    """Row flags; `matched` is False when no catalogue template exists to match against, and then
    no row is `unknown_indicator` (the report's notes say so instead)."""
    fy = quality.fiscal_year_bounds(letter.fiscal_year)
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
        if r.code is None and matched:
            r.flags.append(Flag("unknown_indicator", f"no catalogue entry matches (best score {r.match_score})"))
        if r.code in duplicates:
            r.flags.append(Flag("duplicate_code", f"another row of this report also matches {r.code}"))


def _report_flags(letter: Letter, records: list[IndicatorRecord], template: catalogue.Template | None,
                  complete: bool) -> list[Flag]:
    """Report flags on evidence about the document: the weight total and missing indicators only
    when every row of its tables was read (`complete`)."""
    flags = []
    g, b = letter.letter_date, letter.letter_date_bangla
    # a date read more than a year from the fiscal year is misread (OCR's ২০১৪ for ২০২৪) or is not the
    # letter's own: it says nothing about whether the letter's two calendars agree
    if g and b and g != b and all(quality.near_fiscal_year(d, letter.fiscal_year) for d in (g, b)):
        flags.append(Flag("calendar_mismatch", f"Gregorian date {g.isoformat()}, Bangla-calendar date gives {b.isoformat()}"))
    if template and records and complete:
        total = quality.weight_total([r.weight for r in records])
        if template.weight_total is not None and total != template.weight_total:
            flags.append(Flag("weight_total_mismatch", f"weights add up to {total:g}, template total is {template.weight_total:g}"))
        if template.complete:
            found = _accounted_for(records)
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


def _accounted_for(records: list[IndicatorRecord]) -> set[str]:
    """The template indicators a report's rows stand for: each row the one its text matches (its
    printed code, if it matches none). A row printing one code over another's text stands for
    that text's indicator, not both: `code_mismatch` says so, and the printed code's own
    indicator, printed nowhere, is missing."""
    return {r.code or r.code_printed for r in records} - {None}


def _status(letter: Letter, records: list[IndicatorRecord], doc: Document, unread: list[str]) -> tuple[str, str | None]:
    if doc.skipped and not records:
        return "partial", doc.skipped
    if not any(p.text.strip() or p.tables for p in doc.pages):
        return "partial", "The pages are blank: no text and no table was found on them."
    if not doc.tables:
        return "partial", "No table was found in the file, so no indicator rows could be read."
    if not records:
        return "partial", "A table was found but none of its rows is an indicator row of a progress report."
    missing = [name for name, value in (("fiscal year", letter.fiscal_year), ("quarter", letter.quarter),
                                        ("office", letter.office)) if value is None]
    problems = []
    if missing:
        problems.append(f"The letter's {' and '.join(missing)} could not be read.")
    if unread:
        problems.append(f"Not every row could be read: {'; '.join(unread)}.")
    return ("partial", " ".join(problems)) if problems else ("ok", None)
