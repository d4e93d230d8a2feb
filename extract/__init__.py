"""Readers: one per input kind, each turning a file's bytes into a `Document`."""
from __future__ import annotations

from pathlib import PurePosixPath

from extract.model import Document, ExtractionError
from extract.pdf import read_pdf
from extract.textfile import read_text

TEXT_SUFFIXES = {".txt", ".md", ".tsv"}
PDF_SUFFIXES = {".pdf"}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff"}
SUPPORTED = TEXT_SUFFIXES | PDF_SUFFIXES | IMAGE_SUFFIXES


def read_document(data: bytes, source_file: str) -> Document:
    """The document in a file's bytes; ExtractionError with a sentence for a person if it cannot be read."""
    suffix = PurePosixPath(source_file).suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return read_text(data, source_file)
    if suffix in PDF_SUFFIXES:
        return read_pdf(data, source_file)
    if suffix in IMAGE_SUFFIXES:
        raise ExtractionError("Image input is not supported yet: this version reads text inputs only.")
    raise ExtractionError(f"Files ending in '{suffix}' are not a supported input.")
