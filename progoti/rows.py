"""A report's rows of the contract's tables, as plain dicts.

The worker that read a report makes them, sends them packed (progoti/results.py) and takes its
flags from them to cut the quality pages' crops; the writers (progoti/emit.py) turn them into
Parquet and CSV. Nothing here needs pyarrow, which a worker would otherwise import (about 0.15 s
of each worker's start).
"""
from __future__ import annotations

import json

from normalize.quality import Flag
from normalize.report import IndicatorRecord
from progoti.pipeline import FileResult
from progoti.results import ReportRows


def _distinct(flags: list[Flag]) -> list[str]:
    return list(dict.fromkeys(f.code for f in flags))


def report_row(r: FileResult) -> dict:
    row = {"report_id": r.report_id, "source_file": r.source_file, "format": r.format}
    if r.record is None:
        return row | {"status": "failed", "error": r.error, "n_indicators": 0, "flags": []}
    L = r.record.letter
    return row | {
        "status": r.record.status, "error": r.record.error, "method": r.method,
        "office": L.office, "ministry": L.ministry, "tier": L.tier, "fiscal_year": L.fiscal_year,
        "quarter": L.quarter, "memo_no": L.memo_no,
        "letter_date": L.letter_date.isoformat() if L.letter_date else None,
        "letter_date_bangla": L.letter_date_bangla.isoformat() if L.letter_date_bangla else None,
        "n_indicators": len(r.record.indicators), "flags": _distinct(r.record.flags),
        "template": r.record.template, "template_tier": L.template_tier, "notes": r.record.notes,
        "reviewed": r.record.reviewed, "memo_no_raw": L.memo_no_raw, "corrections": L.corrections,
    }


def indicator_row(r: FileResult, i: IndicatorRecord) -> dict:
    row = {
        "report_id": r.report_id, "source_file": r.source_file, "row_no": i.row_no,
        "code_printed": i.code_printed, "code": i.code, "match_score": i.match_score,
        "activity_code": i.activity_code, "indicator": i.indicator, "unit": i.unit, "weight": i.weight,
        "achievement_rating": i.achievement_rating, "evidence": i.evidence, "flags": _distinct(i.flags),
        "indicator_raw": i.indicator_raw, "page": i.page, "line": i.line, "confidence": i.confidence,
        "text_confidence": i.text_confidence, "corrections": i.corrections,
        "evidence_raw": i.evidence_raw, "weight_raw": i.weight_raw, "reviewed": i.reviewed,
        "cells": json.dumps(i.cells, ensure_ascii=False, sort_keys=True),
    }
    for name, v in i.values.items():
        row[name] = v.text
        row[f"{name}_raw"] = v.raw or None
        row[f"{name}_date"] = v.date
        row[f"{name}_number"] = float(v.number) if v.number is not None else None
    return row


def flag_rows(r: FileResult) -> list[dict]:
    if r.record is None:
        return []
    base = {"report_id": r.report_id, "source_file": r.source_file}
    rows = [base | {"row_no": None, "code": None, "flag": f.code, "detail": f.detail, "field": f.field}
            for f in r.record.flags]
    for i in r.record.indicators:
        rows += [base | {"row_no": i.row_no, "code": i.code, "flag": f.code, "detail": f.detail, "field": f.field}
                 for f in i.flags]
    return rows


def indicator_rows(r: FileResult) -> list[dict]:
    return [indicator_row(r, i) for i in r.record.indicators] if r.record else []


def report_rows(r: FileResult) -> ReportRows:
    return ReportRows([report_row(r)], indicator_rows(r), flag_rows(r))
