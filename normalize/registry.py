"""Offices and ministries (schemas/offices.yaml): canonical names, tiers, parents.

Matching is fuzzy on comparison keys so a damaged letterhead line
(`ডাক, টেললদ াগাদ াগ ও তথ্য প্রযুলি মন্ত্রণালয়`) still finds its entry.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from rapidfuzz import fuzz, process

import schemas
from normalize.text import clean, has_malformed_word, key
from normalize.vocabulary import vocabulary

MIN_SCORE = 75.0


@dataclass(frozen=True)
class Office:
    name: str  # canonical
    ministry: str
    tier: str


@cache
def _entries() -> dict[str, Office]:
    """comparison key of every known name -> its entry."""
    data = schemas.load("offices")
    out: dict[str, Office] = {}
    for m in data["ministries"]:
        name = clean(m["name"])
        for alias in [name, *m.get("aliases", [])]:
            out[key(alias)] = Office(name, name, "ministry")
        for d in m.get("divisions", []):
            out[key(d)] = Office(clean(d), name, "ministry")
    for dept, ministry in data["departments"].items():
        out[key(dept)] = Office(clean(dept), clean(ministry), "department")
    return out


@cache
def _field_types() -> dict[str, str]:
    return {clean(t): clean(parent) for t, parent in schemas.load("offices")["field_offices"].items()}


def find(text: str, min_score: float = MIN_SCORE) -> Office | None:
    """The registry entry a name (or a damaged spelling of it) stands for."""
    k = key(text)
    if not k:
        return None
    entries = _entries()
    if k in entries:
        return entries[k]
    hit = process.extractOne(k, list(entries), scorer=fuzz.ratio, score_cutoff=min_score)
    return entries[hit[0]] if hit else None


def known(text: str, ministry: str | None = None) -> Office | None:
    """The entry a printed name is: its own name or an alias, a field office of a known type, or —
    only when the name is malformed (a broken text layer, OCR) — the closest entry. A well-formed
    name that is not in the registry is an office of its own, never a near namesake. Among the
    offices of a known ministry a damaged name may be further off."""
    hit = field_office(text)
    if hit:
        return hit
    entry = _entries().get(key(text))
    if entry is None and has_malformed_word(text):
        entry = find(text) or (find_within(text, ministry) if ministry else None)
    return entry


MINISTRY_SCORE = 90.0


def ministry(text: str) -> Office | None:
    """A letterhead's ministry line: the ministries are a closed list, so a close spelling takes
    the canonical name; a damaged line may be further off."""
    damaged = has_malformed_word(text)
    hit = find(text, MIN_SCORE if damaged else MINISTRY_SCORE)
    return hit if hit and hit.tier == "ministry" and hit.name == hit.ministry else None


def field_office(text: str) -> Office | None:
    """A field office (`জেলা তথ্য অফিস, খুলনা`): its department's ministry, tier from its words."""
    t = clean(text)
    for kind, parent in _field_types().items():
        if t.startswith(kind):
            dept = find(parent)
            if dept:
                return Office(t, dept.ministry, tier_of(t) or "district")
    return None


def tier_of(office: str) -> str | None:
    """Tier from the words of an office name (vocabulary.yaml `tier_words`)."""
    t = clean(office)
    for tier, words in vocabulary()["tier_words"].items():
        if any(w in t for w in words):
            return tier
    return None


def find_within(text: str, ministry: str, min_score: float = 60.0) -> Office | None:
    """Best entry among the offices of one ministry: a smaller field allows more damage."""
    k = key(text)
    within = {ek: e for ek, e in _entries().items() if e.ministry == ministry}
    hit = process.extractOne(k, list(within), scorer=fuzz.ratio, score_cutoff=min_score) if k else None
    return within[hit[0]] if hit else None
