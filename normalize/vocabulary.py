"""The reports' fixed words (schemas/vocabulary.yaml), looked up exactly or fuzzily.

Fuzzy lookups exist because text from broken PDF layers and OCR rarely spells
a month or a rating right; they compare comparison keys with rapidfuzz and
accept only a close match.
"""
from __future__ import annotations

from functools import cache

from rapidfuzz import fuzz, process

import schemas
from normalize.text import clean, key

LEVELS = ("excellent", "very_good", "good", "fair", "poor")


@cache
def vocabulary() -> dict:
    def walk(node):
        if isinstance(node, str):
            return clean(node)
        if isinstance(node, list):
            return [walk(n) for n in node]
        if isinstance(node, dict):
            return {k: walk(v) for k, v in node.items()}
        return node

    return walk(schemas.load("vocabulary"))


@cache
def _choices(section: str) -> dict[str, object]:
    """comparison key of every spelling -> the value it names."""
    vocab = vocabulary()[section]
    out: dict[str, object] = {}
    for value, spellings in vocab.items():
        if isinstance(spellings, dict):
            spellings = spellings["words"]
        for s in spellings:
            out.setdefault(key(s) or s, value)
    return out


def lookup(section: str, word: str, min_score: float = 100.0):
    """The value a word names in a vocabulary section, or None.

    min_score < 100 allows damaged spellings (rapidfuzz ratio on keys).
    """
    choices = _choices(section)
    k = key(word) or clean(word)
    if not k:
        return None
    if k in choices:
        return choices[k]
    if min_score >= 100:
        return None
    hit = process.extractOne(k, list(choices), scorer=fuzz.ratio, score_cutoff=min_score)
    return choices[hit[0]] if hit else None


@cache
def rating_words() -> dict[str, str]:
    """Every rating spelling -> level, longest first (so 'চলতি মানের নিম্নে' wins over 'চলতি মান')."""
    words = {w: level for level, spec in vocabulary()["ratings"].items() for w in spec["words"]}
    return dict(sorted(words.items(), key=lambda kv: -len(kv[0])))


def level_for_percent(percent: float) -> str | None:
    for level, spec in vocabulary()["ratings"].items():
        if spec["percent"] == percent:
            return level
    return None


@cache
def null_values() -> frozenset[str]:
    return frozenset(key(v) or v for v in vocabulary()["null_values"])
