"""notebooks/analysis.ipynb runs top to bottom against `progoti extract` on the samples."""

import nbformat
import pyarrow.parquet as pq
from nbclient import NotebookClient

from tests.conftest import ROOT


def test_analysis_notebook_runs_on_the_samples(sample_out, monkeypatch):
    out = sample_out
    monkeypatch.setenv("PROGOTI_OUT", str(out))
    nb = nbformat.read(ROOT / "notebooks" / "analysis.ipynb", as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "\n".join(o.get("text", "") + str(o.get("data", {}).get("text/plain", "")) for o in outputs)
    reports, indicators = pq.read_table(out / "reports.parquet"), pq.read_table(out / "indicators.parquet")
    assert f"{reports.num_rows} reports, {indicators.num_rows} indicator rows" in text
    # the e-file question finds one row per sample report whose template has an e-file indicator
    assert "96.99" in text and "94.63" in text
