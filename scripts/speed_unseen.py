"""progoti's CLI (-j 1) against its baselines on material no speed work was tuned on: the generated
corpus's test-part digital PDFs (pdfplumber `extract_tables`) and scans (whole-page `tesseract -l
ben` on each page image), and the real PDFs in ../shared/real (pdfplumber `extract_tables`). Run
alone on the machine (`make speed-unseen` builds the corpus first):
    .venv/bin/python scripts/speed_unseen.py [CORPUS]
"""
import os
import shutil
import sys
import tempfile
from functools import partial
from pathlib import Path

import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.bench import _best, _cli, _page_images, _tesseract_each, _timed, _pdfplumber_command  # noqa: E402


def main(corpus: Path) -> None:
    from extract.models import tessdata

    os.environ["TESSDATA_PREFIX"] = tessdata()  # the baseline reads with the model progoti reads with
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        digital, scans, real = tmp / "digital", tmp / "scans", tmp / "real"
        for folder in (digital, scans, real):
            folder.mkdir()
        for p in sorted((corpus / "pdf").glob("*_test_*.pdf")):
            shutil.copy(p, digital)
        for p in sorted((corpus / "scan").glob("*_test_*.pdf")):
            shutil.copy(p, scans)
        for p in sorted((ROOT.parent / "shared" / "real").glob("*.pdf")):
            shutil.copy(p, real)

        def cli(src: Path):
            return lambda: _cli(src, tmp / f"out-{src.name}", "-j", "1", "--no-cache")[0]

        for label, src in (("test-part digital PDFs", digital), ("real PDFs", real)):
            pages = sum(len(pdfium.PdfDocument(p)) for p in src.glob("*.pdf"))
            ours, theirs = _best(3, cli(src), partial(_timed, _pdfplumber_command(src)))
            print(f"{label}, {len(list(src.glob('*.pdf')))} files, {pages} pages, 3 rounds: progoti {ours:.1f} s, "
                  f"pdfplumber extract_tables {theirs:.1f} s: {theirs / ours:.2f}x its speed")
        images = _page_images(scans, tmp / "images")
        ours, theirs = _best(2, cli(scans), partial(_tesseract_each, images))
        print(f"test-part scans, {len(list(scans.glob('*.pdf')))} reports, {len(images)} pages, 2 rounds: progoti "
              f"{ours:.1f} s, tesseract -l ben on each page {theirs:.1f} s: {theirs / ours:.2f}x its speed")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "corpus")
