import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


def _shared() -> Path:
    """The project's shared/ folder: beside this checkout, as CI lays it, else beside the local
    repository this one was cloned from (a clone made in a temporary folder)."""
    beside = ROOT.parent / "shared"
    if beside.is_dir():
        return beside
    origin = subprocess.run(["git", "-C", str(ROOT), "remote", "get-url", "origin"], capture_output=True,
                            text=True).stdout.strip()
    cloned_from = Path(origin).parent / "shared" if origin and Path(origin).is_dir() else None
    return cloned_from if cloned_from and cloned_from.is_dir() else beside


SHARED = _shared()
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
