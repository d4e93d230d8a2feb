"""The quality pages as a reviewer sees them: opened in headless Chromium (Debian's, from the test setup)."""
import json
import re
import shutil
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from progoti import quality_pages
from progoti.cli import main
from progoti.quality_pages import UNKNOWN_MINISTRY, slug
from tests.conftest import GOLD

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--virtual-time-budget=4000"]


def browser(*args: str) -> str:
    assert CHROMIUM, "Chromium is installed by `make test` (scripts/system-deps.sh)"
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
                              capture_output=True, text=True, timeout=120)
    return done.stdout


class Dom(HTMLParser):
    """Elements and attributes of the DOM Chromium dumped after the page's scripts ran."""

    def __init__(self, html: str):
        super().__init__()
        self.elements: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def values(self, attr: str, tag: str | None = None) -> list[str]:
        return [a[attr] for t, a in self.elements if attr in a and (tag is None or t == tag)]


@pytest.fixture(scope="module")
def out(sample_out) -> Path:
    return sample_out


def open_page(path: Path, shots: Path) -> Dom:
    png = shots / f"{path.stem}.png"
    browser("--window-size=1300,2000", f"--screenshot={png}", path.as_uri())
    assert png.exists() and png.stat().st_size > 20_000  # a rendered page, not a blank one
    dom = Dom(browser("--dump-dom", path.as_uri()))
    assert dom.values("data-bangla-font", "body") == ["true"]
    return dom


def ministries(out: Path) -> pd.DataFrame:
    reports = pd.read_parquet(out / "reports.parquet")
    return reports.assign(ministry=reports["ministry"].fillna(UNKNOWN_MINISTRY))


def test_index_lists_every_ministry_with_its_page(out, tmp_path):
    reports = ministries(out)
    dom = open_page(out / "quality" / "index.html", tmp_path)
    assert sorted(dom.values("data-ministry", "tr")) == sorted(reports["ministry"].unique())
    links = [h for h in dom.values("href", "a")]
    assert sorted(links) == sorted(f"{slug(m)}.html" for m in reports["ministry"].unique())


def test_each_ministry_page_holds_its_reports_flags_and_charts(out, tmp_path):
    reports = ministries(out)
    flags = pd.read_csv(out / "quality" / "flags.csv", dtype=str)
    for ministry, group in reports.groupby("ministry"):
        dom = open_page(out / "quality" / f"{slug(ministry)}.html", tmp_path)
        assert sorted(dom.values("data-report", "tr")) == sorted(group["report_id"])
        expected_flags = set(flags[flags.report_id.isin(group["report_id"])]["flag"])
        assert set(dom.values("data-flag", "section")) == expected_flags
        drawn = dom.values("data-drawn", "svg")
        assert drawn and all(d == "true" for d in drawn)
        if group["status"].eq("partial").any():
            assert "status-partial" in dom.values("class", "td")


def test_gold_flags_are_on_the_right_ministry_page_and_no_others(out, tmp_path):
    flags = pd.read_csv(out / "quality" / "flags.csv", dtype=str, keep_default_na=False)
    for gold_file in sorted(GOLD.glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        mine = flags[flags.source_file == gold["source_file"]]
        want = {("", f) for f in gold["report"]["flags"]} | {
            (str(r["row_no"]), f) for r in gold["indicators"] for f in r["flags"]}
        optional = {("", f) for f in gold["report"].get("flags_optional", [])}
        got = set(zip(mine.row_no, mine.flag))
        assert want <= got <= want | optional, gold_file.name
        page = Dom((out / "quality" / f"{slug(gold['report']['ministry'])}.html").read_text(encoding="utf-8"))
        assert {f for _, f in want} <= set(page.values("data-flag", "section"))


def _period(report) -> tuple:
    return (None if pd.isna(report.fiscal_year) else report.fiscal_year,
            None if pd.isna(report.quarter) else int(report.quarter))


def test_a_large_ministry_gets_a_page_per_fiscal_year_and_quarter(out, tmp_path, monkeypatch):
    """Past PAGE_REPORTS reports (here 2, so the samples' larger ministries split), a ministry's page
    lists its periods; each period's page holds the reports of one fiscal year and quarter, and
    their flags; every report is on exactly one page; a rebuild that no longer splits removes them."""
    copy = tmp_path / "copy"
    shutil.copytree(out, copy)
    monkeypatch.setattr(quality_pages, "PAGE_REPORTS", 2)
    quality_pages.build(copy)
    reports, quality = ministries(copy), copy / "quality"
    flags = pd.read_csv(quality / "flags.csv", dtype=str)
    index = Dom((quality / "index.html").read_text(encoding="utf-8"))
    assert sorted(index.values("href", "a")) == sorted(f"{slug(m)}.html" for m in reports["ministry"].unique())
    split = 0
    for ministry, group in reports.groupby("ministry"):
        contents = Dom((quality / f"{slug(ministry)}.html").read_text(encoding="utf-8"))
        if len(group) <= 2:
            assert sorted(contents.values("data-report", "tr")) == sorted(group["report_id"])
            continue
        split += 1
        assert sorted(contents.values("data-report", "tr")) == sorted(group["report_id"])  # every report, listed
        links = [h for h in dict.fromkeys(contents.values("href", "a")) if "--" in h]
        assert len(links) == len({_period(r) for r in group.itertuples()})
        on_pages, period_of = [], {}
        for link in links:
            page = Dom((quality / link).read_text(encoding="utf-8"))
            ids = page.values("data-report", "tr")
            periods = {_period(r) for r in group[group.report_id.isin(ids)].itertuples()}
            assert len(periods) == 1 and len(ids) == group.report_id.isin(ids).sum()
            (year, quarter), = periods
            label, = page.values("data-period", "p")
            assert (f"fiscal year {year}" if year else "fiscal year not read") in label
            assert (f"quarter {quarter}" if quarter else "quarter not read") in label
            assert page.values("href", "a")[:2] == ["index.html", f"{slug(ministry)}.html"]
            assert set(page.values("data-flag", "section")) == set(flags[flags.report_id.isin(ids)]["flag"])
            on_pages += ids
            period_of |= dict.fromkeys(ids, link)
        assert sorted(on_pages) == sorted(group["report_id"])
        html = (quality / f"{slug(ministry)}.html").read_text(encoding="utf-8")
        for report_id, link in period_of.items():  # each listed report links to the page that holds it
            row = re.search(rf'data-report="{report_id}">(?:(?!</tr>).)*', html, re.S).group(0)
            assert f'<a href="{link}" class="period">' in row
    assert split >= 2
    open_page(quality / links[0], tmp_path)  # a period's page renders like any ministry page
    monkeypatch.setattr(quality_pages, "PAGE_REPORTS", 250)
    quality_pages.build(copy)
    assert sorted(p.name for p in quality.glob("*.html")) == sorted(p.name for p in (out / "quality").glob("*.html"))


def test_the_font_check_fails_when_the_font_is_missing(tmp_path):
    page = tmp_path / "nofont.html"
    page.write_text("""<!doctype html><meta charset="utf-8"><style>
@font-face { font-family: "ProgotiBangla"; src: local("No Such Bengali Font"); }</style>
<body>অগ্রগতি<script>
document.fonts.load('16px "ProgotiBangla"', 'অগ্রগতি')
  .then(function (f) { document.body.dataset.banglaFont = String(f.length > 0 && document.fonts.check('16px "ProgotiBangla"', 'অ')); })
  .catch(function () { document.body.dataset.banglaFont = 'false'; });
</script></body>""", encoding="utf-8")
    assert Dom(browser("--dump-dom", page.as_uri())).values("data-bangla-font", "body") == ["false"]


def test_pages_rebuild_from_out_without_reextracting(out, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(out, copy)
    (copy / "quality" / "index.html").unlink(missing_ok=True)
    assert main(["quality", str(copy)]) == 0
    assert (copy / "quality" / "index.html").read_bytes() == (out / "quality" / "index.html").read_bytes()


def _digits(text) -> str:
    from normalize.digits import to_ascii_digits
    return "".join(c for c in to_ascii_digits(text or "") if c.isdigit())


@pytest.mark.parametrize("sample", ["pdf/r01_ministry_layout000_sans.pdf", "scan/s01_ministry_layout000_sans_300dpi.pdf"])
def test_each_flagged_value_shows_a_crop_of_its_source_that_holds_it(out, tmp_path, sample):
    import pytesseract
    from PIL import Image

    reports = pd.read_parquet(out / "reports.parquet")
    ministry = reports[reports.source_file == sample].iloc[0].ministry
    page = out / "quality" / f"{slug(ministry)}.html"
    dom = Dom(browser("--dump-dom", page.as_uri()))
    loaded, total = dom.values("data-crops", "body")[0].split("/")
    assert int(total) > 0 and loaded == total  # every crop image loaded in the browser (naturalWidth > 0)
    flags = pd.read_csv(out / "quality" / "flags.csv", dtype=str, keep_default_na=False)
    ind = pd.read_parquet(out / "indicators.parquet")
    rows = ind[ind.source_file == sample]
    wanted = flags[(flags.source_file == sample) & (flags.field != "") & (flags.row_no != "")]
    assert len(wanted) > 0
    checked = agreed = 0
    html = page.read_text(encoding="utf-8")
    for f in wanted.itertuples():
        row = rows[rows.row_no == int(f.row_no)].iloc[0]
        raw = row[f"{f.field}_raw"]
        crop = re.search(rf'<tr data-field="{f.field}"[^>]*>\s*<td>[^<]*</td><td>{f.row_no}</td>.*?src="(crops/[^"]+)"',
                         html, re.S)
        assert crop, (f.row_no, f.field)
        image = Image.open(out / "quality" / crop.group(1))
        assert image.width > 40 and image.height > 20
        read = pytesseract.image_to_string(image, lang="ben", config="--psm 6")
        checked += 1
        agreed += _digits(raw) != "" and _digits(raw) in _digits(read)
    # a scanned value may be a misreading (the reason it is shown): there the crop reads otherwise
    assert checked and agreed / checked >= (1.0 if sample.startswith("pdf/") else 0.5), (agreed, checked)
