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
    from progoti.pipeline import extract_file
    from progoti.rows import report_row

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


def test_indicator_texts_come_out_right_end_to_end():
    """Text rebuilt from glyph ids, through rows and catalogue matching: ≥ 99.5% character accuracy."""
    from rapidfuzz.distance import Levenshtein

    errors = length = 0
    for gold_path in PDF_GOLD:
        gold, _, rows = run(gold_path, SAMPLES)
        by_no = {r["row_no"]: r for r in rows}
        for g in gold["indicators"]:
            errors += Levenshtein.distance(by_no[g["row_no"]]["indicator"] or "", g["indicator"])
            length += len(g["indicator"])
    assert 1 - errors / length >= 0.995


def test_a_page_no_text_source_can_read_is_read_by_ocr():
    """An unknown font: no cmap, outlines matching nothing installed, no ToUnicode. OCR is the last resort."""
    import io

    import pikepdf
    import weasyprint
    from fontTools.ttLib import TTFont
    from rapidfuzz.distance import Levenshtein

    from extract.pdf import read_pdf
    from tests.fixtures.repair_corpus import texts

    lines = texts()[:8]
    html = ("<html><head><meta charset='utf-8'><style>body { font-family: 'Noto Sans Bengali'; font-size: 12pt; }"
            "</style></head><body>" + "".join(f"<p>{t}</p>" for t in lines) + "</body></html>")
    doc = pikepdf.open(io.BytesIO(weasyprint.HTML(string=html).write_pdf()))
    for page in doc.pages:
        for _, font in page.Resources.Font.items():
            stream = font.DescendantFonts[0].FontDescriptor.FontFile2
            program = TTFont(io.BytesIO(stream.read_bytes()))
            program["cmap"].tables = []
            for name in program.getGlyphOrder():
                glyph = program["glyf"][name]
                if glyph.numberOfContours > 0:
                    glyph.coordinates.scale((1.01, 1.0))
            out = io.BytesIO()
            program.save(out)
            stream.write(out.getvalue())
            del font["/ToUnicode"]
    pdf = io.BytesIO()
    doc.save(pdf)
    read = read_pdf(pdf.getvalue(), "unknown-font.pdf")
    assert read.method == "ocr" and "read by OCR" in read.warnings[0]
    got, want = " ".join(read.text.split()), " ".join(" ".join(lines).split())
    assert 1 - Levenshtein.distance(got, want) / len(want) >= 0.95


LIBREOFFICE = sorted((Path(__file__).resolve().parents[1] / "data" / "libreoffice").glob("*.json"))


@pytest.mark.parametrize("gold", LIBREOFFICE, ids=lambda p: p.stem)
def test_word_files_saved_as_pdf_by_libreoffice_are_read_as_printed(gold: Path):
    """LibreOffice embeds simple TrueType subsets (one-byte codes, glyphs without names): their
    glyphs are named by outline, a date a narrow column broke over lines is one date again, and a
    row the page break cut is joined with its rest (tests/fixtures/office.py made these files)."""
    gold_json, report, rows = run(gold, gold.parent.parent)
    right, total, misses = compare(gold_json, report, rows)
    assert report["status"] == "ok" and "pdf-repaired" in report["method"].split("+")
    assert misses == [] and right == total


def test_a_page_that_cannot_be_read_costs_that_page_not_the_file(monkeypatch):
    import extract.pdf
    from progoti.pipeline import extract_file
    from progoti.rows import indicator_row, report_row

    read_page = extract.pdf._read_page
    name = "r02_ministry_merged001_serif.pdf"
    whole = extract_file((SAMPLES / "pdf" / name).read_bytes(), f"pdf/{name}").record.indicators

    def failing(page, *args):
        if page.page_idx == 2:  # page 3
            raise KeyError("a font dictionary without its widths")
        return read_page(page, *args)

    monkeypatch.setattr(extract.pdf, "_read_page", failing)
    result = extract_file((SAMPLES / "pdf" / name).read_bytes(), f"pdf/{name}")
    report = report_row(result)
    rows = [indicator_row(result, i) for i in result.record.indicators]
    assert report["status"] == "partial" and "page 3 could not be read (KeyError" in report["error"]
    assert 0 < len(rows) < len(whole)  # page 2's rows are kept, page 3's are not there to read
    assert [r["code"] for r in rows] == [r.code for r in whole[:len(rows)]]
    assert "weight_total_mismatch" not in (report["flags"] or [])  # not every row was read
