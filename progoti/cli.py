"""`progoti extract IN --out OUT`: every supported file under IN → OUT per the contract.

Exit codes: 0 every file was extracted (`ok` or `partial`); 3 the run finished but some
files `failed` (their rows say why); 4 the run could not proceed (IN or OUT unusable);
2 the command line was wrong.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from functools import partial
from pathlib import Path

from extract.readers import SUPPORTED, page_group
from normalize import review
from normalize.review import Correction
from progoti.results import Results
from progoti.run import ENGINES, HARD_STOP, Job, Limits, cost, finished
from progoti.store import outputs_key

EXIT_SOME_FAILED = 3
EXIT_CANNOT_RUN = 4
STORE = ".store"


def find_inputs(root: Path) -> list[Path]:
    """Supported files under root, walked without following links into loops, hidden ones left out."""
    found = []
    for folder, dirs, files in os.walk(root, followlinks=False):
        rel = Path(folder).relative_to(root)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        if any(part.startswith(".") for part in rel.parts):
            continue
        found += [Path(folder) / f for f in files if not f.startswith(".") and Path(f).suffix.lower() in SUPPORTED]
    return sorted(p for p in found if p.is_file())


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


def extract(root: Path, out: Path, workers: int | None = None, progress: bool = True, *, engine: str = "local",
            scheduler: str | None = None, cache: bool = True, limits: Limits = Limits(),
            partitioned: bool = False, corrections: Path | None = None, own_process: bool = False) -> Results:
    """Every report under `root` read (or taken from the store) and the dataset written to `out`.
    `own_process`: this process is the `progoti` command's alone (see _import_writers)."""
    workers = workers or os.cpu_count() or 1
    store = str(out / STORE)
    wanted, stale = _load_corrections(corrections or (root / "corrections.csv"))
    crops = str(out / "quality" / "crops")
    jobs = [Job(tuple(str(p) for p in paths), str(root), store, limits, reuse=cache, corrections=tuple(wanted),
                crops=crops) for paths in find_reports(root)]
    results, keys = Results(), []
    from_store = 0
    bar = _progress_bar(len(jobs)) if progress else None

    def take(d) -> None:
        nonlocal from_store
        keys.append(d.rows_key)
        results.add(d.result)
        from_store += not d.fresh
        if bar is not None:
            counts = results.statuses
            bar.set_postfix_str(f"{results.pages} pages · ok {counts['ok']} · partial {counts['partial']} · failed "
                                f"{counts['failed']} · from store {from_store} · {d.result.source_file}")
            bar.update()

    todo = []
    for job in jobs:  # each report whose rows the store keeps is taken as it is found
        d = finished(job)
        if d is None:
            todo.append(job)
        else:
            take(d)
    if todo:
        todo.sort(key=cost, reverse=True)
        runner = ENGINES[engine]
        for d in (runner(todo, workers, scheduler) if engine == "dask" else
                  runner(todo, workers, meanwhile=partial(_import_writers, own_process))):
            take(d)
    if bar is not None:
        bar.close()
    stale += _unapplied(wanted, results)
    marker = out / STORE / "outputs"
    same = outputs_key(keys, root, stale, partitioned)
    if not todo and same and marker.is_file() and marker.read_text() == same and _outputs_present(out, partitioned):
        return results  # nothing read, and the dataset and pages of these very rows are in place: nothing to write
    _write(out, root, results, from_store, stale, partitioned, marker, same)
    return results


def _progress_bar(total: int):
    """tqdm's bar on stderr (imported only when shown: its import is a twentieth of a small run)."""
    from tqdm import tqdm

    return tqdm(total=total, unit="file", file=sys.stderr, dynamic_ncols=True)


def _import_writers(own_process: bool) -> None:
    """Imported while the workers read, so that the writers are ready when the last file is in.

    pyarrow imports pandas at its first conversion of Python values, only to ask whether they are
    pandas' (apache/arrow#34994): 0.3 to 0.45 s of this process's CPU, taken from the workers.
    The writers hand pyarrow lists alone, so in the command's own process pyarrow is told once
    that pandas is absent. A library user's process (a notebook calling extract) keeps pandas,
    where pyarrow must know its objects; there the import is only made early."""
    import pyarrow

    import progoti.drafts  # noqa: F401
    import progoti.quality_pages  # noqa: F401

    hide = own_process and "pandas" not in sys.modules
    if hide:
        sys.meta_path.insert(0, _NoPandas)  # an import of it fails: pyarrow notes pandas as absent
    try:
        pyarrow.array([])
    finally:
        if hide:
            sys.meta_path.remove(_NoPandas)


class _NoPandas:
    """An import finder that finds no pandas."""

    @staticmethod
    def find_spec(name, path=None, target=None):
        if name == "pandas":
            raise ImportError("pandas is not used in this process")
        return None


def _write(out: Path, root: Path, results: Results, from_store: int, stale: list[dict],
           partitioned: bool, marker: Path, key: str | None) -> None:
    """The dataset, drafts and quality pages; then `marker` says which rows they hold (`key`)."""
    from progoti import quality_pages
    from progoti.drafts import write_drafts
    from progoti.atomic import write_atomic
    from progoti.emit import write_outputs, write_partitioned

    marker.unlink(missing_ok=True)  # a run killed while writing leaves no claim behind
    write_outputs(out, results, root, {"read": len(results) - from_store, "from_store": from_store}, stale)
    if partitioned:
        write_partitioned(out, results)
    write_drafts(out, results)
    quality_pages.build(out)
    if key:
        write_atomic(marker, key.encode())


def _outputs_present(out: Path, partitioned: bool) -> bool:
    from progoti.emit import DATASET_FILES

    return all((out / name).exists() for name in DATASET_FILES) and (out / "quality" / "index.html").exists() and (
        not partitioned or (out / "dataset").is_dir())


def _load_corrections(path: Path) -> tuple[list[Correction], list[dict]]:
    """(corrections to apply, stale ones as rows of stale_corrections.csv) from a reviewer's file."""
    if not path.is_file():
        return [], []
    found, problems = review.parse(path.read_text(encoding="utf-8"))
    stale = [{"note": p, "reason": "not a correction"} for p in problems]
    wanted = []
    for c in found:
        reason = review.stale_reason(c)
        if reason:
            stale.append(_stale_row(c, reason))
        else:
            wanted.append(c)
    return wanted, stale


def _stale_row(c: Correction, reason: str) -> dict:
    return {"report_id": c.report_id, "row_no": c.row_no, "field": c.field, "value": c.value, "note": c.note,
            "reason": reason}


def _unapplied(wanted: list[Correction], results: Results) -> list[dict]:
    """Corrections that found no report in this run, or whose report or row could not take them."""
    stale = []
    for c in wanted:
        if c.report_id not in results:
            stale.append(_stale_row(c, "no report with this report_id in this run"))
        elif c.report_id in results.unread:
            stale.append(_stale_row(c, "the report could not be read"))
    return stale + [_stale_row(c, reason) for c, reason in results.stale]


def _usable(root: Path, out: Path) -> str | None:
    """Why the run cannot proceed, in a sentence, or None."""
    if not root.is_dir():
        return f"{root} is not a folder."
    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=out, prefix=".probe-"):
            pass
    except OSError as e:
        return f"The output folder {out} cannot be written ({e.strerror or e}); the previous outputs are untouched."
    return None


def main(argv: list[str] | None = None, own_process: bool = False) -> int:
    parser = argparse.ArgumentParser(prog="progoti", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("extract", help="extract every supported file under IN into OUT")
    ex.add_argument("input", type=Path, metavar="IN")
    ex.add_argument("--out", type=Path, default=Path("out"), metavar="OUT")
    ex.add_argument("-j", "--workers", type=int, default=None,
                    help=f"parallel worker processes (default: the machine's cores, here {os.cpu_count()})")
    ex.add_argument("--engine", choices=sorted(ENGINES), default="local",
                    help="local worker processes, or a dask.distributed cluster")
    ex.add_argument("--scheduler", metavar="ADDRESS", help="with --engine dask: an existing cluster's scheduler")
    ex.add_argument("--no-cache", action="store_true",
                    help="read every file again instead of taking its reading from OUT/.store (which is renewed)")
    ex.add_argument("--file-timeout", type=float, default=Limits.timeout, metavar="SECONDS",
                    help=f"stop reading a file after this long (default {Limits.timeout:g}); a reading that "
                         f"does not stop, stuck inside a library, has its worker ended at {HARD_STOP[0]:g} times this "
                         f"and {HARD_STOP[1]:g} s more")
    ex.add_argument("--memory-limit", type=int, default=Limits.memory_mb, metavar="MB",
                    help=f"memory one worker may use (default {Limits.memory_mb})")
    ex.add_argument("--partitioned", action="store_true",
                    help="also write OUT/dataset/, hive-partitioned by fiscal_year and ministry")
    ex.add_argument("--corrections", type=Path, metavar="FILE",
                    help="a reviewer's corrections (report_id,row_no,field,value,note); default IN/corrections.csv")
    ex.add_argument("--quiet", action="store_true", help="no progress bar")
    qp = sub.add_parser("quality", help="rebuild OUT/quality/ from an existing OUT without re-extracting")
    qp.add_argument("out", type=Path, metavar="OUT")
    args = parser.parse_args(argv)

    if args.command == "quality":
        if not (args.out / "reports.parquet").exists():
            parser.error(f"{args.out} holds no reports.parquet: run `progoti extract` first")
        from progoti import quality_pages

        pages = quality_pages.build(args.out)
        print(f"{len(pages)} pages -> {args.out}/quality/index.html", file=sys.stderr)
        return 0

    problem = _usable(args.input, args.out)
    if problem:
        print(f"progoti: {problem}", file=sys.stderr)
        return EXIT_CANNOT_RUN
    limits = Limits(args.file_timeout, args.memory_limit)
    try:
        results = extract(args.input, args.out, args.workers, not args.quiet, engine=args.engine,
                          scheduler=args.scheduler, cache=not args.no_cache, limits=limits,
                          partitioned=args.partitioned, corrections=args.corrections, own_process=own_process)
    except OSError as e:
        print(f"progoti: the outputs could not be written to {args.out} ({e.strerror or e}); "
              "the previous outputs are untouched.", file=sys.stderr)
        return EXIT_CANNOT_RUN
    failed, partly = results.statuses["failed"], results.statuses["partial"]
    print(f"{len(results)} files: {results.statuses['ok']} ok, {partly} partial, {failed} failed "
          f"-> {args.out}/reports.parquet, indicators.parquet (+ .csv), quality/index.html", file=sys.stderr)
    return EXIT_SOME_FAILED if failed else 0


def run() -> None:
    """The `progoti` command: main(), then out at once. By then every output is written, closed
    and on disk and every worker has ended; the interpreter's own teardown of the libraries a run
    loads (pyarrow's above all) took 0.1 to 0.2 s, a tenth of a small run,
    and does nothing a finished run needs. An error still ends the usual way, with its traceback."""
    code = main(own_process=True)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    run()
