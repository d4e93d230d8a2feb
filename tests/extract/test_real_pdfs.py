"""The real government PDFs of shared/real (none made here): every file is read, no table rows
vanish across pages, and a text layer that reads as no words is read by OCR instead.
`make bench` prints the valid-word shares against Tesseract's."""
from pathlib import Path

import pytest

from extract.pdf import read_pdf
from extract.words import count
from progoti.pipeline import finish, read_parts
from tests.conftest import SHARED

REAL = SHARED / "real"
FILES = sorted(REAL.glob("*.pdf"))


@pytest.fixture(scope="module")
def readings():
    return {p.name: read_parts([(p.read_bytes(), p.name)]) for p in FILES}


@pytest.fixture(scope="module")
def docs(readings):
    return {name: r.document for name, r in readings.items()}


def test_no_real_pdf_fails(readings):
    assert len(readings) == 5
    for name, reading in readings.items():
        result = finish(reading)
        assert reading.document is not None and result.record is not None, (name, result.error)


def test_the_faq_table_keeps_every_row_of_its_18_pages(docs):
    doc = docs["ibas_faq_classification.pdf"]
    rows = [r for t in doc.tables for r in t.rows]
    assert len(doc.tables) == 1 and len(rows) >= 100
    pages = {c.prov.page for r in rows for c in r if c.text}
    assert pages >= set(range(2, 20)) - {19} and len(pages) >= 17


def test_words_faq_cmap_gave_letters_to_its_reph_and_ya_phala_read_as_printed(docs):
    """Word's ToUnicode names the FAQ's reph (no advance, drawn over the headline) থ and its
    ya-phala য: অর্থনৈতিক came out অথথনৈতিক, মাধ্যমে মাধযমে."""
    words = count_words(docs["ibas_faq_classification.pdf"])
    assert words["অর্থনৈতিক"] >= 40 and words["কর্মকর্তা"] >= 5 and words["মাধ্যমে"] >= 15
    assert words["অথথনৈতিক"] == words["কমথকতথা"] == words["মাধযমে"] == 0


def test_faq_conjuncts_word_named_after_a_neighbour_are_read_by_ocr_of_their_words(docs):
    """Word's ToUnicode gave the FAQ's ক্ষ and ল্প glyphs (which its subset font does not name) the
    text of letters beside them: ক্ষেত্রে came out েিত্রে, প্রকল্পের প্রকেের."""
    doc = docs["ibas_faq_classification.pdf"]
    words = count_words(doc)
    assert words["ক্ষেত্রে"] >= 20 and words["প্রকল্পের"] >= 5
    assert words["েিত্রে"] < 15 and words["প্রকেের"] == 0
    assert any("named by OCR" in n for n in doc.warnings)


def count_words(doc) -> "Counter[str]":
    from collections import Counter

    text = doc.text + "\n" + "\n".join(c.text for t in doc.tables for r in t.rows for c in r)
    return Counter(w.strip("।,;:()") for w in text.split())


def test_a_text_layer_that_reads_as_no_words_is_read_by_ocr(docs):
    gazette = docs["gazette_energy_policy_2025.pdf"]
    ocr_pages = [n for n in gazette.warnings if "reads as words in only" in n]
    assert len(ocr_pages) >= 20
    assert count(gazette.text).share > 0.55  # OCR's reading, not the re-encoded bytes
    assert "১৯ জ্যৈষ্ঠ ১৪৩২" in gazette.text or "২৭.০০.০০০০.০৯৪.২২.০০১.২৩.৫৫" in gazette.text


def test_clean_digital_pages_are_never_sent_to_ocr():
    samples = Path(__file__).resolve().parents[2] / "samples" / "pdf"
    for p in sorted(samples.glob("r0*.pdf")):
        doc = read_pdf(p.read_bytes(), p.name)
        assert doc.method == "pdf-repaired" and not doc.warnings, p.name


def test_an_mpdf_font_is_read_through_its_cid_to_gid_map(docs):
    """mPDF numbers a font's characters by code point and maps them to glyphs in CIDToGIDMap:
    read as glyph ids they named other glyphs (`Form Name` came out `dঘজখ=l`)."""
    doc = docs["fid_ict_policy_progress_mpdf.pdf"]
    assert doc.pages[0].method == "pdf-repaired"
    assert "Form Name" in doc.text and "Description" in doc.text
    words = count_words(doc)
    assert words["বিষয়"] >= 2 and words["িবষয়"] == 0  # drawn in visual order, spelled in logical order
    assert "মাসিক" in doc.text and "মািসক" not in doc.text


def test_glyphs_mpdf_leaves_unnamed_are_named_by_ocr_of_their_words(docs):
    """mPDF gave its conjuncts private-use code points (`পরিক\ue11cনা`); OCR of a few words that
    hold each names it everywhere on the page, and the page says so."""
    doc = docs["fid_ict_policy_progress_mpdf.pdf"]
    for word in ("পরিকল্পনার", "প্রতিবেদন", "কার্যক্রমের", "অগ্রগতির", "জানুয়ারি", "মার্চ", "ভিত্তিক"):
        assert word in doc.text, word
    assert any("named by OCR" in n for n in doc.warnings)


def test_a_text_layer_in_visual_order_is_read_in_logical_order(monkeypatch):
    """The same layer read as text alone (as if its fonts were not embedded): mPDF, without
    shaping, wrote `িবষয়` for বিষয়, and the page reads as more words reordered."""
    import extract.pdf

    path = REAL / "fid_ict_policy_progress_mpdf.pdf"
    monkeypatch.setattr(extract.pdf, "font_maps", lambda glyphs: {})
    doc = read_pdf(path.read_bytes(), path.name)
    assert doc.pages[0].method == "pdf-text"
    assert any("visual order" in n for n in doc.warnings)
    words = count_words(doc)
    assert words["বিষয়"] >= 2 and words["িবষয়"] == 0
    assert "মাসিক" in doc.text and "মািসক" not in doc.text


def test_a_legacy_ansi_layer_no_converter_knows_is_read_by_ocr(docs):
    """The leave rules' Bangla notices are typed in AdarshaLipi (ANSI bytes, `NZfËS¡a¿»£ h¡wm¡−cn
    plL¡l`), which reads as neither Bangla nor English words: those pages are read from their
    image, the English pages from their layer."""
    rules = docs["leave_rules_1959_with_bn_notification.pdf"]
    methods = [p.method for p in rules.pages]
    assert methods.count("ocr") == 3 and methods[:8] == ["pdf-repaired"] * 8
    bangla = "\n".join(p.text for p in rules.pages if p.method == "ocr")
    assert "গণপ্রজাতন্ত্রী বাংলাদেশ সরকার" in bangla and "প্রজ্ঞাপন" in bangla
    assert count(bangla).share > 0.55
