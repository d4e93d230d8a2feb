"""Tab-separated tables in OCR'd text: each run of tab lines is one table."""
from __future__ import annotations

from extract.model import Cell, Page, Provenance, Table
from extract.textfile import table_blocks

METHOD = "text-tsv"


def read(text: str, source_file: str) -> Page:
    running, blocks = table_blocks(text, lambda line: "\t" in line)
    return Page(number=None, text="\n".join(running), tables=[_table(b, source_file) for b in blocks], method=METHOD)


def _table(block: list[tuple[int, str]], source_file: str) -> Table:
    rows = [
        [Cell(c.strip(), Provenance(source_file, None, i, j, METHOD, line=n)) for j, c in enumerate(line.split("\t"))]
        for i, (n, line) in enumerate(block)
    ]
    return Table(rows=rows)
