"""The review loop: corrections that survive re-runs, flags recomputed on them, stale ones shown."""
import csv
import shutil

import pyarrow.parquet as pq

from progoti.cli import main
from tests.conftest import SAMPLES


def _rows(path):
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_corrections_survive_reruns_recompute_flags_and_stale_ones_are_listed(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    shutil.copy(next(SAMPLES.glob("002_*.txt")), src / "002.txt")
    assert main(["extract", str(src), "--out", str(out), "--quiet"]) == 0
    before = {int(r["row_no"]): r for r in _rows(out / "indicators.csv")}
    report = _rows(out / "reports.csv")[0]
    rid = report["report_id"]
    assert "unit_value_mismatch" in before[2]["flags"] and before[2]["unit"] == "count"
    assert "date_outside_fiscal_year" not in before[3]["flags"]
    assert before[1]["unit"] == "date" and before[1]["flags"] == ""

    (src / "corrections.csv").write_text(
        "report_id,row_no,field,value,note\n"
        f"{rid},2,achievement,৩,a count, as the unit says\n"
        f"{rid},1,unit,count,a wrong unit: its dates no longer fit\n"
        f"{rid},3,achievement,৩০/০৬/২০২৫,read from the paper\n"
        f"{rid},,office,শিশু কল্যাণ ট্রাস্ট (প্রধান কার্যালয়),as signed\n"
        f"{rid},99,achievement,1,a row that does not exist\n"
        "0000000000000000,1,unit,date,a report that is not in the run\n"
        f"{rid},1,colour,blue,not a contract column\n", encoding="utf-8")
    for _ in range(2):  # applied on every run, also when the reading comes from the store
        assert main(["extract", str(src), "--out", str(out), "--quiet"]) == 0
        rows = {int(r["row_no"]): r for r in _rows(out / "indicators.csv")}
        assert rows[2]["achievement"] == "3" and "unit_value_mismatch" not in rows[2]["flags"].split(";")
        assert rows[2]["reviewed"] == "achievement"
        assert rows[1]["unit"] == "count" and "unit_value_mismatch" in rows[1]["flags"].split(";")
        assert rows[1]["reviewed"] == "unit"
        assert rows[3]["achievement"] == "2025-06-30" and rows[3]["reviewed"] == "achievement"
        assert "date_outside_fiscal_year" in rows[3]["flags"].split(";")
        assert rows[4]["reviewed"] == ""
        rep = _rows(out / "reports.csv")[0]
        assert rep["office"] == "শিশু কল্যাণ ট্রাস্ট (প্রধান কার্যালয়)" and rep["reviewed"] == "office"
        parquet = {r["row_no"]: r for r in pq.read_table(out / "indicators.parquet").to_pylist()}
        assert parquet[3]["achievement"] == "2025-06-30" and parquet[3]["reviewed"] == ["achievement"]
        assert str(parquet[3]["achievement_date"]) == "2025-06-30"
        assert pq.read_table(out / "reports.parquet").to_pylist()[0]["reviewed"] == ["office"]

    stale = {(r["row_no"], r["field"]): r["reason"] for r in _rows(out / "quality" / "stale_corrections.csv")}
    assert stale == {("99", "achievement"): "the report has no row 99",
                     ("1", "unit"): "no report with this report_id in this run",
                     ("1", "colour"): "'colour' is not a row-level contract column that can be corrected"}
    index = (out / "quality" / "index.html").read_text(encoding="utf-8")
    assert 'id="stale-corrections"' in index and "the report has no row 99" in index
    page = next(p for p in (out / "quality").glob("*.html") if p.name != "index.html").read_text(encoding="utf-8")
    assert f"{rid},3,achievement,2025-06-30,date_outside_fiscal_year" in page  # a ready-made correction line


def test_the_dataset_describes_itself_and_validates(sample_out):
    import json
    import subprocess
    import sys
    from pathlib import Path

    from frictionless import validate

    report = validate(str(sample_out / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    package = json.loads((sample_out / "datapackage.json").read_text(encoding="utf-8"))
    fields = {f["name"]: f for r in package["resources"] if r["name"] == "reports" for f in r["schema"]["fields"]}
    assert fields["status"]["constraints"]["enum"] == ["ok", "partial", "failed"]
    assert fields["quarter"]["type"] == "integer" and fields["letter_date"]["type"] == "date"
    assert all(f["description"] for r in package["resources"] for f in r["schema"]["fields"])
    cli = Path(sys.executable).parent / "frictionless"
    assert subprocess.run([str(cli), "validate", str(sample_out / "datapackage.json")],
                          capture_output=True).returncode == 0


NEW_TEMPLATE = [  # an FY 2025-26 department template that schemas/catalogue does not hold
    ("১.১.১", "নাগরিক সেবায় উদ্ভাবনী ধারণা বাস্তবায়িত", "তারিখ", "১০", ["১৫/০৩/২০২৬", "২২/০৩/২০২৬", "২৯/০৩/২০২৬", "০৫/০৪/২০২৬", "১২/০৪/২০২৬"]),
    ("১.২.১", "ডিজিটাল সেবার ডাটাবেজ হালনাগাদকৃত", "সংখ্যা", "৮", ["৪", "৩", "২", "১", "-"]),
    ("২.১.১", "ই-ফাইলে নোট নিষ্পত্তিকৃত", "%", "৯", ["৮৫%", "৮০%", "৭৫%", "৭০%", "৬০%"]),
    ("২.২.১", "তথ্য বাতায়ন হালনাগাদকৃত", "সংখ্যা", "৭", ["৪", "৩", "২", "১", "-"]),
    ("৩.১.১", "কর্মশালা আয়োজিত", "সংখ্যা", "৬", ["২", "১", "-", "-", "-"]),
    ("৩.২.১", "স্মার্ট বাংলাদেশ বিষয়ক প্রশিক্ষণ আয়োজিত", "সংখ্যা", "১০", ["৪", "৩", "২", "১", "-"]),
]
EXPECTED = {"1.1.1": ("date", 10), "1.2.1": ("count", 8), "2.1.1": ("percent", 9), "2.2.1": ("count", 7),
            "3.1.1": ("count", 6), "3.2.1": ("count", 10)}


def _new_year_report(k: int) -> str:
    head = ("গণপ্রজাতন্ত্রী বাংলাদেশ সরকার\nভূমি মন্ত্রণালয়\nভূমি রেকর্ড ও জরিপ অধিদপ্তর\nwww.dlrs.gov.bd\n"
            f"স্মারক নং: ৩১.০২.০০০০.০০{k}.১৪.০০৭.২৫.২১{k}\nতারিখ: ১৪ জানুয়ারি ২০২৬\n"
            "বিষয়: ২০২৫-২৬ অর্থবছরের ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনার ২য় ত্রৈমাসিক বাস্তবায়ন অগ্রগতি প্রতিবেদন\n")
    table = ["ক্রম\tকর্মসম্পাদন সূচক\tএকক\tকর্মসম্পাদন সূচকের মান\tঅসাধারণ\tঅতি উত্তম\tউত্তম\tচলতি মান\t"
             "চলতি মানের নিম্নে\t২য় ত্রৈমাসিকে অর্জন"]
    rows = [r for n, r in enumerate(NEW_TEMPLATE) if not (k == 1 and n == 4)]  # one office left a row out
    for n, (code, text, unit, weight, targets) in enumerate(rows, start=1):
        table.append("\t".join([str(n), f"[{code}] {text}", unit, weight, *targets, targets[1]]))
    if k == 2:  # and one added its own
        table.append("\t".join(["৭", "[৩.২.৫] অফিসের নিজস্ব সূচক", "সংখ্যা", "১", "২", "১", "-", "-", "-", "১"]))
    return head + "\n".join(table) + "\n"


def test_a_year_without_a_catalogue_gets_a_draft_instead_of_unknown_indicators(tmp_path):
    import yaml

    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    for k in range(4):
        (src / f"dlrs_{k}.tsv").write_text(_new_year_report(k), encoding="utf-8")
    assert main(["extract", str(src), "--out", str(out), "--quiet"]) == 0
    rows = pq.read_table(out / "indicators.parquet").to_pylist()
    assert rows and not any("unknown_indicator" in r["flags"] for r in rows)
    reports = pq.read_table(out / "reports.parquet").to_pylist()
    assert all(any("no template for 2025-26, department tier" in n for n in r["notes"]) for r in reports)
    draft = yaml.safe_load((out / "catalogue_drafts" / "2025-26_department.yaml").read_text(encoding="utf-8"))
    assert (draft["fiscal_year"], draft["tier"], draft["complete"]) == ("2025-26", "department", False)
    by_code = {i["code"]: i for i in draft["indicators"]}
    common = {c: (i["unit"], i["weight"]) for c, i in by_code.items() if i["agreement"]["reports"] * 2 >= 4}
    assert common == EXPECTED
    assert by_code["1.1.1"]["targets"][0].isoformat() == "2026-03-15" and by_code["2.1.1"]["targets"] == [85, 80, 75, 70, 60]
    assert by_code["3.1.1"]["agreement"] == {"reports": 3, "of": 4, "text": 3, "unit": 3, "weight": 3, "targets": 3}
    assert by_code["3.2.5"]["agreement"]["reports"] == 1
