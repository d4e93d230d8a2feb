"""Font-level recovery of Bangla text, on fonts rendered in the test itself.

Lohit Bengali, Mukti and Likhan were never looked at while the recovery was
written (it was developed on Noto); they come from Debian packages that
`make test` installs.
"""
import glob
import io
import json
import unicodedata
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
import weasyprint
from pdfminer.pdftypes import resolve1
from rapidfuzz.distance import Levenshtein

from extract.glyphs import _logical_order
from extract.pdf import read_pdf
from normalize.catalogue import templates
from tests.fixtures.cff_font import cff_flavour
from tests.fixtures.font_kinds import as_type1, as_type3

TEXTS = sorted({e.text for t in templates() for e in t.indicators})
LETTER = ["বিষয়: ২০২৩-২০২৪ অর্থবছরের ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনার ২য় ত্রৈমাসিক বাস্তবায়ন অগ্রগতি প্রতিবেদন প্রেরণ।",
          "উপর্যুক্ত বিষয়ের প্রেক্ষিতে পরবর্তী প্রয়োজনীয় ব্যবস্থা গ্রহণের জন্য নির্দেশক্রমে প্রেরণ করা হলো।",
          "গণপ্রজাতন্ত্রী বাংলাদেশ সরকার, স্থানীয় সরকার, পল্লী উন্নয়ন ও সমবায় মন্ত্রণালয়"]


def accuracy(got: str, want: str) -> float:
    got, want = " ".join(got.split()), " ".join(want.split())
    return 1 - Levenshtein.distance(got, want) / len(want)


@pytest.mark.parametrize("font", ["Noto Sans Bengali", "Noto Serif Bengali", "Lohit Bengali", "Mukti", "Likhan"])
def test_text_rebuilt_from_glyph_ids(font):
    want = "\n".join(TEXTS + LETTER)
    html = (f"<html><head><meta charset='utf-8'><style>body {{ font-family: '{font}'; font-size: 11pt; }}"
            f"p {{ margin: 0 0 6pt 0; }}</style></head><body>"
            + "".join(f"<p>{t}</p>" for t in TEXTS + LETTER) + "</body></html>")
    doc = read_pdf(weasyprint.HTML(string=html).write_pdf(), "sample.pdf")
    assert doc.method == "pdf-repaired"
    assert accuracy(doc.text, want) >= 0.995


def test_visual_order_becomes_logical_order():
    units = lambda *xs: [(x, "prebase" if x in "িেৈ" else ("reph" if x == "র্" else None)) for x in xs]  # noqa: E731
    assert "".join(_logical_order(units("ি", "ক"))) == "কি"
    assert unicodedata.normalize("NFC", "".join(_logical_order(units("ে", "ক", "া")))) == "\u0995\u09cb"  # কো
    assert "".join(_logical_order(units("ক", "ম", "র্"))) == "কর্ম"
    assert "".join(_logical_order(units("প", "য", "ু", "র্", "ক্ত"))) == "পর্যুক্ত"
    assert "".join(_logical_order(units("ি", "স", "ি", "ট"))) == "সিটি"
    assert "".join(_logical_order(units("ত", "্র", "ৈ"))) == "ত্রৈ"


def test_a_font_that_also_maps_latin1_slots_onto_its_bangla_glyphs_names_them_bangla():
    """Mitra (fonts-beng-extra) maps Latin-1 code points, a legacy encoding, onto the same glyphs
    as the Bangla ones; read by its lowest code point, every letter came out as Latin-1."""
    from pathlib import Path

    from fontTools.ttLib import TTFont

    from extract.fonts import glyph_map

    path = Path("/usr/share/fonts/truetype/fonts-beng-extra/MitraMono.ttf")
    font = TTFont(path)
    cmap = font.getBestCmap()
    order = font.getGlyphOrder()
    shared = [cp for cp in range(0x995, 0x9B9) if cp in cmap and any(
        other < 0x980 and name == cmap[cp] for other, name in cmap.items())]
    assert shared  # the font does map Latin-1 slots onto Bangla glyphs
    m = glyph_map(path.read_bytes())
    assert all(m.text[order.index(cmap[cp])] == chr(cp) for cp in shared)


def test_an_unnamed_glyph_over_the_headline_that_the_cmap_calls_a_consonant_is_the_reph():
    from extract.fonts import GlyphMap
    from extract.glyphs import Glyph, spell

    font = object()
    fmap = GlyphMap(text={1: "ক", 2: "ম", 3: "য"}, source={1: "cmap", 2: "cmap", 3: "cmap"}, above_base={9})
    def glyph(gid, unicode, x):
        return Glyph(gid, font, unicode, x, x + 8, 0, 10)
    # ক ম + reph (drawn last, its ToUnicode says থ): কর্ম
    assert spell([glyph(1, "ক", 0), glyph(2, "ম", 8), glyph(9, "থ", 14)], {id(font): fmap})[0] == "কর্ম"
    # an unnamed glyph the ToUnicode calls য, where the font's cmap gives য to another glyph: ্য
    assert spell([glyph(1, "ক", 0), glyph(7, "য", 8)], {id(font): fmap})[0] == "ক্য"
    assert spell([glyph(3, "য", 0)], {id(font): fmap})[0] == "য"  # the letter itself


def test_a_cff_font_is_read_from_its_glyphs_named_by_outline(tmp_path):
    """A CFF subset (FontFile3) of a font whose TrueType flavour is installed: its glyphs are named
    by outline, curves compared as cubics, with no page sent to OCR."""
    ttf = Path(sorted(glob.glob("/usr/share/fonts/**/NotoSansBengali-Regular.ttf", recursive=True))[0])
    otf = cff_flavour(ttf, tmp_path / "cff.otf", "Bangla CFF Test")
    want = "\n".join(TEXTS[:20] + LETTER)
    html = (f"<html><head><meta charset='utf-8'><style>@font-face {{ font-family: 'Bangla CFF Test'; "
            f"src: url('{otf.as_uri()}'); }} body {{ font-family: 'Bangla CFF Test'; font-size: 11pt; }}"
            f"p {{ margin: 0 0 6pt 0; }}</style></head><body>"
            + "".join(f"<p>{t}</p>" for t in TEXTS[:20] + LETTER) + "</body></html>")
    pdf = tmp_path / "cff.pdf"
    weasyprint.HTML(string=html).write_pdf(pdf)
    with pdfplumber.open(pdf) as plumbed:
        fonts = resolve1(resolve1(plumbed.pages[0].page_obj.resources).get("Font")).values()
        descriptors = [resolve1(resolve1(resolve1(resolve1(f).get("DescendantFonts"))[0]).get("FontDescriptor"))
                       for f in fonts]
    assert any("FontFile3" in d for d in descriptors)  # the program is CFF, not TrueType
    doc = read_pdf(pdf.read_bytes(), "cff.pdf")
    assert doc.method == "pdf-repaired" and doc.warnings == []
    assert accuracy(doc.text, want) >= 0.995


@pytest.mark.parametrize(("redraw", "kind"), [(as_type1, "/Type1"), (as_type3, "/Type3")], ids=["Type 1", "Type 3"])
def test_type1_and_type3_fonts_that_name_no_letter_are_read_by_ocr(redraw, kind):
    """The six digital samples with every font redrawn as an embedded Type 1 or a Type 3 font
    whose glyphs have meaningless names and no ToUnicode: no text layer names a letter and no
    outline is matched, so each page is read by OCR, and says so; the fields still come out."""
    from progoti.pipeline import extract_file
    from progoti.rows import indicator_row, report_row
    from tests.scoring import compare

    right = total = 0
    for path in sorted((Path(__file__).resolve().parents[1] / "gold" / "pdf").glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        source = Path(__file__).resolve().parents[2] / "samples" / gold["source_file"]
        data = redraw(source.read_bytes())
        with pikepdf.open(io.BytesIO(data)) as pdf:
            assert {str(f.Subtype) for page in pdf.pages for f in page.Resources.Font.values()} == {kind}
        result = extract_file(data, gold["source_file"])
        assert result.method == "ocr"
        assert sum("was read by OCR" in note for note in result.record.notes) == result.pages
        rows = [indicator_row(result, i) for i in result.record.indicators]
        assert len(rows) == len(gold["indicators"])
        got = compare(gold, report_row(result), rows)
        right, total = right + got[0], total + got[1]
    assert right / total >= 0.98
