"""Repair of Bangla text that arrived without its fonts (text inputs, text layers font-level recovery could not read).

Two steps, both driven by data rather than by tables keyed to a document:
1. pre-base vowel signs (ি ে ৈ) that stand where no consonant precedes them
   are in visual order; they move after the consonant cluster that follows;
2. words outside the lexicon — the catalogue's texts, the registry's names,
   the vocabulary — are corrected: an indicator text word for word against
   the catalogue entry the row matched (aligned with merges, since damage
   splits and joins words), other text against the lexicon's closest word.
Words that are in the lexicon are kept as printed, so an office's own wording
survives; what repair could not vouch for lowers the text's confidence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from rapidfuzz import fuzz, process

import schemas
from normalize.catalogue import templates
from normalize.text import clean, key
from normalize.vocabulary import vocabulary

_PREBASE_ORPHAN = re.compile(
    r"(?<![\u0995-\u09B9\u09CE\u09DC-\u09DF\u09BC\u09CD])([\u09BF\u09C7\u09C8])"
    r"((?:[\u0995-\u09B9\u09CE\u09DC-\u09DF]\u09BC?\u09CD)*[\u0995-\u09B9\u09CE\u09DC-\u09DF]\u09BC?)")
_TRAILING = re.compile(r"[।,;:.)]+$")
_PARTS = re.compile(r"([/\-])")
WORD_MIN_SCORE = 60.0  # a damaged word takes the lexicon's closest word only this close…
WORD_MARGIN = 8.0  # …and clearly closer than the runner-up


@dataclass(frozen=True)
class Repaired:
    text: str
    confidence: float  # share of words in the lexicon after repair
    changed: bool


def reorder_prebase(text: str) -> str:
    """`িবষয়` → `বিষয়`: a pre-base sign with no consonant before it belongs after the next cluster."""
    return _PREBASE_ORPHAN.sub(r"\2\1", text)


@cache
def _lexicon_words() -> dict[str, str]:
    """comparison key -> printed spelling of every word in the catalogue, the registry and the vocabulary."""
    phrases = [e.text for t in templates() for e in t.indicators]
    offices = schemas.load("offices")
    phrases += [m["name"] for m in offices["ministries"]] + list(offices["departments"])
    phrases += [d for m in offices["ministries"] for d in m.get("divisions", [])]
    vocab = vocabulary()
    phrases += vocab["common_words"] + [w for v in vocab["units"].values() for w in v]
    words: dict[str, str] = {}
    for phrase in phrases:
        for token in clean(phrase).split():
            for part in _PARTS.split(_TRAILING.sub("", token)):
                if part.strip("/-") and key(part):
                    words.setdefault(key(part), part)
    return words


@cache
def lexicon() -> frozenset[str]:
    return frozenset(_lexicon_words())


def _known(token: str) -> bool:
    parts = [p for p in _PARTS.split(_TRAILING.sub("", token)) if p.strip("/-")]
    return all(key(p) in lexicon() or not key(p) or key(p).isdigit() for p in parts)


def _confidence(tokens: list[str]) -> float:
    return sum(_known(t) for t in tokens) / len(tokens) if tokens else 1.0


def repair_against(text: str, reference: str) -> Repaired:
    """Correct a damaged text word by word against the catalogue text its row matched."""
    damaged = clean(reorder_prebase(text)).split()
    ref = clean(reference).split()
    out: list[str] = []
    for d_tokens, r_tokens in _align(damaged, ref):
        printed = " ".join(d_tokens)
        tail = _TRAILING.search(printed)
        if d_tokens and all(_known(t) for t in d_tokens):
            out.append(printed)
        elif r_tokens:
            out.append(" ".join(r_tokens) + (tail.group(0) if tail and not r_tokens[-1].endswith(tail.group(0)) else ""))
        elif printed:
            out.append(printed)
    repaired = " ".join(out)
    return Repaired(repaired, _confidence(repaired.split()), repaired != clean(text))


def repair_words(text: str) -> Repaired:
    """Correct each out-of-lexicon word to the lexicon's clearly closest word, if any is close."""
    out = []
    for token in clean(reorder_prebase(text)).split():
        parts = _PARTS.split(token)
        out.append("".join(_closest(p) if p.strip("/-") else p for p in parts))
    repaired = " ".join(out)
    return Repaired(repaired, _confidence(out), repaired != clean(text))


def _closest(part: str) -> str:
    tail = _TRAILING.search(part)
    word = _TRAILING.sub("", part)
    k = key(word)
    if not k or k in lexicon() or k.isdigit() or not re.search(r"[\u0985-\u09B9]", word):
        return part
    hits = process.extract(k, list(lexicon()), scorer=fuzz.ratio, limit=2)
    if hits and hits[0][1] >= WORD_MIN_SCORE and (len(hits) == 1 or hits[0][1] - hits[1][1] >= WORD_MARGIN):
        return _spelling(hits[0][0]) + (tail.group(0) if tail else "")
    return part


def _spelling(k: str) -> str:
    return _lexicon_words().get(k, k)


def _align(damaged: list[str], ref: list[str]) -> list[tuple[list[str], list[str]]]:
    """Pairs of (damaged tokens, reference tokens), 1:1, 2:1, 1:2, 1:0 or 0:1, by least total cost."""
    n, m = len(damaged), len(ref)
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0

    def sim(a: list[str], b: list[str]) -> float:
        return fuzz.ratio(key("".join(a)), key("".join(b))) / 100

    for i in range(n + 1):
        for j in range(m + 1):
            if cost[i][j] == inf:
                continue
            for di, dj, extra in ((1, 1, 0.0), (2, 1, 0.15), (1, 2, 0.15), (1, 0, 0.0), (0, 1, 0.0)):
                a, b = i + di, j + dj
                if a > n or b > m:
                    continue
                step = 1.0 if di == 0 or dj == 0 else 1 - sim(damaged[i:a], ref[j:b]) + extra
                if cost[i][j] + step < cost[a][b]:
                    cost[a][b], back[a][b] = cost[i][j] + step, (i, j)
    pairs, at = [], (n, m)
    while at != (0, 0):
        prev = back[at[0]][at[1]]
        pairs.append((damaged[prev[0]:at[0]], ref[prev[1]:at[1]]))
        at = prev
    return pairs[::-1]
