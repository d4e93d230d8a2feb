"""Which reader reads a file: by its extension, and for loose page images by their page numbers.

The readers are imported when a file needs them: OpenCV, pdfplumber and Tesseract cost a third
of a second to load, which a re-run that takes every report from the store never needs.
"""
from __future__ import annotations

import re
from pathlib import PurePosixPath

from extract.model import Document, ExtractionError

TEXT_SUFFIXES = {".txt", ".md", ".tsv"}
PDF_SUFFIXES = {".pdf"}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff"}
SUPPORTED = TEXT_SUFFIXES | PDF_SUFFIXES | IMAGE_SUFFIXES


def page_group(name: str) -> tuple[str, int] | None:
    """('dir/r07', 2) for a loose page image 'dir/r07.p2.png': the pages of one report, in order."""
    m = re.match(r"^(.*)\.p(\d+)\.(png|jpe?g|tiff?)$", name, re.IGNORECASE)
    return (m.group(1), int(m.group(2))) if m else None


def read_pages(parts: list[tuple[bytes, str]]) -> Document:
    """One report from several files: the page images of one scan (r07.p1.png, r07.p2.png …)."""
    from extract.scan import read_images

    return read_images(parts, parts[0][1])


def read_document(data: bytes, source_file: str) -> Document:
    """The document in a file's bytes; ExtractionError with a sentence for a person if it cannot be read."""
    suffix = PurePosixPath(source_file).suffix.lower()
    if suffix in TEXT_SUFFIXES:
        from extract.textfile import read_text

        return read_text(data, source_file)
    if suffix in PDF_SUFFIXES:
        from extract.pdf import read_pdf

        return read_pdf(data, source_file)
    if suffix in IMAGE_SUFFIXES:
        from extract.scan import read_images

        return read_images([(data, source_file)], source_file)
    raise ExtractionError(f"Files ending in '{suffix}' are not a supported input.")
