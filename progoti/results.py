"""A run's results as the workers hand them over and the CLI keeps them until the dataset is written.

A report's rows take about 80 KiB as Python objects and about 4 KiB pickled and compressed,
so an archive of tens of thousands of reports held whole would need gigabytes in the main
process before the first row is written. The worker that finishes a report packs it: the
whole result compressed, beside the little the run's summary counts. The main process keeps
the packed bytes as they come, never unpacking them until the writers take the results back
one at a time, in the order of the outputs' rows. (It had unpickled, pickled and compressed each
result again itself, on a core the workers need.)
"""
from __future__ import annotations

import pickle
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from progoti.pipeline import FileResult  # unpickling imports it: the run's process needs it only to write

COMPRESSION = 1  # zlib's fastest: a tenth of a millisecond a report, and a fourth of its pickle


@dataclass(frozen=True)
class Packed:
    """One report's result, compressed, with what the run's summary counts of it."""
    source_file: str
    report_id: str
    status: str  # ok, partial, failed
    read: bool  # False: the report could not be read (no record)
    pages: int
    stale: tuple  # (correction, why) for each correction the report could not take
    data: bytes  # the FileResult, pickled and compressed

    def unpack(self) -> FileResult:
        return decompressed(self.data)


def pack(result: FileResult) -> Packed:
    record = result.record
    return Packed(result.source_file, result.report_id, result.status, record is not None,
                  result.pages, tuple(record.stale) if record else (), compressed(result))


def compressed(value) -> bytes:
    """`value` pickled and compressed: a twentieth of its size as Python objects, or less."""
    return zlib.compress(pickle.dumps(value, pickle.HIGHEST_PROTOCOL), COMPRESSION)


def decompressed(data: bytes):
    return pickle.loads(zlib.decompress(data))


class Results:
    """The run's results by source file. Iterating gives them in that order, each read back
    whole, with a note on every report whose content another file of the run repeats."""

    def __init__(self) -> None:
        self._kept: list[Packed] = []
        self._files_of: dict[str, list[str]] = {}  # report_id -> its source files
        self.statuses: Counter = Counter()  # ok, partial, failed
        self.pages = 0
        self.unread: set[str] = set()  # report_ids of reports that could not be read
        self._stale: list[tuple] = []  # (source_file, correction, why) for each correction a report could not take

    def add(self, packed: Packed) -> None:
        self._kept.append(packed)
        self._files_of.setdefault(packed.report_id, []).append(packed.source_file)
        self.statuses[packed.status] += 1
        self.pages += packed.pages
        if not packed.read:
            self.unread.add(packed.report_id)
        self._stale += [(packed.source_file, c, why) for c, why in packed.stale]

    @property
    def stale(self) -> list[tuple]:
        """(correction, why) for each correction a report could not take, by source file."""
        return [(c, why) for _, c, why in sorted(self._stale, key=lambda s: s[0])]

    def __len__(self) -> int:
        return len(self._kept)

    def __contains__(self, report_id: str) -> bool:
        return report_id in self._files_of

    def __iter__(self) -> Iterator[FileResult]:
        for packed in sorted(self._kept, key=lambda p: p.source_file):
            result = packed.unpack()
            others = sorted(f for f in self._files_of[result.report_id] if f != result.source_file)
            if others and result.record is not None:  # the same content under two names: both rows stay
                result.record.notes.append(f"the same file as {', '.join(others)}")
            yield result
