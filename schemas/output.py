"""The output schema (shared/CONTRACT.md) as pyarrow schemas; CSV columns follow them.

Contract columns first, in contract order, then extra columns. Parquet adds
typed companions for targets and achievement (`*_date` date32, `*_number` float64).
"""
from __future__ import annotations

import pyarrow as pa

CONTRACT_VERSION = "1.1"
VALUE_COLUMNS = ["target_excellent", "target_very_good", "target_good", "target_fair", "target_poor", "achievement"]
_str, _int, _float, _flags = pa.string(), pa.int64(), pa.float64(), pa.list_(pa.string())

REPORTS = pa.schema([
    ("report_id", _str), ("source_file", _str), ("status", _str), ("error", _str), ("method", _str),
    ("office", _str), ("ministry", _str), ("tier", _str), ("fiscal_year", _str), ("quarter", _int),
    ("memo_no", _str), ("letter_date", _str), ("letter_date_bangla", _str), ("n_indicators", _int),
    ("flags", _flags),
    # extras
    ("format", _str), ("template", _str), ("template_tier", _str), ("notes", _flags),
])

INDICATORS = pa.schema([
    ("report_id", _str), ("source_file", _str), ("row_no", _int), ("code_printed", _str), ("code", _str),
    ("match_score", _float), ("activity_code", _str), ("indicator", _str), ("unit", _str), ("weight", _float),
    *[(c, _str) for c in VALUE_COLUMNS],
    ("achievement_rating", _str), ("evidence", _str), ("flags", _flags),
    # extras: provenance, then typed companions (Parquet only)
    ("indicator_raw", _str), ("page", _int), ("line", _int), ("confidence", _float),
    ("text_confidence", _float), ("corrections", _flags), ("evidence_raw", _str), ("weight_raw", _str),
    *[(f"{c}_raw", _str) for c in VALUE_COLUMNS],
    *[(f"{c}_date", pa.date32()) for c in VALUE_COLUMNS],
    *[(f"{c}_number", _float) for c in VALUE_COLUMNS],
])

FLAGS = pa.schema([
    ("report_id", _str), ("source_file", _str), ("row_no", _int), ("code", _str), ("flag", _str), ("detail", _str),
])


TYPED_COMPANIONS = {f"{c}_{kind}" for c in VALUE_COLUMNS for kind in ("date", "number")}


def csv_columns(schema: pa.Schema) -> list[str]:
    """CSV carries every column but the typed companions."""
    return [f.name for f in schema if f.name not in TYPED_COMPANIONS]
