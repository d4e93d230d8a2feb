"""The result store: each report's reading kept under OUT/.store/ as soon as it is made.

A reading is keyed by the content of its files, their names and the readers'
version (a hash of the code and data they run on). An unchanged file is never
read again; a change to the catalogue or the offices re-runs only normalisation;
a run that is killed loses only the files in flight, because every entry is
written whole (a temporary file, then a rename) before it counts.

A report's finished rows are kept too, keyed by its reading's key, the schemas
(catalogue, offices, vocabulary) and the reviewer's corrections: a re-run in
which nothing changed starts no worker at all, and when the key of every
report's rows, the writers and the input folder match those of the outputs in
place (OUT/.store/outputs), it writes nothing either.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from functools import cache
from pathlib import Path

from extract.models import bangla_model

ROOT = Path(__file__).resolve().parents[1]
# What a reading depends on: the readers, the normalisers they call, the words they look up (and
# the Bangla OCR model: reader_version).
READER_SOURCES = ["extract/*.py", "normalize/*.py", "schemas/vocabulary.yaml", "schemas/headers.yaml"]


# What finishing a reading depends on beyond the reading: matching, flags, the schemas' data, and
# the rows made of it and the form they are kept in (progoti/rows.py, progoti/results.py).
FINISH_SOURCES = ["progoti/pipeline.py", "progoti/rows.py", "progoti/results.py", "schemas/*.py", "schemas/*.yaml",
                  "schemas/catalogue/*.yaml"]


# What the dataset files and quality pages depend on beyond the finished rows: the writers.
OUTPUT_SOURCES = ["progoti/emit.py", "progoti/atomic.py", "progoti/drafts.py",
                  "progoti/quality_pages.py", "progoti/crops.py", "progoti/templates/*.j2", "schemas/output.py",
                  "schemas/flags.yaml"]


@cache
def finish_version() -> str:
    return _hash(FINISH_SOURCES)


@cache
def reader_version() -> str:
    return _hash(READER_SOURCES) + bangla_model()


def _hash(patterns: list[str]) -> str:
    h = hashlib.sha256()
    for pattern in patterns:
        for path in sorted(ROOT.glob(pattern)):
            h.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:16]


def key(parts: list[tuple[bytes, str]]) -> str:
    h = hashlib.sha256(reader_version().encode())
    for data, name in parts:
        h.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    return h.hexdigest()


def finished_key(reading_key: str, corrections: tuple) -> str:
    """The key of a report's finished rows: its reading, the schemas and the corrections applied."""
    return hashlib.sha256(f"{reading_key}|{finish_version()}|{corrections!r}".encode()).hexdigest()


def outputs_key(finished_keys: list[str | None], root: Path, stale: list[dict], partitioned: bool) -> str | None:
    """The key of a run's outputs: the finished rows of every report, where the input lies (the
    pages link to it), the stale corrections and the writers. None when a report has no key."""
    if any(k is None for k in finished_keys):
        return None
    h = hashlib.sha256(_hash(OUTPUT_SOURCES).encode())
    h.update(repr((sorted(finished_keys), str(root.resolve()), stale, partitioned)).encode())
    return h.hexdigest()


class Store:
    def __init__(self, folder: Path):
        self.folder = folder

    def _path(self, k: str) -> Path:
        return self.folder / k[:2] / f"{k}.pickle"

    def get(self, k: str):
        """The reading (or finished result) kept under k, if any."""
        try:
            with open(self._path(k), "rb") as f:
                return pickle.load(f)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None  # absent, or left by another version of progoti: read the file again

    def put(self, k: str, value) -> None:
        path = self._path(k)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
