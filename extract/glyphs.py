"""Glyphs of a PDF page with their glyph ids and fonts, and the text they spell in logical order.

Each glyph keeps its glyph id (the character code, for the Identity-encoded
CID fonts Bangla text is embedded in) and its font, which the ToUnicode text
loses; extract/content.py reads them off the page.
"""
from __future__ import annotations

import heapq
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from playa.pdftypes import resolve1, stream_value

from extract.fonts import FONTS_KEPT, HASANTA, REPH, GlyphMap, glyph_map
from normalize.text import CONSONANT

_CONSONANT = re.compile("^" + CONSONANT)
_JOINS_BELOW = re.compile(r"^[\u09CD\u09BC]")  # starts with hasanta or nukta: part of the cluster before
_POST_MATRA = set("\u09BE\u09C0\u09C1\u09C2\u09C3\u09D7\u0981\u0982\u0983")
LINE_TOLERANCE = 3.0
RUN_JUMP = 1.5  # of the glyphs' height: a jump back this far starts another run of glyphs
# A vowel sign drawn before a post-base form (নূ + ্য) belongs after it: ন্যূ.
_VOWEL_BEFORE_CONJUNCT = re.compile(r"([\u09BE-\u09CC\u09D7])(\u09CD[\u0995-\u09B9\u09DC-\u09DF])")
BREAK_WITHOUT_SPACE = ("/", "-")  # a line wrapped after these had no space there


@dataclass(frozen=True)
class Glyph:
    gid: int | None
    font: object  # key into the document's glyph maps
    unicode: str  # what the ToUnicode CMap says
    x0: float
    x1: float
    top: float
    bottom: float


def font_maps(glyphs: list[Glyph]) -> dict[int, GlyphMap]:
    """id(font) -> glyph map of the glyphs drawn, for every embedded TrueType font they use."""
    fonts, drawn = {}, defaultdict(set)
    for g in glyphs:
        if g.font is not None:
            fonts[id(g.font)] = g.font
            drawn[id(g.font)].add(g.gid)
    return {k: glyph_map(program, drawn[k]) if (program := font_program(font)) else GlyphMap()
            for k, font in fonts.items()}


@lru_cache(maxsize=FONTS_KEPT)
def font_program(font) -> bytes | None:
    """The embedded TrueType or CFF program of a font, if it has one: decoded once per font (its
    stream is decoded anew on every read, and a document's pages share their fonts)."""
    descriptor = getattr(font, "descriptor", None) or {}
    ref = descriptor.get("FontFile2") or descriptor.get("FontFile3")
    if ref is None:
        return None
    try:
        return stream_value(resolve1(ref)).buffer
    except Exception:  # an unreadable font stream: fall back to the ToUnicode text
        return None


def lines(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Glyphs grouped into text lines (by vertical position), each in drawing order, its runs
    (drawn one after another, left to right) merged by position."""
    out: list[list[Glyph]] = []
    for g in sorted(glyphs, key=lambda g: g.top):
        if out and abs(out[-1][0].top - g.top) <= LINE_TOLERANCE:
            out[-1].append(g)
        else:
            out.append([g])
    order = {id(g): i for i, g in enumerate(glyphs)}
    return [_by_runs(sorted(line, key=lambda g: order[id(g)])) for line in out]


def _by_runs(line: list[Glyph]) -> list[Glyph]:
    """A line's glyphs in reading order. A shaper draws a run in visual order, its reph and marks a
    little back over the letters before them; a jump back further starts another run, drawn later
    though it stands between (LibreOffice draws a URL's dots apart from its letters). The runs are
    merged by position, each keeping its own order."""
    runs: list[list[Glyph]] = []
    for g in line:
        if runs and g.x0 >= runs[-1][-1].x0 - RUN_JUMP * max(g.bottom - g.top, 1.0):
            runs[-1].append(g)
        else:
            runs.append([g])
    return line if len(runs) == 1 else list(heapq.merge(*runs, key=lambda g: g.x0))


def spell(line: list[Glyph], maps: dict[int, GlyphMap]) -> tuple[str, float]:
    """The logical-order text of one line of glyphs, and the share of glyphs read from the font itself."""
    units: list[tuple[str, str | None]] = []
    known = 0
    right = line[0].x1 if line else 0.0
    for k, g in enumerate(line):
        if k and word_gap(right, g) and not line[k - 1].unicode.isspace() and not g.unicode.isspace():
            units.append((" ", None))
        right = max(right, g.x1)
        m = maps.get(id(g.font))
        if m is not None and g.gid is not None and g.gid in m.text:
            units.append((m.text[g.gid], m.role(g.gid)))
            known += 1
        else:
            units.append(_unnamed(g, maps, units))
    text = unicodedata.normalize("NFC", _VOWEL_BEFORE_CONJUNCT.sub(r"\2\1", "".join(_logical_order(units))))
    text = text.replace("\u200b", "").replace("\ufeff", "")  # an empty glyph standing in for a fused mark
    return text, known / len(line) if line else 1.0


def _unnamed(g: Glyph, maps: dict[int, GlyphMap], units: list) -> tuple[str, str | None]:
    """The text of a glyph its font does not name: the ToUnicode CMap's, checked against the
    font where Word's CMap gives a conjunct form the text of a letter it was drawn beside:

    - a glyph drawn above the headline with no advance is no letter: where the CMap calls it a
      consonant, it is the reph (`কর্ম` came out `কমথ`);
    - where the CMap says য but the font's character map gives য to another glyph, a glyph after
      a consonant is the post-base form ্য (`মাধযমে` for মাধ্যমে).
    """
    m = maps.get(id(g.font))
    if m is None or g.gid is None:
        return g.unicode, None
    if g.gid in m.above_base and _CONSONANT.match(g.unicode):
        return REPH, "reph"
    if g.unicode == "য" and "য" in m.cmap_texts and units and _CONSONANT.match(units[-1][0][-1:]):
        return HASANTA + "য", None
    return g.unicode, None


def word_gap(right: float, g: Glyph) -> bool:
    """A visible gap between the ink drawn so far (its right edge) and the next glyph: a word break
    with no space glyph.

    Measured from the rightmost ink, not the last glyph: a reph or vowel sign is drawn over the
    letter before it, and the gap from it to the next letter is no gap in the word."""
    return g.x0 - right > 0.3 * max(g.bottom - g.top, 1.0)


_BARE_LETTER = re.compile(r"^[\u0995-\u09B9\u09DC-\u09DF]\u09BC?$")  # a consonant with no sign: no word


def _wrapped_within(before: str, line: str) -> bool:
    """A cell's line break that stands for no space: after `/` or `-`, inside a date a narrow
    column broke between its digits (`০` + `৫/০২` + `/২০২` + `৪`), or inside a word too long for
    its column, whose last letter went alone to the next line (`প্রশিক্ষণার্থীদে` + `র`: a bare
    consonant is no word, and it follows a letter, not a sign)."""
    if before.endswith(BREAK_WITHOUT_SPACE):
        return True
    tail, head = before.rsplit(" ", 1)[-1], line.split(" ", 1)[0]
    if _BARE_LETTER.match(head) and re.search(r"[\u0980-\u09FF]$", tail):
        return True
    return tail[-1:].isdigit() and (head[:1].isdigit() or head[:1] == "/") and "/" in tail + head


def text_in(glyphs: list[Glyph], maps: dict[int, GlyphMap], sep: str = "\n") -> tuple[str, float]:
    """Text of a set of glyphs (a cell, a page), lines joined by `sep`, and its confidence."""
    spelled = [spell(line, maps) for line in lines(glyphs)]
    if not spelled:
        return "", 1.0
    text = ""
    for k, (t, _) in enumerate(spelled):
        text += t if k == 0 or (sep == " " and _wrapped_within(text, t)) else sep + t
    conf = sum(c * len(t) for t, c in spelled) / max(1, sum(len(t) for t, _ in spelled))
    return text, conf


def _logical_order(units: list[tuple[str, str | None]]) -> list[str]:
    """Visual glyph order → logical order: pre-base vowel signs after their cluster, reph before it."""
    out: list[str] = []
    pending: list[str] = []  # pre-base signs seen before their cluster
    armed = False  # the current cluster is the one the pending signs belong after
    cluster_start: int | None = None  # where the current consonant cluster begins in `out`
    reph_ahead = False  # a reph fused into a pre-base sign belongs to the cluster that follows
    for text, role in units:
        if role == "prebase_reph":
            if armed:
                out.extend(pending)
                pending, armed = [], False
            pending.append(text[0])
            reph_ahead = True
            continue
        if role == "prebase":
            if armed:
                out.extend(pending)
                pending, armed = [], False
            pending.append(text)
            continue
        if role == "reph":  # a reph, perhaps fused with marks that stay where they are
            rest = text.replace(REPH, "", 1)
            if rest:
                out.append(rest)
            text = REPH
            at = len(out) - (1 if rest else 0)
            while at > 0 and out[at - 1] in _POST_MATRA:
                at -= 1
            if cluster_start is not None and cluster_start <= at:
                at = cluster_start
                cluster_start += 1
            out.insert(at, text)
            continue
        if cluster_start is not None and (_JOINS_BELOW.match(text) or out[-1].endswith("\u09CD")):
            out.append(text)
            continue
        if pending and (armed or not _CONSONANT.match(text)):  # the cluster they waited for has ended
            out.extend(pending)
            pending, armed = [], False
        if _CONSONANT.match(text):
            cluster_start, armed = len(out), bool(pending)
            if reph_ahead:
                out.append(REPH)
                reph_ahead = False
        elif not set(text) <= _POST_MATRA:  # a vowel sign stays with its cluster (a reph may follow it)
            cluster_start = None
        out.append(text)
    out.extend(pending)
    return out
