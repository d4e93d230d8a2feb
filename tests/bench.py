"""`make bench`: speed and memory, as ratios against baselines measured in the same run.

Never part of `make test`: timings vary with the machine, ratios much less.
"""
from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

from extract.textfile import decode
from progoti.pipeline import extract_file

ROOT = Path(__file__).resolve().parent.parent
REPEAT = 20


def _timed(fn, items) -> float:
    start = time.perf_counter()
    for _ in range(REPEAT):
        for item in items:
            fn(*item)
    return time.perf_counter() - start


def text_inputs() -> None:
    files = [(p.read_bytes(), p.name) for p in sorted((ROOT / "samples").glob("*.txt"))]
    n = len(files) * REPEAT
    raw = _timed(lambda data, name: decode(data).split("\n"), files)
    full = _timed(extract_file, files)
    tracemalloc.start()
    for data, name in files:
        extract_file(data, name)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"text inputs ({len(files)} files x {REPEAT}):")
    print(f"  baseline decode+split lines : {n / raw:10.1f} files/s")
    print(f"  progoti extract_file        : {n / full:10.1f} files/s  ({full / raw:.0f}x the baseline's time)")
    print(f"  peak Python memory, one pass: {peak / 2**20:10.1f} MiB")


if __name__ == "__main__":
    text_inputs()
