"""Catalogue drafts: for every fiscal year × tier of a run that schemas/catalogue does not hold,
the consensus of that template's rows across the batch's reports, in the catalogue's own form,
with how many reports agreed on each value — for an archivist to review and copy into
schemas/catalogue/.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from pathlib import Path

import yaml

from progoti.emit import write_atomic
from progoti.pipeline import FileResult
from schemas.output import VALUE_COLUMNS

TARGETS = VALUE_COLUMNS[:5]


def _typed(text: str | None):
    """A contract value as the catalogue writes it: a date, a number, or null."""
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        number = float(text)
        return int(number) if number.is_integer() else number


def _consensus(values: list) -> tuple[object, int]:
    value, n = Counter(values).most_common(1)[0]
    return value, n


def drafts(results: list[FileResult]) -> dict[str, dict]:
    """'<fiscal year>_<tier>' -> a draft catalogue, for templates no catalogue file holds."""
    groups: dict[tuple[str, str], list[FileResult]] = defaultdict(list)
    for r in results:
        L = r.record.letter if r.record else None
        if L and r.record.template is None and L.fiscal_year and L.template_tier and r.record.indicators:
            groups[(L.fiscal_year, L.template_tier)].append(r)
    out = {}
    for (fiscal_year, tier), reports in sorted(groups.items()):
        rows = defaultdict(list)
        for r in reports:
            for i in r.record.indicators:
                if i.code_printed:
                    rows[i.code_printed].append(i)
        indicators = []
        for code in sorted(rows, key=lambda c: [int(p) for p in c.split(".") if p.isdigit()]):
            found = rows[code]
            text, n_text = _consensus([i.indicator for i in found])
            unit, n_unit = _consensus([i.unit for i in found])
            weight, n_weight = _consensus([i.weight for i in found])
            targets, n_targets = _consensus([tuple(i.values[t].text for t in TARGETS) for i in found])
            indicators.append({
                "code": code, "text": text, "unit": unit, "weight": weight,
                "targets": [_typed(t) for t in targets] if any(targets) else None,
                "agreement": {"reports": len({id(i) for i in found}), "of": len(reports), "text": n_text,
                              "unit": n_unit, "weight": n_weight, "targets": n_targets},
            })
        out[f"{fiscal_year}_{tier}"] = {
            "fiscal_year": fiscal_year, "tier": tier, "complete": False,
            "weight_total": sum(i["weight"] or 0 for i in indicators if i["agreement"]["reports"] * 2 >= len(reports)),
            "source": f"draft from {len(reports)} reports by progoti; review before copying into schemas/catalogue/",
            "indicators": indicators,
        }
    return out


def write_drafts(out: Path, results: list[FileResult]) -> list[Path]:
    """Write this run's drafts; drafts of earlier runs that this one does not renew are removed."""
    written = []
    for name, draft in drafts(results).items():
        path = out / "catalogue_drafts" / f"{name}.yaml"
        write_atomic(path, yaml.safe_dump(draft, allow_unicode=True, sort_keys=False, width=120).encode("utf-8"))
        written.append(path)
    for old in (out / "catalogue_drafts").glob("*.yaml"):
        if old not in written:
            old.unlink()
    return written
