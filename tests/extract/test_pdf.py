"""Digital PDFs: the generated samples (tests/fixtures/make_pdf_samples.py) against their gold."""
import json
from pathlib import Path

import pytest

from extract.readers import read_document
from tests.conftest import GOLD, SAMPLES
from tests.scoring import compare, run

PDF_GOLD = sorted((GOLD / "pdf").glob("*.json"))


def read(name: str):
    path = SAMPLES / "pdf" / name
    return read_document(path.read_bytes(), f"pdf/{name}")


@pytest.mark.parametrize("gold", PDF_GOLD, ids=lambda p: p.stem)
def test_every_value_field_of_the_gold(gold: Path):
    gold_json, report, rows = run(gold, SAMPLES)
    right, total, misses = compare(gold_json, report, rows)
    assert report["status"] == "ok" and report["method"] == "pdf-repaired"
    assert len(rows) == len(gold_json["indicators"])  # tables across pages: one row per indicator
    assert right / total >= 0.995, misses
    assert misses == []


def test_table_across_pages_is_stitched_without_repeated_header():
    doc = read("r02_ministry_merged001_serif.pdf")
    assert len(doc.tables) == 1
    table = doc.tables[0]
    pages = {c.prov.page for row in table.rows for c in row}
    assert pages == {2, 3}
    texts = table.texts()
    assert texts.count(texts[0]) == 1  # the repeated header of page 3 is not data
    column_numbers = [r for r in texts if r[:3] == ["১", "২", "৩"]]
    assert len(column_numbers) == 1


def test_merged_cells_carry_spans_and_apply_to_every_row_they_span():
    doc = read("r02_ministry_merged001_serif.pdf")
    spans = [c.rowspan for row in doc.tables[0].rows for c in row if c.text.startswith("[১.৫]")]
    assert spans == [2]
    gold, report, rows = run(GOLD / "pdf" / "r02_ministry_merged001_serif.json", SAMPLES)
    assert [r["activity_code"] for r in rows if r["code"] in ("1.5.1", "1.5.2")] == ["1.5", "1.5"]


def test_cells_keep_their_box_page_and_method():
    cell = next(c for row in read("r01_ministry_layout000_sans.pdf").tables[0].rows for c in row
                if c.text.startswith("[১.১.১]"))
    assert cell.prov.page == 2 and cell.prov.method == "pdf-glyphs" and cell.prov.confidence == 1.0
    x0, top, x1, bottom = cell.prov.bbox
    assert 0 < x0 < x1 and 0 < top < bottom


@pytest.mark.parametrize("name, status, error", [
    ("x01_letter_without_table.pdf", "partial", "No table was found"),
    ("x02_table_not_a_report.pdf", "partial", "none of its rows is an indicator row"),
])
def test_pdfs_that_are_not_reports_say_so(name, status, error):
    from progoti.emit import report_row
    from progoti.pipeline import extract_file

    row = report_row(extract_file((SAMPLES / "pdf" / name).read_bytes(), f"pdf/{name}"))
    assert row["status"] == status and error in row["error"]


def test_a_pdf_of_scanned_pages_is_read_by_ocr():
    """x03 is the first two pages of r03 scanned at 100 dpi: the letter and the table's first page."""
    from progoti.pipeline import extract_file

    doc = read("x03_scanned.pdf")
    assert doc.method == "ocr" and [p.method for p in doc.pages] == ["ocr", "ocr"]
    result = extract_file((SAMPLES / "pdf" / "x03_scanned.pdf").read_bytes(), "pdf/x03_scanned.pdf")
    gold = json.loads((GOLD / "pdf" / "r03_department_twoline002_sans.json").read_text(encoding="utf-8"))
    codes = [r.code for r in result.record.indicators]
    assert codes == [r["code"] for r in gold["indicators"]][:len(codes)] and len(codes) >= 5
    assert result.record.letter.office == gold["report"]["office"]
