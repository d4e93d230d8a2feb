from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
GOLD = Path(__file__).resolve().parent / "gold"


@pytest.fixture
def samples() -> Path:
    return SAMPLES


def sample_bytes(prefix: str) -> tuple[bytes, str]:
    """The bytes and file name of the sample whose name starts with `prefix`."""
    path = next(SAMPLES.glob(f"{prefix}_*"))
    return path.read_bytes(), path.name


@pytest.fixture(scope="session")
def sample_out(tmp_path_factory) -> Path:
    """`progoti extract samples` once for the whole session (OCR makes it the slow part)."""
    from progoti.cli import main

    out = tmp_path_factory.mktemp("sample_out")
    main(["extract", str(SAMPLES), "--out", str(out), "--quiet"])
    return out
