"""Catalogue drafts: for every fiscal year × tier of a run that schemas/catalogue does not hold,
the consensus of that template's rows across the batch's reports, in the catalogue's own form,
with how many reports agreed on each value — for an archivist to review and copy into
schemas/catalogue/.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

import yaml

from progoti.atomic import write_atomic
from progoti.results import ReportRows
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


class _Printed(NamedTuple):
    """What a draft takes of an indicator row: its code, text, unit, weight and targets as printed."""
    code: str
    indicator: str | None
    unit: str | None
    weight: float | None
    targets: tuple


def _consensus(values: list) -> tuple[object, int]:
    value, n = Counter(values).most_common(1)[0]
    return value, n


def drafts(results: Iterable[ReportRows]) -> dict[str, dict]:
    """'<fiscal year>_<tier>' -> a draft catalogue, for templates no catalogue file holds.

    Of each report only what a draft takes is kept (the run's results pass by one at a time)."""
    groups: dict[tuple[str, str], list[list[_Printed]]] = defaultdict(list)
    for r in results:
        report = r.reports[0]
        template = (report.get("fiscal_year"), report.get("template_tier"))
        if report.get("template") is None and all(template) and r.indicators:
            groups[template].append(
                [_Printed(i["code_printed"], i["indicator"], i["unit"], i["weight"], tuple(i[t] for t in TARGETS))
                 for i in r.indicators if i["code_printed"]])
    out = {}
    for (fiscal_year, tier), reports in sorted(groups.items()):
        rows = defaultdict(list)
        for number, printed in enumerate(reports):
            for i in printed:
                rows[i.code].append((number, i))
        indicators = []
        for code in sorted(rows, key=lambda c: [int(p) for p in c.split(".") if p.isdigit()]):
            found = [i for _, i in rows[code]]
            text, n_text = _consensus([i.indicator for i in found])
            unit, n_unit = _consensus([i.unit for i in found])
            weight, n_weight = _consensus([i.weight for i in found])
            targets, n_targets = _consensus([i.targets for i in found])
            indicators.append({
                "code": code, "text": text, "unit": unit, "weight": weight,
                "targets": [_typed(t) for t in targets] if any(targets) else None,
                "agreement": {"reports": len({number for number, _ in rows[code]}), "of": len(reports), "text": n_text,
                              "unit": n_unit, "weight": n_weight, "targets": n_targets},
            })
        out[f"{fiscal_year}_{tier}"] = {
            "fiscal_year": fiscal_year, "tier": tier, "complete": False,
            "weight_total": sum(i["weight"] or 0 for i in indicators if i["agreement"]["reports"] * 2 >= len(reports)),
            "source": f"draft from {len(reports)} reports by progoti; review before copying into schemas/catalogue/",
            "indicators": indicators,
        }
    return out


def write_drafts(out: Path, results: Iterable[ReportRows]) -> list[Path]:
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
