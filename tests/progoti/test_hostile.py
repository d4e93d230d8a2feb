"""Hostile inputs, made here (no committed binaries): every bad file gets a row whose status and
error say what is wrong, the good files beside them are fully extracted, and a disk that fills
leaves the previous outputs as they were."""
import errno
import io
import json
import shutil

import pikepdf
import pyarrow.parquet as pq
import pytest
from PIL import Image

from progoti import emit
from progoti import cli
from progoti.cli import EXIT_CANNOT_RUN, EXIT_SOME_FAILED, find_reports, main
from progoti.pipeline import report_id
from tests.conftest import GOLD, SAMPLES

GOOD_PDF = SAMPLES / "pdf" / "r03_department_twoline002_sans.pdf"
R03_ROWS = len(json.loads((GOLD / "pdf" / "r03_department_twoline002_sans.json").read_text(encoding="utf-8"))["indicators"])


def _pdf_with(transform) -> bytes:
    with pikepdf.open(GOOD_PDF) as pdf:
        out = io.BytesIO()
        transform(pdf, out)
        return out.getvalue()


def _huge_png() -> bytes:
    """A PNG that declares 60000 × 60000 pixels in a few hundred bytes (a decompression bomb)."""
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 60000, 60000, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b"")


ENGLISH_REPORT = """Government of the People's Republic of Bangladesh
Ministry of Land
Memo No: 31.00.0000.042.14.007.23.215
Date: January 14, 2024
Subject: Quarterly progress report (2nd quarter, October-December) of the e-Governance and Innovation Action Plan 2023-24
SL\tPerformance Indicator\tUnit\tWeight\tExcellent (100%)\tVery Good (90%)\tGood (80%)\tFair (70%)\tPoor (60%)\tAchievement
1\t[1.1.1] Innovative idea implemented\tDate\t10\t16/05/2024\t23/05/2024\t30/05/2024\t06/06/2024\t15/06/2024\t12/12/2023
2\t[1.4.1] Notes disposed in e-file\t%\t6\t85%\t80%\t75%\t70%\t60%\t82%
"""


def _long_pdf(pages: int) -> bytes:
    """A document of many pages that is no progress report (one page of running text, repeated)."""
    with pikepdf.open(SAMPLES / "pdf" / "x01_letter_without_table.pdf") as letter:
        big = pikepdf.new()
        for _ in range(pages):
            big.pages.append(letter.pages[0])
        out = io.BytesIO()
        big.save(out)
        return out.getvalue()


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    src = tmp_path_factory.mktemp("hostile") / "in"
    (src / "good").mkdir(parents=True)
    shutil.copy(GOOD_PDF, src / "good" / "r03.pdf")
    shutil.copy(next(SAMPLES.glob("002_*.txt")), src / "good" / "seed 002 কপি.txt")  # Bangla and a space
    shutil.copy(next(SAMPLES.glob("002_*.txt")), src / "good" / "same_as_002.txt")
    bad = src / "bad"
    bad.mkdir()
    data = GOOD_PDF.read_bytes()
    (bad / "zero.pdf").write_bytes(b"")
    (bad / "truncated.pdf").write_bytes(data[: len(data) // 3])
    (bad / "broken_xref.pdf").write_bytes(data.replace(b"startxref", b"startxref\n999999999\n%"))
    (bad / "restricted.pdf").write_bytes(_pdf_with(lambda pdf, out: pdf.save(out, encryption=pikepdf.Encryption(
        owner="owner-secret", user="", allow=pikepdf.Permissions(extract=False, print_highres=False)))))
    (bad / "password.pdf").write_bytes(_pdf_with(lambda pdf, out: pdf.save(out, encryption=pikepdf.Encryption(
        owner="owner-secret", user="user-secret"))))
    (bad / "error_page.pdf").write_bytes(b"<!DOCTYPE html><html><body><h1>404 Not Found</h1></body></html>")
    png = io.BytesIO()
    Image.new("L", (40, 40), 255).save(png, "PNG")
    (bad / "picture.pdf").write_bytes(png.getvalue())
    (bad / "no_pages.pdf").write_bytes(_pdf_with(lambda pdf, out: ([pdf.pages.remove(p) for p in list(pdf.pages)],
                                                                   pdf.save(out))))
    (bad / "bomb.png").write_bytes(_huge_png())
    (bad / "gazette.pdf").write_bytes(_long_pdf(300))
    (bad / "header_only.tsv").write_text("ক্রম\tকর্মসম্পাদন সূচক\tএকক\tকর্মসম্পাদন সূচকের মান\tঅসাধারণ\tঅতি উত্তম\t"
                                         "উত্তম\tচলতি মান\tচলতি মানের নিম্নে\n\t\t\t\t১০০%\t৯০%\t৮০%\t৭০%\t৬০%\n",
                                         encoding="utf-8")
    (bad / "ansi_bijoy.txt").write_bytes("MYcÖRvZš¿x evsjv‡`k miKvi\nZ_¨ I m¤cÖPvi gš¿Yvjq\n".encode("cp1252"))
    (bad / "english_letter.tsv").write_text(ENGLISH_REPORT, encoding="utf-8")
    (bad / "huge_page.pdf").write_bytes(_pdf_with(lambda pdf, out: (
        [setattr(p, "MediaBox", pikepdf.Array([0, 0, 14400, 14400])) for p in pdf.pages], pdf.save(out))))
    (bad / "windows1252.txt").write_bytes("Progress report – “quarterly” summary\n".encode("cp1252"))
    (bad / "loop").symlink_to(bad / "loop")  # a link to itself
    shutil.copy(GOOD_PDF, bad / "gone.pdf")
    out = src.parent / "out"

    def listed_then_gone(root):  # the file is in the listing, then removed before a worker reads it
        reports = find_reports(root)
        (bad / "gone.pdf").unlink()
        return reports

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(cli, "find_reports", listed_then_gone)
        code = main(["extract", str(src), "--out", str(out), "--quiet", "--file-timeout", "240"])
    rows = {r["source_file"]: r for r in pq.read_table(out / "reports.parquet").to_pylist()}
    return code, rows, out


@pytest.mark.parametrize("name, status, words", [
    ("bad/zero.pdf", "failed", "The file is empty"),
    ("bad/truncated.pdf", "failed", "cut off"),
    ("bad/password.pdf", "failed", "protected by a password"),
    ("bad/error_page.pdf", "failed", "an HTML page"),
    ("bad/picture.pdf", "failed", "a PNG image"),
    ("bad/no_pages.pdf", "failed", "has no pages"),
    ("bad/bomb.png", "failed", "pixels"),
    ("bad/gazette.pdf", "partial", "300 pages"),
    ("bad/header_only.tsv", "partial", "none of its rows is an indicator row"),
    ("bad/windows1252.txt", "partial", "No table was found"),
])
def test_each_bad_file_says_what_is_wrong(hostile, name, status, words):
    _, rows, _ = hostile
    assert rows[name]["status"] == status and words in rows[name]["error"], rows[name]


def test_repairable_and_restricted_pdfs_are_read(hostile):
    _, rows, _ = hostile
    good = rows["good/r03.pdf"]
    for name in ("bad/broken_xref.pdf", "bad/restricted.pdf"):
        assert rows[name]["status"] == "ok", rows[name]
        assert rows[name]["n_indicators"] == good["n_indicators"] == R03_ROWS


def test_an_english_only_report_is_read(hostile):
    _, rows, _ = hostile
    row = rows["bad/english_letter.tsv"]
    assert (row["status"], row["office"], row["tier"], row["fiscal_year"], row["quarter"], row["letter_date"],
            row["n_indicators"]) == ("ok", "Ministry of Land", "ministry", "2023-24", 2, "2024-01-14", 2)


def test_a_page_declaring_an_enormous_size_is_rendered_within_bounds(hostile):
    _, rows, _ = hostile
    assert rows["bad/huge_page.pdf"]["status"] in ("ok", "partial")  # read, not a crash nor a memory blow-up


def test_a_bijoy_file_saved_as_windows_ansi_is_converted(hostile):
    _, rows, _ = hostile
    row = rows["bad/ansi_bijoy.txt"]
    assert row["ministry"] == "তথ্য ও সম্প্রচার মন্ত্রণালয়"
    assert any("Windows-1252" in n for n in row["notes"]) and any("Bijoy" in n for n in row["notes"])


def test_the_good_files_beside_them_are_fully_extracted_and_duplicates_are_named(hostile):
    code, rows, _ = hostile
    assert code == EXIT_SOME_FAILED
    assert rows["good/r03.pdf"]["status"] == "ok" and rows["good/r03.pdf"]["n_indicators"] == R03_ROWS
    a, b = rows["good/seed 002 কপি.txt"], rows["good/same_as_002.txt"]
    assert a["status"] == b["status"] == "ok" and a["report_id"] == b["report_id"] == report_id(
        next(SAMPLES.glob("002_*.txt")).read_bytes())
    assert any("same_as_002.txt" in n for n in a["notes"]) and any("seed 002 কপি.txt" in n for n in b["notes"])
    assert rows["bad/gone.pdf"]["status"] == "failed" and "disappeared" in rows["bad/gone.pdf"]["error"]
    assert not [k for k in rows if "loop" in k]


def test_a_full_disk_stops_the_run_and_keeps_the_previous_outputs(hostile, monkeypatch, tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(next(SAMPLES.glob("002_*.txt")), src / "a.txt")
    out = tmp_path / "out"
    assert main(["extract", str(src), "--out", str(out), "--quiet"]) == 0
    before = {n: (out / n).read_bytes() for n in ("reports.csv", "indicators.csv", "reports.parquet")}
    shutil.copy(next(SAMPLES.glob("000_*.txt")), src / "b.txt")
    real = emit.arrow_table
    calls = []

    def full_disk(schema, rows):
        calls.append(1)
        if len(calls) == 2:  # the second table of the set: the disk is full
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(schema, rows)

    monkeypatch.setattr(emit, "arrow_table", full_disk)
    assert main(["extract", str(src), "--out", str(out), "--quiet"]) == EXIT_CANNOT_RUN
    assert "No space left on device" in capsys.readouterr().err
    assert {n: (out / n).read_bytes() for n in before} == before
    assert len(list((out / ".runs").iterdir())) == 1  # the half-written set was removed


def test_a_file_progoti_may_not_read_gets_a_sentence(tmp_path, monkeypatch):
    """As root every file is readable, so the refusal is the operating system's, simulated."""
    from pathlib import Path

    from progoti.run import Job, Limits, run_job

    locked = tmp_path / "locked.pdf"
    locked.write_bytes(GOOD_PDF.read_bytes())

    def refuse(self):
        raise PermissionError(errno.EACCES, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    done = run_job(Job((str(locked),), str(tmp_path), None, Limits()))
    report, fresh = done.result.unpack().reports[0], done.fresh
    assert report["error"] == "The file could not be opened: progoti may not read it (permissions)."
    assert report["source_file"] == "locked.pdf" and report["status"] == "failed" and fresh
