"""Tesseract in the worker's own process (tesserocr), one engine per setting, started once.

`pytesseract` starts a `tesseract` process per call, which reloads the Bangla model each time:
measured on this project's scans, a page read in-process costs about half as much. The models
are Tesseract's best Bangla model (installed by `make setup`) and Debian's English and orientation
models (`tesseract-ocr-eng`, `-osd`): see extract/models.py.
"""
from __future__ import annotations

import os
import re
import threading
import unicodedata
from dataclasses import dataclass, replace

import numpy as np
from PIL import Image

# Tesseract's OpenMP threads cost more than they give on small machines (3x slower measured on
# 2 cores); parallelism comes from progoti's workers instead.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

import tesserocr  # noqa: E402  (reads OMP_THREAD_LIMIT when loaded)

from extract.models import tessdata  # noqa: E402

DIGITS = "০১২৩৪৫৬৭৮৯/.%-()"
CLOSE_CHOICE = 6.0  # a character the engine scored this near its first choice is another reading of the mark
_BANGLA_DIGIT = re.compile(r"[০-৯]")
_LATIN_LETTER = re.compile(r"[A-Za-z]")
# rounds of the beam search that yields the choices (Tesseract's default is five): two gave the same
# fields and words on every kind of development scan, in about a twentieth less of the engine's time
CHOICE_ITERATIONS = 2
MAX_READINGS = 24  # two or three uncertain marks in one word give this many combinations
_engines = threading.local()


@dataclass(frozen=True)
class Word:
    text: str
    confidence: float
    x0: float
    top: float
    x1: float
    bottom: float
    # Other readings of the same marks: the engine's near second choices at its uncertain steps.
    alternatives: tuple[str, ...] = ()


def _engine(lang: str, psm: int, whitelist: str = "") -> tesserocr.PyTessBaseAPI:
    key = (lang, psm, whitelist)
    engines = _engines.__dict__.setdefault("by_setting", {})
    if key not in engines:
        api = tesserocr.PyTessBaseAPI(path=tessdata(), lang=lang, psm=psm)
        api.SetVariable("tessedit_do_invert", "0")
        api.SetVariable("lstm_choice_mode", "2")  # keep each step's ranked choices for other_readings
        api.SetVariable("lstm_choice_iterations", str(CHOICE_ITERATIONS))
        if whitelist:
            api.SetVariable("tessedit_char_whitelist", whitelist)
        engines[key] = api
    return engines[key]


def words(gray: np.ndarray, digits_only: bool = False, lang: str = "ben") -> list[Word]:
    """The words Tesseract reads in a grey page image (one block of text: `--psm 6`), with their
    confidence (0–1) and box; `digits_only` reads Bangla digits and date signs alone."""
    api = _engine(lang, tesserocr.PSM.SINGLE_BLOCK, DIGITS if digits_only else "")
    api.SetImage(Image.fromarray(gray))
    api.Recognize()
    out = []
    iterator = api.GetIterator()
    level = tesserocr.RIL.WORD
    for word in tesserocr.iterate_level(iterator, level):
        try:
            text = word.GetUTF8Text(level).strip()
        except RuntimeError:  # a blob the engine found no letter in
            continue
        box = word.BoundingBox(level)
        if text and box and not _marks_only(text):
            others = other_readings(text, word.GetBestLSTMSymbolChoices()) if lang == "ben" and not digits_only else ()
            read = Word(text, word.Confidence(level) / 100, *map(float, box), others)
            out.append(_eights_as_fours(read) if lang == "ben" and bangla_twins(text) != text else read)
    api.Clear()
    return out


def bangla_twins(text: str) -> str:
    """A number is printed in one script: where the Bangla model writes a Latin 8 among Bangla
    digits (`[8.১.১]`), the mark is the Bangla ৪ it is drawn like. The engine's spelling is kept
    as the word's other reading."""
    if not _BANGLA_DIGIT.search(text) or _LATIN_LETTER.search(text):
        return text
    return text.replace("8", "৪")


MIN_BANGLA_DIGITS = 20  # a page printing this many Bangla digits prints its numbers in Bangla ...
MAX_ASCII_DIGITS = 0.1  # ... where the ASCII digits the engine wrote are at most this share of all
_ASCII_DIGIT = re.compile(r"[0-9]")


def page_eights(words: list[Word]) -> list[Word]:
    """A page's words with the Bangla model's Latin `8`s read as `৪`, where the page prints its
    numbers in Bangla digits: a second cue beside the word's own digits (`bangla_twins`), for an
    `8` standing alone (`(8)`). A page that prints ASCII numbers shows ASCII digits by the dozen;
    one that prints Bangla ones shows a few the engine misread. The engine's spelling is kept as
    the word's other reading."""
    numeric = [w for w in words if not _LATIN_LETTER.search(w.text)]
    bangla = sum(len(_BANGLA_DIGIT.findall(w.text)) for w in numeric)
    ascii_digits = sum(len(_ASCII_DIGIT.findall(w.text)) for w in numeric)
    if bangla < MIN_BANGLA_DIGITS or ascii_digits > MAX_ASCII_DIGITS * (bangla + ascii_digits):
        return words
    return [_eights_as_fours(w) if "8" in w.text and not _LATIN_LETTER.search(w.text) else w for w in words]


def _eights_as_fours(word: Word) -> Word:
    """The word with its Latin `8`s as the Bangla `৪` they are drawn like, the engine's spelling
    kept as its first other reading."""
    return replace(word, text=word.text.replace("8", "৪"), alternatives=(word.text, *word.alternatives))


def _marks_only(text: str) -> bool:
    """A vowel sign or other mark with no letter to sit on: a speck the engine read, not a word."""
    return all(unicodedata.category(c) in ("Mn", "Mc") for c in text)


def other_readings(text: str, steps: list[list[tuple[str, float]]]) -> tuple[str, ...]:
    """The word as the engine's close second choices would spell it, nearest first.

    Tesseract's LSTM ranks characters at each step of its path through the word (lower is
    better). Where a second character scores within CLOSE_CHOICE of the first, the mark could be
    either; each combination of such choices is another reading of the same marks. Steps the
    engine was sure of are left alone, so a confident reading has no alternatives.
    """
    readings: list[tuple[float, str]] = [(0.0, "")]
    for step in steps:
        best = min((score for _, score in step), default=0.0)
        close = [(score - best, char.strip()) for char, score in step if score - best <= CLOSE_CHOICE]
        readings = sorted((cost + extra, spelled + char)
                          for cost, spelled in readings for extra, char in close)[:4 * MAX_READINGS]
    seen, out = {text}, []
    for _, spelled in readings:
        if spelled and spelled not in seen:
            seen.add(spelled)
            out.append(spelled)
    return tuple(out[:MAX_READINGS])


def orientation(gray: np.ndarray) -> tuple[int, float]:
    """(degrees to turn the page clockwise to make it upright, Tesseract's confidence), or (0, 0)
    where the page holds too little text to tell."""
    api = _engine("osd", tesserocr.PSM.OSD_ONLY)
    api.SetImage(Image.fromarray(gray))
    found = api.DetectOrientationScript()
    api.Clear()
    if not found:
        return 0, 0.0
    return (360 - found["orient_deg"]) % 360, float(found["orient_conf"])
