"""Digital PDFs: tables and letter text from each page, tables stitched across pages.

A page's content (glyphs, rules) is read once, by PLAYA (extract/content.py).
Geometry (ruling lines, cell boxes) comes from pdfplumber's lattice table
finder over those rules, or on a page with no grid of rules from the words'
positions and whatever horizontal rules there are (extract/unruled.py). Text
comes from whichever source reads the page best, measured by the share of
malformed Bangla words and, among sources that look equally well-formed, by the
words a word list knows (shared/reference/pdf_text_backends.md): glyph ids
through the embedded fonts (extract/fonts.py), pdfium, or the text layer's own
ToUnicode text of the same glyphs. A page
without a usable text layer is a scan and is read from its image
(extract/scan.py), and so is a page whose text no source can read (the repair
of last resort). A page that cannot be read at all costs that page only.
"""
from __future__ import annotations

import io
from bisect import bisect_left, bisect_right

import playa
import pypdfium2 as pdfium
from pdfplumber.table import TableFinder, TableSettings

from extract import unruled, words
from extract.content import Drawing, read_content
from extract.glyphs import Glyph, font_maps, lines, text_in
from extract.grid import stitch, table_from_boxes
from extract.model import Document, ExtractionError, Page, Table, read_or_unread
from extract.sniff import holds
from extract.unnamed import name_by_ocr
from normalize import bijoy
from normalize.quality import damaged_share
from normalize.text import clean, to_logical_order

TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines", "snap_tolerance": 3,
                  "intersection_tolerance": 3}
MIN_CHARS_FOR_TEXT_LAYER = 20
OCR_FALLBACK_DAMAGE = 0.25  # malformed words beyond this share in the best text source: OCR the page
READS_AS_WORDS = 0.5  # a text layer whose words a dictionary knows less often than this is checked by OCR…
MIN_WORDS_TO_JUDGE = 20
OCR_BETTER = 1.25  # …and OCR wins where it reads this many times more valid words,
OCR_ENOUGH = 2 / 3  # or a larger share of its words as real ones, having found this many of the layer's
GLYPHS_TRUSTED = 0.97  # share of glyphs the embedded fonts identify
DAMAGE_MARGIN = 0.02  # sources this close to the fewest malformed words are judged by the words they spell
METHODS = {"glyphs": "pdf-repaired", "pdfium": "pdf-text", "tounicode": "pdf-text"}


LONG_DOCUMENT = 60  # pages: a progress report is far shorter…
SAMPLED_PAGES = 20  # …so of a longer PDF these are read first, and the rest only if they hold a table


def read_pdf(data: bytes, source_file: str) -> Document:
    doc, pdfium_doc, notes = _open(data)
    pages: list[Page] = []
    named: dict[tuple[int, int], str] = {}  # glyphs OCR named on earlier pages: the same fonts run on
    columns: list[list[float]] = []  # column bounds of unruled tables on earlier pages: a table runs on
    skipped = None
    try:
        count = len(doc.pages)
        for i in range(count):
            if i == SAMPLED_PAGES and count > LONG_DOCUMENT and not any(pg.tables for pg in pages):
                skipped = (f"The PDF has {count} pages and none of the first {SAMPLED_PAGES} holds a "
                           "table, so it is probably not a progress report; the rest was not read.")
                break
            pages.append(read_or_unread(i + 1, lambda: _read_page(doc.pages[i], pdfium_doc[i], source_file,
                                                                   named, columns, data)))
    finally:
        pdfium_doc.close()
    stitch(pages)
    return Document(source_file, "pdf", pages, "+".join(sorted({p.method for p in pages if p.method != "unread"})),
                    warnings=notes + [n for p in pages for n in p.notes], skipped=skipped)


def _page_count(data: bytes) -> int | None:
    try:
        doc = _parse(data)  # held: PLAYA's pages live only as long as their document
        return len(doc.pages)
    except Exception:
        return None


def _open(data: bytes):
    """(PLAYA's PDF, pdfium's, notes) or ExtractionError saying in a sentence what is wrong.

    A PDF whose cross-reference table is broken is rewritten by pdfium, which rebuilds it."""
    if not data.strip():
        raise ExtractionError("The file is empty.")
    kind = holds(data)
    if kind != "a PDF document" and b"%PDF" not in data[:1024]:
        raise ExtractionError(f"The file is named .pdf but holds {kind or 'no PDF'}; it is not a PDF document.")
    try:
        pdfium_doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        if "password" in str(e).lower():
            raise ExtractionError("The PDF is protected by a password; progoti cannot open it without one.") from None
        if b"%%EOF" not in data[-2048:]:
            raise ExtractionError("The PDF is cut off (its end is missing); it may be a download that did not "
                                  "finish.") from None
        if _page_count(data) == 0:
            raise ExtractionError("The PDF has no pages.") from None
        raise ExtractionError(f"The PDF could not be opened ({e}); it may be damaged.") from None
    if len(pdfium_doc) == 0:
        pdfium_doc.close()
        raise ExtractionError("The PDF has no pages.")
    notes: list[str] = []
    try:
        doc = _parse(data)
    except Exception:  # a broken file raises many kinds; pdfium reads more of them
        repaired = io.BytesIO()
        pdfium_doc.save(repaired)
        try:
            doc = _parse(repaired.getvalue())
        except Exception as e:
            pdfium_doc.close()
            raise ExtractionError(f"The PDF could not be opened ({type(e).__name__}); it may be damaged.") from None
        notes.append("the PDF's cross-reference table was broken; it was rebuilt before reading")
    return doc, pdfium_doc, notes


def _parse(data: bytes):
    """PLAYA's document, its pages counted (which reads the page tree: a broken one fails here)."""
    doc = playa.parse(data, space="page")
    len(doc.pages)
    return doc


class _Reader:
    """One page's text through one source: every cell and the running text get it the same way."""

    def __init__(self, number: int, bbox: tuple[float, float, float, float], pdfium_page, glyphs: list[Glyph]):
        self.number, self.bbox, self.height = number, bbox, bbox[3]
        self.glyphs, self.maps = glyphs, font_maps(glyphs)
        self.visual_order = False  # the text layer's vowel signs stand before their consonants
        self.textpage = pdfium_page.get_textpage()
        # glyph indices by vertical centre: a cell's glyphs are found by bisection, not a scan of the page
        self._order = sorted(range(len(glyphs)), key=lambda i: glyphs[i].top + glyphs[i].bottom)
        self._centres = [glyphs[i].top + glyphs[i].bottom for i in self._order]
        self._across = [(g.x0 + g.x1) / 2 for g in glyphs]
        self._whole: dict[tuple, tuple[str, float]] = {}  # the whole page's text by source, read once

    def close(self) -> None:
        self.textpage.close()

    def text(self, source: str, bbox, sep: str = "\n", exclude=()) -> tuple[str, float]:
        text, confidence = self._read(source, bbox, sep, exclude)
        text = bijoy.convert(text)[0]  # a SutonnyMJ font's text layer is Bijoy ANSI
        return (to_logical_order(text) if self.visual_order and source != "glyphs" else text), confidence

    def _read(self, source: str, bbox, sep: str, exclude) -> tuple[str, float]:
        """The text in `bbox` from `source`; the whole page's is asked for again (choosing the
        source, then reading with it), so it is kept."""
        if bbox == self.bbox and not exclude:
            if (source, sep) not in self._whole:
                self._whole[source, sep] = self._read_box(source, bbox, sep, exclude)
            return self._whole[source, sep]
        return self._read_box(source, bbox, sep, exclude)

    def _read_box(self, source: str, bbox, sep: str, exclude) -> tuple[str, float]:
        if source == "pdfium" and not exclude:
            x0, top, x1, bottom = bbox
            h = self.height
            t = self.textpage.get_text_bounded(left=x0, bottom=h - bottom, right=x1, top=h - top) or ""
            return t.replace("\r\n", sep).replace("\n", sep), 0.8
        band = self._order[bisect_left(self._centres, 2 * bbox[1]):bisect_right(self._centres, 2 * bbox[3])]
        across = self._across  # the band holds the box's height; its width is checked here
        inside = [self.glyphs[i] for i in sorted(band) if bbox[0] <= across[i] <= bbox[2]
                  and not any(_within(self.glyphs[i], b) for b in exclude)]
        if source == "glyphs":
            return text_in(inside, self.maps, sep)
        return text_in(inside, {}, sep)[0], 0.6  # the text layer's own, and pdfium's text around tables

    def best_source(self) -> str:
        """Font-level recovery when the fonts identify nearly every glyph; else, of the sources with
        (nearly) the fewest malformed Bangla words, the one whose words a word list knows most: a
        layer can be wrong without looking malformed (pdfium repeats LibreOffice's reph clusters,
        `অর্ধবা র্ধ র্ষিক`), hence the second cue, and the order where both agree.
        """
        text, known = self.text("glyphs", self.bbox)
        if known >= GLYPHS_TRUSTED:
            return "glyphs"
        texts = {"glyphs": text} | {s: self.text(s, self.bbox)[0] for s in ("pdfium", "tounicode")}
        damage = {s: damaged_share([t]) for s, t in texts.items()}
        least = min(damage.values())
        close = [s for s in texts if damage[s] <= least + DAMAGE_MARGIN]
        if len(close) == 1 or not words.available():
            return min(close, key=lambda s: (round(damage[s], 3), list(texts).index(s)))
        return max(close, key=lambda s: (words.count(texts[s]).valid, -list(texts).index(s)))


def _within(g: Glyph, bbox) -> bool:
    cx, cy = (g.x0 + g.x1) / 2, (g.top + g.bottom) / 2
    return bbox[0] <= cx <= bbox[2] and bbox[1] <= cy <= bbox[3]


def _read_page(page, pdfium_page, source_file: str, named: dict[tuple[int, int], str],
               columns: list[list[float]], data: bytes) -> Page:
    number = page.page_idx + 1
    glyphs, drawing = read_content(page)
    if len(glyphs) < MIN_CHARS_FOR_TEXT_LAYER:  # a scanned page: read it from its image
        from extract import scan  # OpenCV and Tesseract, loaded by the first page that needs them

        image, dpi = scan.render_pdf_page(pdfium_page)
        return scan.read_page(image, dpi, number, source_file, scan.page_key(data, number - 1))
    reader = _Reader(number, drawing.bbox, pdfium_page, glyphs)
    try:
        notes = []
        reader.maps, count = name_by_ocr(pdfium_page, glyphs, reader.maps, named)
        if count:
            notes.append(f"page {number}: {count} glyphs its fonts do not name (their text layer gives no text or "
                         "another letter's) were named by OCR of words that hold them")
        source = reader.best_source()
        text, known = reader.text(source, reader.bbox)
        if source != "glyphs" and words.count(to_logical_order(text)).valid > words.count(text).valid:
            reader.visual_order = True  # more of it reads as words with its vowel signs after their consonants
            text, known = reader.text(source, reader.bbox)
            notes.append(f"page {number}'s text layer is in visual order (vowel signs before their consonants); "
                         "it was put in logical order")
        damage = damaged_share([text])
        if damage > OCR_FALLBACK_DAMAGE:  # no source reads this page: read its picture instead
            ocr = _ocr_page(pdfium_page, number, source_file)
            ocr.notes.append(f"page {number}'s text layer could not be read ({damage:.0%} of words malformed "
                             "through every text source), so the page was read by OCR")
            return ocr
        trusted = source == "glyphs" and known >= GLYPHS_TRUSTED
        layer = None if trusted else words.count(text)
        # the embedded fonts named nearly every glyph: nothing to judge; else the layer is judged by its words
        if layer and words.available() and layer.words >= MIN_WORDS_TO_JUDGE and layer.share < READS_AS_WORDS:
            # well-formed but not words (a re-encoded font, a legacy encoding): ask OCR for a second opinion
            ocr = _ocr_page(pdfium_page, number, source_file)
            seen = words.count(ocr.text + "\n" + "\n".join(c.text for t in ocr.tables for r in t.rows for c in r))
            if seen.valid >= OCR_BETTER * max(layer.valid, 1) or (seen.share > layer.share
                                                                  and seen.valid >= OCR_ENOUGH * layer.valid):
                ocr.notes.append(f"page {number}'s text layer reads as words in only {layer.share:.0%} of "
                                 f"{layer.words} (OCR: {seen.share:.0%}), so the page was read by OCR")
                return ocr
        found = _find_tables(drawing, glyphs, columns)
        columns += [f.columns for f in found if isinstance(f, unruled.Found)]
        tables = [t for t in (_table(reader, f, source, source_file) for f in found) if t is not None]
        text, _ = reader.text(source, reader.bbox, exclude=[f.bbox for f in found])
    finally:
        reader.close()
    return Page(number, text, tables, method=METHODS[source], notes=notes)


def _ocr_page(pdfium_page, number: int, source_file: str) -> Page:
    from extract import scan

    image = pdfium_page.render(scale=scan.render_scale(pdfium_page, 300), grayscale=True).to_pil()
    return scan.read_page(image, 300, number, source_file)


def _find_tables(drawing: Drawing, glyphs: list[Glyph], columns: list[list[float]]) -> list:
    """pdfplumber's lattice tables, found from the page's rules alone, and where the page has
    none, tables printed without a full grid of rules (extract/unruled.py)."""
    ruled = ruled_tables(drawing)
    if ruled:
        return ruled
    rules = [(e["x0"], e["top"], e["x1"]) for e in drawing.edges if e["orientation"] == "h" and e["x1"] - e["x0"] > 5]
    boxes = [[((g.x0, g.top, g.x1, g.bottom), g.unicode.isspace()) for g in line] for line in lines(glyphs)]
    return unruled.find(unruled.words_of(boxes), rules, columns)


def ruled_tables(drawing: Drawing) -> list:
    """pdfplumber's lattice tables over the page's rules."""
    return TableFinder(drawing, TableSettings.resolve(_settings(drawing))).tables


def _settings(drawing: Drawing) -> dict:
    """The lattice settings, with the ends of the vertical rules drawn as horizontal rules: a table
    cut by a page break has no rule under its last cells (or over its first), and pdfplumber would
    drop the cells a rowspan leaves open there."""
    verticals = [e for e in drawing.edges if e["orientation"] == "v" and e["bottom"] - e["top"] > 2]
    if not verticals:
        return TABLE_SETTINGS
    ends = {round(min(e["top"] for e in verticals), 1), round(max(e["bottom"] for e in verticals), 1)}
    return TABLE_SETTINGS | {"explicit_horizontal_lines": sorted(ends)}


def _table(reader: _Reader, found, source: str, source_file: str) -> Table | None:
    def read(box):
        text, confidence = reader.text(source, box, sep=" ")
        return clean(text), confidence

    table = table_from_boxes(found.cells, read, source_file, reader.number, f"pdf-{source}")
    if table is not None:
        table.bbox, table.page_height = tuple(found.bbox), reader.height
    return table
