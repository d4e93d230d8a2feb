"""The output schema (shared/CONTRACT.md) as pyarrow schemas; CSV columns follow them.

Contract columns first, in contract order, then extra columns. Parquet adds
typed companions for targets and achievement (`*_date` date32, `*_number` float64).
"""
from __future__ import annotations

import pyarrow as pa

CONTRACT_VERSION = "1.2"
VALUE_COLUMNS = ["target_excellent", "target_very_good", "target_good", "target_fair", "target_poor", "achievement"]
_str, _int, _float, _flags = pa.string(), pa.int64(), pa.float64(), pa.list_(pa.string())

REPORTS = pa.schema([
    ("report_id", _str), ("source_file", _str), ("status", _str), ("error", _str), ("method", _str),
    ("office", _str), ("ministry", _str), ("tier", _str), ("fiscal_year", _str), ("quarter", _int),
    ("memo_no", _str), ("letter_date", _str), ("letter_date_bangla", _str), ("n_indicators", _int),
    ("flags", _flags),
    # extras
    ("format", _str), ("template", _str), ("template_tier", _str), ("notes", _flags), ("reviewed", _flags),
    ("memo_no_raw", _str), ("corrections", _flags),
])

INDICATORS = pa.schema([
    ("report_id", _str), ("source_file", _str), ("row_no", _int), ("code_printed", _str), ("code", _str),
    ("match_score", _float), ("activity_code", _str), ("indicator", _str), ("unit", _str), ("weight", _float),
    *[(c, _str) for c in VALUE_COLUMNS],
    ("achievement_rating", _str), ("evidence", _str), ("flags", _flags),
    # extras: provenance, then typed companions (Parquet only)
    ("indicator_raw", _str), ("page", _int), ("line", _int), ("confidence", _float),
    ("text_confidence", _float), ("corrections", _flags), ("reviewed", _flags), ("cells", _str), ("evidence_raw", _str),
    ("weight_raw", _str),
    *[(f"{c}_raw", _str) for c in VALUE_COLUMNS],
    *[(f"{c}_date", pa.date32()) for c in VALUE_COLUMNS],
    *[(f"{c}_number", _float) for c in VALUE_COLUMNS],
])

FLAGS = pa.schema([
    ("report_id", _str), ("source_file", _str), ("row_no", _int), ("code", _str), ("flag", _str), ("detail", _str),
    ("field", _str),  # the value a flag is about, for a correction line
])

STALE_CORRECTIONS = pa.schema([
    ("report_id", _str), ("row_no", _int), ("field", _str), ("value", _str), ("note", _str), ("reason", _str),
])


TYPED_COMPANIONS = {f"{c}_{kind}" for c in VALUE_COLUMNS for kind in ("date", "number")}


def csv_columns(schema: pa.Schema) -> list[str]:
    """CSV carries every column but the typed companions."""
    return [f.name for f in schema if f.name not in TYPED_COMPANIONS]


# Column descriptions and constraints for OUT/datapackage.json (Frictionless Table Schema).
DESCRIPTIONS = {
    "report_id": "stable id: the first 16 hex digits of the SHA-256 of the file's content",
    "source_file": "path of the file relative to the input folder, '/'-separated",
    "status": "ok, partial (some rows or fields could not be read) or failed",
    "error": "one sentence saying what went wrong, or empty",
    "method": "how the text was obtained: text, pdf-text, pdf-repaired, ocr, or a '+'-joined mix",
    "office": "the sending office as printed (repaired where its text layer was broken)",
    "ministry": "the ministry the office belongs to, canonical spelling where known",
    "tier": "the office's tier",
    "fiscal_year": "fiscal year, 2023-24 form",
    "quarter": "quarter of the fiscal year (1 = July–September)",
    "memo_no": "the letter's memo number as printed, ASCII digits, inner spaces removed",
    "letter_date": "Gregorian date of the cover letter",
    "letter_date_bangla": "the Bangla-calendar date of the letter, converted to Gregorian",
    "n_indicators": "number of indicator rows extracted",
    "flags": "data-quality codes, ';'-joined",
    "format": "text, pdf or image",
    "template": "the catalogue template matched against (<fiscal year>_<tier>)",
    "template_tier": "the tier of the template the report's table follows",
    "notes": "what the readers did that a reviewer should know, ';'-joined",
    "reviewed": "fields a reviewer corrected through corrections.csv, ';'-joined",
    "memo_no_raw": "the memo number as read, where memo_no differs from it (see corrections)",
    "row_no": "1-based position of the row in the report's table(s)",
    "code_printed": "the indicator code as printed, ASCII digits, brackets dropped",
    "code": "the catalogue code the row was matched to",
    "match_score": "0–100: how well the row's text matched its catalogue entry",
    "activity_code": "the activity code as printed",
    "indicator": "the indicator text as printed (repaired only where the reading was in doubt)",
    "unit": "date, count or percent",
    "weight": "the indicator's weight (কর্মসম্পাদন সূচকের মান)",
    "target_excellent": "target for অসাধারণ (100%): ISO date or plain decimal",
    "target_very_good": "target for অতি উত্তম (90%): ISO date or plain decimal",
    "target_good": "target for উত্তম (80%): ISO date or plain decimal",
    "target_fair": "target for চলতি মান (70%): ISO date or plain decimal",
    "target_poor": "target for চলতি মানের নিম্নে (60%): ISO date or plain decimal",
    "achievement": "the achievement reported for the quarter: ISO date or plain decimal",
    "achievement_rating": "the rating the report states for the achievement",
    "evidence": "the comment / evidence cell",
    "indicator_raw": "the indicator text as read, before any repair",
    "page": "page of the source the row was read from",
    "line": "line of a text input the row starts at",
    "confidence": "how sure the reading of the row's cells is (0–1)",
    "text_confidence": "how sure the reading of the indicator text is: cell confidence × well-formed words",
    "corrections": "every change to what was read: field: 'read' → 'written' (why), ';'-joined",
    "evidence_raw": "the evidence cell as read, before any repair",
    "cells": "JSON: for each field, where its cell was read (page, box in PDF points or OCR pixels, line, method, "
             "confidence) and, for an OCR'd value in doubt however sure the engine was, why (doubt)",
    "weight_raw": "the weight cell as read",
    "flag": "the data-quality code",
    "detail": "a sentence with the value behind the flag",
    "field": "the field the flag is about, if one",
    "value": "the corrected value",
    "note": "the reviewer's note",
    "reason": "why the correction did not apply",
}
for _c in VALUE_COLUMNS:
    DESCRIPTIONS[f"{_c}_raw"] = f"the {_c} cell as read"
CONSTRAINTS = {
    "status": {"required": True, "enum": ["ok", "partial", "failed"]},
    "tier": {"enum": ["ministry", "department", "divisional", "district", "upazila"]},
    "unit": {"enum": ["date", "count", "percent"]},
    "achievement_rating": {"enum": ["excellent", "very_good", "good", "fair", "poor"]},
    "quarter": {"minimum": 1, "maximum": 4},
    "fiscal_year": {"pattern": r"\d{4}-\d{2}"},
    "report_id": {"required": True, "pattern": "[0-9a-f]{16}"},
    "match_score": {"minimum": 0, "maximum": 100},
}
DATE_COLUMNS = {"letter_date", "letter_date_bangla"}


def table_schema(schema: pa.Schema) -> dict:
    """The Frictionless Table Schema of one CSV: every column's type, description and allowed values."""
    types = {pa.string(): "string", pa.int64(): "integer", pa.float64(): "number"}
    fields = []
    for name in csv_columns(schema):
        kind = "date" if name in DATE_COLUMNS else types.get(schema.field(name).type, "string")
        field = {"name": name, "type": kind, "description": DESCRIPTIONS[name]}
        if name in CONSTRAINTS:
            field["constraints"] = CONSTRAINTS[name]
        fields.append(field)
    return {"fields": fields, "missingValues": [""]}
