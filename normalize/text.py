"""Plain text clean-up shared by every step: Unicode form, spaces, fuzzy keys."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")
CONSONANT = "[\u0995-\u09B9\u09CE\u09DC-\u09DF]"  # a Bangla consonant, as a pattern's character class
BANGLA_LETTER = re.compile(r"[\u0985-\u09B9\u09CE\u09DC-\u09DF]")  # a letter, no sign
_LETTERS = re.compile(r"[A-Za-z\u0985-\u09B9\u09CE\u09DC-\u09DF]")
# Everything but Bangla letters, vowel signs, digits and ASCII letters/digits.
_NOT_WORD = re.compile(r"[^0-9A-Za-z\u0980-\u09E3\u09E6-\u09EF\u09F0\u09F1]")


@lru_cache(maxsize=1 << 16)  # pure, and called on the same cells and words again and again
def clean(text: str | None) -> str:
    """NFC, one space between words, no surrounding space."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text.replace("\u200c", "").replace("\u200d", ""))
    return _SPACES.sub(" ", text).strip()


@lru_cache(maxsize=1 << 16)
def key(text: str) -> str:
    """A comparison key: cleaned, without punctuation or spaces, lower case.

    Keeps Bangla vowel signs and drops the visarga, so 'ইত:পূর্বে' and
    'ইতঃপূর্বে' get one key.
    """
    return _NOT_WORD.sub("", clean(text).replace("ঃ", "")).lower()


# a pre-base vowel sign (ি ে ৈ) and the consonant cluster after it
_PREBASE_THEN_CLUSTER = rf"([\u09BF\u09C7\u09C8])((?:{CONSONANT}\u09BC?\u09CD)*{CONSONANT}\u09BC?)"
_PREBASE_BEFORE_CLUSTER = re.compile(_PREBASE_THEN_CLUSTER)
_PREBASE_ORPHAN = re.compile(r"(?<![\u0995-\u09B9\u09CE\u09DC-\u09DF\u09BC\u09CD])" + _PREBASE_THEN_CLUSTER)


def reorder_prebase(text: str) -> str:
    """`িবষয়` → `বিষয়`: a pre-base sign with no consonant before it belongs after the next cluster
    (in logical text no such sign stands there, so it is safe on any text)."""
    return _PREBASE_ORPHAN.sub(r"\2\1", text)


def to_logical_order(text: str) -> str:
    """Text written in visual order (a PDF made without shaping, as mPDF's are: `িবষয়`, `েযাগ`)
    in logical order: every pre-base vowel sign after the consonant cluster it is drawn before,
    ে + া composed into ো. Applied to logical text it scrambles it: callers judge by the result."""
    return unicodedata.normalize("NFC", _PREBASE_BEFORE_CLUSTER.sub(r"\2\1", text))


def has_letter(text: str) -> bool:
    """Holds a Bangla or Latin letter: more than digits and signs."""
    return bool(_LETTERS.search(text))


def is_bangla(text: str) -> bool:
    """Holds at least one Bangla letter (digits and signs alone do not count)."""
    return bool(BANGLA_LETTER.search(text))


_DAMAGE = [
    re.compile("\ufffd"),
    re.compile(r"(?:^|[\s/(\-])[\u09BE-\u09CC\u09D7]"),  # vowel sign with no consonant before it
    re.compile(r"[\u0985-\u0994\u09BE-\u09CC][\u09BE-\u09CC]"),  # vowel sign after a vowel
    # Latin letters, ASCII digits or symbols standing in for glyphs inside a Bangla word
    re.compile(r"[A-Za-z0-9\u00C0-\u024F=;^_`|~\\][\u0980-\u09FF]|[\u0980-\u09FF][A-Za-z0-9\u00C0-\u024F=;^_`|~\\]"),
    re.compile(r"\u09CD(?:\s|$)"),  # hasanta left hanging at a word's end
    # hasanta joins consonants: none after a vowel, a vowel sign or another hasanta, or opening a
    # word, and no vowel sign after one (`উ্ভাবিত`, `উদ্াবিত`: OCR lost the letter between)
    re.compile(r"[\u0985-\u0994\u09BE-\u09CC\u09CD]\u09CD|(?:^|[\s/(\-])\u09CD|\u09CD[\u09BE-\u09CC]"),
    re.compile(r"\(cid:\d+\)"),  # pdfminer's mark for a glyph it found no character for
    re.compile(r"[\u00C0-\u02FF]|[#$&*=<>^~|\\].*[#$&*=<>^~|\\']"),  # stand-ins with no Bangla left at all
]


_ANY_DAMAGE = re.compile("|".join(f"(?:{p.pattern})" for p in _DAMAGE))  # one search, not eight


@lru_cache(maxsize=1 << 16)  # asked of every word, several times a report; a run's words repeat
def is_malformed(word: str) -> bool:
    """A word no Bangla writer produces: the trace of a broken text layer or of OCR."""
    return bool(_ANY_DAMAGE.search(word))


def has_malformed_word(text: str) -> bool:
    """Does any word of the text betray a broken text layer or OCR?"""
    return any(is_malformed(w) for w in clean(text).split())
