"""Glyphs a PDF's fonts leave unnamed, read from their picture.

An embedded font names most of its glyphs (character map, substitutions, an installed font's
outline); the rest are conjuncts and contextual forms whose text only the ToUnicode CMap gives,
and that is where producers slip: mPDF gives each a private-use code point (`পরিক\ue11cনা` for
পরিকল্পনা), Word often the text of a letter drawn beside it. The same glyph of the same font is
the same mark everywhere in the document, so OCR of a few words that hold it names it for
every occurrence: its text is what makes the layer's spelling of the word equal to what the engine
read there (its first reading or a near alternative of the same marks). A glyph no reading
agrees on keeps the CMap's text.
"""
from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections import Counter, defaultdict

from extract.fonts import HASANTA, GlyphMap
from extract.glyphs import Glyph, lines, spell, word_gap
from normalize.text import CONSONANT

WORDS_PER_GLYPH = 3  # words read by OCR to name one glyph
WORDS_PER_PAGE = 150  # a bound on a page's OCR calls (each about 15 ms)
WORD_HEIGHT_PX = 48  # a word is rendered this tall: small print magnified, large print reduced
MAX_TEXT = 4  # characters one glyph may stand for (ক্ষ্ম)
# what one glyph may draw: a consonant cluster with its vowel sign, a vowel sign, a reph or a
# post-base form; never a digit, a danda or a run of letters
_SIGN = "[\u09BE-\u09CC\u09D7\u0981-\u0983]"
_GLYPH_TEXT = re.compile(f"{CONSONANT}(?:\u09CD{CONSONANT})*{_SIGN}?|\u09CD{CONSONANT}{_SIGN}?|{_SIGN}|র\u09CD")
_NOT_BANGLA = re.compile(r"[^\u0980-\u09FF]")


def unnamed(g: Glyph, maps: dict[int, GlyphMap]) -> bool:
    """A glyph of a font that names others but not this one: its text is the ToUnicode CMap's guess."""
    m = maps.get(id(g.font))
    return m is not None and bool(m.text) and g.gid is not None and g.gid not in m.text and not g.unicode.isspace()


def name_by_ocr(pdfium_page, glyphs: list[Glyph], maps: dict[int, GlyphMap],
                learned: dict[tuple[int, int], str]) -> tuple[dict[int, GlyphMap], int]:
    """(glyph maps with the unnamed glyphs named, how many OCR named on this page). `learned`
    holds the names earlier pages of the document found, (id(font), glyph id) -> text, and gains
    this page's. The maps given are not changed: they are shared by every document that embeds
    the same font."""
    maps = _named(maps, learned)
    if not any(unnamed(g, maps) for g in glyphs):
        return maps, 0
    words = [w for w in _words(glyphs) if any(unnamed(g, maps) for g in w)]
    read: dict[int, tuple[str, ...]] = {}  # word index -> its OCR readings
    asked: Counter = Counter()  # glyph -> words read for it
    found: dict[tuple[int, int], str] = {}
    for _ in range(3):  # a word with two unnamed glyphs is solved once the other is named
        votes: dict[tuple[int, int], Counter] = defaultdict(Counter)
        for k, word in enumerate(words):
            open_ = {(id(g.font), g.gid) for g in word if unnamed(g, maps)}
            if len(open_) != 1:
                continue
            key = next(iter(open_))
            if k not in read:
                if asked[key] >= WORDS_PER_GLYPH or len(read) >= WORDS_PER_PAGE:
                    continue
                asked[key] += 1
                read[k] = _ocr_word(pdfium_page, word)
            if text := solve(word, maps, key, read[k]):
                votes[key][text] += 1
        winners = {key: ranked[0][0] for key, counter in votes.items()
                   if len(ranked := counter.most_common(2)) == 1 or ranked[0][1] > ranked[1][1]}
        if not winners:
            break
        found |= winners
        maps = _named(maps, winners)
    learned |= found
    return maps, len(found)


def _named(maps: dict[int, GlyphMap], names: dict[tuple[int, int], str]) -> dict[int, GlyphMap]:
    """The maps with these glyphs named by OCR (new map objects: the given ones are shared)."""
    by_font: dict[int, dict[int, str]] = defaultdict(dict)
    for (font, gid), text in names.items():
        if font in maps:
            by_font[font][gid] = text
    if not by_font:
        return maps
    return maps | {font: dataclasses.replace(maps[font], text=maps[font].text | texts,
                                             source=maps[font].source | {gid: "ocr" for gid in texts})
                   for font, texts in by_font.items()}


def solve(word: list[Glyph], maps: dict[int, GlyphMap], key: tuple[int, int],
          readings: tuple[str, ...]) -> str | None:
    """The text of the unnamed glyph `key` that makes the word spell one of the readings (Bangla
    letters compared, the word found within the reading), or None. Shorter texts are tried first,
    so a text never takes in a neighbour's letter the crop caught."""
    for reading in readings:
        target = _NOT_BANGLA.sub("", unicodedata.normalize("NFC", reading))
        for size in range(1, MAX_TEXT + 1):
            for start in range(len(target) - size + 1):
                text = target[start:start + size]
                if not _GLYPH_TEXT.fullmatch(text):
                    continue
                spelled = _NOT_BANGLA.sub("", spell(word, _named(maps, {key: text}))[0])
                if len(spelled) > len(text) and _holds(target, spelled):  # the crop may catch a neighbour's edge
                    return text
    return None


def _holds(reading: str, word: str) -> bool:
    """The word within the reading, from one letter cluster's start to another's end."""
    def boundary(k: int) -> bool:
        return k in (0, len(reading)) or (reading[k - 1] != HASANTA and reading[k] != HASANTA
                                          and unicodedata.category(reading[k]) not in ("Mn", "Mc"))
    start = reading.find(word)
    while start >= 0:
        if boundary(start) and boundary(start + len(word)):
            return True
        start = reading.find(word, start + 1)
    return False


def _words(glyphs: list[Glyph]) -> list[list[Glyph]]:
    out = []
    for line in lines(glyphs):
        word: list[Glyph] = []
        for g in line:
            if g.unicode.isspace() or (word and word_gap(max(x.x1 for x in word), g)):
                if word:
                    out.append(word)
                word = [] if g.unicode.isspace() else [g]
            else:
                word.append(g)
        if word:
            out.append(word)
    return out


def _ocr_word(pdfium_page, word: list[Glyph]) -> tuple[str, ...]:
    """What Tesseract reads in the word's box: its reading and the near alternatives."""
    import numpy as np  # with the OCR engine, only where a glyph needs them: a clean page never does

    from extract import ocr

    x0, x1 = min(g.x0 for g in word), max(g.x1 for g in word)
    top, bottom = min(g.top for g in word), max(g.bottom for g in word)
    height = max(bottom - top, 1.0)
    scale = WORD_HEIGHT_PX / height
    margin = 0.4 * height
    width, page_height = pdfium_page.get_size()
    crop = (max(0.0, x0 - margin), max(0.0, page_height - bottom - margin),
            max(0.0, width - x1 - margin), max(0.0, top - margin))
    gray = np.asarray(pdfium_page.render(scale=scale, crop=crop, grayscale=True).to_pil())
    found = ocr.words(gray)
    if len(found) != 1:
        return ("".join(w.text for w in found),)
    return (found[0].text, *found[0].alternatives)
