"""Extract one file: bytes in, contract rows out. Never raises for a bad file."""
from __future__ import annotations

import hashlib
import traceback
from dataclasses import dataclass

from extract.model import ExtractionError
from extract.readers import read_document, read_pages
from normalize.report import ReportRecord, build_report


@dataclass
class FileResult:
    report_id: str
    source_file: str
    format: str | None = None
    method: str | None = None
    record: ReportRecord | None = None
    error: str | None = None  # set when the file failed


def report_id(data: bytes) -> str:
    """Stable id: the same file content gives the same id, wherever the file lies."""
    return hashlib.sha256(data).hexdigest()[:16]


def extract_file(data: bytes, source_file: str) -> FileResult:
    return extract_parts([(data, source_file)])


def extract_parts(parts: list[tuple[bytes, str]]) -> FileResult:
    """One report from one file, or from the page images of one scan; named after its first file."""
    source_file = parts[0][1]
    rid = report_id(b"".join(data for data, _ in parts))
    try:
        doc = read_document(*parts[0]) if len(parts) == 1 else read_pages(parts)
        record = build_report(doc)
    except ExtractionError as e:
        return FileResult(rid, source_file, error=str(e))
    except Exception as e:  # a bug must cost one file, not the batch
        last = traceback.extract_tb(e.__traceback__)[-1]
        return FileResult(rid, source_file, error=(
            f"progoti failed on this file ({type(e).__name__}: {e} at {last.name}:{last.lineno}); "
            "please report it with the file."))
    return FileResult(rid, source_file, doc.format, doc.method, record)
