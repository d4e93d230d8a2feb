"""Every schema file loads as written: no name cut at a comma, every name checked against its source."""
import re
from pathlib import Path

import yaml

from schemas import SCHEMAS_DIR
from tests.conftest import SHARED

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted(SCHEMAS_DIR.rglob("*.yaml"))


def _flow_scalars(node, in_flow=False):
    """Every scalar node with whether it stands inside a flow collection ([…] or {…})."""
    if isinstance(node, yaml.ScalarNode):
        yield node, in_flow
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _flow_scalars(item, in_flow or node.flow_style)
    elif isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            yield from _flow_scalars(k, in_flow or node.flow_style)
            yield from _flow_scalars(v, in_flow or node.flow_style)


def test_every_schema_file_loads_and_quotes_its_names_inside_flow_collections():
    assert len(FILES) >= 8
    for path in FILES:
        text = path.read_text(encoding="utf-8")
        yaml.safe_load(text)
        for node, in_flow in _flow_scalars(yaml.compose(text)):
            if in_flow and node.style is None and " " in node.value:
                raise AssertionError(f"{path.name} line {node.start_mark.line + 1}: unquoted name '{node.value}'")


def test_offices_name_whole_ministries_and_known_parents():
    data = yaml.safe_load((SCHEMAS_DIR / "offices.yaml").read_text(encoding="utf-8"))
    ministries = {m["name"] for m in data["ministries"]}
    for name in ministries:
        assert re.search(r"(মন্ত্রণালয়|বিভাগ|কার্যালয়)$", name), name
    for dept, ministry in data["departments"].items():
        assert ministry in ministries, (dept, ministry)
    for kind, dept in data["field_offices"].items():
        assert dept in data["departments"], (kind, dept)
    # the four names with a comma, whole
    for name in ["স্থানীয় সরকার, পল্লী উন্নয়ন ও সমবায় মন্ত্রণালয়", "আইন, বিচার ও সংসদ বিষয়ক মন্ত্রণালয়",
                 "বিদ্যুৎ, জ্বালানি ও খনিজ সম্পদ মন্ত্রণালয়", "পরিবেশ, বন ও জলবায়ু পরিবর্তন মন্ত্রণালয়"]:
        assert name in ministries


def _normalised(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<br\s*/?>", " ", text))


def test_catalogue_texts_appear_whole_in_the_text_they_were_written_from():
    """Each area, activity and indicator text stands in shared/reference or a seed, as written."""
    sources = [SHARED / "reference" / "egiap_templates.md", *sorted((SHARED / "seeds").glob("*.txt"))]
    corpus = " ".join(_normalised(p.read_text(encoding="utf-8")) for p in sources)
    checked = 0
    for path in sorted((SCHEMAS_DIR / "catalogue").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for section in ("areas", "activities", "indicators"):
            for entry in data.get(section) or []:
                assert _normalised(entry["text"]) in corpus, (path.name, entry["code"], entry["text"])
                checked += 1
    assert checked >= 60
