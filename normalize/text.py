"""Plain text clean-up shared by every step: Unicode form, spaces, fuzzy keys."""
from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_BANGLA_LETTERS = re.compile(r"[\u0985-\u09B9\u09CE\u09DC-\u09DF]")
# Everything but Bangla letters, vowel signs, digits and ASCII letters/digits.
_NOT_WORD = re.compile(r"[^0-9A-Za-z\u0980-\u09E3\u09E6-\u09EF\u09F0\u09F1]")


def clean(text: str | None) -> str:
    """NFC, one space between words, no surrounding space."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text.replace("\u200c", "").replace("\u200d", ""))
    return _SPACES.sub(" ", text).strip()


def key(text: str) -> str:
    """A comparison key: cleaned, without punctuation or spaces, lower case.

    Keeps Bangla vowel signs and drops the visarga, so 'ইত:পূর্বে' and
    'ইতঃপূর্বে' get one key.
    """
    return _NOT_WORD.sub("", clean(text).replace("ঃ", "")).lower()


def is_bangla(text: str) -> bool:
    """Holds at least one Bangla letter (digits and signs alone do not count)."""
    return bool(_BANGLA_LETTERS.search(text))
