"""A page's glyphs and rules read with PLAYA (extract/content.py), checked against pdfplumber's
reading of the same pages: another library, so the boxes and rules it gives are an outside gold."""
from collections import Counter
from pathlib import Path

import pdfplumber
import playa
import pytest

from extract.content import read_content
from extract.fonts import code_to_gid
from extract.glyphs import font_program
from tests.conftest import SHARED

ROOT = Path(__file__).resolve().parents[1]
PDFS = [ROOT.parent / "samples" / "pdf" / "r02_ministry_merged001_serif.pdf",
        ROOT / "data" / "libreoffice" / "c019_dev_district_D.pdf",
        SHARED / "real" / "ibas_faq_classification.pdf"]


def _pages(pdf: Path, count: int = 2):
    doc = playa.parse(pdf.read_bytes(), space="page")  # kept: a page lives only as long as its document
    with pdfplumber.open(pdf) as plumbed:
        for k in range(min(count, len(plumbed.pages))):
            yield plumbed.pages[k], read_content(doc.pages[k])


@pytest.mark.parametrize("pdf", PDFS, ids=lambda p: p.name)
def test_glyph_boxes_and_text_are_pdfminers(pdf):
    """The boxes every rule of line and cell grouping was measured with (to 0.05 pt: pdfminer
    takes Helvetica's descent for Arial), and the text layer's text, `(cid:N)` where it gives none."""
    for plumbed, (glyphs, _) in _pages(pdf):
        chars = plumbed.chars
        assert len(glyphs) == len(chars) > 100
        for g, c in zip(glyphs, chars):
            assert g.unicode == c["text"]
            assert (g.x0, g.x1, g.top, g.bottom) == pytest.approx((c["x0"], c["x1"], c["top"], c["bottom"]), abs=0.05)


def test_rules_are_the_edges_pdfplumber_finds_tables_by():
    def edges(found):
        return Counter((e["orientation"], round(e["x0"], 2), round(e["top"], 2), round(e["x1"], 2),
                        round(e["bottom"], 2)) for e in found)

    seen = 0
    for pdf in PDFS:
        for plumbed, (_, drawing) in _pages(pdf):
            assert edges(drawing.edges) == edges(plumbed.edges)
            assert drawing.bbox == pytest.approx(plumbed.bbox)
            seen += len(drawing.edges)
    assert seen > 100


def test_a_simple_truetype_subset_draws_glyphs_by_its_own_code_table():
    pdf = ROOT / "data" / "libreoffice" / "c003_dev_ministry_C.pdf"
    doc = playa.parse(pdf.read_bytes(), space="page")
    glyphs, _ = read_content(doc.pages[0])
    bangla = next(g for g in glyphs if g.unicode == "গ")
    table = code_to_gid(font_program(bangla.font))
    assert table and bangla.gid in table.values()
    assert sum(g.gid is not None for g in glyphs) > 0.9 * len(glyphs)
