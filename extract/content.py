"""One pass over a PDF page's content: its glyphs (with glyph ids and fonts) and its drawn rules.

PLAYA reads a content stream about three times as fast as pdfminer, which
pdfplumber builds on (measured on 114 generated report pages: 1.3 s against
3.6 s), and reading the stream was most of a digital page's time. Glyph
boxes are pdfminer's (one em high from the font's descent, one advance wide:
PLAYA's pdfminer layer rebuilds them), so lines and cells group as they
did; the rules become the dicts pdfplumber's own table finder works on.
Text and rules inside form XObjects are read with the page's.
"""
from __future__ import annotations

from pdfplumber.container import Container
from playa.cmapdb import IdentityCMap, IdentityCMapByte, ToUnicodeMap
from playa.encodingdb import ENCODINGS, cid2unicode_from_encoding
from playa.font import CIDFont, TrueTypeFont, Type3Font
from playa.miner import LTChar, LTCurve, LTLine, LTRect, process_path
from playa.page import PathObject, TextObject
from playa.parser import KWD
from playa.pdftypes import num_value, resolve1, stream_value
from playa.utils import transform_bbox

from extract.fonts import code_to_gid
from extract.glyphs import Glyph, font_program


# The operators whose effect is read here: the graphics state's place and font, text, paths and form
# XObjects. Colours, line styles and marked content are skipped unread (a sixth of PLAYA's time on
# the digital samples): no glyph, rule or box here depends on them.
OPERATORS = frozenset(KWD(op.encode()) for op in (
    "q Q cm gs Do"  # graphics state, form XObjects
    " BT ET Tc Tw Tz TL Tf Tr Ts Td TD Tm T* Tj TJ ' \" d0 d1"  # text, Type 3 glyph widths
    " m l c v y h re S s f F f* B B* b b* n W W*").split())  # paths and clipping


class Drawing(Container):
    """A page's drawn objects (rules, boxes, curves) in pdfplumber's form, for its table finder."""

    def __init__(self, objects: dict[str, list[dict]], bbox: tuple[float, float, float, float]):
        self._objects, self.bbox = objects, bbox

    @property
    def objects(self) -> dict[str, list[dict]]:
        return self._objects


def read_content(page) -> tuple[list[Glyph], Drawing]:
    """A PLAYA page (opened in "page" space): its glyphs in drawing order and its drawing."""
    left, bottom, right, top = transform_bbox(page.ctm, page.mediabox)  # a turned page's width and height swap
    w, h = right - left, top - bottom
    glyphs: list[Glyph] = []
    drawn: dict[str, list[dict]] = {}
    gids: dict[int, dict | bytes | None] = {}
    encodings: dict[int, dict[int, str]] = {}
    for obj in page.flatten(restrict_ops=OPERATORS):
        if isinstance(obj, TextObject):
            for glyph in obj:
                x0, y0, x1, y1 = _box(glyph)
                glyphs.append(Glyph(_gid(glyph.font, glyph.cid, gids), glyph.font, _text(glyph, encodings),
                                    x0, x1, h - y1, h - y0))
        elif isinstance(obj, PathObject):
            for item in process_path(obj):
                kind = "rect" if isinstance(item, LTRect) else "line" if isinstance(item, LTLine) else "curve"
                drawn.setdefault(kind, []).append(_drawn(item, kind, h))
    return glyphs, Drawing(drawn, (0, 0, w, h))


def _box(glyph) -> tuple[float, float, float, float]:
    """pdfminer's box of a glyph: one advance wide, one em high from the descent the font
    descriptor states (none stated: 0; PLAYA would take the font's bounding box, and boxes would
    sit lower than the ones every rule here was measured with)."""
    font = glyph.font
    if font.vertical or isinstance(font, Type3Font):
        box = LTChar(glyph)
        return box.x0, box.y0, box.x1, box.y1
    descent = num_value((getattr(font, "descriptor", None) or {}).get("Descent", 0)) * 0.001
    descent = -descent if descent > 0 else descent
    return transform_bbox(glyph.matrix, (0, descent, font.hdisp(glyph.cid), descent + 1))


def _text(glyph, encodings: dict[int, dict[int, str]]) -> str:
    """The glyph's text as pdfminer gives it (every rule here was measured with it): the ToUnicode
    CMap's, else the font encoding's, else `(cid:N)`, the mark normalize/text.py counts as damage.
    PLAYA gives a code the CMap lacks as the character of that number, which can be a wrong
    letter (code 0x995 reads ক)."""
    font, code = glyph.font, glyph.cid
    tounicode = getattr(font, "tounicode", None)
    if isinstance(font, CIDFont):
        if not isinstance(font.cmap, IdentityCMap):  # codes and character ids apart: PLAYA's reading
            return glyph.text or f"(cid:{code})"
        raw = code.to_bytes(1 if isinstance(font.cmap, IdentityCMapByte) else 2, "big")
        if isinstance(tounicode, ToUnicodeMap):
            return tounicode.bytes2unicode.get(raw, f"(cid:{code})")
        return glyph.text if font.unicode_map is not None and glyph.text else f"(cid:{code})"
    if isinstance(tounicode, ToUnicodeMap) and bytes([code]) in tounicode.bytes2unicode:
        return tounicode.bytes2unicode[bytes([code])]
    if id(font) not in encodings:  # pdfminer's base where the font names none: WinAnsi for TrueType, else Standard
        base = ENCODINGS["WinAnsiEncoding" if isinstance(font, TrueTypeFont) else "StandardEncoding"]
        encodings[id(font)] = cid2unicode_from_encoding({**base, **(getattr(font, "encoding", None) or {})})
    return encodings[id(font)].get(code, f"(cid:{code})")


def _drawn(item: LTCurve, kind: str, h: float) -> dict:
    """A rule or box as pdfplumber describes one (top-down coordinates)."""
    top = h - item.y1
    return {"object_type": kind, "x0": item.x0, "x1": item.x1, "y0": item.y0, "y1": item.y1, "top": top,
            "bottom": h - item.y0, "doctop": top, "width": item.width, "height": item.height,
            "pts": [(x, h - y) for x, y in item.pts]}


def _gid(font, code: int, cache: dict) -> int | None:
    """The glyph id a character code draws: through the CIDToGIDMap of a CID font whose character
    ids are not its glyph ids (mPDF numbers them by code point), or through a simple TrueType font's
    own code → glyph table (the symbolic subsets LibreOffice and Word embed, whose glyphs have no
    names or Unicode of their own: the outlines name them). None for other fonts."""
    if isinstance(font, CIDFont):
        if id(font) not in cache:
            cache[id(font)] = _cid_to_gid_map(font)
        mapping = cache[id(font)]
        if mapping is None or 2 * code + 2 > len(mapping):
            return code
        return int.from_bytes(mapping[2 * code:2 * code + 2], "big")
    if isinstance(font, TrueTypeFont):
        if id(font) not in cache:
            program = font_program(font)
            cache[id(font)] = code_to_gid(program) if program else None
        table = cache[id(font)]
        return table.get(code) if table else None
    return None


def _cid_to_gid_map(font) -> bytes | None:
    try:
        return stream_value(resolve1(font.spec.get("CIDToGIDMap"))).buffer
    except Exception:  # none, /Identity, or malformed: the character ids stand as glyph ids
        return None
