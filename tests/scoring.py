"""Field-by-field comparison of a run's rows with a gold JSON (the shared/gold form)."""
from __future__ import annotations

import json
from pathlib import Path

from progoti.pipeline import extract_file
from progoti.rows import indicator_rows, report_row

REPORT_FIELDS = ["office", "ministry", "tier", "fiscal_year", "quarter", "memo_no", "letter_date",
                 "letter_date_bangla", "flags"]
ROW_FIELDS = ["code_printed", "code", "activity_code", "unit", "weight", "target_excellent", "target_very_good",
              "target_good", "target_fair", "target_poor", "achievement", "achievement_rating", "flags"]
TEXT_FIELDS = ["indicator", "evidence"]


def run(gold_path: Path, samples: Path):
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    path = samples / gold["source_file"]
    result = extract_file(path.read_bytes(), gold["source_file"])
    rows = indicator_rows(result)
    return gold, report_row(result), rows


def compare(gold: dict, report: dict, rows: list[dict], row_fields=ROW_FIELDS) -> tuple[int, int, list[str]]:
    """(fields right, fields in gold, the misses as readable lines)."""
    right, total, misses = 0, 0, []

    def check(where: str, field: str, got, want) -> None:
        nonlocal right, total
        if field == "flags":
            got, want = sorted(got or []), sorted(want or [])
        total += 1
        if got == want:
            right += 1
        else:
            misses.append(f"{where} {field}: got {got!r}, want {want!r}")

    for f in REPORT_FIELDS:
        want = gold["report"][f]
        got = report.get(f)
        if f == "flags" and gold["report"].get("flags_optional"):
            got = [x for x in got if x not in gold["report"]["flags_optional"]]
        check("report", f, got, want)
    by_no = {r["row_no"]: r for r in rows}
    for g in gold["indicators"]:
        r = by_no.get(g["row_no"], {})
        for f in row_fields:
            check(f"row {g['row_no']}", f, r.get(f), g[f])
    extra = len(rows) - len(gold["indicators"])
    if extra > 0:
        total += extra
        misses.append(f"{extra} rows more than the gold")
    return right, total, misses


def sample_paths(source_file: str, samples: Path) -> list[Path]:
    """The file(s) of one gold report: loose page images `NAME.p1.png` bring their other pages."""
    if ".p1." in source_file:
        return sorted(samples.glob(source_file.replace(".p1.", ".p*.")))
    return [samples / source_file]


def main() -> None:
    """Field accuracy and indicator-text character accuracy of every gold file, by folder."""
    from rapidfuzz.distance import Levenshtein

    from progoti.pipeline import extract_parts

    root = Path(__file__).resolve().parent
    samples = root.parent / "samples"
    for folder in ("", "pdf", "scan"):
        right = total = errors = length = 0
        for gold_path in sorted((root / "gold" / folder).glob("*.json")):
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            paths = sample_paths(gold["source_file"], samples)
            result = extract_parts([(p.read_bytes(), p.relative_to(samples).as_posix()) for p in paths])
            rows = indicator_rows(result)
            r, t, misses = compare(gold, report_row(result), rows, ROW_FIELDS + TEXT_FIELDS)
            right, total = right + r, total + t
            by_no = {row["row_no"]: row for row in rows}
            for g in gold["indicators"]:
                errors += Levenshtein.distance((by_no.get(g["row_no"]) or {}).get("indicator") or "", g["indicator"])
                length += len(g["indicator"])
            print(f"{folder or 'seeds'}/{gold_path.stem}: {r}/{t} fields" + "".join(f"\n    {m}" for m in misses))
        print(f"== {folder or 'seeds'}: {right}/{total} fields ({right / total:.2%}), "
              f"indicator text character accuracy {1 - errors / length:.2%}\n")




VALUE_FIELDS = ["target_excellent", "target_very_good", "target_good", "target_fair", "target_poor", "achievement"]


def unrecorded_changes(row: dict, pivot: int | None) -> list[str]:
    """Output values that differ from what the row says was read, with no `corrections` entry."""
    from normalize.text import clean
    from normalize.values import parse_value

    recorded = {c.split(":", 1)[0] for c in row.get("corrections") or []}
    out = []
    for f in VALUE_FIELDS:
        if row.get(f) != parse_value(row.get(f"{f}_raw"), pivot).text and f not in recorded:
            out.append(f"{f}: {row.get(f'{f}_raw')!r} → {row.get(f)!r}")
    for f in ("indicator", "evidence"):
        if clean(row.get(f)) != clean(row.get(f"{f}_raw")) and f not in recorded:
            out.append(f"{f}: {row.get(f'{f}_raw')!r} → {row.get(f)!r}")
    return out


def _tokens(text: str | None) -> list[str]:
    from normalize.text import clean
    return [t.strip("।,;:.()") for t in clean(text).split()]


def score_corpus(root: Path, part: str | None) -> dict[str, dict[str, float]]:
    """Per format (pdf, scan) of a generated corpus (tests/fixtures/corpus.py): the issue's figures.
    Each WeasyPrint PDF is also read with its ToUnicode broken as Word breaks it (conjuncts and
    vowel-sign clusters mapped to Latin stand-ins: tests/fixtures/repair_corpus.py)."""
    from tests.fixtures.repair_corpus import latin_tounicode

    stats: dict[str, dict[str, list[int]]] = {}
    for gold_path in sorted((root / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        if part and gold["part"] != part:
            continue
        kind = gold.get("format") or gold["source_file"].split("/")[0]
        if gold.get("producer", "weasyprint") != "weasyprint":
            kind += " (LibreOffice)"
        if gold.get("ruling", "grid") != "grid":
            kind += {"rows": ", horizontal rules only", "none": ", no rules"}[gold["ruling"]]
        data = (root / gold["source_file"]).read_bytes()
        versions = [(kind, data)]
        if kind.startswith("pdf") and "LibreOffice" not in kind:  # the same PDF, its ToUnicode broken as Word's is
            versions.append(("pdf, Word-style ToUnicode (every ruling)", latin_tounicode(data)))
        for kind, data in versions:
            _score_one(stats.setdefault(kind, _counters()), gold, data, pivot=int(gold["report"]["fiscal_year"][:4]))
    return {kind: {name: (a / b if b else 1.0) for name, (a, b) in s.items()} | {"n": s["reports with rows"][1]}
            for kind, s in stats.items()}


def _counters() -> dict[str, list[int]]:
    return {k: [0, 0] for k in (
        "fields", "rows found", "values as printed", "values read with confidence as printed",
        "values changed without record", "words outside lexicon kept",
        "letters: office, ministry, tier", "flag precision", "flag recall", "reports with rows",
        "indicator text characters")}


def _score_one(s: dict[str, list[int]], gold: dict, data: bytes, pivot: int) -> None:
    """One report's figures added to its kind's counters."""
    from rapidfuzz.distance import Levenshtein

    from normalize.repair import lexicon
    from extract.model import IN_DOUBT
    from normalize.text import key
    from progoti.pipeline import extract_file

    result = extract_file(data, gold["source_file"])
    report = report_row(result)
    rows = indicator_rows(result)
    right, total, _ = compare(gold, report, rows, ROW_FIELDS + TEXT_FIELDS)
    s["fields"][0] += right
    s["fields"][1] += total
    s["rows found"][0] += min(len(rows), len(gold["indicators"]))
    s["rows found"][1] += len(gold["indicators"])
    s["reports with rows"][0] += bool(rows)
    s["reports with rows"][1] += 1
    by_no = {r["row_no"]: r for r in rows}
    for g in gold["indicators"]:
        r = by_no.get(g["row_no"], {})
        s["indicator text characters"][0] += len(g["indicator"]) - min(
            len(g["indicator"]), Levenshtein.distance(r.get("indicator") or "", g["indicator"]))
        s["indicator text characters"][1] += len(g["indicator"])
        recorded = {c.split(":", 1)[0] for c in r.get("corrections") or []}
        cells = r.get("cells") or {}
        cells = json.loads(cells) if isinstance(cells, str) else cells
        for f in VALUE_FIELDS:
            if f not in recorded:
                s["values as printed"][0] += r.get(f) == g[f]
                s["values as printed"][1] += 1
            cell = cells.get(f) or {}
            if cell.get("confidence", 0) >= IN_DOUBT and not cell.get("doubt") and r.get(f"{f}_raw") is not None:
                s["values read with confidence as printed"][0] += r.get(f) == g[f]
                s["values read with confidence as printed"][1] += 1
        for f in ("indicator", "evidence"):
            got = _tokens(r.get(f))
            for word in _tokens(g[f]):
                if key(word) and key(word) not in lexicon() and not key(word).isdigit():
                    s["words outside lexicon kept"][0] += word in got
                    s["words outside lexicon kept"][1] += 1
    changed = [c for r in rows for c in unrecorded_changes(r, pivot)]
    s["values changed without record"][0] += len(changed)
    s["values changed without record"][1] += sum(len(VALUE_FIELDS) + 2 for _ in rows)
    want = set(gold["report"]["flags"])
    got = set(report.get("flags") or []) - set(gold["report"].get("flags_optional") or [])
    s["flag precision"][0] += len(got & want)
    s["flag precision"][1] += len(got)
    s["flag recall"][0] += len(got & want)
    s["flag recall"][1] += len(want)
    s["letters: office, ministry, tier"][0] += all(report.get(f) == gold["report"][f]
                                                 for f in ("office", "ministry", "tier"))
    s["letters: office, ministry, tier"][1] += 1


def print_corpus(root: Path) -> None:
    for part in ("dev", "test"):
        for kind, figures in score_corpus(root, part).items():
            print(f"== {part} / {kind} ({figures.pop('n')} reports)")
            for name, value in figures.items():
                print(f"   {name:36s} {value:8.2%}")


if __name__ == "__main__":
    import sys

    if len(sys.argv) > 2 and sys.argv[1] == "--corpus":
        print_corpus(Path(sys.argv[2]))
    else:
        main()
