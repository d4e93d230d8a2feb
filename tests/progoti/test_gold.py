"""End to end against shared/gold (copied to tests/gold): the contract's rows for seeds 000 and 002."""
import json

import pytest

from progoti.pipeline import extract_file
from progoti.rows import indicator_row, report_row
from tests.conftest import GOLD, SAMPLES

REPORT_FIELDS = ["office", "ministry", "tier", "fiscal_year", "quarter", "memo_no", "letter_date", "letter_date_bangla"]
VALUE_FIELDS = ["row_no", "code_printed", "code", "activity_code", "unit", "weight", "achievement",
                "achievement_rating", "target_excellent", "target_very_good", "target_good", "target_fair",
                "target_poor"]
TEXT_FIELDS = ["indicator", "evidence"]


def run(gold_name: str):
    gold = json.loads((GOLD / gold_name).read_text(encoding="utf-8"))
    path = SAMPLES / gold["source_file"]
    result = extract_file(path.read_bytes(), path.name)
    assert result.record is not None, result.error
    return gold, report_row(result), [indicator_row(result, i) for i in result.record.indicators]


def check_report(gold, report):
    assert report["status"] == "ok" and report["error"] is None
    assert {f: report[f] for f in REPORT_FIELDS} == {f: gold["report"][f] for f in REPORT_FIELDS}
    required, optional = set(gold["report"]["flags"]), set(gold["report"].get("flags_optional", []))
    assert required <= set(report["flags"]) <= required | optional


def check_rows(gold, rows, fields):
    assert len(rows) == len(gold["indicators"])
    for got, want in zip(rows, gold["indicators"]):
        assert {f: got[f] for f in fields} == {f: want[f] for f in fields}, f"row {want['row_no']}"
        assert sorted(got["flags"]) == sorted(want["flags"]), f"row {want['row_no']}"


def test_seed_002_every_field():
    gold, report, rows = run("002_f6b2eddd9871128e.json")
    check_report(gold, report)
    check_rows(gold, rows, VALUE_FIELDS + TEXT_FIELDS)
    assert report["n_indicators"] == 8


def test_seed_000_every_field_through_text_repair():
    """A broken PDF text layer given as text: values as printed, texts repaired against the catalogue."""
    gold, report, rows = run("000_92bf24bf00393b0e.json")
    check_report(gold, report)
    check_rows(gold, rows, VALUE_FIELDS + TEXT_FIELDS)
    assert all(r["indicator_raw"] != r["indicator"] for r in rows)  # what was read is kept beside it


@pytest.mark.parametrize("prefix, office, fy, quarter, n_min", [
    ("001", "পরিকল্পনা বিভাগ", "2023-24", 2, 10),
    ("003", "সমবায় অধিদপ্তর", "2021-22", 2, 4),
    ("004", "জেলা তথ্য অফিস, খুলনা", "2024-25", 4, 10),
])
def test_other_seeds_letter_and_rows(prefix, office, fy, quarter, n_min):
    path = next(SAMPLES.glob(f"{prefix}_*"))
    result = extract_file(path.read_bytes(), path.name)
    row = report_row(result)
    assert (row["office"], row["fiscal_year"], row["quarter"]) == (office, fy, quarter)
    assert row["n_indicators"] >= n_min


def test_seed_004_wrong_codes_and_values_are_flagged():
    path = next(SAMPLES.glob("004_*"))
    result = extract_file(path.read_bytes(), path.name)
    rows = {r.row_no: r for r in result.record.indicators}
    assert [(r.code_printed, r.code) for r in rows.values() if r.code_printed != r.code] == [
        ("5.1.1", "4.1.2"), ("6.1.1", "5.1.1"), ("6.1.2", "5.1.2")]
    assert "invalid_date" in [f.code for f in rows[4].flags]
    assert rows[4].values["target_excellent"].text is None
    assert "weight_total_mismatch" in [f.code for f in result.record.flags]
