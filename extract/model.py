"""The typed intermediate every reader yields and every normaliser consumes.

document → pages → tables → rows of cells. Each cell keeps where it came from
(file, page, row/column, box, method, confidence) so that any value in the
output can be traced back to the spot in the source it was read from.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

# A reading below this confidence is in doubt: only there may a second reading of the same marks,
# the catalogue or the lexicon choose another; a reviewer is shown its source.
IN_DOUBT = 0.6


@dataclass(frozen=True)
class Provenance:
    file: str
    page: int | None  # 1-based; None for text inputs that carry no pages
    row: int  # 0-based row in its table
    col: int  # 0-based column in its table
    method: str  # e.g. "text-tsv", "text-markdown", "text-layout"
    confidence: float = 1.0
    bbox: tuple[float, float, float, float] | None = None  # x0, top, x1, bottom in PDF points
    line: int | None = None  # 1-based line of a text input where the cell starts
    # Other readings of the same marks (a second OCR pass): normalisers may choose one of them
    # over the first where the first is in doubt, and say so.
    alternatives: tuple[str, ...] = ()
    # Words the OCR engine was unsure of, each with its other readings of the same marks.
    word_readings: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class Cell:
    text: str
    prov: Provenance
    rowspan: int = 1
    colspan: int = 1


@dataclass
class Table:
    rows: list[list[Cell]]
    page: int | None = None
    # Layout readers that already know the header (they had to find it to cut
    # the text into columns) say so; grid readers leave it to header detection.
    header_rows: int | None = None
    bbox: tuple[float, float, float, float] | None = None  # on its page, PDF points from the top
    page_height: float | None = None

    @property
    def n_cols(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def texts(self) -> list[list[str]]:
        """The grid as plain strings, padded to a rectangle."""
        width = self.n_cols
        return [[c.text for c in r] + [""] * (width - len(r)) for r in self.rows]


@dataclass
class Page:
    number: int | None
    text: str  # running text outside tables: letter, titles, signatures
    tables: list[Table] = field(default_factory=list)
    method: str = "text"
    notes: list[str] = field(default_factory=list)  # what the reader did that a reviewer should know


@dataclass
class Document:
    source_file: str  # path relative to the input folder, '/'-separated
    format: str  # "text", "pdf", "image"
    pages: list[Page]
    method: str  # contract `method`: text, pdf-text, pdf-repaired, ocr or a '+' mix
    warnings: list[str] = field(default_factory=list)
    skipped: str | None = None  # a sentence saying what of the file was deliberately not read

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.pages)

    @property
    def tables(self) -> list[Table]:
        return [t for p in self.pages for t in p.tables]

    @property
    def unread_pages(self) -> list[str]:
        """A sentence for each page that could not be read."""
        return [p.notes[0] for p in self.pages if p.method == "unread"]


def read_or_unread(number: int, read: Callable[[], Page]) -> Page:
    """The page `read` returns; where it raises, a page saying it could not be read and why: a page
    that cannot be read costs that page, not the file. Running out of memory still ends the file
    (the per-file limit)."""
    try:
        return read()
    except MemoryError:
        raise
    except Exception as e:
        return Page(number, "", method="unread",
                    notes=[f"page {number} could not be read ({type(e).__name__}: {e}); the other pages were"])


class ExtractionError(Exception):
    """A file could not be read; the message is one sentence for a person."""
