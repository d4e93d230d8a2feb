"""The batch: bad files next to good ones, atomic and idempotent outputs."""
import csv
import shutil

import pyarrow.parquet as pq

from progoti.cli import EXIT_SOME_FAILED, main
from schemas import output
from tests.conftest import SAMPLES

CONTRACT_REPORTS = ["report_id", "source_file", "status", "error", "method", "office", "ministry", "tier",
                    "fiscal_year", "quarter", "memo_no", "letter_date", "letter_date_bangla", "n_indicators", "flags"]
CONTRACT_INDICATORS = ["report_id", "source_file", "row_no", "code_printed", "code", "match_score",
                       "activity_code", "indicator", "unit", "weight", "target_excellent", "target_very_good",
                       "target_good", "target_fair", "target_poor", "achievement", "achievement_rating",
                       "evidence", "flags"]


def make_input(tmp_path):
    """The seeds, one digital PDF, one scanned report of loose page images, and bad files."""
    src = tmp_path / "in"
    shutil.copytree(SAMPLES, src / "seeds", ignore=shutil.ignore_patterns("pdf", "scan"))
    (src / "pdf").mkdir()
    shutil.copy(SAMPLES / "pdf" / "r03_department_twoline002_sans.pdf", src / "pdf")
    shutil.copytree(SAMPLES / "scan", src / "scan", ignore=lambda d, names: [n for n in names if not n.startswith("s07")])
    (src / "bad").mkdir()
    (src / "bad" / "empty.txt").write_bytes(b"")
    (src / "bad" / "binary.txt").write_bytes(bytes(range(256)) * 8)
    seed = next(SAMPLES.glob("002_*")).read_text(encoding="utf-8")
    (src / "bad" / "utf16.txt").write_bytes(seed.encode("utf-16"))
    (src / "bad" / "scan.pdf").write_bytes(b"%PDF-1.4\n")
    (src / "notes.docx").write_bytes(b"ignored: not a supported input")
    return src


def read_csv(path):
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_batch_finishes_with_clear_errors_and_contract_columns(tmp_path):
    src, out = make_input(tmp_path), tmp_path / "out"
    assert main(["extract", str(src), "--out", str(out), "--quiet"]) == EXIT_SOME_FAILED  # the bad files
    reports = {r["source_file"]: r for r in read_csv(out / "reports.csv")}
    assert len(reports) == 5 + 2 + 4  # seeds, a PDF and a scan of three page images, bad files
    assert reports["scan/s07_district_fourlevel004_serif_200dpi.p1.jpg"]["method"] == "ocr"
    assert reports["pdf/r03_department_twoline002_sans.pdf"]["method"] == "pdf-repaired"
    assert reports["bad/empty.txt"]["status"] == "failed"
    assert reports["bad/empty.txt"]["error"] == "The file is empty."
    assert reports["bad/binary.txt"]["status"] == "failed" and "binary" in reports["bad/binary.txt"]["error"]
    assert reports["bad/scan.pdf"]["status"] == "failed"
    assert reports["bad/scan.pdf"]["error"].startswith("The PDF is cut off")  # a header and nothing after it
    # UTF-16 text is read like its UTF-8 twin
    twin = next(r for k, r in reports.items() if k.startswith("seeds/002_"))
    utf16 = reports["bad/utf16.txt"]
    assert {k: utf16[k] for k in ("office", "memo_no", "n_indicators", "flags")} == \
           {k: twin[k] for k in ("office", "memo_no", "n_indicators", "flags")}
    assert utf16["report_id"] != twin["report_id"]

    rep = pq.read_table(out / "reports.parquet")
    ind = pq.read_table(out / "indicators.parquet")
    assert rep.column_names[:len(CONTRACT_REPORTS)] == CONTRACT_REPORTS
    assert ind.column_names[:len(CONTRACT_INDICATORS)] == CONTRACT_INDICATORS
    assert rep.schema.field("flags").type == output.REPORTS.field("flags").type
    assert list(read_csv(out / "indicators.csv")[0])[:len(CONTRACT_INDICATORS)] == CONTRACT_INDICATORS
    assert sum(r["n_indicators"] for r in rep.to_pylist()) == ind.num_rows
    flags = read_csv(out / "quality" / "flags.csv")
    assert {"calendar_mismatch", "code_mismatch", "invalid_date"} <= {f["flag"] for f in flags}


def test_rerun_gives_identical_files_and_leaves_no_temporaries(tmp_path):
    src = make_input(tmp_path)
    main(["extract", str(src), "--out", str(tmp_path / "a"), "--quiet", "-j", "1"])
    main(["extract", str(src), "--out", str(tmp_path / "a"), "--quiet", "-j", "1"])
    main(["extract", str(src), "--out", str(tmp_path / "b"), "--quiet", "--workers", "2"])
    for name in ("reports.csv", "indicators.csv", "quality/flags.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert pq.read_table(tmp_path / "a" / "indicators.parquet").equals(pq.read_table(tmp_path / "b" / "indicators.parquet"))
    assert not [p for p in (tmp_path / "a").rglob(".*") if not {".store", ".runs"} & {p.name, *p.parts}]


def test_typed_companions_in_parquet(sample_out):
    rows = pq.read_table(sample_out / "indicators.parquet").to_pylist()
    row = next(r for r in rows if r["source_file"].startswith("002_") and r["row_no"] == 2)
    assert str(row["achievement_date"]) == "2023-09-18" and row["target_excellent_number"] == 4.0
