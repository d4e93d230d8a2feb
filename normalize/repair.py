"""Repair of Bangla text that arrived without its fonts (text inputs, text layers font-level recovery could not read).

The printed word is the output. A word is changed only where its reading is
in doubt, and each change says what was read, what was written and why:
1. pre-base vowel signs (ি ে ৈ) that stand where no consonant precedes them
   are in visual order; they move after the consonant cluster that follows;
2. a malformed word (no Bangla writer produces it: a broken text layer) takes
   the aligned word of the catalogue entry the row matched, or the lexicon's
   clearly closest word;
3. an OCR'd word that no word list knows takes the engine's own other reading
   of the same marks (its close second choices, extract/ocr.py) when that one is
   a known word — the lexicon, Debian's Hunspell list, or a word the engine read with
   confidence elsewhere in the same report — and only its letters differ;
4. an OCR'd word in a cell read with low confidence takes the aligned
   catalogue word only when the two differ by known confusions of the engine
   (ব/র, ৫/৬ … in vocabulary.yaml `ocr_confusions`).
A well-formed word read with confidence stays as printed, in the lexicon or
not: an office's own wording (`দুইটি`, `নহে`, an added clause) survives.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

import schemas
from extract import words
from normalize.digits import to_ascii_digits
from normalize.catalogue import templates
from normalize.text import CONSONANT, clean, is_malformed, key, reorder_prebase
from normalize.vocabulary import vocabulary

_TRAILING = re.compile(r"[।,;:.)]+$")
_PARTS = re.compile(r"([/\-])")
_SIGNS = "()[]{}।,;:.!?'\"‘’“”"  # around a word, not of it
_LETTERS = re.compile(r"[\u0980-\u09FF]")
_CONSONANT = re.compile(CONSONANT)
LOST_BEFORE_SLASH = "\u09BE"  # া
WORD_MIN_SCORE = 60.0  # a damaged word takes the lexicon's closest word only this close…
WORD_MARGIN = 8.0  # …and clearly closer than the runner-up
# An OCR'd malformed word is a misreading of the marks, often of a word no list holds
# (`প্রশিক্ষণার্থীদের` read `প্রশিক্ষণাীদের`): it takes a lexicon word only when nearly the same.
OCR_WORD_MIN_SCORE = 85.0


@dataclass(frozen=True)
class Repaired:
    text: str
    confidence: float  # share of the words as read that are well-formed Bangla
    changes: tuple[str, ...] = ()  # `'read' → 'written' (why)` for every word changed

    @property
    def changed(self) -> bool:
        return bool(self.changes)


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


@cache
def ocr_confusions() -> frozenset[frozenset[str]]:
    """Pairs of characters Tesseract is known to take for each other (vocabulary.yaml), each one
    code point (য়, ড়, ঢ় precomposed: words.precomposed)."""
    return frozenset(frozenset(words.precomposed(to_ascii_digits(c)) for c in pair)
                     for pair in vocabulary()["ocr_confusions"])


def known_word(token: str, word_lists: bool = True, report_words: frozenset[str] = frozenset()) -> bool:
    """Every part of a token (split at / and -) is a number or a known word, or a known word and
    one of the vocabulary's `word_endings`. Known: in the lexicon or, with `word_lists`, in
    Debian's Hunspell lists (extract/words.py), or one of `report_words` (comparison keys of words
    read with confidence elsewhere in the same report)."""
    def known(part: str) -> bool:
        k = key(part)
        return not k or k.isdigit() or k in lexicon() or k in report_words or (word_lists and words.is_known(part))

    return all(known(p) or any(p.endswith(e) and len(_LETTERS.findall(p[:-len(e)])) >= 2 and known(p[:-len(e)])
                               for e in word_endings())
               for p in word_parts(token))


@cache
def word_endings() -> tuple[str, ...]:
    return tuple(vocabulary()["word_endings"])


def word_parts(token: str) -> list[str]:
    """A token's parts between slashes and hyphens, without the signs around them."""
    return [p.strip(_SIGNS) for p in _PARTS.split(token) if p.strip("/-")]


def choose_readings(tokens: list[str], readings: dict[str, tuple[str, ...]] | None,
                    report_words: frozenset[str] = frozenset()) -> tuple[list[str], list[str]]:
    """(tokens, changes) of OCR'd text (`readings` None: not OCR'd, nothing changes). A word no
    word list knows takes the first of the engine's other readings of its marks that is known
    (or one of `report_words`), if that one differs from it only by letters put for letters (no
    letter dropped or added, punctuation as read); else the one known spelling that the engine's
    known confusions (vocabulary.yaml) make of it, if exactly one is known.

    The report's own words decide between the engine's readings only: a word the engine misreads
    the same way throughout a report (`ত্রেমাসিক`) is among them, so they make no word known."""
    if readings is None:
        return tokens, []
    out, changes = [], []
    for token in tokens:
        chosen, why = token, ""
        if len(_LETTERS.findall(token)) >= 2 and not known_word(token):
            chosen = next((a for a in readings.get(token, ()) if len(a) == len(token)
                           and _LETTERS.sub("", a) == _LETTERS.sub("", token)
                           and known_word(a, report_words=report_words)), token)
            why = "the OCR engine's other reading of it is a known word"
            if chosen == token:
                lost = slash_losses(token)
                known = [v for v in confusion_variants(token) | lost if known_word(v)]
                chosen = known[0] if len(known) == 1 else token
                why = ("an া the OCR engine loses against a slash" if chosen in lost
                       else "characters the OCR engine confuses") + "; the one known spelling"
            if chosen != token and not known_word(chosen):
                why += ", read with confidence elsewhere in this report"
        if chosen != token:
            changes.append(f"'{token}' → '{chosen}' (unknown word; {why})")
        out.append(chosen)
    return out, changes


def confusion_variants(word: str, most: int = 2) -> set[str]:
    """The word with up to `most` characters swapped for ones the OCR engine confuses them with."""
    partners: dict[str, set[str]] = {}
    for pair in ocr_confusions():
        for a in pair:
            partners.setdefault(a, set()).update(pair - {a})
    variants, frontier = set(), {words.precomposed(word)}
    for _ in range(most):
        frontier = {w[:i] + b + w[i + 1:] for w in frontier for i, c in enumerate(w) for b in partners.get(c, ())}
        variants |= frontier
    return {clean(v) for v in variants} - {word}


def slash_losses(token: str, most: int = 2) -> set[str]:
    """The token with an া put back before a slash after a consonant, in up to `most` places:
    Tesseract takes the sign's stroke into the slash and reads `সেবা/অফিস` as `সেব/অফিস`."""
    variants, frontier = set(), {token}
    for _ in range(most):
        frontier = {w[:i] + LOST_BEFORE_SLASH + w[i:] for w in frontier for i in range(1, len(w))
                    if w[i] == "/" and _CONSONANT.match(w[i - 1])}
        variants |= frontier
    return variants


def _reading_confidence(tokens: list[str]) -> float:
    return sum(not is_malformed(t) for t in tokens) / len(tokens) if tokens else 1.0


def confusions_only(read: str, reference: str) -> bool:
    """Do two words differ only by characters the OCR engine is known to confuse?"""
    pairs = ocr_confusions()
    read, reference = words.precomposed(to_ascii_digits(read)), words.precomposed(to_ascii_digits(reference))
    ops = Levenshtein.editops(read, reference)
    return bool(ops) and all(op == "replace" and frozenset((read[i], reference[j])) in pairs for op, i, j in ops)


DAMAGED_WORD_MIN_SCORE = 50.0  # in a broken text layer, an unknown word takes a catalogue word this close
MALFORMED_MIN_SCORE = 50.0  # an OCR'd malformed word takes its aligned catalogue word only this close (half its letters)


def repair_against(text: str, reference: str, doubt: str | None = None,
                   readings: dict[str, tuple[str, ...]] | None = None, low_confidence: bool = False,
                   report_words: frozenset[str] = frozenset()) -> Repaired:
    """Repair a text word by word against the catalogue text its row matched.

    `doubt` says why the reading is uncertain beyond malformed words: "ocr" (OCR'd: a word known
    confusions away from its aligned catalogue word takes it if no word list knows it or the
    cell was read with `low_confidence`) or
    "damaged" (a broken text layer, where well-formed wrong letters are common: a word outside
    the lexicon takes its aligned catalogue word when close). None: only malformed words change.
    `readings`: the OCR engine's other readings of the words it was unsure of; `report_words`:
    those it read with confidence elsewhere in the report, which those readings may be chosen for.
    """
    read = clean(text).split()
    reordered = clean(reorder_prebase(text)).split()
    changes = _vowel_order_changes(read, reordered)
    reordered, chosen = choose_readings(reordered, readings, report_words)
    changes += chosen
    if not _may_take_catalogue_words(reordered, doubt, low_confidence):
        return Repaired(" ".join(reordered), _reading_confidence(read), tuple(changes))
    out: list[str] = []
    for d_tokens, r_tokens in _align(reordered, clean(reference).split()):
        printed = " ".join(d_tokens)
        if not d_tokens or not r_tokens:
            out.append(_lexicon_parts(printed, doubt, changes))
            continue
        wanted = " ".join(r_tokens)
        tail = _TRAILING.search(printed)
        if tail and not wanted.endswith(tail.group(0)):
            wanted += tail.group(0)
        in_doubt = doubt == "ocr" and len(d_tokens) == len(r_tokens) == 1 and (low_confidence or not known_word(printed))
        confused = in_doubt and confusions_only(key(printed), key(wanted))
        slashed = in_doubt and not confused and any(v == wanted or confusions_only(key(v), key(wanted))
                                                    for v in slash_losses(printed))
        if any(is_malformed(t) for t in d_tokens) and (
                doubt != "ocr" or fuzz.ratio(key(printed), key(wanted)) >= MALFORMED_MIN_SCORE):
            why = "malformed; catalogue word"
        elif confused or slashed:
            why = ("OCR confusion at low confidence; catalogue word" if low_confidence
                   else "unknown word, characters the OCR engine confuses; catalogue word" if confused
                   else "unknown word, an া the OCR engine loses against a slash; catalogue word")
        elif (doubt == "damaged" and not all(known_word(t, word_lists=False) for t in d_tokens)
              and fuzz.ratio(key(printed), key(wanted)) >= DAMAGED_WORD_MIN_SCORE):
            why = "unknown word in a broken text layer; catalogue word"
        else:
            out.append(_lexicon_parts(printed, doubt, changes))
            continue
        out.append(wanted)
        if wanted != printed:
            changes.append(f"'{printed}' → '{wanted}' ({why})")
    repaired = " ".join(out)
    return Repaired(repaired, _reading_confidence(read), tuple(changes))


def _lexicon_parts(printed: str, doubt: str | None, changes: list[str]) -> str:
    """An OCR'd text's words the catalogue word beside them did not repair: each malformed part
    (between slashes and hyphens: `উ্ভাবিত/সহজিকৃত`) to the lexicon's word nearly the same, on
    record; anything else as read. (An OCR'd malformed word far from its aligned catalogue word
    is another word, misread: it keeps the rest of its letters.)"""
    if doubt != "ocr":
        return printed
    out = []
    for token in printed.split(" "):
        fixed = _closest_parts(token, OCR_WORD_MIN_SCORE)
        if fixed != token:
            changes.append(f"'{token}' → '{fixed}' (malformed; closest lexicon word)")
        out.append(fixed)
    return " ".join(out)


def _may_take_catalogue_words(tokens: list[str], doubt: str | None, low_confidence: bool) -> bool:
    """Could any word below take its catalogue word? Not where every word is well formed and,
    unless the layer is broken, known (and, OCR'd, read with confidence): then no alignment is needed."""
    if any(is_malformed(t) for t in tokens) or doubt == "damaged":
        return True
    return doubt == "ocr" and (low_confidence or not all(known_word(t) for t in tokens))


def repair_words(text: str, doubt: str | None = None, readings: dict[str, tuple[str, ...]] | None = None,
                 report_words: frozenset[str] = frozenset()) -> Repaired:
    """Each malformed word — in a broken text layer (`doubt="damaged"`) each word outside the
    lexicon — to the lexicon's clearly closest word, if one is close (OCR'd, `doubt="ocr"`: very
    close); an unknown OCR'd word to the engine's known other reading (`readings`); the rest as read."""
    read = clean(text).split()
    reordered = clean(reorder_prebase(text)).split()
    changes = _vowel_order_changes(read, reordered)
    tokens, chosen = choose_readings(reordered, readings, report_words)
    least = OCR_WORD_MIN_SCORE if doubt == "ocr" else WORD_MIN_SCORE
    out = [_closest_parts(token, least, every=doubt == "damaged") for token in tokens]
    why = "unknown word in a broken text layer" if doubt == "damaged" else "malformed"
    changes += chosen + [f"'{a}' → '{b}' ({why}; closest lexicon word)" for a, b in zip(tokens, out) if a != b]
    return Repaired(" ".join(out), _reading_confidence(read), tuple(changes))


def _vowel_order_changes(read: list[str], reordered: list[str]) -> list[str]:
    return [f"'{a}' → '{b}' (vowel sign in visual order)" for a, b in zip(read, reordered) if a != b]


def _closest_parts(token: str, least: float, every: bool = False) -> str:
    """The token with each malformed part (between slashes and hyphens; `every` part where the
    layer is broken) as the lexicon's clearly closest word at least `least` alike."""
    return "".join(_closest(p, least) if p.strip("/-") and (every or is_malformed(p)) else p
                   for p in _PARTS.split(token))


def _closest(part: str, least: float = WORD_MIN_SCORE) -> str:
    tail = _TRAILING.search(part)
    word = _TRAILING.sub("", part)
    k = key(word)
    if not k or k in lexicon() or k.isdigit() or not re.search(r"[\u0985-\u09B9]", word):
        return part
    hits = process.extract(k, list(lexicon()), scorer=fuzz.ratio, limit=2)
    if hits and hits[0][1] >= least and (len(hits) == 1 or hits[0][1] - hits[1][1] >= WORD_MARGIN):
        return _spelling(hits[0][0]) + (tail.group(0) if tail else "")
    return part


def _spelling(k: str) -> str:
    return _lexicon_words().get(k, k)


def _align(damaged: list[str], ref: list[str]) -> list[tuple[list[str], list[str]]]:
    """Pairs of (damaged tokens, reference tokens), 1:1, 2:1, 1:2, 1:0 or 0:1, by least total cost.

    Words the two share at the start and the end pair with each other at no cost, so only the
    stretch between them is aligned (most rows print their catalogue text, or nearly)."""
    head = 0
    while head < min(len(damaged), len(ref)) and damaged[head] == ref[head]:
        head += 1
    tail = 0
    while tail < min(len(damaged), len(ref)) - head and damaged[-1 - tail] == ref[-1 - tail]:
        tail += 1
    same = [([w], [w]) for w in damaged[:head]]
    middle = _align_between(damaged[head:len(damaged) - tail], ref[head:len(ref) - tail])
    return same + middle + [([w], [w]) for w in damaged[len(damaged) - tail:]]


def _align_between(damaged: list[str], ref: list[str]) -> list[tuple[list[str], list[str]]]:
    n, m = len(damaged), len(ref)
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0

    # how alike every word and pair of neighbouring words are, for the 1:1, 2:1 and 1:2 steps
    ones = [key(w) for w in damaged], [key(w) for w in ref]
    twos = [key(a + b) for a, b in zip(damaged, damaged[1:])], [key(a + b) for a, b in zip(ref, ref[1:])]
    alike = {(di, dj): process.cdist(reads, refs, scorer=fuzz.ratio, dtype="float64").tolist() if reads and refs else []
             for (di, dj), reads, refs in (((1, 1), ones[0], ones[1]), ((2, 1), twos[0], ones[1]),
                                           ((1, 2), ones[0], twos[1]))}

    for i in range(n + 1):
        for j in range(m + 1):
            if cost[i][j] == inf:
                continue
            for di, dj, extra in ((1, 1, 0.0), (2, 1, 0.15), (1, 2, 0.15), (1, 0, 0.0), (0, 1, 0.0)):
                a, b = i + di, j + dj
                if a > n or b > m:
                    continue
                step = 1.0 if di == 0 or dj == 0 else 1 - alike[di, dj][i][j] / 100 + extra
                if cost[i][j] + step < cost[a][b]:
                    cost[a][b], back[a][b] = cost[i][j] + step, (i, j)
    pairs, at = [], (n, m)
    while at != (0, 0):
        prev = back[at[0]][at[1]]
        pairs.append((damaged[prev[0]:at[0]], ref[prev[1]:at[1]]))
        at = prev
    return pairs[::-1]
