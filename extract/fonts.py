"""Glyph id → Unicode for a font embedded in a PDF, from what the file and the machine hold.

A PDF's ToUnicode CMap is often wrong for Bangla (shaped glyphs — conjuncts,
pre-base vowel signs, reph — have no code point of their own), so the glyph
ids are trusted instead. Each embedded font program is read with fontTools:
1. its own cmap and, where the subset kept it, its GSUB, inverted: a
   ligature glyph stands for its components, a substituted form for its source;
2. glyphs still unknown are matched by outline against the full Bangla fonts
   installed on the machine (fonts-noto-core), whose cmap and GSUB say what
   they are. Subsetting keeps outlines, so a match is exact; outlines are
   compared with every curve cubic, so a CFF subset of a TrueType font matches too.
Each glyph also gets its role in reordering: a pre-base vowel sign, a reph.
"""
from __future__ import annotations

import glob
import hashlib
import io
import logging
import os
import pickle
import re
import subprocess
import tempfile
import unicodedata
from dataclasses import dataclass, field
from collections.abc import Iterable
from functools import cache, lru_cache
from pathlib import Path

from fontTools.misc.roundTools import otRound
from fontTools.pens.basePen import BasePen
from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTFont

logging.getLogger("fontTools").setLevel(logging.ERROR)  # subsets often carry padding fontTools warns about

FALLBACK_FONTS = "/usr/share/fonts/**/*Bengali*.[ot]tf"
PREBASE = {"ি", "ে", "ৈ"}
REPH = "র্"
ABOVE_HEADLINE = 0.6  # of the em: a Bangla letter's ink reaches down to the baseline, a mark over the headline does not
HASANTA = "\u09CD"


@dataclass
class GlyphMap:
    text: dict[int, str] = field(default_factory=dict)  # gid -> the Unicode text it stands for
    # gid -> how: 'cmap', 'gsub', 'rphf' (a reph form), prefixed 'outline-' when found through an installed font
    source: dict[int, str] = field(default_factory=dict)
    # unnamed glyphs drawn wholly above the headline with no advance: marks, never letters
    above_base: set[int] = field(default_factory=set)

    @property
    def cmap_texts(self) -> set[str]:
        """The characters the font's own character map gives a glyph to."""
        return {t for gid, t in self.text.items() if self.source.get(gid) == "cmap"}

    def role(self, gid: int) -> str | None:
        t = self.text.get(gid)
        if t in PREBASE:
            return "prebase"
        if t and len(t) == 3 and t[0] in PREBASE and t[1:] == REPH:
            return "prebase_reph"
        if t == REPH or (t and REPH in t and self.source.get(gid, "").endswith("rphf")):
            return "reph"
        return None


def _lookups(font: TTFont):
    """(feature tags, subtable) for every GSUB subtable, extension lookups unwrapped."""
    if "GSUB" not in font or not font["GSUB"].table.LookupList:
        return
    table = font["GSUB"].table
    tags: dict[int, set[str]] = {}
    for record in table.FeatureList.FeatureRecord if table.FeatureList else []:
        for index in record.Feature.LookupListIndex:
            tags.setdefault(index, set()).add(record.FeatureTag)
    for index, lookup in enumerate(table.LookupList.Lookup):
        for sub in lookup.SubTable:
            yield tags.get(index, set()), (sub.ExtSubTable if lookup.LookupType == 7 else sub)


def _ligature_text(parts: list[str], features: set[str]) -> str:
    """Text of a ligature from its components' texts.

    A below-base or post-base form (blwf, pstf) of `consonant + hasanta` stands
    after its base: it is `hasanta + consonant` (্র, ্য, ্ব), not a reph.
    """
    joined = "".join(parts)
    if len(joined) > 1 and joined[0] in PREBASE:  # a consonant fused with its pre-base sign (টি)
        return joined[1:] + joined[0]
    if features & {"blwf", "pstf"} and len(joined) == 2 and joined.endswith(HASANTA):
        return HASANTA + joined[0]
    return joined


def _names_to_text(font: TTFont) -> tuple[dict[str, str], dict[str, str]]:
    """glyph name -> text, and -> how it was found, from cmap then GSUB inverted to a fixed point."""
    text: dict[str, str] = {}
    how: dict[str, str] = {}
    # A glyph several code points map to is named by its Bangla one: fonts made for the legacy
    # encodings (Mitra) also map Latin-1 slots onto their Bangla glyphs.
    for cp, name in sorted((font.getBestCmap() or {}).items(), key=lambda item: not 0x980 <= item[0] <= 0x9FF):
        if name not in text:
            text[name], how[name] = chr(cp), "cmap"
    subs = list(_lookups(font))
    # Ligatures first: a single substitution may map a mark onto a conjunct form in some
    # context, and must not name that form before its own components do.
    for kinds in (("LigatureSubst",), ("SingleSubst", "AlternateSubst")):
        changed = True
        while changed:
            changed = False
            for features, sub in subs:
                for parts, out in _pairs(sub, kinds):
                    if out not in text and all(p in text for p in parts):
                        t = _ligature_text([text[p] for p in parts], features)
                        text[out] = t.replace("\u200c", "").replace("\u200d", "")
                        reph = "rphf" in features or any(how[p] == "rphf" for p in parts)
                        how[out] = "rphf" if reph and REPH in text[out] else "gsub"
                        changed = True
    for name in font.getGlyphOrder():
        named = _agl_text(name)
        if named and len(named) > len(text.get(name, "")):
            text[name], how[name] = named, "name"
    return text, how


_AGL_UNI = re.compile(r"uni((?:[0-9A-F]{4})+)(?:\..*)?")


def _agl_text(name: str) -> str | None:
    """The characters a glyph's name spells by the Adobe Glyph List's `uniXXXXYYYY` rule, when
    they are Bangla and more than one: `uni09BF09B009CD` is ি fused with a reph, a form that a
    contextual substitution makes and the inverted tables name as plain ি."""
    m = _AGL_UNI.fullmatch(name)
    if not m or len(m.group(1)) < 8:
        return None
    text = "".join(chr(int(m.group(1)[i:i + 4], 16)) for i in range(0, len(m.group(1)), 4))
    return text if all("\u0980" <= c <= "\u09FF" for c in text) else None


def _pairs(sub, kinds: tuple[str, ...]) -> list[tuple[list[str], str]]:
    """(input glyphs, output glyph) of one GSUB subtable of the given kinds."""
    kind = type(sub).__name__
    if kind not in kinds:
        return []
    if kind == "SingleSubst":
        return [([src], dst) for src, dst in sub.mapping.items()]
    if kind == "LigatureSubst":
        return [([first, *lig.Component], lig.LigGlyph) for first, ligs in sub.ligatures.items() for lig in ligs]
    return [([src], dst) for src, alts in sub.alternates.items() for dst in alts]


class _CubicOutline(BasePen):
    """A glyph's contours as integer points with every curve cubic: a TrueType program's quadratic
    curves as the cubics a converter makes of them (CFF subsets of the same font keep its shapes)."""

    def __init__(self, glyphset):
        super().__init__(glyphset)
        self.contours: list[list] = []

    def _moveTo(self, pt):
        self.contours.append([("M", _point(pt))])

    def _lineTo(self, pt):
        self.contours[-1].append(("L", _point(pt)))

    def _curveToOne(self, p1, p2, p3):
        self.contours[-1].append(("C", _point(p1), _point(p2), _point(p3)))

    def _closePath(self):
        contour = self.contours[-1]
        if len(contour) > 1 and contour[-1][0] == "L" and contour[-1][1] == contour[0][1]:
            contour.pop()  # a line back to the start: the close draws it anyway

    def key(self) -> str | None:
        if not self.contours:
            return None
        return hashlib.blake2b(repr(self.contours).encode(), digest_size=12).hexdigest()


def _point(pt) -> tuple[int, int]:
    return otRound(pt[0]), otRound(pt[1])


def _outline_key(glyphset, name: str) -> str | None:
    pen = _CubicOutline(glyphset)
    try:
        glyphset[name].draw(pen)
    except Exception:  # a broken glyph program in a subset: no outline to match
        return None
    return pen.key()


def bangla_font_files() -> list[str]:
    """Font files on this machine that cover Bangla, as fontconfig knows them."""
    try:
        listed = subprocess.run(["fc-list", ":lang=bn", "file"], capture_output=True, text=True, timeout=30).stdout
        files = sorted({line.split(":")[0].strip() for line in listed.splitlines() if line.strip()})
    except (OSError, subprocess.SubprocessError):
        files = []
    return [f for f in files if f.lower().endswith((".ttf", ".otf"))] or sorted(glob.glob(FALLBACK_FONTS, recursive=True))


def _cache_dir() -> Path:
    return Path(os.environ.get("PROGOTI_CACHE") or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
                / "progoti")


@cache
def installed_outlines() -> dict[str, tuple[str, str]]:
    """Outline key -> (text, how), for every glyph of the Bangla fonts installed here.

    Building it reads every font (about a second); it is kept on disk, keyed by the font files'
    paths, sizes and times and by this module's code (which decides what each glyph names), so
    each worker process of each run loads it in milliseconds."""
    files = bangla_font_files()
    stamp = hashlib.sha256(repr([(f, os.stat(f).st_size, os.stat(f).st_mtime_ns) for f in files
                                 if os.path.exists(f)]).encode() + Path(__file__).read_bytes()).hexdigest()[:16]
    path = _cache_dir() / f"outlines-{stamp}.pickle"
    try:
        with open(path, "rb") as f:
            return pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError):
        pass
    index = _build_outline_index(files)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".outlines-")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(index, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only home: build it once per process instead
    return index


def _build_outline_index(files: list[str]) -> dict[str, tuple[str, str]]:
    index: dict[str, tuple[str, str]] = {}
    for path in files:
        try:
            font = TTFont(path, lazy=True)
            text, how = _names_to_text(font)
        except Exception:  # a font file fontTools cannot read adds nothing to the index
            continue
        glyphset = font.getGlyphSet()
        for name, t in text.items():
            k = _outline_key(glyphset, name)
            if k:
                index.setdefault(k, (t, how[name]))
    return index


FONTS_KEPT = 32  # font programs a process keeps read: a report's pages share theirs; an archive's are many


@dataclass
class _Font:
    """An embedded font program as read once: its glyphs named by cmap, GSUB and names, and those
    since looked up by their outlines (gid -> (text, how), or None where no installed font has
    the outline; an unnamed mark over the headline is marked 'above')."""
    font: TTFont
    order: list[str]
    named: GlyphMap
    invisible: dict[int, tuple[str, str]]  # gid -> the invisible code point (and how) the font gives it
    by_outline: dict[int, tuple[str, str] | str | None] = field(default_factory=dict)


@lru_cache(maxsize=FONTS_KEPT)
def _read_font(program: bytes) -> _Font | None:
    try:
        font = TTFont(io.BytesIO(program), lazy=True)
        text, how = _names_to_text(font)
        order = font.getGlyphOrder()
    except Exception:  # a truncated or unreadable table (fontTools raises many kinds): other sources read it
        return None
    named, kept_invisible = GlyphMap(), {}
    for gid, name in enumerate(order):
        # an invisible code point (ZWSP, ZWJ…) on a glyph that has ink is a subsetting slip: ask the outline
        invisible = name in text and all(unicodedata.category(c) == "Cf" for c in text[name])
        # a private-use code point (mPDF gives one to each conjunct it cannot name) names nothing
        private = name in text and all(unicodedata.category(c) == "Co" for c in text[name])
        if name in text and not invisible and not private:
            named.text[gid], named.source[gid] = text[name], how[name]
        elif invisible:
            kept_invisible[gid] = text[name], how[name]
    return _Font(font, order, named, kept_invisible)


def glyph_map(program: bytes, gids: Iterable[int] | None = None) -> GlyphMap:
    """What each glyph id of an embedded TrueType/OpenType font program stands for: every glyph
    its own tables name, and of the rest those in `gids` (all where None), by their outlines.

    Matching outlines is most of the cost and a page draws a sixth of a font's glyphs, so a
    reader asks for the glyphs it draws; each is looked up once per process."""
    read = _read_font(program)
    if read is None:
        return GlyphMap()
    result = GlyphMap(dict(read.named.text), dict(read.named.source))
    wanted = range(len(read.order)) if gids is None else gids
    for gid in wanted:
        if gid is None or gid in result.text or not 0 <= gid < len(read.order):
            continue
        if gid not in read.by_outline:
            read.by_outline[gid] = _by_outline(read, gid)
        found = read.by_outline[gid]
        if found == "above":
            result.above_base.add(gid)
        elif found is not None:
            result.text[gid], result.source[gid] = found
    return result


def _by_outline(read: _Font, gid: int) -> tuple[str, str] | str | None:
    """(text, how) of a glyph its font does not name, from the installed font drawing the same
    outline; 'above' for a mark over the headline; else None."""
    name = read.order[gid]
    glyphset = read.font.getGlyphSet()
    k = _outline_key(glyphset, name)
    if k and k in installed_outlines():
        t, found = installed_outlines()[k]
        return t, f"outline-{found}"
    if gid in read.invisible:  # an invisible code point no outline explains: kept as the font says
        return read.invisible[gid]
    return "above" if _above_base(read.font, glyphset, name) else None


@lru_cache(maxsize=FONTS_KEPT)
def code_to_gid(program: bytes) -> dict[int, int] | None:
    """Character code → glyph id of a symbolic TrueType program (a (3,0) or (1,0) cmap subtable, the
    former at 0xF000 + code), or None where it has neither (its codes go through Unicode)."""
    try:
        font = TTFont(io.BytesIO(program), lazy=True)
        tables = {(t.platformID, t.platEncID): t.cmap for t in font["cmap"].tables}
        order = {name: gid for gid, name in enumerate(font.getGlyphOrder())}
    except Exception:  # an unreadable program: its glyphs keep the ToUnicode text
        return None
    for (platform, encoding), offset in (((3, 0), 0xF000), ((1, 0), 0)):
        if (platform, encoding) in tables:
            return {code - offset if code >= offset else code: order[name]
                    for code, name in tables[(platform, encoding)].items() if name in order}
    return None


def _above_base(font: TTFont, glyphset, name: str) -> bool:
    """No advance, and ink only above two thirds of the em: a mark over the headline."""
    if "hmtx" not in font or font["hmtx"][name][0] != 0:
        return False
    pen = BoundsPen(glyphset)
    glyphset[name].draw(pen)
    return pen.bounds is not None and pen.bounds[1] > ABOVE_HEADLINE * font["head"].unitsPerEm
