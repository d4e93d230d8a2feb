"""Digital PDFs: ruled tables and letter text from each page, tables stitched across pages.

Geometry (ruling lines, cell boxes) comes from pdfplumber's lattice table
finder. Text comes from whichever source reads the page best, measured by the
share of malformed Bangla words (shared/reference/pdf_text_backends.md):
glyph ids through the embedded fonts (extract/fonts.py), pdfium, or
pdfminer's ToUnicode text. A page without a usable text layer is a scan and
is left for OCR (`Page.method == "ocr-needed"`).
"""
from __future__ import annotations

import io
from bisect import bisect_right

import pdfplumber
import pypdfium2 as pdfium

from extract.glyphs import Glyph, font_maps, page_glyphs, text_in
from extract.model import Cell, Document, ExtractionError, Page, Provenance, Table
from normalize.quality import damaged_share
from normalize.text import clean

TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines", "snap_tolerance": 3,
                  "intersection_tolerance": 3}
MIN_CHARS_FOR_TEXT_LAYER = 20
STITCH_TOP = 0.25  # a table starting in the top quarter of a page may continue the previous one
GLYPHS_TRUSTED = 0.97  # share of glyphs the embedded fonts identify
METHODS = {"glyphs": "pdf-repaired", "pdfium": "pdf-text", "pdfminer": "pdf-text"}


def read_pdf(data: bytes, source_file: str) -> Document:
    try:
        plumber = pdfplumber.open(io.BytesIO(data))
        pdfium_doc = pdfium.PdfDocument(data)
    except Exception as e:  # pdfminer and pdfium raise many kinds on broken files
        raise ExtractionError(f"The PDF could not be opened ({type(e).__name__}); it may be damaged or encrypted.") from None
    try:
        with plumber:
            pages = [_read_page(p, pdfium_doc[i], source_file) for i, p in enumerate(plumber.pages)]
    finally:
        pdfium_doc.close()
    if not pages:
        raise ExtractionError("The PDF has no pages.")
    _stitch(pages)
    doc = Document(source_file, "pdf", pages, "+".join(sorted({p.method for p in pages})))
    scanned = [str(p.number) for p in pages if p.method == "ocr-needed"]
    if scanned:
        doc.warnings.append(f"page {', '.join(scanned)} has no text layer (a scan) and needs OCR")
    return doc


class _Reader:
    """One page's text through one source: every cell and the running text get it the same way."""

    def __init__(self, page, pdfium_page, glyphs: list[Glyph]):
        self.page, self.glyphs, self.maps = page, glyphs, font_maps(glyphs)
        self.textpage = pdfium_page.get_textpage()

    def close(self) -> None:
        self.textpage.close()

    def text(self, source: str, bbox, sep: str = "\n", exclude=()) -> tuple[str, float]:
        if source == "glyphs":
            inside = [g for g in self.glyphs if _within(g, bbox) and not any(_within(g, b) for b in exclude)]
            return text_in(inside, self.maps, sep)
        if exclude:
            region = self.page.within_bbox(bbox)
            for b in exclude:
                region = region.outside_bbox(b)
        if source == "pdfium" and not exclude:
            x0, top, x1, bottom = bbox
            h = self.page.height
            t = self.textpage.get_text_bounded(left=x0, bottom=h - bottom, right=x1, top=h - top) or ""
            return t.replace("\r\n", sep).replace("\n", sep), 0.8
        region = self.page.within_bbox(bbox) if not exclude else region
        return (region.extract_text() or "").replace("\n", sep), 0.6

    def best_source(self) -> str:
        """Font-level recovery when the fonts identify nearly every glyph; else the source with the
        fewest malformed Bangla words (a text layer can be wrong without looking malformed, hence the order).
        """
        text, known = self.text("glyphs", self.page.bbox)
        if known >= GLYPHS_TRUSTED:
            return "glyphs"
        scores = {"glyphs": damaged_share([text])}
        scores |= {s: damaged_share([self.text(s, self.page.bbox)[0]]) for s in ("pdfium", "pdfminer")}
        return min(scores, key=lambda s: (round(scores[s], 3), list(scores).index(s)))


def _within(g: Glyph, bbox) -> bool:
    cx, cy = (g.x0 + g.x1) / 2, (g.top + g.bottom) / 2
    return bbox[0] <= cx <= bbox[2] and bbox[1] <= cy <= bbox[3]


def _read_page(page, pdfium_page, source_file: str) -> Page:
    number = page.page_number
    glyphs = page_glyphs(page)
    if len(glyphs) < MIN_CHARS_FOR_TEXT_LAYER:
        return Page(number, "", [], method="ocr-needed")
    reader = _Reader(page, pdfium_page, glyphs)
    try:
        source = reader.best_source()
        found = page.find_tables(TABLE_SETTINGS)
        tables = [t for t in (_table(reader, f, source, source_file) for f in found) if t is not None]
        text, _ = reader.text(source, page.bbox, exclude=[f.bbox for f in found])
    finally:
        reader.close()
    return Page(number, text, tables, method=METHODS[source])


def _table(reader: _Reader, found, source: str, source_file: str) -> Table | None:
    boxes = found.cells
    if len(boxes) < 4:
        return None
    cols = sorted({round(b[0], 1) for b in boxes})
    rows_at = sorted({round(b[1], 1) for b in boxes})
    index = lambda edges, v: max(0, bisect_right(edges, v + 1) - 1)  # noqa: E731
    grid: list[list[Cell | None]] = [[None] * len(cols) for _ in rows_at]
    number = reader.page.page_number
    for box in boxes:
        i, j = index(rows_at, box[1]), index(cols, box[0])
        text, confidence = reader.text(source, box, sep=" ")
        prov = Provenance(source_file, number, i, j, f"pdf-{source}", confidence=round(confidence, 3),
                          bbox=tuple(round(v, 1) for v in box))
        grid[i][j] = Cell(clean(text), prov, rowspan=max(1, index(rows_at, box[3] - 2) - i + 1),
                          colspan=max(1, index(cols, box[2] - 2) - j + 1))
    rows = [[c or Cell("", Provenance(source_file, number, i, j, f"pdf-{source}"))
             for j, c in enumerate(r)] for i, r in enumerate(grid)]
    return Table(rows, page=number, bbox=tuple(found.bbox), page_height=reader.page.height)


def _stitch(pages: list[Page]) -> None:
    """A table at the top of a page continues the last table of the page before when the columns agree.

    Its repeated header rows (equal to the previous table's first rows) are dropped.
    """
    previous: Table | None = None
    for page in pages:
        kept = []
        for k, table in enumerate(page.tables):
            at_top = table.bbox is not None and table.bbox[1] < STITCH_TOP * (table.page_height or 842)
            if k == 0 and previous is not None and previous.n_cols == table.n_cols and at_top:
                texts, head = table.texts(), previous.texts()
                skip = 0
                while skip < min(len(texts), len(head)) and texts[skip] == head[skip]:
                    skip += 1
                previous.rows.extend(table.rows[skip:])
            else:
                kept.append(table)
                previous = table
        page.tables = kept
        if page.method == "ocr-needed":
            previous = None
