"""Letter metadata from the running text of a report: who sent it, when, for which period.

Everything here reads the text outside the tables: the letterhead, the memo
line, the dates, the subject line and table titles.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from normalize import registry
from normalize.dates import find_dates
from normalize.digits import to_ascii_digits
from normalize.text import clean, key
from normalize.vocabulary import lookup, vocabulary

_MEMO = re.compile(r"(?<![\d.])\d+(?:[ \t]*[.,\-][ \t]*\d+){5,}")
_MEMO_LABEL = re.compile(r"(স্মারক|নং|নম্বর|নম্বর|সূত্র)")
_FISCAL_YEAR = re.compile(r"(?<!\d)(20\d\d)\s*[-–/]\s*(?:20)?(\d\d)(?!\d)")
_OFFICE_LABEL = re.compile(r"(?:দপ্তর/সংস্থার|দপ্তরের|সংস্থার|অফিসের|কার্যালয়ের)\s*নাম\s*[:ঃ]\s*(.+)")
_GOVERNMENT = key("গণপ্রজাতন্ত্রী বাংলাদেশ সরকার")
_LETTERHEAD_END = re.compile(r"(www\.|https?://|@|স্মারক|নং|তারিখ|ভবন|রোড|সড়ক|সচিবালয়|শাখা|অধিশাখা|\bসেল\b|উইং|অনুবিভাগ|\d)")
_QUARTER_WORD = key("ত্রৈমাসিক")
_QUARTER_MONTHS = {7: 1, 10: 2, 1: 3, 4: 4}


@dataclass
class Letter:
    office: str | None = None
    ministry: str | None = None
    tier: str | None = None
    template_tier: str | None = None
    fiscal_year: str | None = None
    quarter: int | None = None
    memo_no: str | None = None
    letter_date: dt.date | None = None
    letter_date_bangla: dt.date | None = None


def read_letter(text: str) -> Letter:
    text = clean_lines(text)
    letter = Letter(memo_no=memo_number(text), fiscal_year=fiscal_year(text), quarter=quarter(text))
    dates = [d for d in find_dates(text) if d.valid]
    letter.letter_date = next((d.date for d in dates if d.calendar == "gregorian"), None)
    letter.letter_date_bangla = next((d.date for d in dates if d.calendar == "bangla"), None)
    _office(text, letter)
    letter.template_tier = template_tier(text) or letter.tier
    return letter


def clean_lines(text: str) -> str:
    return "\n".join(clean(line) for line in text.split("\n"))


def memo_number(text: str) -> str | None:
    """The memo number (স্মারক নং), ASCII digits, inner spaces removed; labelled ones first."""
    t = to_ascii_digits(text)
    found = list(_MEMO.finditer(t))
    labelled = [m for m in found if _MEMO_LABEL.search(t[max(0, m.start() - 25):m.start()])]
    m = (labelled or found or [None])[0]
    return re.sub(r"\s+", "", m.group(0)).replace(",", ".") if m else None  # OCR reads some dots as commas


def fiscal_year(text: str) -> str | None:
    for m in _FISCAL_YEAR.finditer(to_ascii_digits(text)):
        first, second = int(m.group(1)), int(m.group(2))
        if (first + 1) % 100 == second:
            return f"{first}-{second:02d}"
    return None


def quarter(text: str) -> int | None:
    """From `২য় ত্রৈমাসিক` (damaged spellings too), else from a month range like `অক্টোবর-ডিসেম্বর`."""
    words = re.split(r"[\s(),]+", text)
    for w, nxt in zip(words, words[1:]):
        q = lookup("quarter_ordinals", w)
        if q is not None and fuzz.ratio(key(nxt), _QUARTER_WORD) >= 50:
            return int(q)
    for w in re.split(r"[\s(),\-–/]+|টু", text):
        month = lookup("months_gregorian", w)
        if month in _QUARTER_MONTHS and re.search(re.escape(w) + r"\s*(-|–|টু)", text):
            return _QUARTER_MONTHS[int(month)]
    return None


def template_tier(text: str) -> str | None:
    """The tier a table title names (`মন্ত্রণালয়/ বিভাগ পর্যায়ের অফিসের জন্য`)."""
    for tier, phrases in vocabulary()["template_tier_words"].items():
        if any(p in text for p in phrases):
            return tier
    return None


def _letterhead(lines: list[str]) -> tuple[str | None, list[str]]:
    """(ministry line, office lines) under `গণপ্রজাতন্ত্রী বাংলাদেশ সরকার`."""
    for i, line in enumerate(lines):
        if line and fuzz.ratio(key(line), _GOVERNMENT) >= 80:
            ministry, chain = None, []
            for nxt in (line for line in lines[i + 1:i + 8] if line):
                if _LETTERHEAD_END.search(to_ascii_digits(nxt)):
                    break
                if "মন্ত্রণালয়" in nxt and ministry is None and not chain:
                    ministry = nxt
                else:
                    chain.append(nxt)
            return ministry, chain
    return None, []


def _office(text: str, letter: Letter) -> None:
    """Office, ministry and tier: an explicit `…নাম:` line, else the letterhead, checked against the registry."""
    lines = text.split("\n")
    ministry_line, chain = _letterhead(lines)
    ministry = registry.find(ministry_line) if ministry_line else None
    letter.ministry = ministry.ministry if ministry else ministry_line
    known = [_known(line, letter.ministry) for line in chain]
    labelled = next((m.group(1) for line in lines if (m := _OFFICE_LABEL.search(line))), None)
    at = max((i for i, line in enumerate(chain) if known[i] or registry.tier_of(line)), default=None)

    hit = None
    if labelled:
        office = clean(labelled).rstrip("।. ")
        hit = _known(office, letter.ministry)
    elif at is not None:
        hit = known[at]
        # a registry hit gives the canonical spelling of a damaged letterhead line
        office = hit.name if hit and hit.tier != "district" else chain[at]
        place = chain[at + 1] if at + 1 < len(chain) else ""
        if place and len(place.split()) == 1 and not registry.tier_of(place):
            office = f"{office}, {place}"
            hit = registry.field_office(office) or hit
    else:
        office = None
    letter.office = office
    letter.tier = (hit.tier if hit else None) or (registry.tier_of(office) if office else None)
    if letter.ministry is None:
        parents = [k for k in known if k] + ([hit] if hit else [])
        letter.ministry = parents[-1].ministry if parents else None


def _known(name: str, ministry: str | None) -> registry.Office | None:
    hit = registry.field_office(name) or registry.find(name)
    if hit is None and ministry:
        hit = registry.find_within(name, ministry)
    return hit
