"""Crops of the source around a cell, for the quality pages: the reviewer sees the paper beside
the value. Made only for the values a page shows, and reused while the file and box are unchanged.

The box is where the cell's provenance says it was read: PDF points from the top of the page for a
text layer, pixels of the page as OCR read it (extract.scan.prepare) for a scan.
"""
from __future__ import annotations

import hashlib
import io
import json
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from PIL import Image

from extract.model import IN_DOUBT
from extract.readers import page_group
from progoti.atomic import write_atomic
from progoti.results import ReportRows

MARGIN_POINTS = 8.0
MARGIN_PIXELS = 14
PDF_SCALE = 2.5  # 180 dpi: small Bangla print stays legible


CHECKED_FIELDS = ("target_excellent", "target_very_good", "target_good", "target_fair", "target_poor", "achievement",
                  "weight", "unit", "indicator", "evidence")


def flagged_fields(flags: list[dict]) -> dict[tuple, list[str]]:
    """(report_id, row_no, field) → the flags on that value, from rows of quality/flags.csv."""
    flagged: dict[tuple, list[str]] = {}
    for f in flags:
        if f["row_no"] and f.get("field"):
            flagged.setdefault((f["report_id"], int(f["row_no"]), f["field"]), []).append(f["flag"])
    return flagged


def cells_to_check(row: dict, flagged: dict[tuple, list[str]]) -> Iterator[tuple[str, dict, str | None, list[str]]]:
    """(field, cell, what was read, why) for each value of an indicator row a reviewer should see
    beside its source: flagged, read with low confidence, or changed from what was read."""
    cells = json.loads(row["cells"]) if row.get("cells") else {}
    corrected = {c.split(":", 1)[0] for c in (row["corrections"] if row.get("corrections") is not None else [])}
    for name in CHECKED_FIELDS:
        cell = cells.get(name) or {}
        why = list(flagged.get((row["report_id"], row["row_no"], name), []))
        raw = row.get(f"{name}_raw") if name not in ("indicator", "unit") else (
            row.get("indicator_raw") if name == "indicator" else None)
        holds_value = row.get(name) is not None or (raw or "").strip("-–— ") != ""
        if cell and cell.get("confidence", 1.0) < IN_DOUBT and holds_value:
            why.append(f"read with confidence {cell['confidence']:.2f}")
        elif cell.get("doubt"):
            why.append(f"in doubt: {cell['doubt']}")
        if name in corrected:
            why.append("changed from what was read")
        if why:
            yield name, cell, raw, why


def make_report_crops(rows: ReportRows, input_root: Path, crops_dir: Path) -> None:
    """The crops the quality pages will show for one report, cut from its rows in the worker that
    read it, so the page images are rendered in parallel rather than one after another when the
    pages are built."""
    report = rows.reports[0]
    if report["format"] == "text":
        return
    flagged = flagged_fields(rows.flags)
    notes = list(report.get("notes") or [])
    for row in rows.indicators:
        for name, cell, _, _ in cells_to_check(row, flagged):
            if cell:
                make_crop(input_root, report["source_file"], notes, cell,
                          crops_dir / crop_name(report["report_id"], row["row_no"], name, cell))


def crop_name(report_id: str, row_no: int, field: str, cell: dict) -> str:
    digest = hashlib.sha256(repr((cell.get("page"), cell.get("box"), cell.get("method"))).encode()).hexdigest()[:8]
    return f"{report_id}-{row_no}-{field}-{digest}.png"


def make_crop(input_root: Path, source_file: str, notes: list[str], cell: dict, path: Path) -> bool:
    """Write the crop of `cell` to `path` (unless it is there); False when there is nothing to cut."""
    if path.exists():
        return True
    box, page = cell.get("box"), cell.get("page")
    if not box or not page:
        return False
    try:
        image = _page_image(input_root, source_file, notes, int(page), cell.get("method", ""))
    except (OSError, ValueError, IndexError):
        return False
    if image is None:
        return False
    picture, margin = image
    x0, top, x1, bottom = box
    scale = picture.scale
    region = (max(0, int((x0 - margin) * scale)), max(0, int((top - margin) * scale)),
              min(picture.image.width, int((x1 + margin) * scale)), min(picture.image.height, int((bottom + margin) * scale)))
    if region[2] <= region[0] or region[3] <= region[1]:
        return False
    buf = io.BytesIO()
    picture.image.crop(region).save(buf, "PNG")  # optimize=True: 4% smaller, 5x the time
    write_atomic(path, buf.getvalue())
    return True


class _Picture:
    def __init__(self, image: Image.Image, scale: float):
        self.image, self.scale = image, scale  # scale: image pixels per unit of the box


def _rotation(notes: Iterable[str], page: int) -> int:
    for note in notes:
        m = re.match(rf"page {page} was turned (\d+)°", note)
        if m:
            return int(m.group(1))
    return 0


def _page_image(input_root: Path, source_file: str, notes: list[str], page: int, method: str):
    return _page_image_cached(input_root, source_file, tuple(notes), page, method.startswith("pdf-"))


@lru_cache(maxsize=4)  # the crops of one page are cut from one rendering of it
def _page_image_cached(input_root: Path, source_file: str, notes: tuple[str, ...], page: int, text_layer: bool):
    import pypdfium2 as pdfium

    path = input_root / source_file
    if path.suffix.lower() == ".pdf" and text_layer:  # a text layer: the box is in points
        doc = pdfium.PdfDocument(path)
        try:
            return _Picture(doc[page - 1].render(scale=PDF_SCALE, grayscale=True).to_pil(), PDF_SCALE), MARGIN_POINTS
        finally:
            doc.close()

    from extract import scan  # OpenCV: loaded only where a scanned page is cut

    rotation = _rotation(notes, page)
    if path.suffix.lower() == ".pdf":
        data = path.read_bytes()
        key = scan.page_key(data, page - 1)
        if (kept := scan.kept_page(key, rotation)) is not None:
            return _Picture(Image.fromarray(kept), 1.0), MARGIN_PIXELS  # as this worker just read it
        doc = pdfium.PdfDocument(data)
        try:
            image, dpi = scan.render_pdf_page(doc[page - 1])
        finally:
            doc.close()
    else:
        group = page_group(source_file)
        if group and page > 1:
            stem, _ = group
            path = next(input_root.glob(f"{stem}.p{page}.*"))
            frame = 0
        else:
            frame = page - 1
        data = path.read_bytes()
        key = scan.page_key(data, frame)
        if (kept := scan.kept_page(key, rotation)) is not None:
            return _Picture(Image.fromarray(kept), 1.0), MARGIN_PIXELS
        with Image.open(io.BytesIO(data)) as im:
            im.seek(frame)
            dpi = float(im.info.get("dpi", (300, 300))[0] or 300)
            image = im.convert("L").copy()
    prepared = scan.prepare(image, dpi, rotation, key)
    return _Picture(Image.fromarray(prepared), 1.0), MARGIN_PIXELS


def source_line(input_root: Path, source_file: str, line: int | None) -> str | None:
    """The line of a text input a cell was read from."""
    if not line:
        return None
    from extract.model import ExtractionError
    from extract.textfile import decode

    try:
        lines = decode((input_root / source_file).read_bytes()).split("\n")
    except (OSError, ExtractionError):
        return None
    return lines[line - 1] if 0 < line <= len(lines) else None
