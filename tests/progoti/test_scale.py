"""Running at archive scale: the result store, kill and resume, the Dask engine, per-file limits,
partitioned output and exit codes. Speed and memory are measured by `make bench`, not here."""
import faulthandler
import json
import os
import pickle
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from progoti import cli
from progoti.cli import EXIT_CANNOT_RUN, EXIT_SOME_FAILED, main
from tests.conftest import ROOT, SAMPLES
from tests.progoti.test_hostile import R03_ROWS


def _folder(tmp_path, scans=("s01", "s04", "s05")):
    src = tmp_path / "in"
    src.mkdir()
    for p in SAMPLES.glob("00[0-4]_*.txt"):
        shutil.copy(p, src / p.name)
    shutil.copy(SAMPLES / "pdf" / "r03_department_twoline002_sans.pdf", src / "r03.pdf")
    for prefix in scans:
        p = next((SAMPLES / "scan").glob(f"{prefix}_*.pdf"))
        shutil.copy(p, src / p.name)
    return src


def _manifest(out):
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def test_warm_rerun_reads_nothing_and_no_cache_reads_everything(tmp_path):
    src, out = _folder(tmp_path, scans=("s04",)), tmp_path / "out"
    assert main(["extract", str(src), "--out", str(out), "--quiet"]) == 0
    first = (out / "indicators.csv").read_bytes()
    assert _manifest(out)["read"] == 7 and _manifest(out)["from_store"] == 0
    written = os.readlink(out / "data")
    assert main(["extract", str(src), "--out", str(out), "--quiet"]) == 0
    assert os.readlink(out / "data") == written  # the same rows: the dataset in place is left as it is
    assert _manifest(out)["read"] == 7 and (out / "indicators.csv").read_bytes() == first
    (out / "reports.csv").unlink()  # an output gone: the rows come from the store and are written again
    assert main(["extract", str(src), "--out", str(out), "--quiet"]) == 0
    assert _manifest(out)["read"] == 0 and _manifest(out)["from_store"] == 7
    assert (out / "indicators.csv").read_bytes() == first and (out / "reports.csv").exists()
    (src / "000_92bf24bf00393b0e.txt").write_text("", encoding="utf-8")  # a changed file is read again
    assert main(["extract", str(src), "--out", str(out), "--quiet"]) == EXIT_SOME_FAILED
    assert _manifest(out)["read"] == 1
    assert main(["extract", str(src), "--out", str(out), "--quiet", "--no-cache"]) == EXIT_SOME_FAILED
    assert _manifest(out)["read"] == 7


def _kept(store: Path) -> set[str]:
    """The source files of the reports the store keeps a reading or the finished rows of."""
    return {pickle.loads(p.read_bytes()).source_file for p in store.rglob("*.pickle")}


def test_a_worker_reads_and_cuts_crops_without_the_writers_libraries():
    """A worker reads a report and cuts its crops; pyarrow and pandas are the writers' (the run's own
    process imports them while the workers read). Imported for the crops, pyarrow had cost each
    worker about 0.15 s, a tenth of a run of six digital reports."""
    code = (
        "import sys, tempfile\n"
        "from pathlib import Path\n"
        "from progoti.run import Job, Limits, run_job\n"
        "root = Path(sys.argv[1])\n"
        "with tempfile.TemporaryDirectory() as out:\n"
        "    done = run_job(Job((str(root / 'pdf' / 'r01_ministry_layout000_sans.pdf'),), str(root), None, Limits(),"
        " crops=str(Path(out) / 'crops')))\n"
        "    assert done.result.source_file == 'pdf/r01_ministry_layout000_sans.pdf'\n"
        "    assert any(Path(out, 'crops').iterdir())\n"
        "print(sorted(m for m in ('pyarrow', 'pandas') if m in sys.modules))\n")
    printed = subprocess.run([sys.executable, "-c", code, str(SAMPLES)], cwd=ROOT, check=True, capture_output=True,
                             text=True).stdout
    assert printed.strip() == "[]"


def test_the_commands_process_writes_without_importing_pandas(tmp_path):
    """pyarrow imports pandas at its first conversion of Python values (apache/arrow#34994), a third
    of a second of the run's own process; the command's writers hand it lists alone, so there pyarrow
    is told pandas is absent. A library user's process is left as it was."""
    src = _folder(tmp_path, scans=())
    code = ("import sys\n"
            "from progoti.cli import main\n"
            "own = sys.argv[3] == 'own'\n"
            "assert main(['extract', sys.argv[1], '--out', sys.argv[2], '--quiet'], own_process=own) == 0\n"
            "print('pandas' in sys.modules)\n"
            "import pandas, pyarrow\n"
            "print(pyarrow.table(pandas.DataFrame({'a': [1, 2]})).num_rows)\n")
    printed = [subprocess.run([sys.executable, "-c", code, str(src), str(tmp_path / who), who], cwd=ROOT, check=True,
                              capture_output=True, text=True).stdout.split() for who in ("own", "library")]
    assert printed == [["False", "2"], ["True", "2"]]
    assert (tmp_path / "own" / "indicators.csv").read_bytes() == (tmp_path / "library" / "indicators.csv").read_bytes()


def test_the_runs_process_takes_a_workers_rows_without_the_readers_or_normalisers(tmp_path):
    """A worker sends a report's contract rows, made where it was read; the run's own process unpacks
    and writes them as plain values, importing none of the readers' or normalisers' modules."""
    from progoti.run import Job, Limits, run_job

    name = "pdf/r03_department_twoline002_sans.pdf"
    done = run_job(Job((str(SAMPLES / name),), str(SAMPLES), None, Limits()))
    code = ("import pickle, sys\n"
            "rows = pickle.loads(sys.stdin.buffer.read()).unpack()\n"
            "print(rows.reports[0]['source_file'], len(rows.indicators), rows.indicators[0]['code'])\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('extract', 'normalize')))\n")
    printed = subprocess.run([sys.executable, "-c", code], input=pickle.dumps(done.result), cwd=ROOT, check=True,
                             capture_output=True).stdout.decode().splitlines()
    assert printed == [f"{name} {R03_ROWS} 1.1.1", "[]"]


def test_the_store_keeps_every_reports_rows_and_the_readings_that_cost_more_than_a_decode(tmp_path):
    """A text file's reading is not kept (decoding it again is as cheap as loading it); a PDF's is,
    and every report's finished rows are, so a warm re-run reads nothing."""
    src, out = _folder(tmp_path, scans=()), tmp_path / "out"
    assert main(["extract", str(src), "--out", str(out), "--quiet"]) == 0
    store = out / ".store"
    readings = [pickle.loads(p.read_bytes()) for p in store.glob("??/*.pickle")]
    assert sorted(r.source_file for r in readings) == ["r03.pdf"] and readings[0].document.format == "pdf"
    rows = [pickle.loads(p.read_bytes()) for p in (store / "rows").rglob("*.pickle")]
    assert sorted(r.source_file for r in rows) == sorted(p.name for p in src.iterdir())
    assert main(["extract", str(src), "--out", str(out), "--quiet"]) == 0
    assert _manifest(out)["read"] == 6 and (out / "reports.csv").exists()  # the first run's outputs, left in place
    (out / "reports.csv").unlink()
    assert main(["extract", str(src), "--out", str(out), "--quiet"]) == 0
    assert _manifest(out)["read"] == 0 and _manifest(out)["from_store"] == 6


def test_killed_run_resumes_with_exactly_the_rows_of_an_uninterrupted_run(tmp_path):
    src = _folder(tmp_path)
    whole, killed = tmp_path / "whole", tmp_path / "killed"
    assert main(["extract", str(src), "--out", str(whole), "--quiet", "-j", "1"]) == 0
    run = subprocess.Popen([sys.executable, "-m", "progoti.cli", "extract", str(src), "--out", str(killed),
                            "--quiet", "-j", "1"], cwd=ROOT, start_new_session=True)
    store = killed / ".store"
    deadline = time.time() + 120
    # jobs go largest first: when the first scan is stored, the other two scans take seconds more
    while time.time() < deadline and not _kept(store):
        time.sleep(0.05)
    os.killpg(run.pid, signal.SIGKILL)  # the CLI and its worker, mid-run
    run.wait()
    done = len(_kept(store))
    assert 1 <= done < 9 and not (killed / "reports.csv").exists()
    assert main(["extract", str(src), "--out", str(killed), "--quiet", "-j", "1"]) == 0
    assert _manifest(killed)["from_store"] == done and _manifest(killed)["read"] == 9 - done
    for name in ("reports.csv", "indicators.csv", "quality/flags.csv"):
        assert (killed / name).read_bytes() == (whole / name).read_bytes()


def test_dask_engine_gives_the_local_engines_rows(tmp_path):
    src = _folder(tmp_path, scans=())
    local, dask = tmp_path / "local", tmp_path / "dask"
    assert main(["extract", str(src), "--out", str(local), "--quiet", "-j", "2"]) == 0
    assert main(["extract", str(src), "--out", str(dask), "--quiet", "-j", "2", "--engine", "dask"]) == 0
    for name in ("reports.parquet", "indicators.parquet"):
        assert pq.read_table(dask / name).equals(pq.read_table(local / name))
    assert (dask / "indicators.csv").read_bytes() == (local / "indicators.csv").read_bytes()


def test_a_file_over_the_time_limit_fails_with_the_reason_and_the_rest_go_on(tmp_path):
    src, out = _folder(tmp_path, scans=("s01",)), tmp_path / "out"
    assert main(["extract", str(src), "--out", str(out), "--quiet", "--file-timeout", "1.5"]) == EXIT_SOME_FAILED
    rows = {r["source_file"]: r for r in pq.read_table(out / "reports.parquet").to_pylist()}
    scan = rows["s01_ministry_layout000_sans_300dpi.pdf"]
    assert scan["status"] == "failed" and "longer than the per-file limit of 1.5 s" in scan["error"]
    assert all(r["status"] != "failed" for name, r in rows.items() if name != scan["source_file"])
    # a reading cut short is not kept: with time enough it is read
    assert main(["extract", str(src), "--out", str(out), "--quiet"]) == 0
    assert _manifest(out)["read"] == 1


def _by_file(out: Path, table: str = "reports") -> dict:
    rows = pq.read_table(out / f"{table}.parquet").to_pylist()
    return {(r["source_file"], r.get("row_no")): r for r in rows}


def _inside_reading(monkeypatch, name: str, how) -> None:
    """Fault injection: the workers are forked from this process and read with the reader patched
    here, which does `how` on the file `name` where a library would (crash, or hang)."""
    from progoti import pipeline

    real = pipeline.read_parts

    def read_parts(parts):
        if parts[0][1] == name:
            how()
        return real(parts)

    monkeypatch.setattr(pipeline, "read_parts", read_parts)


def _dying(sig: int):
    """A fault for _inside_reading: the worker ends itself with `sig`."""
    def die():
        faulthandler.disable()  # pytest's would print the dying worker's stack
        os.kill(os.getpid(), sig)
    return die


@pytest.mark.parametrize("workers, sig, said", [("2", signal.SIGKILL, "was killed (SIGKILL)"),
                                                ("1", signal.SIGSEGV, "crashed (SIGSEGV)")])
def test_a_worker_that_dies_fails_its_file_with_the_reason_and_the_rest_go_on(tmp_path, monkeypatch, workers, sig,
                                                                                   said):
    src, whole, out = _folder(tmp_path, scans=()), tmp_path / "whole", tmp_path / "out"
    assert main(["extract", str(src), "--out", str(whole), "--quiet", "-j", workers]) == 0
    _inside_reading(monkeypatch, "r03.pdf", _dying(sig))
    assert main(["extract", str(src), "--out", str(out), "--quiet", "-j", workers]) == EXIT_SOME_FAILED
    got, want = _by_file(out), _by_file(whole)
    dead = got.pop(("r03.pdf", None))
    assert dead["status"] == "failed" and said in dead["error"] and dead["error"].endswith("The file was not read.")
    assert dead["report_id"] == want.pop(("r03.pdf", None))["report_id"]
    assert got == want  # every other report as an undisturbed run reads it
    rows, whole_rows = _by_file(out, "indicators"), _by_file(whole, "indicators")
    assert rows == {k: r for k, r in whole_rows.items() if k[0] != "r03.pdf"} and len(rows) < len(whole_rows)


def test_on_dask_a_file_whose_workers_die_is_read_again_on_its_own(tmp_path, monkeypatch):
    import dask

    src, whole, out = _folder(tmp_path, scans=()), tmp_path / "whole", tmp_path / "out"
    assert main(["extract", str(src), "--out", str(whole), "--quiet", "-j", "2"]) == 0
    _inside_reading(monkeypatch, "r03.pdf", _dying(signal.SIGKILL))
    # Dask's workers forked from here read with the patched reader, so r03 kills each that reads it
    # and Dask gives up on it (and on any job that was queued on a dying worker); each is read again
    # in a process of its own, started afresh (unpatched), as a file is that killed a worker by chance
    with dask.config.set({"distributed.worker.multiprocessing-method": "fork",
                          "distributed.scheduler.allowed-failures": 1}):
        assert main(["extract", str(src), "--out", str(out), "--quiet", "-j", "2", "--engine", "dask"]) == 0
    assert _by_file(out) == _by_file(whole) and _by_file(out, "indicators") == _by_file(whole, "indicators")


def test_a_reading_stuck_where_the_time_limit_cannot_reach_ends_its_worker(tmp_path, monkeypatch):
    src, out = _folder(tmp_path, scans=()), tmp_path / "out"

    def stuck():  # as inside a library: the alarm that stops a reading is held off
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(120)

    _inside_reading(monkeypatch, "r03.pdf", stuck)
    began = time.monotonic()
    assert main(["extract", str(src), "--out", str(out), "--quiet", "-j", "2", "--file-timeout", "1"]) == EXIT_SOME_FAILED
    assert time.monotonic() - began < 60
    rows = _by_file(out)
    stopped = rows.pop(("r03.pdf", None))
    assert stopped["status"] == "failed" and "limit of 1 s and did not stop when asked" in stopped["error"]
    assert sorted(r["status"] for r in rows.values()) == ["ok"] * 4 + ["partial"]


def test_partitioned_dataset_reads_as_one_table(tmp_path):
    src, out = _folder(tmp_path, scans=()), tmp_path / "out"
    assert main(["extract", str(src), "--out", str(out), "--quiet", "--partitioned"]) == 0
    flat = pq.read_table(out / "indicators.parquet")
    parts = ds.dataset(out / "dataset" / "indicators", format="parquet", partitioning="hive").to_table()
    assert parts.num_rows == flat.num_rows
    by_year = dict(duckdb.sql(f"select fiscal_year, count(*) from read_parquet('{out}/dataset/indicators/**/*.parquet',"
                              " hive_partitioning=true) group by 1").fetchall())
    assert by_year == dict(duckdb.sql(f"select r.fiscal_year, count(*) from '{out}/indicators.parquet' i join "
                                      f"'{out}/reports.parquet' r using (report_id) group by 1").fetchall())
    assert {p.name.split("=")[0] for p in (out / "dataset" / "indicators").iterdir()} == {"fiscal_year"}


def test_an_output_folder_that_cannot_be_written_stops_the_run_and_keeps_what_was_there(tmp_path, capsys):
    blocked = tmp_path / "out"
    blocked.write_text("a file where the output folder should be", encoding="utf-8")
    assert main(["extract", str(_folder(tmp_path, scans=())), "--out", str(blocked), "--quiet"]) == EXIT_CANNOT_RUN
    assert "cannot be written" in capsys.readouterr().err
    assert blocked.read_text(encoding="utf-8").startswith("a file")


def test_a_rerun_in_which_nothing_changed_starts_no_worker(tmp_path, monkeypatch):
    src, out = _folder(tmp_path, scans=()), tmp_path / "out"
    assert main(["extract", str(src), "--out", str(out), "--quiet", "-j", "2"]) == 0
    first = (out / "indicators.csv").read_bytes()

    def no_worker(jobs, workers):
        raise AssertionError(f"a worker was started for {[j.paths for j in jobs]}")

    monkeypatch.setitem(cli.ENGINES, "local", no_worker)
    (out / "quality" / "index.html").unlink()  # so that the run writes its outputs again
    assert main(["extract", str(src), "--out", str(out), "--quiet", "-j", "2"]) == 0
    assert (out / "indicators.csv").read_bytes() == first
    assert _manifest(out)["from_store"] == _manifest(out)["files"] and _manifest(out)["read"] == 0


def test_the_dataset_written_a_batch_at_a_time_holds_the_same_rows(tmp_path, monkeypatch):
    """An archive's rows are written a few thousand at a time, so a run's memory does not grow
    with its tables; the files hold what one batch of every row gives."""
    from progoti import emit

    src = tmp_path / "in"
    src.mkdir()
    for p in SAMPLES.glob("00[0-4]_*.txt"):
        shutil.copy(p, src / p.name)
    whole, batched = tmp_path / "whole", tmp_path / "batched"
    assert main(["extract", str(src), "--out", str(whole), "--quiet", "--partitioned"]) == 0
    monkeypatch.setattr(emit, "BATCH_ROWS", 7)
    assert main(["extract", str(src), "--out", str(batched), "--quiet", "--partitioned", "--no-cache"]) == 0
    for name in ("reports.csv", "indicators.csv", "quality/flags.csv"):
        assert (batched / name).read_bytes() == (whole / name).read_bytes(), name
    for name in ("reports", "indicators"):
        table = pq.read_table(whole / f"{name}.parquet")
        assert pq.read_table(batched / f"{name}.parquet").equals(table)
        parts = [ds.dataset(o / "dataset" / name, format="parquet", partitioning="hive").to_table()
                 .sort_by([("source_file", "ascending"), ("row_no" if name == "indicators" else "report_id",
                                                          "ascending")]) for o in (whole, batched)]
        assert parts[0].equals(parts[1]) and parts[0].num_rows == table.num_rows
    indicators = pq.ParquetFile(batched / "indicators.parquet")
    assert indicators.metadata.num_row_groups >= 3  # a group per batch of seven rows or more
    assert pq.ParquetFile(whole / "indicators.parquet").metadata.num_row_groups == 1


def test_the_workers_results_are_let_go_once_taken(tmp_path):
    """A run of tens of thousands of reports keeps each result compressed (progoti/results.py);
    the worker pool must not hold every one it handed over whole besides."""
    import gc
    import weakref

    from progoti.run import Job, Limits, run_local

    src = _folder(tmp_path, scans=())
    jobs = [Job(tuple(str(p) for p in paths), str(src), None, Limits()) for paths in cli.find_reports(src)]
    taken, held = [], []
    for done in run_local(jobs, 2):
        taken.append(weakref.ref(done.result))
        del done
        gc.collect()
        held.append(sum(t() is not None for t in taken))  # during the run, while the pool lives
    assert held == [1] * 6  # only the result just handed over (the generator's until it moves on)
