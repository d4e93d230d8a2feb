"""What a file really holds, from its first bytes: a sentence for a person when the name lies."""
from __future__ import annotations

import re

_MAGIC = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"II*\x00": "a TIFF image",
    b"MM\x00*": "a TIFF image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive (perhaps a Word or Excel file)",
    b"\xd0\xcf\x11\xe0": "an old Microsoft Office document",
}
_HTML = re.compile(rb"^\s*(<!doctype html|<html|<head|<body|<\?xml)", re.IGNORECASE)


def holds(data: bytes) -> str | None:
    """'a PNG image', 'an HTML page' …, or None when the bytes are of no kind known here."""
    for magic, kind in _MAGIC.items():
        if data.startswith(magic):
            return kind
    if _HTML.match(data[:512].lstrip(b"\xef\xbb\xbf")):
        return "an HTML page (perhaps an error page saved in place of the file)"
    return None
