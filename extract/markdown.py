"""Markdown pipe tables (`| a | b |`), with `<br>` marking line breaks inside cells."""
from __future__ import annotations

import re

from extract.model import Cell, Page, Provenance, Table
from extract.textfile import _MD_ROW, _MD_RULE, table_blocks

METHOD = "text-markdown"
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_HEADING = re.compile(r"^\s*#+\s*")


def read(text: str, source_file: str) -> Page:
    running, blocks = table_blocks(text, lambda line: bool(_MD_ROW.match(line)))
    rows = [[(n, line) for n, line in b if not (_MD_RULE.match(line) and not line.strip("|-: \t"))] for b in blocks]
    return Page(number=None, text="\n".join(_HEADING.sub("", line) for line in running),
                tables=[_table(b, source_file) for b in rows if b], method=METHOD)


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
