"""`make bench`: speed and accuracy, as ratios against baselines measured in the same run.

Never part of `make test`: timings vary with the machine, ratios much less.
Run with one worker; the numbers are for this machine only.
"""
from __future__ import annotations

import time
import tracemalloc
from functools import partial
from pathlib import Path

import pdfplumber
from rapidfuzz.distance import Levenshtein

from extract.fonts import installed_outlines
from extract.pdf import read_pdf
from extract.textfile import decode
from normalize.text import clean, key
from normalize.values import parse_value
from progoti.pipeline import extract_file
from tests.fixtures import repair_corpus
from tests.conftest import SHARED

ROOT = Path(__file__).resolve().parent.parent
REPEAT = 20
GENERATED_DIGITAL = 40  # generated development reports: a second, larger folder of digital PDFs end to end
GENERATED_SCANS = 30  # and of scanned PDFs (every kind of scan: 300 and 200 dpi, turned, faxed, photographed)
GENERATED_TEXT = 400  # and of already-OCR'd text (the letter's lines, the table as tab-separated lines)


def _seconds(fn, items, repeat: int = 1) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        for item in items:
            fn(*item)
    return time.perf_counter() - start


def text_inputs() -> None:
    files = [(p.read_bytes(), p.name) for p in sorted((ROOT / "samples").glob("*.txt"))]
    n = len(files) * REPEAT
    raw = _seconds(lambda data, name: decode(data).split("\n"), files, REPEAT)

    def unseen(data: bytes, name: str) -> None:
        for cached in (parse_value, key, clean):  # each repeat as a file never read before
            cached.cache_clear()
        extract_file(data, name)

    full = _seconds(unseen, files, REPEAT)
    tracemalloc.start()
    for data, name in files:
        extract_file(data, name)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"text inputs ({len(files)} files x {REPEAT}):")
    print(f"  baseline decode+split lines   : {n / raw:9.1f} files/s")
    print(f"  progoti extract_file          : {n / full:9.1f} files/s  ({full / raw:.0f}x the baseline's time)")
    print(f"  peak Python memory, one pass  : {peak / 2**20:9.1f} MiB")


def digital_pdfs() -> None:
    paths = sorted((ROOT / "samples" / "pdf").glob("r*.pdf"))
    files = [(p.read_bytes(), f"pdf/{p.name}") for p in paths]
    pages = sum(len(pdfplumber.open(p).pages) for p in paths)

    def raw(data: bytes, name: str) -> None:
        with pdfplumber.open(__import__("io").BytesIO(data)) as pdf:
            for page in pdf.pages:
                page.extract_tables()

    start = time.perf_counter()
    installed_outlines()  # the once-per-process index of the machine's Bangla fonts
    index = time.perf_counter() - start
    t_raw = _seconds(raw, files, 3) / 3
    t_full = _seconds(extract_file, files, 3) / 3
    print(f"digital PDFs ({len(paths)} files, {pages} pages, one worker):")
    print(f"  baseline pdfplumber extract_tables: {pages / t_raw:7.1f} pages/s")
    print(f"  progoti extract_file end to end   : {pages / t_full:7.1f} pages/s  "
          f"({t_raw / t_full:.2f} of the baseline's speed)")
    print(f"  once per process: font outline index {index:.2f} s")
    import camelot

    start = time.perf_counter()
    found = sum(len(camelot.read_pdf(str(p), pages="all", flavor="lattice")) for p in paths)
    t_camelot = time.perf_counter() - start
    start = time.perf_counter()
    ours = 0
    for p in paths:
        with pdfplumber.open(p) as pdf:
            ours += sum(len(page.find_tables({"vertical_strategy": "lines", "horizontal_strategy": "lines"}))
                        for page in pdf.pages)
    t_plumber = time.perf_counter() - start
    print(f"  table finders: pdfplumber lattice {ours} tables in {t_plumber:.2f} s, "
          f"camelot lattice {found} tables in {t_camelot:.2f} s")


def repair() -> None:
    from bangla_pdf_decoder import decode_bangla_pdf_text

    want = " ".join(" ".join(repair_corpus.texts()).split())

    def accuracy(text: str) -> float:
        got = " ".join(text.split())
        return 1 - Levenshtein.distance(got, want) / len(want)

    print("text repair (character accuracy = 1 - normalised edit distance; pages/s one worker):")
    print(f"  {'corpus':44} {'pdfplumber':>10} {'+decoder':>10} {'progoti':>10} {'pages/s':>8}")
    for name, pdf in repair_corpus.corpus():
        with pdfplumber.open(__import__("io").BytesIO(pdf)) as doc:
            raw = "\n".join(p.extract_text() or "" for p in doc.pages)
            n_pages = len(doc.pages)
        start = time.perf_counter()
        for _ in range(3):
            ours = read_pdf(pdf, "corpus.pdf").text
        rate = 3 * n_pages / (time.perf_counter() - start)
        print(f"  {name:44} {accuracy(raw):10.2%} {accuracy(decode_bangla_pdf_text(raw)):10.2%} "
              f"{accuracy(ours):10.2%} {rate:8.1f}")


def scanned_pages() -> None:
    """progoti's seconds per scanned page next to whole-page `tesseract -l ben`, on the same page images."""
    import os
    import tempfile

    import pypdfium2 as pdfium
    from PIL import Image

    from extract.scan import read_page, render_pdf_page

    pages: list[tuple[Image.Image, float]] = []
    for path in sorted((ROOT / "samples" / "scan").glob("s*")):
        if path.suffix == ".pdf":
            pages += [render_pdf_page(page) for page in pdfium.PdfDocument(path)]
        else:
            with Image.open(path) as im:
                pages.append((im.convert("L").copy(), float(im.info.get("dpi", (300, 300))[0])))
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for k, (image, dpi) in enumerate(pages):
            files.append(Path(tmp) / f"{k}.png")
            image.save(files[-1], dpi=(dpi, dpi))
        whole = _tesseract_each(files) / len(files)
    start = time.perf_counter()
    for n, (image, dpi) in enumerate(pages, start=1):
        read_page(image, dpi, n, "bench")
    ours = (time.perf_counter() - start) / len(pages)
    print(f"scanned pages ({len(pages)} page images at 200 and 300 dpi, one worker, "
          f"OMP_THREAD_LIMIT={os.environ.get('OMP_THREAD_LIMIT')}):")
    print(f"  baseline whole-page tesseract -l ben: {whole:6.2f} s/page")
    print(f"  progoti read_page (grid + OCR + cells): {ours:6.2f} s/page  ({ours / whole:.2f}x the baseline's time)")


_MEASURED = """
import resource, subprocess, sys, time
start = time.perf_counter()
subprocess.run(sys.argv[1:], check=False, stderr=subprocess.DEVNULL)
print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def _cli(src: Path, out: Path, *args: str) -> tuple[float, float]:
    """(seconds, peak RSS of the largest process in MiB) of one `progoti extract` run, as a user runs it.

    The run is started from a fresh process whose only descendants are the CLI and its workers,
    so the peak is theirs, not that of a `tesseract` this benchmark ran earlier."""
    import subprocess
    import sys

    measured = subprocess.run([sys.executable, "-c", _MEASURED, sys.executable, "-m", "progoti.cli", "extract",
                               str(src), "--out", str(out), "--quiet", *args],
                              cwd=ROOT, check=True, capture_output=True, text=True).stdout.split()
    return float(measured[0]), int(measured[1]) / 1024


ROUNDS = {"text": 3, "generated text": 3, "digital": 3, "generated": 3, "scan": 3, "generated scans": 3, "mixed": 2}


def _best(rounds: int, *runs):
    """Each run's fastest time over `rounds` rounds, the runs taken in turn within a round: this
    machine's speed wanders by a third over minutes, so a ratio of two single runs made minutes
    apart measures the machine as much as the code (the minimum is the run least disturbed,
    as `timeit` says of its repeats)."""
    times = [[run() for run in runs] for _ in range(rounds)]
    return [min(t[i] for t in times) for i in range(len(runs))]


def _timed(command: list[str], **kwargs) -> float:
    import subprocess

    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, **kwargs)
    return time.perf_counter() - start


def end_to_end() -> None:
    """Through the CLI on a folder of mixed documents: 1 and 2 workers, cold and warm, each kind
    against its own baseline run the same way (a process over the same files)."""
    import shutil
    import sys
    import tempfile

    import pypdfium2 as pdfium

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        kinds = {"text": ("*.txt",), "digital": ("pdf/r*.pdf",), "scan": ("scan/s0[1-5]*.pdf",)}
        folders = {}
        for kind, patterns in kinds.items():
            folders[kind] = tmp / kind
            folders[kind].mkdir()
            for pattern in patterns:
                for p in sorted((ROOT / "samples").glob(pattern)):
                    shutil.copy(p, folders[kind] / p.name)
        # a larger folder, where a run's fixed costs (start, writing the dataset and pages) weigh less
        from tests.fixtures import corpus
        seeds = [s for s in range(1, 2000) if corpus.part(s) == "dev"]
        corpus.build(tmp / "generated", seeds[:GENERATED_DIGITAL], scans=False, libreoffice=False)
        folders["generated"] = tmp / "generated" / "pdf"
        corpus.build(tmp / "generated_scans", seeds[:GENERATED_SCANS], scans=True, libreoffice=False)
        folders["generated scans"] = tmp / "generated_scans" / "scan"
        folders["generated text"] = tmp / "generated_text"
        folders["generated text"].mkdir()
        for seed in seeds[:GENERATED_TEXT]:
            r = corpus.make_report(seed)
            (folders["generated text"] / f"{r.name}.txt").write_text(corpus.text(r), encoding="utf-8")
        mixed = tmp / "mixed"  # every sample: text, digital PDFs, scanned PDFs and page images, and the odd ones
        shutil.copytree(ROOT / "samples", mixed, ignore=shutil.ignore_patterns("corrections.csv"))
        from progoti.cli import find_reports
        n_docs = len(find_reports(mixed))
        print(f"end to end through the CLI ({n_docs} mixed documents: text, digital PDFs, scanned PDFs, page images; "
              f"each time the fastest of its rounds, runs taken in turn):")
        rss = []

        def cli(src: Path, out: Path, *args: str):
            def run() -> float:
                seconds, peak = _cli(src, out, *args)
                rss.append(peak)
                return seconds
            return run

        one, two = _best(ROUNDS["mixed"], cli(mixed, tmp / "o1", "-j", "1", "--no-cache"),
                         cli(mixed, tmp / "o2", "-j", "2", "--no-cache"))
        warm, _ = _cli(mixed, tmp / "o2", "-j", "2")
        print(f"  {ROUNDS['mixed']} rounds: 1 worker cold {one:6.1f} s · 2 workers cold {two:6.1f} s "
              f"({one / two:.2f}x) · warm re-run {warm:5.1f} s ({warm / two:.1%} of cold)")
        print(f"  peak RSS of the largest process (a worker or the CLI): {max(rss):.0f} MiB")
        for kind in ("text", "generated text", "digital", "generated", "scan", "generated scans"):
            folder = folders[kind]
            pages = sum(len(pdfium.PdfDocument(p)) for p in folder.glob("*.pdf")) or len(list(folder.iterdir()))
            if kind in ("digital", "generated"):
                name = "pdfplumber extract_tables (one process)"
                base = partial(_timed, _pdfplumber_command(folder))
            elif kind in ("scan", "generated scans"):
                name = "tesseract -l ben on each page image"
                base = partial(_tesseract_each, _page_images(folder, tmp / f"images-{kind}"))
            else:
                name = "decode and split lines (one process)"
                baseline = [sys.executable, "-c", "import sys,pathlib\nfor p in pathlib.Path(sys.argv[1]).iterdir():"
                            " p.read_bytes().decode('utf-8').split('\\n')", str(folder)]
                base = partial(_timed, baseline)
            ours, base_time = _best(ROUNDS[kind], cli(folder, tmp / f"k-{kind}", "-j", "1", "--no-cache"), base)
            label = {"text": "text, 5 samples", "generated text": f"text, {GENERATED_TEXT} generated",
                     "digital": "digital, 6 samples", "generated": f"digital, {GENERATED_DIGITAL} generated",
                     "scan": "scans, 5 samples", "generated scans": f"scans, {GENERATED_SCANS} generated"}[kind]
            print(f"  {label:22} {pages:3d} pages, {ROUNDS[kind]} rounds: progoti -j 1 {pages / ours:6.2f} pages/s, "
                  f"baseline {name} {pages / base_time:6.2f} pages/s: {base_time / ours:.2f}x the baseline's speed")
            if kind == "generated text":  # an archive of text runs on every core; a file is a page here
                both, = _best(ROUNDS[kind], cli(folder, tmp / f"k2-{kind}", "-j", "2", "--no-cache"))
                print(f"  {label:22} {pages:3d} files, progoti -j 2 {pages / both:6.1f} files/s")


def _pdfplumber_command(folder: Path) -> list[str]:
    """The digital baseline: pdfplumber's `extract_tables` on every page of every PDF in the folder,
    in one process."""
    import sys

    return [sys.executable, "-c", "import pdfplumber,sys,pathlib\nfor p in sorted(pathlib.Path(sys.argv[1])"
            ".glob('*.pdf')):\n  [pg.extract_tables() for pg in pdfplumber.open(p).pages]", str(folder)]


def _tesseract_each(images: list[Path]) -> float:
    return sum(_timed(["tesseract", str(f), "stdout", "-l", "ben"]) for f in images)


def _page_images(folder: Path, out: Path) -> list[Path]:
    """Each page of each scanned PDF in `folder` as the image progoti reads (its scan's resolution)."""
    import pypdfium2 as pdfium

    from extract.scan import render_pdf_page

    out.mkdir()
    images = []
    for p in sorted(folder.glob("*.pdf")):
        for k, page in enumerate(pdfium.PdfDocument(p)):
            image, dpi = render_pdf_page(page)
            images.append(out / f"{p.stem}-{k}.png")
            image.save(images[-1], dpi=(dpi, dpi))
    return images


ARCHIVE_REPORTS = 8_000  # the samples' results repeated under new names: an archive's main process at its end


def _sample_results() -> list[bytes]:
    """The 11 text and digital samples' results, pickled as a worker sends them."""
    import pickle

    from progoti.pipeline import extract_file

    samples = [*sorted((ROOT / "samples").glob("*.txt")), *sorted((ROOT / "samples" / "pdf").glob("r*.pdf"))]
    return [pickle.dumps(extract_file(p.read_bytes(), p.name)) for p in samples]


def _archive_peaks(made: list[bytes], n: int, out: str | None) -> list[tuple[str, float]]:
    """(step, peak RSS in MiB after it) of a fresh process that takes `n` results (copies of `made`)
    as a run's main process does and, with `out`, writes the dataset and drafts, then the quality
    pages; without `out`, holds them as Python objects. The results are read elsewhere, so the
    peak at the start is the imports' alone."""
    import dataclasses
    import pickle

    import progoti.pipeline  # noqa: F401  the imports a run's main process has made by its end

    def peak() -> float:
        """This process's own peak (Linux's VmHWM): getrusage's survives exec, so a process spawned
        by this benchmark would start at the benchmark's own size."""
        status = Path("/proc/self/status").read_text()
        return int(next(line for line in status.splitlines() if line.startswith("VmHWM")).split()[1]) / 1024

    def period(r, i: int):
        """The copy's report of one of 16 periods (four fiscal years' quarters), as an archive's are."""
        if r.record is None:
            return r
        k = i // len(made) % 16
        letter = dataclasses.replace(r.record.letter, fiscal_year=f"{2020 + k // 4}-{21 + k // 4}", quarter=k % 4 + 1)
        return dataclasses.replace(r, record=dataclasses.replace(r.record, letter=letter))

    peaks = [("start", peak())]
    renamed = (period(dataclasses.replace(r, report_id=f"{r.report_id}-{i}", source_file=f"{i:05d}/{r.source_file}"), i)
               for i in range(n) for r in [pickle.loads(made[i % len(made)])])
    if out is None:
        held = list(renamed)
        return peaks + [("held", peak())]
    from progoti import quality_pages
    from progoti.drafts import write_drafts
    from progoti.emit import write_outputs
    from progoti.results import Results, pack

    kept = Results()
    for r in renamed:
        kept.add(pack(r))  # as a worker packs its result
    peaks.append(("kept", peak()))
    write_outputs(Path(out), kept, ROOT / "samples")
    write_drafts(Path(out), kept)
    peaks.append(("dataset and drafts written", peak()))
    pages = quality_pages.build(Path(out))
    return peaks + [("quality pages written", peak()), ("largest page", max(p.stat().st_size for p in pages) / 2**20)]


def archive_memory() -> None:
    """The main process at the end of an archive's run, against the results alone held as Python
    objects (as runs before 0.14 held them, and then built each table whole on top)."""
    import multiprocessing
    import tempfile

    with tempfile.TemporaryDirectory() as tmp, multiprocessing.get_context("spawn").Pool(1, maxtasksperchild=1) as pool:
        made = pool.apply(_sample_results)
        held = pool.apply(_archive_peaks, (made, ARCHIVE_REPORTS, None))
        ours = pool.apply(_archive_peaks, (made, ARCHIVE_REPORTS, tmp))
    print(f"an archive's end ({ARCHIVE_REPORTS} results: the 11 text and digital samples' under new names, "
          "over 16 quarters; "
          "fresh processes; peak RSS above the process's start):")
    base = held[-1][1] - held[0][1]
    print(f"  baseline: the results held as Python objects  {base:7.0f} MiB")
    *ours, (_, largest) = ours
    for step, mib in ours[1:]:
        print(f"  progoti: {step:37} {mib - ours[0][1]:7.0f} MiB ({(mib - ours[0][1]) / base:.2f}x the baseline)")
    print(f"  the largest quality page                      {largest:7.1f} MiB")


def real_pdfs() -> None:
    """shared/real: the share and number of valid words (Hunspell bn+en) in progoti's text against
    whole-page `tesseract -l ben` on the same pages rendered at 300 dpi."""
    import pypdfium2 as pdfium
    import pytesseract

    from extract.words import count
    from progoti.pipeline import extract_file

    real = SHARED / "real"
    print("real PDFs (valid words: Hunspell bn_BD + en_US):")
    print(f"  {'file':40} {'status':8} {'progoti':>16} {'tesseract 300dpi':>18} {'count ratio':>11}")
    for path in sorted(real.glob("*.pdf")):
        result = extract_file(path.read_bytes(), path.name)
        from extract.pdf import read_pdf
        doc = read_pdf(path.read_bytes(), path.name)
        ours = count(doc.text + "\n" + "\n".join(c.text for t in doc.tables for r in t.rows for c in r))
        pdf = pdfium.PdfDocument(path)
        ocr_text = "\n".join(pytesseract.image_to_string(page.render(scale=300 / 72, grayscale=True).to_pil(),
                                                         lang="ben") for page in pdf)
        theirs = count(ocr_text)
        print(f"  {path.name[:40]:40} {result.status:8} {ours.share:7.1%} {ours.valid:8d} {theirs.share:9.1%} "
              f"{theirs.valid:8d} {ours.valid / max(theirs.valid, 1):11.2f}")


def unruled_tables(count: int = 12) -> None:
    """Tables with horizontal rules only or none (generated development reports): progoti's finder
    against pdfplumber's text strategy and camelot's stream flavour, each in the same reader."""
    import json
    import tempfile
    import warnings

    import camelot

    import extract.pdf as pdf
    from tests.fixtures import corpus
    from tests.scoring import ROW_FIELDS, TEXT_FIELDS, compare, run

    seeds = [s for s in range(1, 400) if corpus.part(s) == "dev" and corpus.ruling(s) != "grid"][:count]
    ours, read_page = pdf._find_tables, pdf._read_page

    def plumber_text(drawing, glyphs, columns):  # pdfplumber's text strategy needs pdfplumber's own page
        if ruled := pdf.ruled_tables(drawing):
            return ruled
        with pdfplumber.open(current[0]) as doc:
            page = doc.pages[current[1] - 1]
            rows = "lines" if any(e["orientation"] == "h" for e in page.edges) else "text"
            return page.find_tables({"vertical_strategy": "text", "horizontal_strategy": rows})

    def camelot_stream(drawing, glyphs, columns):
        if ruled := pdf.ruled_tables(drawing):
            return ruled
        h, out = drawing.bbox[3], []
        for t in camelot.read_pdf(current[0], pages=str(current[1]), flavor="stream"):
            x0, y0, x1, y1 = t._bbox
            out.append(type("Found", (), {"bbox": (x0, h - y1, x1, h - y0),
                                          "cells": [(c.x1, h - c.y2, c.x2, h - c.y1) for r in t.cells for c in r]}))
        return out

    def numbered(page, *args):  # the page a finder is asked about
        current[1] = page.page_idx + 1
        return read_page(page, *args)

    current = ["", 0]
    warnings.filterwarnings("ignore", module="camelot")  # "No tables found in table area", per page
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        golds = corpus.build(root, seeds, scans=False, libreoffice=False)
        print(f"tables without a grid of rules ({len(golds)} generated development reports):")
        for name, finder in (("progoti (extract/unruled.py)", ours), ("pdfplumber text strategy", plumber_text),
                             ("camelot stream", camelot_stream)):
            pdf._find_tables, pdf._read_page = finder, numbered
            right = total = found = rows = 0
            try:
                for g in golds:
                    current[0] = str(root / json.loads(g.read_text(encoding="utf-8"))["source_file"])
                    gold, report, got = run(g, root)
                    r, t, _ = compare(gold, report, got, ROW_FIELDS + TEXT_FIELDS)
                    right, total = right + r, total + t
                    found, rows = found + min(len(got), len(gold["indicators"])), rows + len(gold["indicators"])
            finally:
                pdf._find_tables, pdf._read_page = ours, read_page
            print(f"  {name:30} fields {right / total:7.2%}   rows found {found}/{rows}")


if __name__ == "__main__":
    import os

    from extract.models import tessdata
    # the tesseract baselines read with the model progoti reads with (make setup's best Bangla model)
    os.environ["TESSDATA_PREFIX"] = tessdata()
    print(f"Tesseract models: {tessdata()}")
    real_pdfs()
    archive_memory()
    end_to_end()
    text_inputs()
    digital_pdfs()
    unruled_tables()
    repair()
    scanned_pages()
