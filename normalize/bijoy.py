"""Bijoy/SutonnyMJ ANSI text: Bangla typed in a legacy font, read back as Latin letters.

Offices still type in SutonnyMJ; the file then holds `evsjv‡`k miKvi` for
বাংলাদেশ সরকার. A line is converted (with the `bijoy2unicode` package) only
when it holds no Bangla, and either carries Bijoy's own marks (†, ‡, ©, ¨ …)
or comes out as words the lexicon knows: English lines, e-mail addresses and
URLs stay as they are.
"""
from __future__ import annotations

import re
import unicodedata
from functools import cache

from normalize.text import is_bangla, key

_MARKS = re.compile(r"[†‡ˆ‰©¨ÖØ¯¿ÿ¶ÒÓÔÕ×Ëš]")
_LATIN = re.compile(r"[A-Za-z]")
_URLISH = re.compile(r"@|https?://|www\.|\.(?:gov|com|org|net)\b")
LEXICON_SHARE = 0.3


@cache
def _converter():
    from bijoy2unicode import converter

    return converter.Unicode()


def convert_line(line: str) -> str | None:
    """The line in Unicode Bangla if it is Bijoy text, else None."""
    if is_bangla(line) or len(_LATIN.findall(line)) < 3 or _URLISH.search(line):
        return None
    converted = unicodedata.normalize("NFC", _converter().convertBijoyToUnicode(line))
    if not is_bangla(converted):
        return None
    if _MARKS.search(line):
        return converted
    from normalize.repair import lexicon

    words = [key(w) for w in converted.split() if is_bangla(w)]
    known = sum(1 for w in words if w in lexicon())
    return converted if words and known / len(words) >= LEXICON_SHARE else None


def convert(text: str) -> tuple[str, int]:
    """The text with its Bijoy lines converted, and how many lines were."""
    out, converted = [], 0
    for line in text.split("\n"):
        unicode_line = convert_line(line)
        out.append(unicode_line if unicode_line is not None else line)
        converted += unicode_line is not None
    return "\n".join(out), converted
