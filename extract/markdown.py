"""Markdown pipe tables (`| a | b |`), with `<br>` marking line breaks inside cells."""
from __future__ import annotations

import re

from extract.model import Cell, Page, Provenance, Table
from extract.textfile import _MD_ROW, _MD_RULE

METHOD = "text-markdown"
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_HEADING = re.compile(r"^\s*#+\s*")


def read(text: str, source_file: str) -> Page:
    tables: list[Table] = []
    running: list[str] = []
    block: list[tuple[int, str]] = []

    def close() -> None:
        if block:
            tables.append(_table(block, source_file))
            block.clear()

    for n, line in enumerate(text.split("\n"), start=1):
        if _MD_ROW.match(line):
            if not _MD_RULE.match(line) or line.strip("|-: \t"):
                block.append((n, line))
        else:
            close()
            running.append(_HEADING.sub("", line))
    close()
    return Page(number=None, text="\n".join(running), tables=tables, method=METHOD)


def _split(line: str) -> list[str]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") else inner
    return [_BR.sub("\n", c).strip() for c in re.split(r"(?<!\\)\|", inner)]


def _table(block: list[tuple[int, str]], source_file: str) -> Table:
    rows = [
        [Cell(c, Provenance(source_file, None, i, j, METHOD, line=n)) for j, c in enumerate(_split(line))]
        for i, (n, line) in enumerate(block)
    ]
    return Table(rows=rows)
