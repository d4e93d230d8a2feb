"""Field-by-field comparison of a run's rows with a gold JSON (the shared/gold form)."""
from __future__ import annotations

import json
from pathlib import Path

from progoti.emit import indicator_row, report_row
from progoti.pipeline import extract_file

REPORT_FIELDS = ["office", "ministry", "tier", "fiscal_year", "quarter", "memo_no", "letter_date",
                 "letter_date_bangla", "flags"]
ROW_FIELDS = ["code_printed", "code", "activity_code", "unit", "weight", "target_excellent", "target_very_good",
              "target_good", "target_fair", "target_poor", "achievement", "achievement_rating", "flags"]
TEXT_FIELDS = ["indicator", "evidence"]


def run(gold_path: Path, samples: Path):
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    path = samples / gold["source_file"]
    result = extract_file(path.read_bytes(), gold["source_file"])
    rows = [indicator_row(result, i) for i in result.record.indicators] if result.record else []
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
            rows = [indicator_row(result, i) for i in result.record.indicators] if result.record else []
            r, t, misses = compare(gold, report_row(result), rows, ROW_FIELDS + TEXT_FIELDS)
            right, total = right + r, total + t
            by_no = {row["row_no"]: row for row in rows}
            for g in gold["indicators"]:
                errors += Levenshtein.distance((by_no.get(g["row_no"]) or {}).get("indicator") or "", g["indicator"])
                length += len(g["indicator"])
            print(f"{folder or 'seeds'}/{gold_path.stem}: {r}/{t} fields" + "".join(f"\n    {m}" for m in misses))
        print(f"== {folder or 'seeds'}: {right}/{total} fields ({right / total:.2%}), "
              f"indicator text character accuracy {1 - errors / length:.2%}\n")


if __name__ == "__main__":
    main()
