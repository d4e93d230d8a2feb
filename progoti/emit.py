"""Results → rows of the contract's tables → Parquet and CSV, written atomically."""
from __future__ import annotations

import csv
import io
import json
import os
import shutil
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from normalize.quality import Flag
from normalize.report import IndicatorRecord
from progoti.pipeline import FileResult
from schemas import output


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


def tables(results: list[FileResult]) -> dict[str, tuple[pa.Schema, list[dict]]]:
    results = sorted(results, key=lambda r: r.source_file)
    return {
        "reports": (output.REPORTS, [report_row(r) for r in results]),
        "indicators": (output.INDICATORS, [indicator_row(r, i) for r in results if r.record
                                           for i in r.record.indicators]),
        "flags": (output.FLAGS, [f for r in results for f in flag_rows(r)]),
    }


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def to_csv(schema: pa.Schema, rows: list[dict]) -> bytes:
    columns = output.csv_columns(schema)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(columns)
    for row in rows:
        w.writerow([_csv_cell(row.get(c)) for c in columns])
    return buf.getvalue().encode("utf-8")


def to_parquet(schema: pa.Schema, rows: list[dict]) -> bytes:
    table = pa.Table.from_pylist([{c: row.get(c) for c in schema.names} for row in rows], schema=schema)
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink)
    return sink.getvalue().to_pybytes()


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename: readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


RUNS = ".runs"
CURRENT = "data"  # OUT/data → .runs/<run>: the one link whose swap replaces the whole set
DATASET_FILES = ["reports.parquet", "reports.csv", "indicators.parquet", "indicators.csv", "manifest.json",
                 "quality/flags.csv", "quality/stale_corrections.csv", "datapackage.json"]


def datapackage() -> dict:
    """OUT/datapackage.json: the CSVs as a Frictionless Data Package, each with its Table Schema."""
    resources = [("reports", "reports.csv", output.REPORTS), ("indicators", "indicators.csv", output.INDICATORS),
                 ("flags", "quality/flags.csv", output.FLAGS),
                 ("stale_corrections", "quality/stale_corrections.csv", output.STALE_CORRECTIONS)]
    return {"name": "progoti-egiap-progress", "title": "e-Governance and Innovation Action Plan progress reports",
            "version": output.CONTRACT_VERSION,
            "resources": [{"name": name, "path": path, "profile": "tabular-data-resource", "format": "csv",
                           "mediatype": "text/csv", "encoding": "utf-8", "schema": output.table_schema(schema)}
                          for name, path, schema in resources]}


def write_outputs(out: Path, results: list[FileResult], input_root: Path | None = None,
                  run: dict | None = None, stale: list[dict] = ()) -> None:
    """The dataset files, replaced as one set.

    They are written whole into a new folder OUT/.runs/<run>/; then the link OUT/data is
    swapped to it in one rename, and OUT/reports.parquet etc. are links through OUT/data. A
    reader never sees a new reports.parquet beside an old indicators.parquet, and a run that
    dies or meets a full disk before the swap leaves the previous set as it was.
    `run` (files read afresh, taken from the store) goes to manifest.json; `stale` corrections
    (that found no report, row or field) to quality/stale_corrections.csv.
    """
    runs = out / RUNS
    runs.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(dir=runs, prefix="run-"))
    try:
        manifest = {"contract": output.CONTRACT_VERSION, "files": len(results)} | (run or {})
        if input_root is not None:
            manifest["input_root"] = str(input_root.resolve())
        files = {"manifest.json": (json.dumps(manifest, indent=1, sort_keys=True) + "\n").encode("utf-8")}
        for name, (schema, rows) in tables(results).items():
            if name == "flags":
                files["quality/flags.csv"] = to_csv(schema, rows)
            else:
                files[f"{name}.parquet"] = to_parquet(schema, rows)
                files[f"{name}.csv"] = to_csv(schema, rows)
        files["quality/stale_corrections.csv"] = to_csv(output.STALE_CORRECTIONS, list(stale))
        files["datapackage.json"] = (json.dumps(datapackage(), ensure_ascii=False, indent=1) + "\n").encode("utf-8")
        for name, data in files.items():
            path = stage / name.replace("/", "_")
            with open(path, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.chmod(path, 0o644)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    _link(out / CURRENT, Path(RUNS) / stage.name)
    for name in DATASET_FILES:
        depth = "../" * name.count("/")
        _link(out / name, Path(f"{depth}{CURRENT}") / name.replace("/", "_"))
    for old in runs.iterdir():
        if old != stage:
            shutil.rmtree(old, ignore_errors=True)


def _link(path: Path, target: Path) -> None:
    """Point `path` at `target` (relative), replacing whatever was there in one rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_symlink() and Path(os.readlink(path)) == target:
        return
    tmp = path.parent / f".link-{os.getpid()}-{path.name}"
    tmp.unlink(missing_ok=True)
    os.symlink(target, tmp)
    os.replace(tmp, path)


PARTITIONS = ["fiscal_year", "ministry"]


def write_partitioned(out: Path, results: list[FileResult]) -> None:
    """OUT/dataset/{reports,indicators}/fiscal_year=…/ministry=…/: hive-partitioned Parquet that
    DuckDB, polars and pyarrow.dataset read as one table. `ministry` there is the ministry's ASCII
    slug (a Bangla name percent-encoded outgrows a file name); `ministry_name` holds the name.
    Built beside the old one, then swapped in whole."""
    import pyarrow.dataset as ds

    from progoti.quality_pages import slug

    data = tables(results)
    names = {r["report_id"]: r for r in data["reports"][1]}

    def partitioned(row: dict, report: dict) -> dict:
        return row | {"fiscal_year": report.get("fiscal_year"), "ministry_name": report.get("ministry"),
                      "ministry": slug(report["ministry"]) if report.get("ministry") else None}

    reports = [partitioned(r, r) for r in data["reports"][1]]
    indicators = [partitioned(row, names[row["report_id"]]) for row in data["indicators"][1]]
    extra = [pa.field("ministry_name", pa.string())]
    schemas = {"reports": pa.schema(list(output.REPORTS) + extra),
               "indicators": pa.schema(list(output.INDICATORS) + extra + [pa.field(p, pa.string()) for p in PARTITIONS])}
    stage = Path(tempfile.mkdtemp(dir=out, prefix=".dataset-"))
    try:
        partitioning = ds.partitioning(pa.schema([(p, pa.string()) for p in PARTITIONS]), flavor="hive")
        for name, rows in (("reports", reports), ("indicators", indicators)):
            schema = schemas[name]
            table = pa.Table.from_pylist([{c: row.get(c) for c in schema.names} for row in rows], schema=schema)
            ds.write_dataset(table, stage / name, format="parquet", partitioning=partitioning,
                             basename_template="part-{i}.parquet", existing_data_behavior="overwrite_or_ignore")
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    target = out / "dataset"
    old = out / f".dataset-old-{os.getpid()}"
    if target.exists():
        target.rename(old)
    stage.rename(target)
    shutil.rmtree(old, ignore_errors=True)
