"""A run's results as the CLI keeps them until the dataset is written.

A report's rows take about 80 KiB as Python objects and about 4 KiB pickled and compressed,
so an archive of tens of thousands of reports held whole would need gigabytes in the main
process before the first row is written. Each result is kept compressed as it arrives; what
the run's summary needs is counted then; the writers take the results back one at a time,
in the order of the outputs' rows.
"""
from __future__ import annotations

import pickle
import zlib
from collections import Counter
from collections.abc import Iterator

from progoti.pipeline import FileResult

COMPRESSION = 1  # zlib's fastest: a tenth of a millisecond a report, and a fourth of its pickle


class Results:
    """The run's results by source file. Iterating gives them in that order, each read back
    whole, with a note on every report whose content another file of the run repeats."""

    def __init__(self) -> None:
        self._kept: list[tuple[str, bytes]] = []  # (source_file, compressed pickle)
        self._files_of: dict[str, list[str]] = {}  # report_id -> its source files
        self.statuses: Counter = Counter()  # ok, partial, failed
        self.pages = 0
        self.unread: set[str] = set()  # report_ids of reports that could not be read
        self._stale: list[tuple] = []  # (source_file, correction, why) for each correction a report could not take

    def add(self, result: FileResult) -> None:
        self._kept.append((result.source_file, zlib.compress(pickle.dumps(result, pickle.HIGHEST_PROTOCOL),
                                                             COMPRESSION)))
        self._files_of.setdefault(result.report_id, []).append(result.source_file)
        self.statuses[result.record.status if result.record else "failed"] += 1
        self.pages += result.pages
        if result.record is None:
            self.unread.add(result.report_id)
        else:
            self._stale += [(result.source_file, c, why) for c, why in result.record.stale]

    @property
    def stale(self) -> list[tuple]:
        """(correction, why) for each correction a report could not take, by source file."""
        return [(c, why) for _, c, why in sorted(self._stale, key=lambda s: s[0])]

    def __len__(self) -> int:
        return len(self._kept)

    def __contains__(self, report_id: str) -> bool:
        return report_id in self._files_of

    def __iter__(self) -> Iterator[FileResult]:
        for _, kept in sorted(self._kept, key=lambda k: k[0]):
            result = pickle.loads(zlib.decompress(kept))
            others = sorted(f for f in self._files_of[result.report_id] if f != result.source_file)
            if others and result.record is not None:  # the same content under two names: both rows stay
                result.record.notes.append(f"the same file as {', '.join(others)}")
            yield result
