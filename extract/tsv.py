"""Tab-separated tables in OCR'd text: each run of tab lines is one table."""
from __future__ import annotations

from extract.model import Cell, Page, Provenance, Table

METHOD = "text-tsv"


def read(text: str, source_file: str) -> Page:
    tables: list[Table] = []
    running: list[str] = []
    block: list[tuple[int, str]] = []

    def close() -> None:
        if block:
            tables.append(_table(block, source_file))
            block.clear()

    for n, line in enumerate(text.split("\n"), start=1):
        if "\t" in line:
            block.append((n, line))
        else:
            close()
            running.append(line)
    close()
    return Page(number=None, text="\n".join(running), tables=tables, method=METHOD)


def _table(block: list[tuple[int, str]], source_file: str) -> Table:
    rows = [
        [Cell(c.strip(), Provenance(source_file, None, i, j, METHOD, line=n)) for j, c in enumerate(line.split("\t"))]
        for i, (n, line) in enumerate(block)
    ]
    return Table(rows=rows)
