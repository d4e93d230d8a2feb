"""Scanned pages — image-only PDF pages and page images — read with one OCR pass per page.

Per page: turn it upright (Tesseract's orientation detection), straighten it
(the angle that makes the ruling lines horizontal), find the table grid with
OpenCV morphology, erase the ruling lines, run Tesseract `ben` once over the
page, and give each recognised word to the cell whose box holds it; words
outside every table are the letter's text. One OCR pass per page, not per
cell (extract/ocr.py keeps the engine loaded); whole-page OCR with the lines
left in loses the table.
"""
from __future__ import annotations

import hashlib
import io
import math
import re
from dataclasses import replace
from functools import cached_property, partial
from typing import NamedTuple

import cv2
import numpy as np
from PIL import Image, ImageSequence

from extract import ocr
from extract import words as text_words
from extract.glyphs import BREAK_WITHOUT_SPACE
from extract.grid import stitch, table_from_boxes
from extract.model import IN_DOUBT, Document, ExtractionError, Page, read_or_unread
from extract.ocr import Word
from normalize.text import clean
from normalize.values import parse_value

OCR_DPI = 220  # pages are read at this resolution at most: Bangla text stays legible, OCR stays quick
MAX_SKEW = 3.0
LIGHT_WINDOW = 31  # pixels at OCR_DPI: wider than any stroke, narrower than the light's fall
LIGHT_SCALE = 2  # the paper's light is measured on a copy this many times smaller (4 lost 11 fields of 2,430 on development photographs)
UNEVEN_LIGHT = 25  # grey levels the paper's brightness spans before the light is evened
FOUR_SIDED = 0.985  # share of the outline's hull its four corners must enclose (a photographed table: 0.99)
MAX_STRAY = 6  # pixels at OCR_DPI a table's corner may lie off a rectangle before the page is unwarped
MIN_RULE_SPREAD = 0.25  # degrees between a table's rules that only a perspective makes (dev scans: ≤ 0.13 flat, ≥ 0.34 photographed)
UPRIGHT_CONFIDENCE = 0.6  # below this mean word confidence, ask Tesseract which way up the page is
MAX_PIXELS = 150_000_000  # an A3 page at 600 dpi is 70 million; more is no scan (a decompression bomb)
MIN_CELL = 12  # pixels at OCR_DPI
CONTAINS_SLACK = 3.0  # pixels a box may reach past another it holds
MIN_MARK = 6  # pixels at OCR_DPI: a hyphen is wider, a letter taller; a speck is neither
_ALNUM = re.compile(r"[^\W_]|[\u0980-\u09FF]")  # a letter or digit; an underscore is the edge of a rule
_LETTER = re.compile(r"[A-Za-z\u0985-\u09B9]")
_BANGLA_LETTER = re.compile(r"[\u0985-\u09B9]")
_DIGIT = re.compile(r"[০-৯0-9]")
SPACE = 0.3  # a gap between words narrower than this share of their height is no space
MIN_LINE = 12  # pixels at OCR_DPI: a band of ink rows lower than this is no line of text
SURE_LINE = 0.6  # words of a skipped line read again are kept at this confidence
STROKE_WIDTH = 0.2  # of a word's height, per letter cluster: a narrower box holds a stroke, not letters
_CLUSTER_START = re.compile(r"(?<!\u09CD)[\u0985-\u09B9\u09DC-\u09DF]")  # a letter no hasanta joins to the one before
_ASCII = re.compile(r"[A-Za-z0-9]")  # what the Bangla model writes where it sees Latin script
LONE_MARK_SIZE = 80  # pixels at OCR_DPI: a few digits wide
LONE_MARK_INK = 20  # dark pixels: less is dust
LONE_MARK_HEIGHT = 12  # pixels at OCR_DPI: a digit of 8 pt is taller; a sliver of a ruling line is not
SURE_LONE_MARK = 0.6  # a lone mark's digits-only reading is taken at this confidence
METHOD = "ocr"


def read_images(parts: list[tuple[bytes, str]], source_file: str) -> Document:
    """One report from one or more page images (a multi-page TIFF counts as several)."""
    images = []
    for data, name in parts:
        try:
            with Image.open(io.BytesIO(data)) as im:
                if im.width * im.height > MAX_PIXELS:
                    raise ExtractionError(
                        f"{name} declares {im.width} × {im.height} pixels, more than a scanned page can have "
                        f"({MAX_PIXELS // 10**6} million at most); it was not decoded.")
                dpi = im.info.get("dpi", (300, 300))[0] or 300
                images += [(frame.convert("L").copy(), float(dpi), page_key(data, k))
                           for k, frame in enumerate(ImageSequence.Iterator(im))]
        except ExtractionError:
            raise
        except Image.DecompressionBombError:
            raise ExtractionError(f"{name} declares more pixels than a scanned page can have; it was not decoded.") from None
        except Exception:  # Pillow raises many kinds on files that are no image
            raise ExtractionError(f"{name} is not an image Pillow can read; it may be damaged.") from None
    pages = [read_or_unread(n, partial(read_page, image, dpi, n, source_file, key))
             for n, (image, dpi, key) in enumerate(images, start=1)]
    stitch(pages)
    return Document(source_file, "image", pages, METHOD, warnings=[w for p in pages for w in p.notes])


PREPARED_KEPT = 8  # pages a process keeps prepared: the quality pages' crops are cut right after the reading
_prepared: dict[tuple[bytes, int], np.ndarray] = {}  # (page key, rotation) -> the prepared page, oldest first


def page_key(data: bytes, index: int) -> bytes:
    """A page's identity: its file's content and its place in the file (a PDF's page, a TIFF's
    frame). The crops of a page find it prepared under this key without rendering it again."""
    return hashlib.blake2b(data, digest_size=16, person=index.to_bytes(16, "big")).digest()


def prepare(image: Image.Image, dpi: float, rotation: int = 0, key: bytes | None = None) -> np.ndarray:
    """The page as OCR reads it (at most OCR_DPI, straightened, turned by `rotation`): the cell
    boxes of a scan's provenance are in this image, so crops of it are made from it too. The last
    few are kept under the page's key (without one, a digest of its pixels and dpi): the worker
    that read a page cuts its crops next, and preparing it again cost a third of cutting them.
    Kept read-only, as every caller shares it."""
    gray = image.convert("L")
    if key is None:
        digest = hashlib.blake2b(repr((gray.size, dpi)).encode(), digest_size=16)
        digest.update(gray.tobytes())
        key = digest.digest()
    if (key, rotation) not in _prepared:
        _keep(key, rotation, _prepare(gray, dpi, rotation))
    return _prepared[key, rotation]


def kept_page(key: bytes, rotation: int) -> np.ndarray | None:
    """The page prepared under `key` and turned by `rotation`, if this process still keeps it."""
    return _prepared.get((key, rotation))


def _keep(key: bytes, rotation: int, gray: np.ndarray) -> None:
    gray.flags.writeable = False
    _prepared[key, rotation] = gray
    while len(_prepared) > PREPARED_KEPT:
        _prepared.pop(next(iter(_prepared)))


def _prepare(image: Image.Image, dpi: float, rotation: int) -> np.ndarray:
    gray = np.asarray(image)
    scale = min(1.0, OCR_DPI / dpi)
    if scale < 1.0:
        gray = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    gray = straighten(unwarp(even_light(gray)))
    if rotation:
        gray = straighten(_turned(gray, rotation))
    return gray


def read_page(image: Image.Image, dpi: float, number: int, source_file: str, key: bytes | None = None) -> Page:
    """One scanned page; `key` (page_key) lets the crops find the page as it was read.

    A page lying on its side or head is turned upright. Two cues say so: before any reading, its
    lines of text run down the page (`_lies_on_its_side`), and then it is turned first; after
    reading, its words are garbled (low mean confidence), and then the turn is tried. Either way
    the reading kept is the more confident one, so a wrong cue costs time, never the page."""
    gray = prepare(image, dpi, key=key)
    lines, tables = find_tables(gray)
    sideways = _lies_on_its_side(gray, lines)
    turned = _read_sideways(gray, lines) if sideways else None
    if turned is None or _mean_confidence(turned.words) < UPRIGHT_CONFIDENCE:
        read = _read(gray, (lines, tables))
        if not sideways and _mean_confidence(read.words) < UPRIGHT_CONFIDENCE:  # garbled: perhaps it is turned
            turned = _read_turned(gray)
        if turned is None or _mean_confidence(turned.words) <= _mean_confidence(read.words):
            turned = None
    notes: list[str] = []
    if turned is not None:
        read = turned
        if key is not None:
            _keep(key, turned.rotation, turned.page)
        notes.append(f"page {number} was turned {turned.rotation}° to read it")
    cleaned, words, tables = read.cleaned, read.words, read.tables
    in_cell = {box: _without_rule_remains(found, box)
               for box, found in words_in(words, [box for _, boxes in tables for box in boxes]).items()}
    texts = {box: words_text(found, " ") for box, found in in_cell.items()}
    unparsed = [box for box, (text, conf) in texts.items() if _looks_numeric(text, conf)]
    doubtful = [box for box, (text, conf) in texts.items() if _doubtful_value(text, conf)]
    unread = [box for box, (text, _) in texts.items() if not text and _lone_mark(cleaned, box)]
    texts |= {box: ("", texts[box][1]) for box in doubtful if _dust(cleaned, box)}
    doubtful = [box for box in doubtful if texts[box][0]]
    second = reread_numbers(cleaned, unparsed + doubtful + unread)
    texts |= {box: second[box] for box in unparsed if box in second}
    texts |= {box: second[box] for box in unread
              if box in second and _is_value(second[box][0]) and second[box][1] >= SURE_LONE_MARK}
    others = {box: (second[box][0],) for box in doubtful if box in second and second[box][0] != texts[box][0]}
    read_tables = []
    for bbox, boxes in tables:
        table = table_from_boxes(boxes, texts.__getitem__, source_file, number, METHOD, tolerance=MIN_CELL / 2,
                                 alternatives=lambda box: others.get(box, ()),
                                 word_readings=lambda box: word_readings(in_cell.get(box, ())))
        if table is not None:
            table.bbox, table.page_height = bbox, float(cleaned.shape[0])
            read_tables.append(table)
    return Page(number, letter_text(cleaned, words, tables), read_tables, method=METHOD, notes=notes)


class _Read(NamedTuple):
    cleaned: np.ndarray  # the page as read, its tables' ruling lines erased
    words: list[Word]
    tables: list
    rotation: int = 0
    page: np.ndarray | None = None  # the page turned upright, where it was turned


def _read_turned(gray: np.ndarray) -> _Read | None:
    """The page turned upright and read, or None where upright() finds it upright already."""
    turned, rotation = upright(gray)
    return _read_upright(turned, rotation) if rotation else None


def _read_sideways(gray: np.ndarray, lines: np.ndarray) -> _Read:
    """A page whose lines of text run down it, turned a quarter and read: first the way its
    headlines say (`_headline_turn`), then, where that reading is garbled, the other way too; the
    more confident reading is kept. (Turned the wrong way, a page reads at a mean confidence of
    0.27 to 0.40, the right way 0.79 to 0.93: development scans.)"""
    first = _headline_turn(gray, lines)
    read = _read_upright(_turned(gray, first), first)
    if _mean_confidence(read.words) >= UPRIGHT_CONFIDENCE:
        return read
    other = 360 - first
    return max(read, _read_upright(_turned(gray, other), other), key=lambda r: _mean_confidence(r.words))


def _read_upright(turned: np.ndarray, rotation: int) -> _Read:
    """A page turned by `rotation`, straightened and read."""
    straightened = straighten(turned)
    return _read(straightened)._replace(rotation=rotation, page=straightened)


HEADLINE = 25  # pixels at OCR_DPI: a headline runs longer than any other stroke of a letter across its line
LETTER_HEIGHT = 20  # pixels at OCR_DPI: about how far a letter's body hangs from its headline


def _headline_turn(gray: np.ndarray, lines: np.ndarray) -> int:
    """Which quarter turn (90 or 270° clockwise) likely stands a page lying on its side upright.
    Bangla hangs its letters from a headline (মাত্রা), which on its side is a long vertical
    stroke: the text's ink opened by a vertical line keeps the headlines alone (letters' other
    strokes are shorter, specks shorter still). The letters' bodies lie on one side of them, the
    page's bottom; where more of the other ink lies to the headlines' left, the right is the top.
    A guess: the reading confirms it. (On development scans, right for all 61 pages on their side;
    the profile of the ink across columns, which it replaced, merged lines under a scan's specks
    and was right for 54.)"""
    text = _text_ink(gray, lines).astype(np.uint8)
    headlines = opened(text, HEADLINE, vertical=True)
    body = (text > 0) & (headlines == 0)
    # across[y, x]: the body's ink in row y left of column x
    across = np.pad(np.cumsum(body, axis=1, dtype=np.int32), ((0, 0), (1, 0)))
    ys, xs = np.nonzero(headlines)
    right = across[ys, np.minimum(xs + 1 + LETTER_HEIGHT, body.shape[1])] - across[ys, xs + 1]
    left = across[ys, xs] - across[ys, np.maximum(xs - LETTER_HEIGHT, 0)]
    return 270 if int(left.sum()) > int(right.sum()) else 90


SIDEWAYS = 2.0  # a page whose text's row profile is less than twice as sharp as its column profile
# lies on its side (development scans, rules erased: upright pages 5 to 30, pages on their side 0.2 to 1.4)


def _lies_on_its_side(gray: np.ndarray, lines: np.ndarray) -> bool:
    """Do the page's lines of text run down it? Bangla's headline (মাত্রা) and the gaps between
    lines make the ink's profile across rows sharp on an upright page; on a page lying on its
    side the profile across columns is. The ruling lines are left out: a table's rules run both ways."""
    text = _text_ink(gray, lines).astype(np.float32)
    rows = float(np.square(np.diff(text.sum(axis=1))).sum())
    columns = float(np.square(np.diff(text.sum(axis=0))).sum())
    return columns > 0 and rows < SIDEWAYS * columns


def _text_ink(gray: np.ndarray, lines: np.ndarray) -> np.ndarray:
    """The page's ink without its tables' ruling lines: its text."""
    return (_marks(gray).ink > 0) & (lines == 0)


def _read(gray: np.ndarray, found: tuple | None = None) -> _Read:
    """The page with its tables' ruling lines erased, the words one OCR pass finds on it, and the
    tables; `found` is find_tables' answer for this page where the caller has it already."""
    lines, tables = found or find_tables(gray)
    cleaned = gray.copy()
    cleaned[lines > 0] = 255
    return _Read(cleaned, ocr.page_eights([w for w in ocr.words(cleaned) if not _speck(w)]), tables)


def _speck(word: Word) -> bool:
    """A word whose box is smaller than any character every way: a speck the engine read as one;
    or a stroke: a word read with low confidence in a box too narrow for its letter clusters
    (`রর` in a box 7 pixels wide and 39 high: the edge of a rule or of the page, not two letters)."""
    width, height = word.x1 - word.x0, word.bottom - word.top
    if width < MIN_MARK and height < MIN_MARK:
        return True
    clusters = len(_CLUSTER_START.findall(word.text))
    return word.confidence < SURE_LINE and clusters > 0 and width < STROKE_WIDTH * height * clusters


def _mean_confidence(words: list[Word]) -> float:
    return float(np.mean([w.confidence for w in words])) if len(words) >= 5 else 0.0


def even_light(gray: np.ndarray) -> np.ndarray:
    """The page with the light made even: a phone's picture darkens towards one side, and
    Tesseract's single threshold then loses the text there. The paper's brightness, taken as the
    brightest pixels around each point (a closing wider than any stroke), is divided out; a page
    evenly lit (a scanner's) is left as it is."""
    window = max(3, LIGHT_WINDOW // LIGHT_SCALE)  # the light changes slowly: it is found on a smaller copy
    small = cv2.resize(gray, None, fx=1 / LIGHT_SCALE, fy=1 / LIGHT_SCALE, interpolation=cv2.INTER_AREA)
    paper = cv2.blur(cv2.morphologyEx(small, cv2.MORPH_CLOSE, np.ones((window, window), np.uint8)), (window, window))
    inner = paper[paper.shape[0] // 8:-paper.shape[0] // 8 or None, paper.shape[1] // 8:-paper.shape[1] // 8 or None]
    if inner.size == 0 or np.percentile(inner, 95) - np.percentile(inner, 5) < UNEVEN_LIGHT:
        return gray
    paper = cv2.resize(paper, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_LINEAR)
    return np.clip(gray.astype(np.float32) / np.maximum(paper, 1) * 255, 0, 255).astype(np.uint8)


def unwarp(gray: np.ndarray) -> np.ndarray:
    """A photographed page's table pulled back into a rectangle.

    A phone held at an angle makes the table's outline a quadrilateral; its ruling lines are then
    neither horizontal nor parallel, and no rotation straightens them. The outline is the
    largest outer contour of the page's ink (the table's border holds its ruling lines
    together); where its four corners stray from a rectangle, the page is warped so that they
    make one. Three cues must agree: the outline has four straight sides (text run into the
    border, or a table cut off by the page, bulges it); its corners stray from every rectangle
    (at any angle: a skewed scan's table is a rectangle); and the ruling lines inside converge,
    as only a perspective makes them (a flat scan's rules stay parallel, however its outline's
    corners come out). Pages without such an outline (letters) are left as they are.
    """
    corners = _outline(gray)
    if corners is None:
        return gray
    if _off_rectangle(corners) <= MAX_STRAY or _rule_spread(gray) < MIN_RULE_SPREAD:
        return gray  # a rectangle, perhaps turned a little: straighten() turns it back
    tl, tr, br, bl = corners
    x0, y0 = (tl[0] + bl[0]) / 2, (tl[1] + tr[1]) / 2
    x1, y1 = (tr[0] + br[0]) / 2, (bl[1] + br[1]) / 2
    target = np.float32([[x0, y0], [x1, y0], [x1, y1], [x0, y1]])
    m = cv2.getPerspectiveTransform(corners, target)
    return cv2.warpPerspective(gray, m, (gray.shape[1], gray.shape[0]), flags=cv2.INTER_LINEAR,
                               borderMode=cv2.BORDER_CONSTANT, borderValue=255)


def _rule_spread(gray: np.ndarray) -> float:
    """The wider spread (degrees) of the angles of the page's long horizontal rules or of its long
    vertical ones: about nothing on a scan, however skewed, a degree or more in a photograph."""
    horizontal, vertical = _marks(gray).rules
    return max(_angle_spread(horizontal), _angle_spread(cv2.transpose(vertical)))


def _angle_spread(rules: np.ndarray) -> float:
    """The spread (degrees) of the slopes of a mask's strokes running a quarter of its width or more."""
    angles = _slopes(rules)
    return max(angles) - min(angles) if len(angles) >= 2 else 0.0


def _slopes(rules: np.ndarray) -> list[float]:
    """The slopes (degrees) of a mask's strokes running a quarter of its width or more: each
    stroke's outline, fitted with a line (least squares)."""
    contours, _ = cv2.findContours(rules, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    angles = []
    for outline in contours:
        if cv2.boundingRect(outline)[2] >= rules.shape[1] / 4:
            vx, vy, _, _ = cv2.fitLine(outline, cv2.DIST_L2, 0, 0.01, 0.01).ravel()
            angles.append(float(np.degrees(np.arctan(vy / vx))))
    return angles


def _off_rectangle(corners: np.ndarray) -> float:
    """How far (pixels) the farthest corner lies from the nearest corner of the closest rectangle
    at any angle: a skewed scan's table is a rectangle, a photographed one is not."""
    box = cv2.boxPoints(cv2.minAreaRect(corners))
    return float(max(np.linalg.norm(box - c, axis=1).min() for c in corners))


def _outline(gray: np.ndarray) -> np.ndarray | None:
    """The four corners (top left, top right, bottom right, bottom left) of the largest outer
    contour of ink, if it covers a fifth of the page and is four-sided."""
    contours, _ = cv2.findContours(cv2.dilate(_marks(gray).ink, np.ones((3, 3), np.uint8)), cv2.RETR_EXTERNAL,
                                   cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    largest = max(contours, key=cv2.contourArea)
    if cv2.contourArea(largest) < 0.2 * gray.size:
        return None
    hull = cv2.convexHull(largest)
    points = cv2.approxPolyDP(hull, 0.02 * cv2.arcLength(hull, True), True).reshape(-1, 2).astype(np.float32)
    if len(points) != 4 or cv2.contourArea(points) < FOUR_SIDED * cv2.contourArea(hull):
        return None  # not four straight sides: text or a cut-off table bulges the outline
    total, diff = points.sum(axis=1), points[:, 0] - points[:, 1]
    return np.float32([points[total.argmin()], points[diff.argmax()], points[total.argmax()], points[diff.argmin()]])


_TURNS = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}


def upright(gray: np.ndarray) -> tuple[np.ndarray, int]:
    """The page turned upright (0, 90, 180 or 270°). Two cues: Tesseract's orientation detection
    when it is sure; else, since it often finds nothing on a ruled table page lying on its side,
    the turn under which the page reads as the most confident words."""
    rotate, confidence = ocr.orientation(cv2.resize(gray, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA))
    if confidence < 2.0:
        rotate = max((0, 90, 180, 270), key=lambda turn: _reads_as_words(_turned(gray, turn)))
    return _turned(gray, rotate), rotate


def _turned(gray: np.ndarray, turn: int) -> np.ndarray:
    return cv2.rotate(gray, _TURNS[turn]) if turn else gray


def _reads_as_words(gray: np.ndarray) -> float:
    """The confidence summed over the words of two or more letters OCR reads on the page at half
    size: high when the page is upright. The whole page, not a strip: a short last page's table
    may lie in any part of it."""
    half = cv2.resize(gray, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    return sum(w.confidence for w in ocr.words(half) if len(_BANGLA_LETTER.findall(w.text)) >= 2)


def straighten(gray: np.ndarray) -> np.ndarray:
    """Undo a skew of up to ±3°: the angle whose row profile is sharpest (ruling lines and text lines)."""
    small = cv2.resize(gray, None, fx=0.35, fy=0.35, interpolation=cv2.INTER_AREA)
    h, w = small.shape
    ys, xs = np.nonzero(small < 128)
    xs, ys = xs - w / 2, ys - h / 2

    def sharpness(angle: float) -> float:  # the ink's points turned about the centre, counted per row
        a = np.radians(angle)
        rows = np.rint(ys * np.cos(a) - xs * np.sin(a) + h / 2).astype(np.int64)
        return float(np.square(np.diff(np.bincount(rows[(rows >= 0) & (rows < h)], minlength=h))).sum())

    # A wide table's profile peaks within a quarter of a degree: steps coarser than that can
    # land on the wrong side of the peak.
    coarse = max(np.arange(-MAX_SKEW, MAX_SKEW + 0.01, 0.2), key=sharpness)
    best = max(np.arange(coarse - 0.2, coarse + 0.21, 0.05), key=sharpness)
    if abs(best) >= 0.05:
        m = cv2.getRotationMatrix2D((gray.shape[1] / 2, gray.shape[0] / 2), best, 1.0)
        gray = cv2.warpAffine(gray, m, (gray.shape[1], gray.shape[0]), flags=cv2.INTER_LINEAR,
                              borderMode=cv2.BORDER_CONSTANT, borderValue=255)
    return _unsheared(gray)


MIN_LEAN = 0.2  # degrees: a table's vertical rules leaning less than this stay within a cell's tolerance
MIN_LEANING_RULES = 3


def _unsheared(gray: np.ndarray) -> np.ndarray:
    """The page with its vertical rules upright where they all lean one way once the horizontal ones
    are level: a photograph taken at a slant shears the page, which no rotation undoes, and each
    row's cells then stand a little further over than the row's above, until one column reads as
    two. The shear is the vertical rules' median lean; a page without such rules is left alone."""
    _, vertical = _marks(gray).rules
    leans = _slopes(cv2.transpose(vertical))  # of x against y: the rules' lean off upright
    if len(leans) < MIN_LEANING_RULES or abs(lean := float(np.median(leans))) < MIN_LEAN:
        return gray
    shear = np.tan(np.radians(lean))
    m = np.float32([[1, -shear, shear * gray.shape[0] / 2], [0, 1, 0]])
    return cv2.warpAffine(gray, m, (gray.shape[1], gray.shape[0]), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=255)


class Marks:
    """A page's ink (255 on ink, 0 on paper) and, when asked for, its long strokes."""

    def __init__(self, gray: np.ndarray):
        self.ink = _ink(gray)

    @cached_property
    def rules(self) -> tuple[np.ndarray, np.ndarray]:
        """(horizontal, vertical) long strokes of the ink."""
        return _rules(self.ink)


_last_marks: tuple[np.ndarray, Marks] | None = None


def _marks(gray: np.ndarray) -> Marks:
    """The page's marks. Unwarping, unshearing, finding the tables and telling a page on its side
    each need them for the same page: the last page's are kept (the page itself is never changed
    in place, only replaced by a turned or warped copy: it is made read-only)."""
    global _last_marks
    last = _last_marks
    if last is not None and last[0] is gray:
        return last[1]
    gray.flags.writeable = False
    found = Marks(gray)
    _last_marks = (gray, found)
    return found


def _ink(gray: np.ndarray) -> np.ndarray:
    """The page's ink (255) against its paper (0), thresholded against each neighbourhood's light."""
    return cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 15)


def _rules(ink: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(horizontal, vertical) long strokes of the ink. Long kernels: a Bangla word's headline
    (মাত্রা) is a horizontal stroke too, but a short one."""
    h, w = ink.shape
    return opened(ink, max(25, w // 10)), opened(ink, max(25, h // 45), vertical=True)


def opened(mask: np.ndarray, length: int, vertical: bool = False) -> np.ndarray:
    """The mask opened by a straight line of `length` pixels across it (down it, if `vertical`):
    what `cv2.morphologyEx(mask, cv2.MORPH_OPEN, line)` gives, pixel for pixel, in a third of
    the time for a long line (6.5 against 21 ms for a page's width at 220 dpi).

    OpenCV's erosion and dilation cost grows with the line's length. A line is a short segment
    swept along a comb of teeth a segment apart, so an erosion by the segment and then by the comb
    is one by the line (and so for dilation): about twice its square root in steps instead of its
    length. The mask is padded as OpenCV pads it (ink beyond the edge for the erosion, paper
    for the dilation) so that the edges come out as OpenCV's do.
    """
    m = max(1, int(math.sqrt(length)))
    segment = np.ones((1, m), np.uint8)
    comb = np.zeros((1, length - m + 1), np.uint8)
    comb[0, sorted({*range(0, length - m + 1, m), length - m})] = 1
    if vertical:
        segment, comb = segment.T, comb.T
    anchor = length // 2  # OpenCV's, for the line
    pad = (length, length, 0, 0) if vertical else (0, 0, length, length)
    start = length - anchor
    out = mask
    for operation, beyond in ((cv2.erode, 255), (cv2.dilate, 0)):
        swept = cv2.copyMakeBorder(out, *pad, cv2.BORDER_CONSTANT, value=beyond)
        for kernel in (segment, comb):
            operation(swept, kernel, dst=swept, anchor=(0, 0))  # in place: one page's copy at a time
        out = np.ascontiguousarray(swept[start:start + mask.shape[0]] if vertical else swept[:, start:start + mask.shape[1]])
    return out


def find_tables(gray: np.ndarray) -> tuple[np.ndarray, list[tuple[tuple, list[tuple]]]]:
    """(mask of the tables' ruling lines, [(table box, cell boxes)]) from long horizontal and vertical strokes."""
    h, w = gray.shape
    horizontal, vertical = _marks(gray).rules
    lines = cv2.dilate(horizontal | vertical, np.ones((3, 3), np.uint8), iterations=2)
    tables = []
    ruling = np.zeros_like(lines)
    count, labels, stats = _components(lines)
    for k in range(1, count):
        x, y, bw, bh, _ = stats[k]
        if bw < w * 0.2 or bh < MIN_CELL * 3:
            continue
        ruling[labels == k] = 255
        region = np.where(labels[y:y + bh, x:x + bw] == k, 255, 0).astype(np.uint8)
        contours, _ = cv2.findContours(255 - region, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
        boxes = []
        for c in contours:
            cx, cy, cw, ch = cv2.boundingRect(c)
            if cw >= MIN_CELL and ch >= MIN_CELL and (cw < bw * 0.98 or ch < bh * 0.98):
                boxes.append((float(x + cx), float(y + cy), float(x + cx + cw), float(y + cy + ch)))
        boxes = _cells_only(boxes)
        if len(boxes) >= 4:
            tables.append(((float(x), float(y), float(x + bw), float(y + bh)), boxes))
    tables.sort(key=lambda t: t[0][1])
    return ruling, tables


def _components(mask: np.ndarray) -> tuple[int, np.ndarray, np.ndarray]:
    """(count, labels, stats) of a mask's 8-connected parts. Labelled in 16 bits, which OpenCV
    does in about a third of the time of 32 (10 against 29 ms on a page at 220 dpi); a mask of more
    parts than 16 bits can count, which no page's ruling lines make, is labelled in 32."""
    try:
        count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8, ltype=cv2.CV_16U)
    except cv2.error:
        count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8, ltype=cv2.CV_32S)
    return count, labels, stats


def _cells_only(boxes: list[tuple]) -> list[tuple]:
    """The boxes that hold no other box: a box around others is the outline of a group of cells
    (a gap in a line), not a cell. Every pair is compared at once."""
    if not boxes:
        return boxes
    b = np.array(boxes)
    outer, inner = b[:, None, :], b[None, :, :]
    holds = ((outer[..., 0] - CONTAINS_SLACK <= inner[..., 0]) & (outer[..., 1] - CONTAINS_SLACK <= inner[..., 1])
             & (inner[..., 2] <= outer[..., 2] + CONTAINS_SLACK) & (inner[..., 3] <= outer[..., 3] + CONTAINS_SLACK))
    holds &= (outer != inner).any(axis=2)  # a box repeated is not held by its twin
    return [box for box, held in zip(boxes, holds.any(axis=1)) if not held]


def _looks_numeric(text: str, confidence: float) -> bool:
    """A cell the first pass read as digits and signs that do not make a value, or as a short
    scrap (a few signs: one of them a digit, or one letter alone, which no cell prints but the
    engine reads for a digit drawn like it, `ত` for `৩`; or read with low confidence)."""
    if not text:
        return False
    if not _BANGLA_LETTER.search(text):
        return parse_value(text).kind not in ("date", "number", "percent", "null")
    return len(text) <= 3 and (confidence < 0.8 or bool(_DIGIT.search(text))
                               or len(_BANGLA_LETTER.findall(text)) == 1)


def _lone_mark(gray: np.ndarray, box: tuple) -> bool:
    """Ink the first pass read no word in, shaped like a few characters: a lone small digit that
    whole-page OCR often drops. Specks, and slivers of an erased ruling line along the cell's
    edge, are no characters."""
    ink = _cell_ink(gray, box)
    count, _, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8))
    marks = [(x, y, w, h) for x, y, w, h, area in stats[1:count]
             if h >= LONE_MARK_HEIGHT and w >= LONE_MARK_HEIGHT / 3 and area >= LONE_MARK_INK]
    if not marks:
        return False
    x0, y0 = min(x for x, _, _, _ in marks), min(y for _, y, _, _ in marks)
    x1, y1 = max(x + w for x, _, w, _ in marks), max(y + h for _, y, _, h in marks)
    return x1 - x0 <= LONE_MARK_SIZE and y1 - y0 <= LONE_MARK_SIZE


def _dust(gray: np.ndarray, box: tuple) -> bool:
    """A cell holding less ink than the smallest character: whatever the engine read in it was dust."""
    return int(_cell_ink(gray, box).sum()) < LONE_MARK_INK


def _cell_ink(gray: np.ndarray, box: tuple) -> np.ndarray:
    inset = 3  # off the cell's erased ruling lines
    return gray[int(box[1]) + inset:int(box[3]) - inset, int(box[0]) + inset:int(box[2]) - inset] < 128


def _is_value(text: str) -> bool:
    return parse_value(text).kind in ("date", "number", "percent")


def _doubtful_value(text: str, confidence: float) -> bool:
    """A value the first pass read in doubt: its second, digits-only reading is kept beside it.
    Only there: a value read with confidence stays as read, so a second reading of it would go unused."""
    return confidence < IN_DOUBT and parse_value(text).kind in ("date", "number", "percent")


def reread_numbers(gray: np.ndarray, boxes: list[tuple]) -> dict[tuple, tuple[str, float]]:
    """Numeric cells read again in one more pass, digits and date signs only.

    The cells are cut out and stacked into one strip, so the whole page still
    costs two engine starts, not one per cell; a cell the strip reads nothing in
    (a lone small digit) is read on its own.
    """
    if not boxes:
        return {}
    gap, inset = 24, 3
    crops = [gray[int(b[1]) + inset:int(b[3]) - inset, int(b[0]) + inset:int(b[2]) - inset] for b in boxes]
    width = max(c.shape[1] for c in crops) + 2 * gap
    height = sum(c.shape[0] + gap for c in crops) + gap
    strip = np.full((height, width), 255, np.uint8)
    spans, y = [], gap
    for c in crops:
        strip[y:y + c.shape[0], gap:gap + c.shape[1]] = c
        spans.append((y, y + c.shape[0]))
        y += c.shape[0] + gap
    words = ocr.words(strip, digits_only=True)
    out = {}
    for box, crop, (top, bottom) in zip(boxes, crops, spans):
        inside = [w for w in words if top - gap / 2 <= (w.top + w.bottom) / 2 <= bottom + gap / 2]
        if not inside:  # a lone small digit the strip lost: read its cell on its own
            inside = ocr.words(cv2.copyMakeBorder(crop, gap, gap, gap, gap, cv2.BORDER_CONSTANT, value=255),
                               digits_only=True)
        if inside:
            out[box] = words_text(inside, " ")
    return out


def word_readings(words: list[Word]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(word as read, its other readings) for each word of a cell the engine was unsure of."""
    return tuple((clean(w.text), tuple(clean(a) for a in w.alternatives)) for w in words if w.alternatives)


def _without_rule_remains(found: list[Word], box) -> list[Word]:
    """A value cell's words without what is left of its erased rule: a word of letters read with
    low confidence that runs across the rule (`২ দল` for `২`). Only where the rest is a value and
    the whole is none: in a cell of text a word reaching over the rule is as often a real one."""
    kept = [w for w in found if not _across_rule(w, box)]
    if len(kept) < len(found) and _is_value(words_text(kept, " ")[0]) and not _is_value(words_text(found, " ")[0]):
        return kept
    return found


def _across_rule(w: Word, box) -> bool:
    beyond = max(box[0] - w.x0, w.x1 - box[2], box[1] - w.top, w.bottom - box[3])
    return w.confidence < SURE_LINE and beyond > MIN_MARK and not _DIGIT.search(w.text)


def words_in(words: list[Word], boxes: list[tuple]) -> dict[tuple, list[Word]]:
    """The words whose centre each box holds (edges included), in their order."""
    centres = np.array([((w.x0 + w.x1) / 2, (w.top + w.bottom) / 2) for w in words]).reshape(-1, 2)
    x, y = centres[:, 0], centres[:, 1]
    return {box: [words[k] for k in np.flatnonzero((box[0] <= x) & (x <= box[2]) & (box[1] <= y) & (y <= box[3]))]
            for box in boxes}


def text_lines(words: list[Word]) -> list[list[Word]]:
    """Words grouped into lines, top to bottom, each line left to right."""
    if not words:
        return []
    height = float(np.median([w.bottom - w.top for w in words]))
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.top + w.bottom) / 2):
        mid = (w.top + w.bottom) / 2
        if lines and abs(mid - np.mean([(x.top + x.bottom) / 2 for x in lines[-1]])) < height * 0.6:
            lines[-1].append(w)
        else:
            lines.append([w])
    return [sorted(line, key=lambda w: w.x0) for line in lines]


def words_text(words: list[Word], sep: str) -> tuple[str, float]:
    """Words in reading order (lines top to bottom, words left to right), lines joined by sep.

    In a cell of text (sep " "): a lone sign beside words is a speck (a dot or colon where a
    wrapped line ends; in a value cell a lone `-` is the value), and a word that ends in / or -
    runs on into the next with no space where OCR split them at a gap narrower than a space
    (`সেবা/অফিস`).
    """
    if sep == " " and any(len(_LETTER.findall(w.text)) >= 2 for w in words):  # a cell of text, not a value
        words = [_without_specks(w) for w in words if _ALNUM.search(w.text) or len(w.text) > 2]
    if not words:
        return "", 1.0
    text = ""
    for k, line in enumerate(text_lines(words)):
        joined = line[0].text
        for before, word in zip(line, line[1:]):
            tight = word.x0 - before.x1 < SPACE * (word.bottom - word.top)
            joined += word.text if sep == " " and before.text.endswith(BREAK_WITHOUT_SPACE) and tight else " " + word.text
        text += joined if k == 0 or (sep == " " and text.endswith(BREAK_WITHOUT_SPACE)) else sep + joined
    return clean(text) if sep == " " else text, float(np.mean([w.confidence for w in words]))


_EXCLAIMED = re.compile(r"(?<=[\u0980-\u09FF])!+")  # no report's table writes `!`: a speck, or an া read twice
_SLASH_DOTTED = re.compile(r"(?<=[\u0980-\u09FF])/[/.,:।]+")  # `উদ্ভাবিত/.`, `কর্মশালা//সভা`: a speck by the slash
_GAP_DOTTED = re.compile(r"(?<=[\u0985-\u09B9\u09BE-\u09CC\u09D7])[.:](?=[\u0985-\u09B9])")  # `আওতাধীন:দপ্তর`


def _without_specks(word: Word) -> Word:
    """A Bangla word of a cell of text without the marks a speck beside it was read as: an
    underscore at its start or end (a rule's edge), `!`, a dot, danda or second slash after a
    slash, and a dot or colon between two letters with no space (the word gap the speck stood in)."""
    if not _BANGLA_LETTER.search(word.text):
        return word
    text = _EXCLAIMED.sub("", word.text.strip("_"))
    text = _GAP_DOTTED.sub(" ", _SLASH_DOTTED.sub("/", text))
    return replace(word, text=text) if text != word.text and text.strip() else word


def letter_text(cleaned: np.ndarray, words: list[Word], tables: list) -> str:
    """The page's text outside its tables, Latin lines read again with the English model too.

    Letters print Latin (dates like `13-Oct-2023`, `July 8, 2025`, web addresses), which the
    Bangla model reads as ASCII digits and signs. A line where it gave ASCII letters or digits is
    read again with the Bangla and English models together and with the English model alone,
    which in turn take Bangla words for English ones; so a word of the first reading is replaced
    only where it holds ASCII letters or digits, and only by the reading in which a word list
    (extract/words.py) knows the most words (of as many, the one read with most confidence).
    """
    letter = cleaned.copy()  # the page without its tables
    for (x0, y0, x1, y1), _ in tables:
        letter[int(y0):int(y1) + 1, int(x0):int(x1) + 1] = 255
    in_tables = {id(w) for found in words_in(words, [bbox for bbox, _ in tables]).values() for w in found}
    outside = [w for w in words if id(w) not in in_tables]
    outside += _dropped_lines(letter, outside)
    merged = list(outside)
    for line in text_lines(outside):
        latin = [w for w in line if _ASCII.search(w.text)]
        if not latin:
            continue
        top, bottom = min(w.top for w in line), max(w.bottom for w in line)
        y0, y1 = max(0, int(top - (bottom - top) / 2)), int(bottom + (bottom - top) / 2)
        # from the first word with ASCII to the last, a line's height beside them: the rest of the
        # line keeps its first reading, and reading it again costs two models' time
        x0 = max(0, int(min(w.x0 for w in latin) - (bottom - top)))
        x1 = int(max(w.x1 for w in latin) + (bottom - top))
        readings = [[_moved(o, x0, y0) for o in ocr.words(letter[y0:y1, x0:x1], lang=lang)] for lang in ("ben+eng", "eng")]
        for word in latin:
            best = max([[word]] + [[o for o in others if _overlap(word, o)] for others in readings],
                       key=lambda group: (text_words.count(" ".join(o.text for o in group)).valid,
                                          np.mean([o.confidence for o in group]) if group else -1.0))
            if best != [word]:
                merged = [w for w in merged if w is not word] + best
                readings = [[o for o in others if o not in best] for others in readings]
    return words_text(merged, "\n")[0]


def _dropped_lines(letter: np.ndarray, words: list[Word]) -> list[Word]:
    """Words of the text lines of a page without its tables that the page's OCR pass skipped.

    Tesseract reading a page as one block now and then leaves out a short line (a letterhead's
    place line); a band of ink rows no word stands in is read again on its own.
    """
    ink = letter < 128
    rows = ink.sum(axis=1) > 2
    found, start = [], None
    for y, on in enumerate([*rows, False]):
        if on and start is None:
            start = y
        elif not on and start is not None:
            if y - start >= MIN_LINE and not any(start <= (w.top + w.bottom) / 2 <= y for w in words):
                found += _read_band(letter, ink, start, y)
            start = None
    return found


def _read_band(letter: np.ndarray, ink: np.ndarray, top: int, bottom: int) -> list[Word]:
    """The words of one band of ink rows, each run of text in it read on its own: across the
    page's width a scan's specks make Tesseract see no text at all."""
    smeared = cv2.dilate(ink[top:bottom].astype(np.uint8), np.ones((3, MIN_LINE * 2), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(smeared)
    out = []
    for x, _, w, _, area in stats[1:count]:
        if w < MIN_LINE * 3:
            continue  # a speck, smeared
        pad = MIN_LINE
        crop = cv2.copyMakeBorder(letter[top:bottom, x:x + w], pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=255)
        out += [_moved(r, x - pad, top - pad) for r in ocr.words(crop) if r.confidence >= SURE_LINE]
    return out


def _moved(word: Word, dx: float, dy: float) -> Word:
    """A word read in a crop, placed back on the page the crop was cut from."""
    return replace(word, x0=word.x0 + dx, x1=word.x1 + dx, top=word.top + dy, bottom=word.bottom + dy)


def _overlap(a: Word, b: Word) -> bool:
    """Two word boxes share at least half of the smaller one."""
    width = min(a.x1, b.x1) - max(a.x0, b.x0)
    height = min(a.bottom, b.bottom) - max(a.top, b.top)
    smaller = min((a.x1 - a.x0) * (a.bottom - a.top), (b.x1 - b.x0) * (b.bottom - b.top))
    return width > 0 and height > 0 and width * height >= 0.5 * smaller


def render_pdf_page(pdfium_page) -> tuple[Image.Image, float]:
    """A scanned PDF page as an image at its scan's own resolution (read_page scales it to OCR_DPI)."""
    images = [obj for obj in pdfium_page.get_objects() if obj.type == 3]  # image objects
    dpi = OCR_DPI
    if images:
        meta = images[0].get_metadata()
        dpi = max(150.0, min(float(meta.horizontal_dpi or OCR_DPI), 600.0))
    scale = render_scale(pdfium_page, dpi)
    if len(images) == 1 and (stored := _stored_scan(pdfium_page, images[0])) is not None:
        width, height = pdfium_page.get_size()
        size = (math.ceil(width * scale), math.ceil(height * scale))  # as pdfium sizes its rendering
        return Image.fromarray(cv2.resize(stored, size, interpolation=cv2.INTER_AREA)), scale * 72
    return pdfium_page.render(scale=scale, grayscale=True).to_pil(), scale * 72


_GRAY_OR_RGB = (1, 2)  # pdfium's DeviceGray and DeviceRGB colour spaces
SAME_BOX = 1.0  # points: an image whose corners lie this near the page's covers the page


def _stored_scan(pdfium_page, image) -> np.ndarray | None:
    """The page's one image decoded as stored (grey), where rendering the page would draw just that
    image: upright, unturned, covering the page's box, in grey or RGB, of a page's size. Decoding a
    scanner's JPEG and scaling it to the rendering's size (within two grey levels of pdfium's
    rendering) takes a quarter of the time of rendering the page; any other page is rendered."""
    meta = image.get_metadata()
    a, b, c, d, _, _ = image.get_matrix().get()
    if (pdfium_page.get_rotation() or b or c or a <= 0 or d <= 0 or meta.colorspace not in _GRAY_OR_RGB
            or meta.bits_per_pixel not in (1, 8, 24) or meta.width * meta.height > MAX_PIXELS
            or max(abs(u - v) for u, v in zip(image.get_bounds(), pdfium_page.get_bbox())) > SAME_BOX):
        return None
    return np.asarray(image.get_bitmap(render=False).to_pil().convert("L"))


def render_scale(pdfium_page, dpi: float) -> float:
    """dpi / 72, lowered so that a page declaring an absurd size cannot render beyond MAX_PIXELS."""
    width, height = pdfium_page.get_size()
    scale = dpi / 72
    pixels = width * height * scale * scale
    return scale if pixels <= MAX_PIXELS else scale * (MAX_PIXELS / pixels) ** 0.5
