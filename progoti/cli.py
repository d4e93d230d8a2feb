"""`progoti extract IN --out OUT`: every supported file under IN → OUT per the contract."""
from __future__ import annotations

import argparse
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from tqdm import tqdm

from extract.readers import SUPPORTED, page_group
from progoti import quality_pages
from progoti.emit import write_outputs
from progoti.pipeline import FileResult, extract_parts


def find_inputs(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED
                  and not any(part.startswith(".") for part in p.relative_to(root).parts))


def find_reports(root: Path) -> list[list[Path]]:
    """The inputs, one list per report: a file alone, or the page images of one scan together."""
    groups: dict[str, list[tuple[int, Path]]] = {}
    reports: list[list[Path]] = []
    for path in find_inputs(root):
        group = page_group(path.relative_to(root).as_posix())
        if group:
            groups.setdefault(group[0], []).append((group[1], path))
        else:
            reports.append([path])
    reports += [[p for _, p in sorted(pages)] for pages in groups.values()]
    return sorted(reports, key=lambda r: r[0])


def _extract_paths(args: tuple[list[Path], Path]) -> FileResult:
    paths, root = args
    return extract_parts([(p.read_bytes(), p.relative_to(root).as_posix()) for p in paths])


def extract(root: Path, out: Path, workers: int = 1, progress: bool = True) -> list[FileResult]:
    jobs = [(paths, root) for paths in find_reports(root)]
    bar = tqdm(total=len(jobs), unit="file", disable=not progress, file=sys.stderr)
    results: list[FileResult] = []
    if workers > 1:
        with ProcessPoolExecutor(workers) as pool:
            for r in pool.map(_extract_paths, jobs):
                results.append(r)
                bar.update()
    else:
        for job in jobs:
            results.append(_extract_paths(job))
            bar.update()
    bar.close()
    write_outputs(out, results, root)
    quality_pages.build(out)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="progoti", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("extract", help="extract every supported file under IN into OUT")
    ex.add_argument("input", type=Path, metavar="IN")
    ex.add_argument("--out", type=Path, default=Path("out"), metavar="OUT")
    ex.add_argument("--workers", type=int, default=1, help="parallel worker processes (default 1)")
    ex.add_argument("--quiet", action="store_true", help="no progress bar")
    qp = sub.add_parser("quality", help="rebuild OUT/quality/ from an existing OUT without re-extracting")
    qp.add_argument("out", type=Path, metavar="OUT")
    args = parser.parse_args(argv)

    if args.command == "quality":
        if not (args.out / "reports.parquet").exists():
            parser.error(f"{args.out} holds no reports.parquet: run `progoti extract` first")
        pages = quality_pages.build(args.out)
        print(f"{len(pages)} pages -> {args.out}/quality/index.html", file=sys.stderr)
        return 0

    if not args.input.is_dir():
        parser.error(f"{args.input} is not a folder")
    results = extract(args.input, args.out, args.workers, not args.quiet)
    failed = sum(1 for r in results if r.record is None)
    partial = sum(1 for r in results if r.record and r.record.status == "partial")
    print(f"{len(results)} files: {len(results) - failed - partial} ok, {partial} partial, {failed} failed "
          f"-> {args.out}/reports.parquet, indicators.parquet (+ .csv), quality/index.html", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
