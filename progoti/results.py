"""A run's results as the workers hand them over and the CLI keeps them until the dataset is written.

A report's rows take about 80 KiB as Python objects and about 4 KiB pickled and compressed,
so an archive of tens of thousands of reports held whole would need gigabytes in the main
process before the first row is written. The worker that finishes a report makes its rows of
the contract's tables and packs them: compressed, beside the little the run's summary counts.
The main process keeps the packed bytes as they come, never unpacking them until the writers
take the rows back one report at a time, in the order of the outputs' rows. (It had unpickled,
pickled and compressed each result again itself, and then built every row, on a core the
workers need.) The rows are plain dicts of plain values: the main process unpacks them without
importing the readers or normalisers.
"""
from __future__ import annotations

import pickle
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from progoti.pipeline import FileResult

COMPRESSION = 1  # zlib's fastest: a tenth of a millisecond a report, and a fourth of its pickle


TABLES = ("reports", "indicators", "flags")  # the contract's tables that hold a report's rows


@dataclass
class ReportRows:
    """One report's rows of the contract's tables (progoti/rows.py makes them)."""
    reports: list[dict]  # the report's one row
    indicators: list[dict]
    flags: list[dict]

    def of(self, table: str) -> list[dict]:
        return getattr(self, table)


@dataclass(frozen=True)
class Packed:
    """One report's rows, compressed, with what the run's summary counts of it."""
    source_file: str
    report_id: str
    status: str  # ok, partial, failed
    read: bool  # False: the report could not be read (no record)
    pages: int
    stale: tuple  # (correction, why) for each correction the report could not take
    data: bytes  # the ReportRows, pickled and compressed

    def unpack(self) -> ReportRows:
        return decompressed(self.data)


def pack(result: FileResult, rows: ReportRows | None = None) -> Packed:
    """The result's rows packed (`rows`, where the caller made them already)."""
    if rows is None:
        from progoti.rows import report_rows  # in the worker that made the result

        rows = report_rows(result)
    record = result.record
    return Packed(result.source_file, result.report_id, result.status, record is not None,
                  result.pages, tuple(record.stale) if record else (), compressed(rows))


def compressed(value) -> bytes:
    """`value` pickled and compressed: a twentieth of its size as Python objects, or less."""
    return zlib.compress(pickle.dumps(value, pickle.HIGHEST_PROTOCOL), COMPRESSION)


def decompressed(data: bytes):
    return pickle.loads(zlib.decompress(data))


class Results:
    """The run's results by source file. Iterating gives each report's rows in that order,
    unpacked one report at a time, with a note on every report whose content another file of the
    run repeats."""

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

    def __iter__(self) -> Iterator[ReportRows]:
        for packed in sorted(self._kept, key=lambda p: p.source_file):
            rows = packed.unpack()
            others = sorted(f for f in self._files_of[packed.report_id] if f != packed.source_file)
            notes = rows.reports[0].get("notes")
            if others and notes is not None:  # the same content under two names: both rows stay
                notes.append(f"the same file as {', '.join(others)}")
            yield rows
