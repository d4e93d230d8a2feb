"""The workers' rows of the contract's tables → Parquet and CSV, written atomically."""
from __future__ import annotations

import csv
import json
import os
import shutil
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from progoti.results import TABLES, Results
from schemas import output


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


BATCH_ROWS = 5_000  # rows of a table held before they are written: an archive's never sit in memory at once


def arrow_table(schema: pa.Schema, rows: list[dict]) -> pa.Table:
    return pa.Table.from_pylist([{c: row.get(c) for c in schema.names} for row in rows], schema=schema)


class TableFiles:
    """One contract table's CSV (and Parquet) in a folder, written a batch of rows at a time: a run of
    tens of thousands of reports needed three times its results' memory when each table was built
    whole (rows, Arrow table, CSV text), and the writing, not the reading, set the run's peak."""

    def __init__(self, schema: pa.Schema, csv_path: Path, parquet_path: Path | None = None):
        self.schema, self.columns, self.paths = schema, output.csv_columns(schema), [csv_path]
        self.rows: list[dict] = []
        self.csv = open(csv_path, "w", encoding="utf-8", newline="")
        self.writer = csv.writer(self.csv, lineterminator="\n")
        self.writer.writerow(self.columns)
        self.parquet = None
        if parquet_path is not None:
            self.parquet = pq.ParquetWriter(parquet_path, schema)
            self.paths.append(parquet_path)
        self.batches = 0

    def add(self, rows: list[dict]) -> None:
        self.rows += rows
        if len(self.rows) >= BATCH_ROWS:
            self._flush()

    def _flush(self) -> None:
        for row in self.rows:
            self.writer.writerow([_csv_cell(row.get(c)) for c in self.columns])
        if self.parquet is not None:
            self.parquet.write_table(arrow_table(self.schema, self.rows))
        self.rows, self.batches = [], self.batches + 1

    def close(self) -> None:
        """The last rows written (an empty table's Parquet still holds its schema), and on disk."""
        if self.rows or not self.batches:
            self._flush()
        self.abandon()
        for path in self.paths:
            _on_disk(path)

    def abandon(self) -> None:
        """The files closed as they are (the caller removes them)."""
        self.rows = []
        self.csv.close()
        if self.parquet is not None and self.parquet.is_open:
            self.parquet.close()


def _on_disk(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    os.chmod(path, 0o644)


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


def write_outputs(out: Path, results: Results, input_root: Path | None = None,
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
        _write_file(stage / "manifest.json", (json.dumps(manifest, indent=1, sort_keys=True) + "\n").encode("utf-8"))
        files = {}
        try:
            files["reports"] = TableFiles(output.REPORTS, stage / "reports.csv", stage / "reports.parquet")
            files["indicators"] = TableFiles(output.INDICATORS, stage / "indicators.csv", stage / "indicators.parquet")
            files["flags"] = TableFiles(output.FLAGS, stage / "quality_flags.csv")
            for r in results:
                for name in TABLES:
                    files[name].add(r.of(name))
            for f in files.values():
                f.close()
        except BaseException:
            for f in files.values():
                f.abandon()
            raise
        stale_file = TableFiles(output.STALE_CORRECTIONS, stage / "quality_stale_corrections.csv")
        stale_file.add(list(stale))
        stale_file.close()
        _write_file(stage / "datapackage.json",
                    (json.dumps(datapackage(), ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
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


def _write_file(path: Path, data: bytes) -> None:
    with open(path, "wb") as f:
        f.write(data)
    _on_disk(path)


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


def write_partitioned(out: Path, results: Results) -> None:
    """OUT/dataset/{reports,indicators}/fiscal_year=…/ministry=…/: hive-partitioned Parquet that
    DuckDB, polars and pyarrow.dataset read as one table. `ministry` there is the ministry's ASCII
    slug (a Bangla name percent-encoded outgrows a file name); `ministry_name` holds the name.
    Built beside the old one, then swapped in whole."""
    import pyarrow.dataset as ds

    from progoti.quality_pages import slug

    extra = [pa.field("ministry_name", pa.string())]
    schemas = {"reports": pa.schema(list(output.REPORTS) + extra),
               "indicators": pa.schema(list(output.INDICATORS) + extra + [pa.field(p, pa.string()) for p in PARTITIONS])}

    def partitioned(row: dict, report: dict) -> dict:
        return row | {"fiscal_year": report.get("fiscal_year"), "ministry_name": report.get("ministry"),
                      "ministry": slug(report["ministry"]) if report.get("ministry") else None}

    def batches(name: str):
        """The table's rows, a batch at a time, each with its report's partition columns."""
        rows = []
        for r in results:
            report = r.reports[0]
            rows += [partitioned(row, report) for row in r.of(name)]
            if len(rows) >= BATCH_ROWS:
                yield from arrow_table(schemas[name], rows).to_batches()
                rows = []
        yield from arrow_table(schemas[name], rows).to_batches()

    stage = Path(tempfile.mkdtemp(dir=out, prefix=".dataset-"))
    try:
        partitioning = ds.partitioning(pa.schema([(p, pa.string()) for p in PARTITIONS]), flavor="hive")
        for name, schema in schemas.items():
            ds.write_dataset(batches(name), stage / name, schema=schema, format="parquet", partitioning=partitioning,
                             basename_template="part-{i}.parquet", existing_data_behavior="overwrite_or_ignore",
                             preserve_order=True)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    target = out / "dataset"
    old = out / f".dataset-old-{os.getpid()}"
    if target.exists():
        target.rename(old)
    stage.rename(target)
    shutil.rmtree(old, ignore_errors=True)
