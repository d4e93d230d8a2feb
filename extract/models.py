"""Where Tesseract's models are, and which Bangla model that is.

Kept apart from extract/ocr.py so that the result store can key readings by the model without
loading Tesseract.
"""
from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from functools import cache
from pathlib import Path


@cache
def tessdata() -> str:
    """Where the models are: $TESSDATA_PREFIX; else the environment's share/tessdata, where
    `make setup` puts Tesseract's best Bangla model (scripts/tessdata.sh); else the folder the
    `tesseract` command lists (Debian's fast models)."""
    if os.environ.get("TESSDATA_PREFIX"):
        return os.environ["TESSDATA_PREFIX"]
    best = Path(sys.prefix) / "share" / "tessdata"
    if (best / "ben.traineddata").is_file():
        return str(best)
    listed = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True).stdout
    found = re.search(r'"([^"]+)"', listed)
    if not found:
        raise RuntimeError("The tesseract command lists no model folder; is tesseract-ocr installed?")
    return found.group(1)


@cache
def bangla_model() -> str:
    """A hash of the Bangla model the readers use: a reading made with another model is another reading."""
    path = Path(tessdata()) / "ben.traineddata"
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16] if path.is_file() else "none"
