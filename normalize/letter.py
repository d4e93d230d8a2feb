"""Letter metadata from the running text of a report: who sent it, when, for which period.

Everything here reads the text outside the tables: the letterhead, the memo
line, the dates, the subject line and table titles.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from normalize import registry
from normalize.dates import find_dates
from normalize.digits import to_ascii_digits
from normalize.repair import choose_readings, known_word
from normalize.text import BANGLA_LETTER, clean, has_letter, has_malformed_word, key
from normalize.vocabulary import lookup, vocabulary

_MEMO = re.compile(r"(?<![\d.])\d+(?:[ \t]*(?:[.,:;]{1,2}|-)[ \t]*\d+){5,}")
_DOT_OR_COMMA = re.compile(r"[.,:;]+")  # what OCR reads a memo number's dots as
_MEMO_LABEL = re.compile(r"(স্মারক|নং|নম্বর|নম্বর|No)")
# `সূত্র: … স্মারক নং … তারিখ …` cites another letter: its number and date are not this letter's.
_REFERENCE = re.compile(r"^\W*(সূত্র|সুত্র|সূত্রঃ|Ref\b|Reference)", re.IGNORECASE)
_FISCAL_YEAR = re.compile(r"(?<!\d)(20\d\d)\s*[-–/]\s*(?:20)?(\d\d)(?!\d)")
_OFFICE_LABEL = re.compile(r"(?:দপ্তর/সংস্থার|দপ্তরের|সংস্থার|অফিসের|কার্যালয়ের)\s*নাম\s*[:ঃ]\s*(.+)")
_GOVERNMENT = [key("গণপ্রজাতন্ত্রী বাংলাদেশ সরকার"), key("Government of the People's Republic of Bangladesh")]
_LETTERHEAD_END = re.compile(r"(www\.|https?://|@|স্মারক|নং|তারিখ|ভবন|রোড|সড়ক|সচিবালয়|শাখা|অধিশাখা|\bসেল\b|উইং|অনুবিভাগ|\d)")
_MINISTRY_NAME = re.compile(r"^.*?মন্ত্রণালয়")
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
    memo_no_raw: str | None = None  # as read, where the memo number was changed (see `corrections`)
    corrections: list[str] = field(default_factory=list)
    letter_date: dt.date | None = None
    letter_date_bangla: dt.date | None = None


def read_letter(text: str, ocr: bool = False) -> Letter:
    """The letter's metadata; `ocr` says the text was read from a picture, whose memo number's
    dots may have been read as commas."""
    text = clean_lines(text)
    own = "\n".join(line for line in text.split("\n") if not _REFERENCE.match(line))
    letter = Letter(memo_no=memo_number(own), fiscal_year=fiscal_year(text), quarter=quarter(text))
    if ocr and letter.memo_no and (settled := dotted(letter.memo_no)) != letter.memo_no:
        letter.corrections.append(f"memo_no: {letter.memo_no!r} → {settled!r} (OCR takes a dot for a comma or colon "
                                  "or reads it twice; most of the number's separators are dots)")
        letter.memo_no_raw, letter.memo_no = letter.memo_no, settled
    dates = [d for d in find_dates(own) if d.valid]
    letter.letter_date = next((d.date for d in dates if d.calendar == "gregorian"), None)
    letter.letter_date_bangla = next((d.date for d in dates if d.calendar == "bangla"), None)
    _office(text, letter, ocr)
    letter.template_tier = template_tier(text) or letter.tier
    return letter


def clean_lines(text: str) -> str:
    return "\n".join(clean(line) for line in text.split("\n"))


def memo_number(text: str) -> str | None:
    """The memo number (স্মারক নং) as printed: ASCII digits, inner spaces removed, nothing else
    changed; labelled ones first."""
    t = to_ascii_digits(text)
    found = list(_MEMO.finditer(t))
    labelled = [m for m in found if _MEMO_LABEL.search(t[max(0, m.start() - 25):m.start()])]
    m = (labelled or found or [None])[0]
    return re.sub(r"\s+", "", m.group(0)) if m else None


def dotted(memo: str) -> str:
    """An OCR'd memo number with every run of dots, commas and colons read as one dot, where dots
    are most of its separators: a comma, a colon or `,.` among dots is the engine's reading of a dot."""
    runs = _DOT_OR_COMMA.findall(memo)
    return _DOT_OR_COMMA.sub(".", memo) if sum("." in r for r in runs) * 2 >= len(runs) else memo


def without_stray_marks(name: str) -> str:
    """An OCR'd office name without the marks a speck is read as: `_ ' " | * !` anywhere, a colon
    with more of the name after it (a name prints none; a labelled name is read apart), and a full
    stop after a whole word with more of the name after it (an abbreviation's stop follows a letter
    or two: `মো.`, `ডা.`). Where the registry knows a name of the very same letters, its spacing and
    punctuation are taken: OCR loses a word gap or reads a speck between two words as `.` or `-`;
    and before such a name, a scrap of a letter or two that is no word is a speck (off the emblem)."""
    bare = " ".join(re.sub(r":(?=\s+\S)", "", re.sub(r"[_'\"|*`~^!]+", "", name)).split())
    words = bare.split(" ")
    bare = " ".join(w[:-1] if w.endswith(".") and k < len(words) - 1 and len(BANGLA_LETTER.findall(w)) >= 3 else w
                    for k, w in enumerate(words))
    if spelled := _registry_spelling(bare):
        return spelled
    first, _, rest = bare.partition(" ")
    if rest and len(BANGLA_LETTER.findall(first)) <= 2 and not known_word(first.strip(",.;:।")):
        # `চি, সমবায় অধিদপ্তর`: a scrap off the emblem before a name the registry has
        return _registry_spelling(rest) or bare
    return bare


def _registry_spelling(name: str) -> str | None:
    """The registry's name of the very same letters as `name`, if it has one."""
    hit = registry.known(name)
    return hit.name if hit and key(hit.name) == key(name) else None


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
    """(ministry line, the lines below it) under `গণপ্রজাতন্ত্রী বাংলাদেশ সরকার`, up to the
    first line of address, web site, branch or memo."""
    for i, line in enumerate(lines):
        if line and max(fuzz.ratio(key(line), g) for g in _GOVERNMENT) >= 80:
            ministry, chain = None, []
            for nxt in (_without_edge_specks(line) for line in lines[i + 1:i + 8] if line):
                if not has_letter(nxt):
                    continue  # no letter: what OCR read off the emblem or a speck (`১৭`), no line of the head
                if _MINISTRY_NAME.search(nxt) and ministry is None and not chain:
                    # the name ends with its kind; what OCR read after it on the line is no part of it
                    ministry = _MINISTRY_NAME.search(nxt).group(0)
                    continue
                if _LETTERHEAD_END.search(to_ascii_digits(nxt)) and not _ends_with_office_word(nxt):
                    break
                chain.append(nxt)
            return ministry, chain
    return None, []


def _without_edge_specks(line: str) -> str:
    """A letterhead line without a scrap of one or two marks and no letter at either end (`«০`,
    `১৭`, `|`): what OCR read off the emblem or a speck beside the line, which would otherwise
    make an office's name look like an address. A postcode (four digits) stays."""
    words = line.split()
    while words and len(words[-1]) <= 2 and not has_letter(words[-1]):
        words.pop()
    while words and len(words[0]) <= 2 and not has_letter(words[0]):
        words.pop(0)
    return " ".join(words)


def _ends_with_office_word(line: str) -> bool:
    """`সড়ক পরিবহন ও সেতু মন্ত্রণালয়`: an office's name ends with its kind, so a word of an
    address inside it (সড়ক, ভবন) does not make it an address; `… অধিদপ্তর ভবন` is one."""
    words = line.rstrip("।.,; ").split()
    return bool(words) and any(words[-1].endswith(w) for w in vocabulary()["office_words"])


def _names_office(line: str) -> bool:
    return any(w in line for w in vocabulary()["office_words"]) or registry.known(line) is not None


def _is_field_office(line: str) -> bool:
    """An office that sits in a place (জেলা তথ্য অফিস, উপজেলা … কার্যালয়), whose letterhead
    prints the place on the line below; ministries and departments print none."""
    return registry.tier_of(line) in ("upazila", "district", "divisional") or any(
        w in line for w in vocabulary()["field_office_words"])


def _is_place(line: str) -> bool:
    """`খুলনা`, `ফুলপুর, ময়মনসিংহ`: a short line naming where an office sits."""
    words = line.replace(",", " ").split()
    return len(words) <= 3 and not _names_office(line) and not has_malformed_word(line)


def _trim(line: str) -> str:
    """A letterhead line without the stray marks around it (a full stop, an OCR speck)."""
    return " ".join(w for w in line.split() if w.strip("।.,;:'`-")).strip("।.,;: ")


def _printed_office(chain: list[str]) -> tuple[str | None, list[str]]:
    """(the office as the letterhead prints it, the lines above it): the lowest line that names an
    office, with the place printed on the line below it."""
    at = max((i for i, line in enumerate(chain) if _names_office(line)), default=None)
    if at is None:
        at = next((i for i, line in enumerate(chain) if not _is_place(line)), None)
    if at is None:
        return None, chain
    office = _trim(chain[at])
    if at + 1 < len(chain) and _is_field_office(office) and _is_place(chain[at + 1]):
        office = f"{office}, {_trim(chain[at + 1])}"
    return office, chain[:at]


def _office(text: str, letter: Letter, ocr: bool = False) -> None:
    """Office, ministry and tier as the letter prints them; the registry only enriches.

    The office is an explicit `…নাম:` line, else the letterhead's lowest office line (with its
    place), else — a ministry or division filing its own report — the ministry line. A registry
    entry gives the office's ministry and tier, and its canonical spelling only where the printed
    name is malformed (a broken text layer); a well-formed printed name is never replaced.
    """
    lines = text.split("\n")
    ministry_line, chain = _letterhead(lines)
    labelled = next((m.group(1) for line in lines if (m := _OFFICE_LABEL.search(line))), None)
    office, above = _printed_office(chain)
    if labelled:
        office, above = clean(labelled).rstrip("।. "), chain
    office = office or ministry_line
    if office is None:
        return
    if ocr and (bare := without_stray_marks(office)) != office:
        letter.corrections.append(f"office: {office!r} → {bare!r} (marks OCR read off specks, or a word gap it "
                                  "lost: the name prints no such mark there, or the registry spells these very "
                                  "letters so)")
        office = bare
    if ocr:  # `রিভাগীয়`: a word no word list knows, whose one known spelling is the engine's known confusion
        words, chosen = choose_readings(office.split(" "), {})
        letter.corrections += [f"office: {c}" for c in chosen]
        office = " ".join(words)
    parent = registry.ministry(ministry_line) if ministry_line else None
    hit = registry.known(office, parent.ministry if parent else None)
    if hit and hit.tier != "district" and has_malformed_word(office):
        office = hit.name
    letter.office = office
    parents = [h for line in above if (h := registry.known(line))]
    letter.ministry = ((parent.ministry if parent else ministry_line) or (hit.ministry if hit else None)
                       or (parents[-1].ministry if parents else None))
    letter.tier = (hit.tier if hit else None) or registry.tier_of(office)
    if letter.ministry is None and re.search(r"মন্ত্রণালয়|Ministry", office):
        letter.ministry = office  # a ministry in no registry, filing its own report
