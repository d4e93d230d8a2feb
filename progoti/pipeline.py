"""Extract one report: bytes in, contract rows out. Never raises for a bad file.

Two steps, so that a result store can keep the costly one: `read_parts` runs the
readers (PDF parsing, OCR) and gives a `Reading`, a pure function of the bytes and
the readers' code; `finish` normalises it against the catalogue and the schemas,
which is cheap and re-run whenever they change.
"""
from __future__ import annotations

import hashlib
import traceback
from dataclasses import dataclass

from extract.model import Document, ExtractionError
from extract.readers import read_document, read_pages
from normalize.report import ReportRecord, build_report
from normalize.review import Correction


@dataclass
class Reading:
    """What the readers made of one report's bytes: the document, or a sentence saying why not."""

    report_id: str
    source_file: str
    document: Document | None = None
    error: str | None = None


@dataclass
class FileResult:
    report_id: str
    source_file: str
    format: str | None = None
    method: str | None = None
    record: ReportRecord | None = None
    error: str | None = None  # set when the file failed
    pages: int = 0

    @property
    def status(self) -> str:
        """ok, partial or failed: the record's, or failed where the file gave none."""
        return self.record.status if self.record else "failed"


def report_id(data: bytes) -> str:
    """Stable id: the same file content gives the same id, wherever the file lies."""
    return hashlib.sha256(data).hexdigest()[:16]


def _bug(e: Exception) -> str:
    last = traceback.extract_tb(e.__traceback__)[-1]
    return (f"progoti failed on this file ({type(e).__name__}: {e} at {last.name}:{last.lineno}); "
            "please report it with the file.")


def read_parts(parts: list[tuple[bytes, str]]) -> Reading:
    """One report from one file, or from the page images of one scan; named after its first file."""
    source_file = parts[0][1]
    rid = report_id(b"".join(data for data, _ in parts))
    try:
        doc = read_document(*parts[0]) if len(parts) == 1 else read_pages(parts)
    except ExtractionError as e:
        return Reading(rid, source_file, error=str(e))
    except MemoryError:
        return Reading(rid, source_file, error="The file needed more memory than the per-file limit allows.")
    except Exception as e:  # a bug must cost one file, not the batch
        if "Insufficient memory" in str(e) or "Failed to allocate" in str(e):  # OpenCV's MemoryError
            return Reading(rid, source_file, error="The file needed more memory than the per-file limit allows.")
        return Reading(rid, source_file, error=_bug(e))
    return Reading(rid, source_file, doc)


def finish(reading: Reading, corrections: tuple[Correction, ...] = ()) -> FileResult:
    """The contract rows of a reading: matched, checked and flagged, a reviewer's corrections of
    this report applied first."""
    doc = reading.document
    if doc is None:
        return FileResult(reading.report_id, reading.source_file, error=reading.error)
    try:
        record = build_report(doc, [c for c in corrections if c.report_id == reading.report_id])
    except Exception as e:
        return FileResult(reading.report_id, reading.source_file, error=_bug(e))
    return FileResult(reading.report_id, reading.source_file, doc.format, doc.method, record, pages=len(doc.pages))


def extract_file(data: bytes, source_file: str) -> FileResult:
    return extract_parts([(data, source_file)])


def extract_parts(parts: list[tuple[bytes, str]]) -> FileResult:
    return finish(read_parts(parts))
