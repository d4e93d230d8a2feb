"""Text inputs: decode the bytes, tell which shape the text has, hand it to its reader.

Shapes (see shared/seeds): tab-separated tables, markdown pipe tables, and the
layout text of a PDF text layer. The shape is read from the text, never from
the file name.
"""
from __future__ import annotations

import codecs
import re

from extract.model import Document, ExtractionError, Page
from extract.sniff import holds
from normalize import bijoy

_MD_ROW = re.compile(r"^\s*\|.*\|\s*$")
_MD_RULE = re.compile(r"^\s*\|?\s*:?-{2,}")


def decode(data: bytes) -> str:
    """The text of a text file: UTF-8, UTF-16/32 (with or without BOM) or Windows ANSI."""
    return decode_legacy(data)[0]


def decode_legacy(data: bytes) -> tuple[str, str | None]:
    """(text, the legacy encoding it was in, if not a Unicode one). Windows ANSI (cp1252) is what
    Word saves a Bijoy/SutonnyMJ document as when asked for plain text."""
    if not data.strip():
        raise ExtractionError("The file is empty.")
    kind = holds(data)
    if kind:
        raise ExtractionError(f"The file is named as text but holds {kind}; rename it with the right extension.")
    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                     (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return _strict(data, enc), None
    try:
        if b"\x00" not in data[:4000]:
            return _strict(data, "utf-8"), None
    except ExtractionError:
        pass
    for enc in ("utf-16-le", "utf-16-be"):  # UTF-16 without BOM: Bangla has no NUL bytes, so judge the result
        if len(data) % 2 == 0:
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if _plausible(text):
                return _strict(data, enc), None
    if b"\x00" in data[:4000]:
        raise ExtractionError("The file holds binary data, not text.")
    if re.search(rb"\xe0[\xa6\xa7][\x80-\xbf]", data):  # UTF-8 Bangla with bad bytes: damaged, not ANSI
        return _strict(data, "utf-8"), None
    text = data.decode("cp1252", errors="replace")
    if text.count("\ufffd") > len(text) // 50:
        raise ExtractionError("The file is neither UTF-8/UTF-16 nor Windows ANSI text; it may be binary.")
    return _strict(text.encode("utf-8"), "utf-8"), "Windows-1252"


def _plausible(text: str) -> bool:
    """Mostly Bangla, ASCII and spacing: what a report's text is made of."""
    sample = text[:4000]
    good = sum(1 for c in sample if c.isspace() or " " <= c <= "~" or "\u0980" <= c <= "\u09ff"
               or "\u2000" <= c <= "\u206f" or c in "\u200c\u200d\ufeff")
    return good >= 0.95 * len(sample)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")  # control codes other than tab, newlines and form feed


def _strict(data: bytes, encoding: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as e:
        raise ExtractionError(
            f"The file is not valid {encoding.upper()} text (bad byte at offset {e.start}); "
            "it may be binary or in a legacy encoding."
        ) from None
    controls = len(_CONTROL.findall(text, 0, 4000))
    if controls > 20:
        raise ExtractionError("The file holds binary data, not text.")
    if not text.strip():
        raise ExtractionError("The file is empty.")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def table_blocks(text: str, is_table_line) -> tuple[list[str], list[list[tuple[int, str]]]]:
    """The running lines, and each run of consecutive table lines with its 1-based line numbers."""
    running: list[str] = []
    blocks: list[list[tuple[int, str]]] = []
    for n, line in enumerate(text.split("\n"), start=1):
        if is_table_line(line):
            if not blocks or blocks[-1][-1][0] != n - 1:
                blocks.append([])
            blocks[-1].append((n, line))
        else:
            running.append(line)
    return running, blocks


def shape(text: str) -> str:
    """'markdown', 'tsv' or 'layout'."""
    lines = text.split("\n")
    if sum(1 for line in lines if _MD_ROW.match(line)) >= 2 and any(_MD_RULE.match(line) for line in lines):
        return "markdown"
    if sum(1 for line in lines if line.count("\t") >= 3) >= 2:
        return "tsv"
    return "layout"


def read_text(data: bytes, source_file: str) -> Document:
    from extract import layout, markdown, tsv

    decoded, encoding = decode_legacy(data)
    text, legacy = bijoy.convert(decoded)
    reader = {"markdown": markdown.read, "tsv": tsv.read, "layout": layout.read}[shape(text)]
    page: Page = reader(text, source_file)
    notes = [f"the file is {encoding} text, not UTF-8; it was decoded as such"] if encoding else []
    notes += [f"{legacy} line(s) typed in Bijoy/SutonnyMJ were converted to Unicode"] if legacy else []
    return Document(source_file=source_file, format="text", pages=[page], method="text", warnings=notes)
