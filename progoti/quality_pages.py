"""OUT/quality/: an index and one page per ministry, rendered from the Parquet outputs.

Built from OUT alone (reports.parquet, indicators.parquet, quality/flags.csv,
manifest.json), so `progoti quality OUT` can rebuild the pages without
re-extracting. Charts are inline SVG: the pages open with no network.
"""
from __future__ import annotations

import csv
import json
import math
import os
import re
from collections import Counter, defaultdict, namedtuple
from collections.abc import Iterator
from pathlib import Path
from typing import Callable, NamedTuple

import pyarrow.parquet as pq
from jinja2 import Environment, FileSystemBytecodeCache, PackageLoader, select_autoescape
from unidecode import unidecode

import schemas
from normalize import catalogue
from normalize.review import Correction
from progoti.crops import cells_to_check, crop_name, flagged_fields, make_crop, source_line
from progoti.atomic import write_atomic
from progoti.results import compressed, decompressed

UNKNOWN_MINISTRY = "মন্ত্রণালয় অজানা (ministry not read)"
STATUS_ORDER = {"failed": 0, "partial": 1, "ok": 2}
# A ministry with more reports than this gets a page per fiscal year and quarter, and its own page
# lists them: one page of all 2,900 reports of an archive's ministry took 34 MiB, more than a
# browser opens well; a quarter of a fiscal year holds each office once.
PAGE_REPORTS = 250


def slug(name: str) -> str:
    """A file name for a ministry page: transliterated to ASCII, stable across runs."""
    return re.sub(r"[^a-z0-9]+", "-", unidecode(name).lower()).strip("-")[:80] or "ministry"


def _env() -> Environment:
    # compiled templates kept in the system's temporary folder, keyed by their source: a tenth of a second a run
    env = Environment(loader=PackageLoader("progoti", "templates"), autoescape=select_autoescape(["html", "j2"]),
                      bytecode_cache=FileSystemBytecodeCache())
    env.filters["none"] = lambda v: "" if v is None or (isinstance(v, float) and math.isnan(v)) else v
    return env


def _load_small(out: Path) -> tuple[list, list, dict]:
    """The reports and flags of OUT as named tuples (a missing value None), and the manifest: a few
    rows a report, unlike the indicators (`_indicators`). Read with pyarrow, not pandas: the pages
    need rows, not frames, and pandas' import and NaN-to-None pass cost more than the rest of the
    writing on a small run."""
    with open(out / "quality" / "flags.csv", encoding="utf-8", newline="") as f:
        flags = _as_tuples(list(csv.DictReader(f)), "Flag")
    manifest_path = out / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else {}
    return list(_parquet_rows(out / "reports.parquet")), flags, manifest


RENDERED_PIECES = 1_000  # of a page's rendered pieces joined before they are written (each is a few characters)
ROWS_AT_ONCE = 5_000  # indicator rows taken from the Parquet file at a time


def _row_type(path: Path) -> type:
    """The named tuple of the file's rows: templates and sorting reach a value by its column's name."""
    return namedtuple(path.stem.capitalize(), pq.read_schema(path).names)


def _parquet_rows(path: Path, row: type | None = None) -> Iterator:
    """The file's rows as named tuples (of `row`, else their own), a batch at a time."""
    row = row or _row_type(path)
    for batch in pq.ParquetFile(path).iter_batches(ROWS_AT_ONCE):
        yield from (row(*r.values()) for r in batch.to_pylist())


def _as_tuples(records: list[dict], name: str) -> list:
    """Rows as named tuples: templates and sorting reach a value by its column's name."""
    row = namedtuple(name, list(records[0]) if records else [])
    return [row(*r.values()) for r in records]


class _Counts(NamedTuple):
    """What a report's completeness takes of its rows."""
    rows: int
    with_achievement: int
    with_evidence: int
    codes: frozenset


CHART_UNITS = ("count", "percent")


class _Charted(NamedTuple):
    """What the charts take of a row."""
    report_id: str
    source_file: str
    code: str
    unit: str
    indicator: str | None
    achievement_number: float | None
    target_excellent_number: float | None


class _Shown(NamedTuple):
    """A row a page shows in full, compressed until its page is made: held as Python objects, the
    flagged rows of 8,000 reports set the pages' peak at 500 MiB; compressed, 427 (for 1.3 s more)."""
    report_id: str
    data: bytes  # the row's values, pickled and compressed


class _Indicators(NamedTuple):
    """What the pages take of the indicator rows, in one pass over the file: a run's rows are many,
    and held whole as Python objects they set the memory of a large run."""
    total: int
    counts: dict  # report_id -> _Counts
    shown: list  # _Shown: the rows a page shows in full (flagged, or holding a value to check)
    charted: list  # of every row with a code and a numeric unit, what the charts take
    row: type  # the rows' named tuple: a _Shown's values make one

    def rows(self, shown: list[_Shown]) -> list:
        return [self.row(*decompressed(s.data)) for s in shown]


def _indicators(path: Path, flags: list) -> _Indicators:
    flagged = flagged_fields([f._asdict() for f in flags])
    flagged_rows = {(f.report_id, int(f.row_no)) for f in flags if f.row_no}
    total, counts, shown, charted = 0, defaultdict(lambda: [0, 0, 0, set()]), [], []
    row_type = _row_type(path)
    for row in _parquet_rows(path, row_type):
        total += 1
        c = counts[row.report_id]
        c[0] += 1
        c[1] += row.achievement is not None
        c[2] += row.evidence is not None
        if row.code is not None:
            c[3].add(row.code)
        if (row.report_id, row.row_no) in flagged_rows or next(cells_to_check(row._asdict(), flagged), None):
            shown.append(_Shown(row.report_id, compressed(tuple(row))))
        if row.code is not None and row.unit in CHART_UNITS:
            charted.append(_Charted(row.report_id, row.source_file, row.code, row.unit, row.indicator,
                                    row.achievement_number, row.target_excellent_number))
    return _Indicators(total, {k: _Counts(n, a, e, frozenset(codes)) for k, (n, a, e, codes) in counts.items()},
                       shown, charted, row_type)


def build(out: Path) -> list[Path]:
    """Write index.html and one page per ministry (a large ministry's lists a page per fiscal year
    and quarter); remove the pages of an earlier run that this one does not renew; return the
    pages written."""
    reports, flags, manifest = _load_small(out)
    reports = [r._replace(ministry=UNKNOWN_MINISTRY) if r.ministry is None else r for r in reports]
    indicators = _indicators(out / "indicators.parquet", flags)
    explanations = schemas.load("flags")
    quality_dir = out / "quality"
    input_root = Path(manifest["input_root"]) if "input_root" in manifest else None
    env = _env()
    written = []

    ministry_of = {r.report_id: r.ministry for r in reports}
    by_ministry = _grouped(reports, lambda r: r.ministry)
    shown_by_ministry = _grouped(indicators.shown, lambda i: ministry_of.get(i.report_id))
    charted_by_ministry = _grouped(indicators.charted, lambda i: ministry_of.get(i.report_id))
    flags_by_ministry = _grouped(flags, lambda f: ministry_of.get(f.report_id))
    ministries = []
    for ministry in sorted(by_ministry, key=lambda m: (m == UNKNOWN_MINISTRY, m)):
        name = f"{slug(ministry)}.html"
        mine, flagged = by_ministry[ministry], flags_by_ministry[ministry]
        shown, charted = shown_by_ministry[ministry], charted_by_ministry[ministry]
        pages = [(name, mine, {})] if len(mine) <= PAGE_REPORTS else [
            (f"{slug(ministry)}--{period_slug(*period)}.html", group, {"period": period_label(*period), "up": name})
            for period, group in _periods(mine).items()]
        periods, listed = [], []
        for file, group, period in pages:
            ids = {r.report_id for r in group}
            page = _ministry_page(ministry, group, indicators.counts, indicators.rows(_of(shown, ids)),
                                  _of(charted, ids), _of(flagged, ids), explanations, input_root, quality_dir) | period
            # a large page is written in pieces as Jinja renders it, its small pieces joined a thousand at a time
            stream = env.get_template("ministry.html.j2").stream(**page)
            stream.enable_buffering(RENDERED_PIECES)
            write_atomic(quality_dir / file, stream)
            written.append(quality_dir / file)
            if period:
                periods.append({"name": period["period"], "href": file, **page["summary"]})
                listed += [r | {"period": period["period"], "page": file} for r in page["reports"]]
        summary = _summary(mine, flagged)
        if periods:  # the ministry's page lists its periods, and every report with a link to its period's page
            listed.sort(key=_report_order)
            write_atomic(quality_dir / name, env.get_template("periods.html.j2").render(
                ministry=ministry, summary=summary, periods=periods, limit=PAGE_REPORTS, reports=listed,
                by_period=True).encode("utf-8"))
            written.append(quality_dir / name)
        ministries.append({"name": ministry, "href": name, **summary})

    stale_path = out / "quality" / "stale_corrections.csv"
    stale = []
    if stale_path.exists():
        with open(stale_path, encoding="utf-8", newline="") as f:
            stale = list(csv.DictReader(f))
    index = env.get_template("index.html.j2").render(
        ministries=ministries, stale=stale,
        totals={"reports": len(reports), "indicators": indicators.total, "flags": len(flags),
                **Counter(r.status for r in reports)},
        flag_counts=sorted(Counter(f.flag for f in flags).items(), key=lambda kv: -kv[1]),
        explanations=explanations,
    )
    write_atomic(quality_dir / "index.html", index.encode("utf-8"))
    pages = [quality_dir / "index.html", *written]
    for old in quality_dir.glob("*.html"):
        if old not in pages:
            old.unlink()
    return pages


def _periods(reports: list) -> dict[tuple, list]:
    """The reports by (fiscal year, quarter), earliest first, those whose period was not read last."""
    return _grouped(sorted(reports, key=lambda r: _last_if_none(r.fiscal_year, r.quarter)),
                    lambda r: (r.fiscal_year, r.quarter))


def period_label(fiscal_year: str | None, quarter: int | None) -> str:
    year = f"fiscal year {fiscal_year}" if fiscal_year else "fiscal year not read"
    return f"{year}, {f'quarter {quarter}' if quarter else 'quarter not read'}"


def period_slug(fiscal_year: str | None, quarter: int | None) -> str:
    return f"{fiscal_year or 'year-unknown'}-{f'q{quarter}' if quarter else 'quarter-unknown'}"


def _of(rows: list, report_ids: set) -> list:
    return [row for row in rows if row.report_id in report_ids]


def _grouped(rows: list, by: Callable) -> dict:
    """Rows by `by(row)`, each group in the rows' order (a key with none: an empty list)."""
    groups: dict = defaultdict(list)
    for row in rows:
        groups[by(row)].append(row)
    return groups


def _last_if_none(*values) -> tuple:
    """A sort key that puts missing values after every present one, as pandas' na_position='last'."""
    return tuple((v is None, 0 if v is None else v) for v in values)


def _report_order(row: dict) -> tuple:
    """A report row's place on a page: by office, fiscal year, quarter and file, a missing value last."""
    return _last_if_none(row["office"], row["fiscal_year"], row["quarter"], row["source_file"])


def _source_href(source_file: str, page, input_root: Path | None, here: Path) -> str | None:
    """The link from the quality pages (`here`: their folder, resolved) to a source file."""
    if input_root is None:
        return None
    href = Path(os.path.relpath(input_root / source_file, here)).as_posix()
    return f"{href}#page={int(page)}" if page is not None else href


def _ministry_page(ministry, reports, counts, shown, charted, flags, explanations, input_root, quality_dir) -> dict:
    report_rows, here = [], quality_dir.resolve()
    for r in reports:
        report_rows.append({
            "id": r.report_id, "office": r.office, "fiscal_year": r.fiscal_year, "quarter": r.quarter,
            "status": r.status, "method": r.method, "error": r.error, "source_file": r.source_file,
            "href": _source_href(r.source_file, None, input_root, here),
            "flags": list(r.flags), "completeness": completeness(r.template, counts.get(r.report_id)),
            "notes": list(r.notes) if getattr(r, "notes", None) is not None else [],
        })
    report_rows.sort(key=_report_order)
    offices = {r["id"]: r["office"] or r["source_file"] for r in report_rows}
    by_row = {(i.report_id, i.row_no): i for i in shown}
    flag_groups = []
    by_flag = _grouped(flags, lambda f: f.flag)
    for code, group in sorted(sorted(by_flag.items()), key=lambda kv: -len(kv[1])):
        items = []
        for f in group:
            row = by_row.get((f.report_id, int(f.row_no))) if f.row_no else None
            field = getattr(f, "field", "") or ""
            current = getattr(row, field, None) if row is not None and field else None
            items.append({
                "office": offices.get(f.report_id), "source_file": f.source_file, "row_no": f.row_no,
                "code": f.code, "detail": f.detail,
                "csv_line": Correction(f.report_id, int(f.row_no) if f.row_no else None, field or "FIELD",
                                       "" if current is None else str(current), f.flag).line(),
                "indicator": row.indicator if row is not None else None,
                "href": _source_href(f.source_file, row.page if row is not None else None, input_root, here),
            })
        flag_groups.append({"code": code, "explanation": explanations.get(code, {}), "items": items})
    return {
        "ministry": ministry,
        "reports": report_rows,
        "flag_groups": flag_groups,
        "checks": values_to_check(reports, shown, flags, offices, input_root, quality_dir),
        "heatmap": flag_heatmap(report_rows, flags, explanations),
        "charts": achievement_charts(charted, offices),
        "summary": _summary(reports, flags),
    }


def _summary(reports: list, flags: list) -> dict:
    status = Counter(r.status for r in reports)
    return {"n_reports": len(reports), "n_flags": len(flags), "ok": status["ok"], "partial": status["partial"],
            "failed": status["failed"]}


def values_to_check(reports, indicators, flags, offices, input_root, quality_dir) -> list[dict]:
    """Every flagged value, every value read with low confidence and every corrected one, with a
    crop of the source around its cell (or the source line of a text input)."""
    if input_root is None:
        return []
    info = {r.report_id: r for r in reports}
    flagged = flagged_fields([f._asdict() for f in flags])
    used, items = set(), []
    for row in indicators:
        report = info[row.report_id]
        for name, cell, raw, why in cells_to_check(row._asdict(), flagged):
            item = {"office": offices.get(row.report_id), "source_file": row.source_file, "row_no": row.row_no,
                    "field": name, "read": raw, "output": getattr(row, name, None), "why": why,
                    "crop": None, "line": None}
            if report.format == "text":
                item["line"] = source_line(input_root, row.source_file, cell.get("line"))
            elif cell:
                crop = crop_name(row.report_id, row.row_no, name, cell)
                notes = [] if getattr(report, "notes", None) is None else list(report.notes)
                if make_crop(input_root, row.source_file, notes, cell, quality_dir / "crops" / crop):
                    item["crop"] = f"crops/{crop}"
                    used.add(crop)
            items.append(item)
    for old in (quality_dir / "crops").glob("*.png") if (quality_dir / "crops").exists() else []:
        if old.name not in used and old.name.split("-")[0] in info:
            old.unlink()
    return items


def completeness(template: str | None, counts: _Counts | None) -> dict:
    """Rows with an achievement, rows with evidence, catalogue rows missing."""
    counts = counts or _Counts(0, 0, 0, frozenset())
    missing = None
    t = next((t for t in catalogue.templates() if t.name == template), None)
    if t is not None and t.complete:
        missing = len({e.code for e in t.indicators} - counts.codes)
    return {"rows": counts.rows, "with_achievement": counts.with_achievement, "with_evidence": counts.with_evidence,
            "catalogue_missing": missing}


def flag_heatmap(reports: list[dict], flags: list, explanations: dict) -> dict:
    """Counts of each flag code per report, as cells of an SVG heat map."""
    codes = list(explanations)
    counts = defaultdict(int)
    for f in flags:
        counts[(f.report_id, f.flag)] += 1
    peak = max(counts.values(), default=1)
    cell, left, top = 24, 260, 170
    cells = []
    for y, r in enumerate(reports):
        for x, code in enumerate(codes):
            n = counts[(r["id"], code)]
            cells.append({"x": left + x * cell, "y": top + y * cell, "n": n, "code": code,
                          "label": r["source_file"],
                          "opacity": 0.15 + 0.85 * n / peak if n else 0})
    return {"codes": codes, "rows": [r["source_file"].rsplit("/", 1)[-1] for r in reports], "cells": cells,
            "cell": cell, "left": left, "top": top,
            "width": left + len(codes) * cell + 10, "height": top + len(reports) * cell + 10}


def achievement_charts(charted: list, offices: dict) -> list[dict]:
    """Per catalogue indicator with numeric values: each office's achievement against its অসাধারণ target."""
    charts = []
    for code, group in sorted(_grouped(charted, lambda r: r.code).items()):
        bars = [{"office": offices.get(r.report_id) or r.source_file,
                 "achievement": _number(r.achievement_number), "target": _number(r.target_excellent_number)}
                for r in group if r.achievement_number is not None or r.target_excellent_number is not None]
        if not bars:
            continue
        top = max(max((b["achievement"] for b in bars if not math.isnan(b["achievement"])), default=0),
                  max((b["target"] for b in bars if not math.isnan(b["target"])), default=0)) or 1
        width, bar_h, left = 520, 18, 200
        for i, b in enumerate(bars):
            b["y"] = 10 + i * (bar_h + 8)
            b["w"] = 0 if math.isnan(b["achievement"]) else (width - left - 20) * b["achievement"] / top
            b["tx"] = None if math.isnan(b["target"]) else left + (width - left - 20) * b["target"] / top
        named = [r.indicator for r in group if r.indicator is not None]
        charts.append({"code": code, "indicator": named[0] if named else "",
                       "unit": group[0].unit, "bars": bars, "width": width, "left": left, "bar_h": bar_h,
                       "height": 20 + len(bars) * (bar_h + 8)})
    return charts


def _number(value) -> float:
    return float("nan") if value is None else float(value)
