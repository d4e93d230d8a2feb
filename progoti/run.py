"""Running the per-report jobs: on local worker processes or a Dask cluster, under per-file limits.

Each job reads one report (or takes its reading from the store), normalises it
and hands back its rows; the caller writes the dataset once every job is in.
"""
from __future__ import annotations

import faulthandler
import multiprocessing
import os
import resource
import signal
import tempfile
import threading
import time
from collections.abc import Callable, Generator, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from extract.readers import IMAGE_SUFFIXES
from normalize.review import Correction
from progoti.results import Packed, ReportRows, pack
from progoti.store import Store, finished_key, key

if TYPE_CHECKING:
    from progoti.pipeline import FileResult, Reading


HARD_STOP = (1.2, 5.0)  # a stuck reading's worker is ended at this multiple of the per-file limit, plus seconds


@dataclass(frozen=True)
class Limits:
    timeout: float = 300.0  # seconds to read one file
    memory_mb: int = 2000  # a worker's memory (its address space is capped at ADDRESS_SPACE_FACTOR times this)

    @property
    def hard_timeout(self) -> float:
        """When a reading that was asked to stop at `timeout` has not (stuck inside a library, where
        Python's alarm cannot reach), its worker is ended."""
        return self.timeout * HARD_STOP[0] + HARD_STOP[1]


@dataclass(frozen=True)
class Job:
    paths: tuple[str, ...]  # the report's files: one, or the page images of one scan
    root: str
    store: str | None  # the store's folder (None: keep nothing)
    limits: Limits
    reuse: bool = True  # take readings from the store (False: read afresh, and store the new reading)
    corrections: tuple[Correction, ...] = ()  # a reviewer's; each job applies those of its own report
    crops: str | None = None  # the quality pages' folder of crops, cut here for this report (None: none)


ROWS = "rows"  # the store's folder of finished rows, beside the readings


class FileTimeout(BaseException):
    """Raised in a worker when a file takes longer than the per-file limit (not an Exception,
    so no reader can swallow it)."""


def _alarm(signum, frame):
    raise FileTimeout


ADDRESS_SPACE_FACTOR = 4  # OpenCV, BLAS and Tesseract reserve far more address space than they touch


def limit_memory(memory_mb: int) -> None:
    """A worker process's memory guard: its address space is capped at a multiple of the limit,
    so that an allocation beyond it fails (MemoryError, or OpenCV's) and the file gets `failed`
    instead of the kernel's OOM killer ending the worker. (A guard on resident memory would need
    an asynchronous signal into the reading code, which can leave a lock held.)"""
    limit = memory_mb * ADDRESS_SPACE_FACTOR * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _read(parts: list[tuple[bytes, str]], limits: Limits) -> Reading:
    from progoti.pipeline import Reading, read_parts

    timed = hasattr(signal, "setitimer") and _in_main_thread()
    if timed:
        previous = signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, limits.timeout)
        # faulthandler's watchdog is a thread of C: it ends the process even where a library holds it
        faulthandler.dump_traceback_later(limits.hard_timeout, exit=True, file=_quiet())
    try:
        return read_parts(parts)
    except FileTimeout:
        return Reading(_report_id(parts), parts[0][1], error=(
            f"Reading the file took longer than the per-file limit of {limits.timeout:g} s, so it was stopped."))
    finally:
        if timed:
            faulthandler.cancel_dump_traceback_later()
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


def _quiet():
    """Where the watchdog writes the stuck worker's stack: nowhere (the report's row says what happened)."""
    global _DEVNULL
    if _DEVNULL is None:
        _DEVNULL = open(os.devnull, "w")  # noqa: SIM115 — kept open for the worker's life
    return _DEVNULL


_DEVNULL = None


def _report_id(parts: list[tuple[bytes, str]]) -> str:
    from progoti.pipeline import report_id

    return report_id(b"".join(d for d, _ in parts))


def _in_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


@dataclass(frozen=True)
class Done:
    result: Packed  # the report's rows, packed where they were made
    fresh: bool  # read now, rather than taken from the store
    rows_key: str | None = None  # where the store keeps the rows (None: not kept)


def run_job(job: Job) -> Done:
    # The readers and normalisers are imported here, in the worker: the run's own process needs
    # them only to write, and a re-run that takes every report from the store never does.
    from progoti.pipeline import finish
    from progoti.rows import report_rows

    try:
        parts = _parts(job)
    except OSError as e:
        why = "it disappeared during the run" if isinstance(e, FileNotFoundError) else (
            "progoti may not read it (permissions)" if isinstance(e, PermissionError) else e.strerror or str(e))
        return Done(pack(_failed(job, f"The file could not be opened: {why}.", parts=None)), True)
    store = Store(Path(job.store)) if job.store else None
    k = key(parts)
    reading = store.get(k) if store and job.reuse else None
    fresh = reading is None
    if fresh:
        reading = _read(parts, job.limits)
        if store and not _transient(reading) and _worth_keeping(reading):
            store.put(k, reading)
    result = finish(reading, job.corrections)
    rows = report_rows(result)  # made once: for the crops and to send
    if job.crops:
        _crops(rows, job)
    packed = pack(result, rows)
    if not store or _transient(reading):
        return Done(packed, fresh)
    rows_key = finished_key(k, job.corrections)
    Store(Path(job.store) / ROWS).put(rows_key, packed)
    return Done(packed, fresh, rows_key)


def _crops(rows: ReportRows, job: Job) -> None:
    from progoti.crops import make_report_crops

    try:
        make_report_crops(rows, Path(job.root), Path(job.crops))
    except Exception:  # noqa: BLE001 — a crop is a convenience: the quality pages cut what is missing, or say why not
        pass


def finished(job: Job) -> Done | None:
    """The report's rows as the store keeps them, if nothing they depend on changed: a re-run
    takes them in the calling process, without starting a worker."""
    if not job.store or not job.reuse:
        return None
    try:
        parts = _parts(job)
    except OSError:
        return None  # the worker says what is wrong with the file
    k = finished_key(key(parts), job.corrections)
    result = Store(Path(job.store) / ROWS).get(k)
    return Done(result, False, k) if result is not None else None


def cost(job: Job) -> int:
    """A job's expected work, for handing out the longest first: its bytes, an image counted by its
    pixels (a compressed scan's few hundred kilobytes take as long to read as a scanned PDF's megabytes)."""
    total = 0
    for p in job.paths:
        if Path(p).suffix.lower() in IMAGE_SUFFIXES:
            from PIL import Image  # only where there are images: a tenth of a second at start

            try:
                with Image.open(p) as im:
                    total += im.width * im.height * getattr(im, "n_frames", 1)
                continue
            except Exception:  # noqa: BLE001 — not an image after all (or not readable here): its size
                pass
        try:
            total += os.stat(p).st_size
        except OSError:
            pass
    return total


def _names(job: Job) -> list[str]:
    return [Path(p).relative_to(job.root).as_posix() for p in job.paths]


def _parts(job: Job) -> list[tuple[bytes, str]]:
    """(bytes, name under the input folder) of each of the report's files."""
    return [(Path(p).read_bytes(), name) for p, name in zip(job.paths, _names(job))]


def _worth_keeping(reading: Reading) -> bool:
    """A text file's reading is not kept: decoding the file again takes under a millisecond, and
    keeping its reading (pickling the document, writing a file) about as long, on every cold run.
    Its finished rows are kept all the same, so a re-run in which nothing changed still reads nothing."""
    return reading.document is None or reading.document.format != "text"


def _transient(reading: Reading) -> bool:
    """A reading cut short by a limit is not kept: a later run with other limits tries again."""
    return bool(reading.error) and ("per-file limit" in reading.error)


def run_local(jobs: list[Job], workers: int, meanwhile: Callable[[], None] | None = None) -> Iterator[Done]:
    """The jobs on `workers` forked processes; `meanwhile` runs on a thread of this process once
    they are forked (a thread running during a fork can leave a child holding its locks).

    A worker that dies (the system's memory killer, a crash inside a library, a reading stuck past
    its hard limit) breaks the pool, and every job not yet done with it. The jobs the workers had
    begun are read again one at a time, each in a process of its own: one that ends its process
    alone gets `failed`, saying what ended it. The others go on in a new pool.
    """
    import sys

    # OpenCV's own pool would take every core in each worker, and the workers would fight. A worker
    # that loads OpenCV itself is told so by _worker_start; one that inherits it loaded from this
    # process is told here, before the fork: a forked worker that resizes a pool it did not start
    # can hang. (This process loads OpenCV only where it was loaded already: a fifth of a second.)
    cv2 = sys.modules.get("cv2")
    threads = cv2.getNumThreads() if cv2 else None
    if cv2:
        cv2.setNumThreads(1)
    helper = threading.Thread(target=meanwhile, daemon=True) if meanwhile else None
    try:
        while jobs:
            with tempfile.TemporaryDirectory(prefix="progoti-begun-") as notes:
                broken = yield from _in_pool(jobs, workers, notes, helper)
                begun = _begun(Path(notes)) & set(broken) or set(broken[:1])  # at least one: each round ends some
            if helper:
                helper.join()  # before forking again: a child forked amid its imports would wait on their lock forever
                helper = None
            for i in sorted(begun):
                yield _alone(jobs[i])
            jobs = [jobs[i] for i in sorted(broken) if i not in begun]  # in their order: the longest first
    finally:
        if cv2:
            cv2.setNumThreads(threads)


def _in_pool(jobs: list[Job], workers: int, notes: str,
             helper: threading.Thread | None) -> Generator[Done, None, list[int]]:
    """Each job's result as it comes (`helper` is started once the workers are forked); returns the
    indexes of the jobs a broken pool left undone."""
    broken = []
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"), initializer=_worker_start,
                             initargs=(jobs[0].limits.memory_mb, notes)) as pool:
        futures = {pool.submit(_noted, job, i): i for i, job in enumerate(jobs)}  # the first submit forks every worker
        if helper:
            helper.start()
        for future in as_completed(futures):
            i = futures.pop(future)  # a future taken is let go: the caller keeps results compactly, not every one whole
            try:
                done = future.result()
            except BrokenProcessPool:
                broken.append(i)
                continue
            yield done
    return broken


_notes: str | None = None  # in a pool's worker: the folder where it notes the job it has begun


def _noted(job: Job, index: int) -> Done:
    """run_job, with the job's index noted in a file of this worker's while it runs: if the worker
    dies, its note says which job it had begun."""
    note = Path(_notes, str(os.getpid()))
    note.write_text(str(index))
    try:
        return run_job(job)
    finally:
        note.unlink()


def _begun(notes: Path) -> set[int]:
    begun = set()
    for note in notes.iterdir():
        try:
            begun.add(int(note.read_text()))
        except ValueError:  # a note cut short as its worker died: that worker's job is among the broken ones
            pass
    return begun


def _alone(job: Job, start: str = "fork") -> Done:
    """The job in a process of its own; if the process ends without a result, the file's `failed`
    row says what ended it."""
    context = multiprocessing.get_context(start)
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_send, args=(job, send))
    began = time.monotonic()
    process.start()
    send.close()
    done = None
    if receive.poll(job.limits.hard_timeout + 10):  # the process's own watchdog ends it first
        try:
            done = receive.recv()
        except EOFError:  # it ended without a result
            pass
    if done is None and process.is_alive():
        process.kill()
    process.join()
    receive.close()
    if done is not None:
        return done
    return Done(pack(_ended(job, process.exitcode, time.monotonic() - began >= job.limits.hard_timeout)), True)


def _send(job: Job, send) -> None:
    _worker_start(job.limits.memory_mb)
    send.send(run_job(job))
    send.close()


def _ended(job: Job, exitcode: int | None, overran: bool) -> FileResult:
    """A failed result for a job whose worker ended without one, saying what ended it."""
    if overran:
        why = (f"Reading the file took longer than the per-file limit of {job.limits.timeout:g} s and did not stop "
               "when asked, so its worker was ended.")
    elif exitcode == -signal.SIGKILL:
        why = ("The worker reading the file was killed (SIGKILL), most likely by the system for want of memory; "
               "with fewer workers (-j) or more memory it may be read.")
    elif exitcode is not None and -exitcode in signal.valid_signals():
        why = (f"The worker reading the file crashed ({signal.Signals(-exitcode).name}) inside a library reading "
               "it: the file may be damaged.")
    else:
        why = f"The worker reading the file stopped without a result (exit code {exitcode})."
    try:
        parts = _parts(job)
    except OSError:
        parts = None
    return _failed(job, f"{why} The file was not read.", parts)


def _failed(job: Job, error: str, parts: list[tuple[bytes, str]] | None) -> FileResult:
    """The job's `failed` result, named after its first file; its id is its content's, or, where the
    files could not be read (`parts` None), its first file's name's."""
    from progoti.pipeline import FileResult, report_id

    names = _names(job)
    return FileResult(_report_id(parts) if parts else report_id(names[0].encode()), names[0], error=error)


def _worker_start(memory_mb: int, notes: str | None = None) -> None:
    global _notes
    _notes = notes
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # Tesseract: one thread per worker
    os.environ.setdefault("OPENCV_FOR_THREADS_NUM", "1")  # OpenCV, where this worker loads it
    limit_memory(memory_mb)


def run_dask(jobs: list[Job], workers: int, scheduler: str | None) -> Iterator[Done]:
    """The same jobs on a dask.distributed cluster: an existing one at `scheduler`, else a
    LocalCluster of `workers` single-threaded processes, each with Dask's own memory limit. A job
    Dask gives up on, its workers having died under it (KilledWorker), is read here on its own."""
    from dask.distributed import Client, KilledWorker, LocalCluster
    from dask.distributed import as_completed as dask_completed

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                               memory_limit=f"{jobs[0].limits.memory_mb}MB" if jobs else "auto")
        client = Client(cluster)
    try:
        futures = client.map(run_job, jobs, pure=False)
        job_of = {f.key: job for f, job in zip(futures, jobs)}
        completed = dask_completed(futures)
        del futures  # a future taken is let go
        for future in completed:
            try:
                yield future.result()
            except KilledWorker:  # Dask blames every job on a worker that died: each is tried once more here
                yield _alone(job_of[future.key], "spawn")  # this process runs Dask's threads: no fork
            future.release()  # the cluster lets go of a result once it is taken
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


ENGINES: dict[str, Callable] = {"local": run_local, "dask": run_dask}
