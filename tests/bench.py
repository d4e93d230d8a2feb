"""`make bench`: speed and accuracy, as ratios against baselines measured in the same run.

Never part of `make test`: timings vary with the machine, ratios much less.
Run with one worker; the numbers are for this machine only.
"""
from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pdfplumber
from rapidfuzz.distance import Levenshtein

from extract.fonts import installed_outlines
from extract.pdf import read_pdf
from extract.textfile import decode
from progoti.pipeline import extract_file
from tests.fixtures import repair_corpus

ROOT = Path(__file__).resolve().parent.parent
REPEAT = 20


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
    full = _seconds(extract_file, files, REPEAT)
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
    import subprocess
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
        start = time.perf_counter()
        for f in files:
            subprocess.run(["tesseract", str(f), "stdout", "-l", "ben"], capture_output=True, check=True)
        whole = (time.perf_counter() - start) / len(files)
    start = time.perf_counter()
    for n, (image, dpi) in enumerate(pages, start=1):
        read_page(image, dpi, n, "bench")
    ours = (time.perf_counter() - start) / len(pages)
    print(f"scanned pages ({len(pages)} page images at 200 and 300 dpi, one worker, "
          f"OMP_THREAD_LIMIT={os.environ.get('OMP_THREAD_LIMIT')}):")
    print(f"  baseline whole-page tesseract -l ben: {whole:6.2f} s/page")
    print(f"  progoti read_page (grid + OCR + cells): {ours:6.2f} s/page  ({ours / whole:.2f}x the baseline's time)")


if __name__ == "__main__":
    text_inputs()
    digital_pdfs()
    repair()
    scanned_pages()
