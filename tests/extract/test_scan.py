"""Scanned pages: the generated scans (tests/fixtures/make_scan_samples.py) against their gold."""
import json
from pathlib import Path

import cv2
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import Levenshtein

from extract.scan import _cells_only, _components, find_tables, opened, straighten
from progoti.pipeline import extract_parts
from progoti.rows import indicator_row, report_row
from tests.conftest import GOLD, SAMPLES
from tests.scoring import compare, sample_paths

SCAN_GOLD = sorted((GOLD / "scan").glob("*.json"))


def run(gold_path: Path):
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    paths = sample_paths(gold["source_file"], SAMPLES)
    result = extract_parts([(p.read_bytes(), p.relative_to(SAMPLES).as_posix()) for p in paths])
    return gold, result


@pytest.fixture(scope="module")
def results():
    return {g.stem: run(g) for g in SCAN_GOLD}


@pytest.mark.parametrize("dpi, share", [(300, 0.98), (200, 0.95)])
def test_gold_fields_right(results, dpi, share):
    right = total = 0
    for name, (gold, result) in results.items():
        if gold["dpi"] != dpi:
            continue
        rows = [indicator_row(result, i) for i in result.record.indicators]
        r, t, _ = compare(gold, report_row(result), rows)
        right, total = right + r, total + t
        assert report_row(result)["method"] == "ocr"
    assert total > 400 and right / total >= share


def test_indicator_text_character_accuracy(results):
    errors = length = 0
    for gold, result in results.values():
        rows = {i.row_no: i for i in result.record.indicators}
        for g in gold["indicators"]:
            got = rows[g["row_no"]].indicator if g["row_no"] in rows else ""
            errors += Levenshtein.distance(got or "", g["indicator"])
            length += len(g["indicator"])
    assert 1 - errors / length >= 0.98


def test_loose_page_images_form_one_report_and_upside_down_pages_are_turned(results):
    gold, result = results["s06_department_twoline002_sans_300dpi"]
    assert result.source_file == "scan/s06_department_twoline002_sans_300dpi.p1.png"
    assert result.record.notes == [f"page {n} was turned 180° to read it" for n in (1, 2, 3)]
    assert len(result.record.indicators) == len(gold["indicators"])


@pytest.mark.parametrize("name, error", [
    ("x04_blank_page.png", "The pages are blank"),
    ("x05_photo_not_a_table.jpg", "No table was found"),
])
def test_pages_that_are_no_report_say_so(name, error):
    row = report_row(extract_parts([((SAMPLES / "scan" / name).read_bytes(), f"scan/{name}")]))
    assert row["status"] == "partial" and row["error"].startswith(error)


def test_an_unreadable_image_fails_with_a_sentence():
    row = report_row(extract_parts([(b"\x89PNG\r\n\x1a\nbroken", "scan/broken.png")]))
    assert row["status"] == "failed" and "not an image" in row["error"]


def drawn_table(angle: float = 0.0) -> np.ndarray:
    """A 4x3 ruled table with one cell merged over two rows, turned by `angle` degrees."""
    page = np.full((900, 1200), 255, np.uint8)
    xs, ys = [100, 400, 700, 1000], [100, 250, 400, 550, 700]
    for x in xs:
        cv2.line(page, (x, ys[0]), (x, ys[-1]), 0, 3)
    for y in ys:
        cv2.line(page, (xs[0], y), (xs[-1], y), 0, 3)
    cv2.line(page, (xs[0] + 2, ys[2]), (xs[1] - 2, ys[2]), 255, 5)  # merge column 0 over rows 1 and 2
    for y in ys[:-1]:
        cv2.putText(page, "text", (xs[1] + 30, y + 90), cv2.FONT_HERSHEY_SIMPLEX, 2, 0, 4)
    m = cv2.getRotationMatrix2D((600, 450), angle, 1.0)
    return cv2.warpAffine(page, m, (1200, 900), borderValue=255)


def test_grid_found_with_merged_cell():
    _, tables = find_tables(drawn_table())
    assert len(tables) == 1
    boxes = sorted(tables[0][1], key=lambda b: (b[1], b[0]))
    assert len(boxes) == 11  # 12 cells, two of them merged
    tall = [b for b in boxes if b[3] - b[1] > 250]
    assert len(tall) == 1 and tall[0][0] < 150


@pytest.mark.parametrize("angle", [-2.5, -1.0, 0.6, 2.0])
def test_straighten_undoes_skew(angle):
    straight = straighten(drawn_table(angle))
    _, tables = find_tables(straight)
    assert len(tables) == 1 and len(tables[0][1]) == 11



def test_latin_in_a_scanned_letter_is_read_with_the_english_model_too():
    """The Bangla model reads `July 8, 2025` as `)01 8, 2025` and a web address as digits and
    signs; those words are read again with Bangla and English, the Bangla words left alone."""
    from PIL import Image, ImageDraw, ImageFont

    from extract import ocr
    from extract.scan import letter_text

    bangla = ImageFont.truetype("/usr/share/fonts/truetype/noto/NotoSansBengali-Regular.ttf", 34)
    latin = ImageFont.truetype("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf", 30)
    image = Image.new("L", (1700, 400), 255)
    draw = ImageDraw.Draw(image)
    lines = [[("গণপ্রজাতন্ত্রী বাংলাদেশ সরকার", bangla)], [("www.example.gov.bd", latin)],
             [("স্মারক নং: ১২.৩৪.০০০০ তারিখ:", bangla), ("July 8, 2025", latin), ("খ্রিস্টাব্দ", bangla)]]
    for k, parts in enumerate(lines):
        x = 60
        for text, font in parts:
            draw.text((x, 40 + 100 * k), text, font=font, fill=0)
            x += draw.textlength(text, font=font) + 12
    gray = np.asarray(image)
    assert letter_text(gray, ocr.words(gray), []).split("\n") == [
        "গণপ্রজাতন্ত্রী বাংলাদেশ সরকার", "www.example.gov.bd", "স্মারক নং: ১২.৩৪.০০০০ তারিখ: July 8, 2025 খ্রিস্টাব্দ"]


def test_a_photographed_tables_outline_is_pulled_back_into_a_rectangle():
    from extract.scan import unwarp

    page = np.full((1600, 2300), 255, np.uint8)
    for y in range(150, 1451, 130):
        cv2.line(page, (120, y), (2180, y), 0, 3)
    for x in range(120, 2181, 206):
        cv2.line(page, (x, 150), (x, 1450), 0, 3)
    corners = np.float32([[0, 0], [2300, 0], [2300, 1600], [0, 1600]])
    pulled = np.float32([[40, 30], [2260, 90], [2250, 1560], [70, 1490]])  # a phone held at an angle
    photo = cv2.warpPerspective(page, cv2.getPerspectiveTransform(corners, pulled), (2300, 1600), borderValue=255)
    assert find_tables(photo)[1] == [] or len(find_tables(photo)[1][0][1]) < 100
    (_, cells), = find_tables(straighten(unwarp(photo)))[1]
    assert len(cells) == 10 * 10
    assert unwarp(page) is page  # a table already square is left alone


def test_a_flat_scans_parallel_rules_keep_it_from_being_unwarped_whatever_its_corners_say(monkeypatch):
    from extract import scan

    page = np.full((1600, 2300), 255, np.uint8)
    for y in range(150, 1451, 130):
        cv2.line(page, (120, y), (2180, y), 0, 3)
    for x in range(120, 2181, 206):
        cv2.line(page, (x, 150), (x, 1450), 0, 3)
    skewed = cv2.warpAffine(page, cv2.getRotationMatrix2D((1150, 800), 1.5, 1.0), (2300, 1600), borderValue=255)
    corners = np.float32([[0, 0], [2300, 0], [2300, 1600], [0, 1600]])
    pulled = np.float32([[40, 30], [2260, 90], [2250, 1560], [70, 1490]])
    photo = cv2.warpPerspective(page, cv2.getPerspectiveTransform(corners, pulled), (2300, 1600), borderValue=255)
    assert scan._rule_spread(skewed) < scan.MIN_RULE_SPREAD < scan._rule_spread(photo)
    monkeypatch.setattr(scan, "_off_rectangle", lambda corners: 50.0)  # the outline's corners came out badly
    assert scan.unwarp(skewed) is skewed


def test_a_page_on_its_side_is_turned_by_what_reads_when_orientation_detection_finds_nothing(monkeypatch):
    from PIL import Image, ImageDraw, ImageFont

    from extract import ocr, scan

    image = Image.new("L", (1400, 1000), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype("/usr/share/fonts/truetype/noto/NotoSansBengali-Regular.ttf", 30)
    for k in range(10):
        draw.text((60, 60 + 90 * k), "ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনা বাস্তবায়ন অগ্রগতি প্রতিবেদন", font=font, fill=0)
    upright = np.asarray(image)
    monkeypatch.setattr(ocr, "orientation", lambda gray: (0, 0.0))  # Tesseract's OSD found no text
    for turned_by, rotate in ((cv2.ROTATE_90_COUNTERCLOCKWISE, 90), (cv2.ROTATE_90_CLOCKWISE, 270),
                              (cv2.ROTATE_180, 180)):
        page, rotation = scan.upright(cv2.rotate(upright, turned_by))
        assert rotation == rotate and page.shape == upright.shape


def test_a_short_last_page_on_its_side_is_turned_by_what_reads_anywhere_on_it(monkeypatch):
    """Two rows of a table at one end of a page lying on its side: nothing to read across the middle."""
    from PIL import Image, ImageDraw, ImageFont

    from extract import ocr, scan

    image = Image.new("L", (2400, 1700), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype("/usr/share/fonts/truetype/noto/NotoSansBengali-Regular.ttf", 30)
    for k in range(3):
        draw.text((80, 80 + 90 * k), "নিজ অফিস ও আওতাধীন অফিসে অনলাইন রিপোর্ট ম্যানেজমেন্ট সফটওয়্যার বাস্তবায়িত",
                  font=font, fill=0)
    upright = np.asarray(image)
    monkeypatch.setattr(ocr, "orientation", lambda gray: (0, 0.0))
    page, rotation = scan.upright(cv2.rotate(upright, cv2.ROTATE_90_COUNTERCLOCKWISE))
    assert rotation == 90 and page.shape == upright.shape


def test_specks_read_as_words_and_dust_read_as_a_value_are_dropped():
    from extract import scan
    from extract.ocr import Word

    assert scan._speck(Word("গা", 0.38, 100, 100, 102, 102))
    assert not scan._speck(Word("-", 0.5, 100, 100, 112, 103))  # a hyphen: wider than a speck
    assert not scan._speck(Word("ও", 0.9, 100, 100, 119, 119))
    cell = np.full((60, 120), 255, np.uint8)
    cell[30:32, 50:57] = 0  # 14 dark pixels: a sliver of dust
    assert scan._dust(cell, (0, 0, 120, 60))
    cv2.putText(cell, "4", (40, 45), cv2.FONT_HERSHEY_SIMPLEX, 1, 0, 2)
    assert not scan._dust(cell, (0, 0, 120, 60))


def test_light_falling_off_across_a_photographed_page_is_evened_and_a_scanners_left_alone():
    from extract.scan import even_light

    page = np.full((800, 1200), 235, np.uint8)
    cv2.putText(page, "1234 5678", (100, 400), cv2.FONT_HERSHEY_SIMPLEX, 3, 40, 6)
    assert even_light(page) is page  # evenly lit: as it is
    light = np.linspace(0.55, 1.0, 1200, dtype=np.float32)[None, :]
    photo = (page * light).astype(np.uint8)
    flat = even_light(photo)
    paper = flat[600:700]  # below the text: paper only
    assert paper.max() - paper.min() <= 12 and paper.min() >= 235  # one brightness across the page
    assert flat[350:420, 100:900].min() < 120  # the text stays dark


def test_specks_beside_the_words_of_a_text_cell_are_no_signs():
    from extract.ocr import Word
    from extract.scan import words_text

    def line(*texts):
        return [Word(t, 0.9, 100.0 * k, 0, 100.0 * k + 80, 20) for k, t in enumerate(texts)]

    assert words_text(line("কর্মচারীদের", "দক্ষতা!", "উন্নয়ন"), " ")[0] == "কর্মচারীদের দক্ষতা উন্নয়ন"
    assert words_text(line("আওতাধীন:দপ্তর/সংস্থার", "তথ্য"), " ")[0] == "আওতাধীন দপ্তর/সংস্থার তথ্য"
    assert words_text(line("সংক্রান্ত.প্রশিক্ষণ", "আয়োজিত"), " ")[0] == "সংক্রান্ত প্রশিক্ষণ আয়োজিত"
    wrapped = [Word("উদ্ভাবিত/.", 0.9, 0, 0, 90, 20), Word("সহজিকৃত", 0.9, 0, 30, 80, 50)]
    assert words_text(wrapped, " ")[0] == "উদ্ভাবিত/সহজিকৃত"  # the wrapped line runs on after its slash
    assert words_text(line("কর্মশালা//সভা/সেমিনার"), " ")[0] == "কর্মশালা/সভা/সেমিনার"
    assert words_text(line("_প্রমাণক_", "সংযুক্ত"), " ")[0] == "প্রমাণক সংযুক্ত"  # a rule's edge
    assert words_text(line("[১.১.১]", "মোঃ", "আব্দুল"), " ")[0] == "[১.১.১] মোঃ আব্দুল"  # codes and visarga stay


def test_a_stroke_and_a_rules_remains_read_as_letters_are_no_words():
    from extract.ocr import Word
    from extract.scan import _speck, _without_rule_remains

    assert _speck(Word("রর", 0.19, 0, 0, 7, 39))  # 7 pixels wide, 39 high: a page's edge, not two letters
    assert not _speck(Word("রর", 0.9, 0, 0, 7, 39))  # read with confidence: the engine's word stands
    assert not _speck(Word("স্লর্ট", 0.46, 0, 0, 46, 40))  # two clusters, reph and conjunct stacked
    assert not _speck(Word("ও", 0.5, 0, 0, 6, 18))
    cell = (900.0, 1350.0, 1118.0, 1490.0)
    four, remains = Word("৪", 0.96, 923, 1375, 936, 1393), Word("রে", 0.39, 1082, 1405, 1133, 1417)
    assert _without_rule_remains([four, remains], cell) == [four]  # the value without what crossed the rule
    words = [Word("কর্মশালা", 0.45, 1000, 1375, 1130, 1393)]
    assert _without_rule_remains(words, cell) == words  # a cell of text keeps a word reaching over the rule


def _pdf_of_image(image, page_size, matrix) -> bytes:
    """A one-page PDF drawing `image` (a greyscale Pillow image) with `matrix` on a page of `page_size` points."""
    import io

    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(*page_size)
    obj = pdfium.PdfImage.new(pdf)
    obj.set_bitmap(pdfium.PdfBitmap.from_pil(image.convert("RGB")))
    obj.set_matrix(pdfium.PdfMatrix(*matrix))
    page.insert_obj(obj)
    page.gen_content()
    buf = io.BytesIO()
    pdf.save(buf)
    return buf.getvalue()


def test_a_scanned_page_is_its_own_pixels_where_one_image_covers_it_and_rendered_otherwise():
    import io

    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image, ImageDraw

    from extract.scan import render_pdf_page, render_scale

    image = Image.new("L", (400, 300), 255)
    ImageDraw.Draw(image).rectangle((50, 40, 350, 260), outline=0, width=3)
    covering = _pdf_of_image(image, (144, 108), (144, 0, 0, 108, 0, 0))  # 400 px over 2 inches: 200 dpi
    got, dpi = render_pdf_page(pdfium.PdfDocument(io.BytesIO(covering))[0])
    assert round(dpi) == 200 and got.size == (400, 300)
    assert np.array_equal(np.asarray(got), np.asarray(image))  # the scan's pixels, not a resampling of them
    # drawn on half the page: what the page shows is rendered
    half = _pdf_of_image(image, (288, 216), (144, 0, 0, 108, 0, 108))
    got, dpi = render_pdf_page(pdfium.PdfDocument(io.BytesIO(half))[0])
    assert round(dpi) == 200 and got.size == (800, 600)
    assert np.asarray(got)[500:, :].min() == 255  # the lower half of the page is blank paper
    # a real scan (a JPEG at 300 dpi, a fraction of a pixel off the page's size): what pdfium draws
    page = pdfium.PdfDocument(SAMPLES / "scan" / "s01_ministry_layout000_sans_300dpi.pdf")[0]
    got, dpi = render_pdf_page(page)
    drawn = page.render(scale=render_scale(page, dpi), grayscale=True).to_pil()
    assert got.size == drawn.size
    assert np.abs(np.asarray(got, int) - np.asarray(drawn, int)).max() <= 2


def test_the_crops_find_a_read_page_kept_as_it_was_read(tmp_path):
    """The quality pages' crops are cut from the page as OCR read it: the worker that read a scanned
    PDF keeps each prepared page under its file's content and page number, so the crops neither
    render nor straighten it again — and what they find is what a fresh preparation gives."""
    import pypdfium2 as pdfium

    from extract import scan
    from extract.pdf import read_pdf

    data = (SAMPLES / "scan" / "s04_department_merged001_sans_200dpi.pdf").read_bytes()
    scan._prepared.clear()
    read_pdf(data, "scan/s04.pdf")
    kept = scan.kept_page(scan.page_key(data, 0), 0)
    assert kept is not None and not kept.flags.writeable
    assert scan.kept_page(scan.page_key(data + b" ", 0), 0) is None  # another file's content: not that page
    image, dpi = scan.render_pdf_page(pdfium.PdfDocument(data)[0])
    scan._prepared.clear()
    assert np.array_equal(scan.prepare(image, dpi), kept)


def test_a_page_on_its_side_is_known_by_its_lines_of_text_before_it_is_read():
    """The cue that turns a page before any OCR: its lines of text run down it. A table's rules,
    which run both ways, are left out of it."""
    import pypdfium2 as pdfium

    from extract.scan import _lies_on_its_side, prepare, render_pdf_page

    image, dpi = render_pdf_page(pdfium.PdfDocument(SAMPLES / "scan" / "s01_ministry_layout000_sans_300dpi.pdf")[0])
    gray = prepare(image, dpi)
    for turn, sideways in ((None, False), (cv2.ROTATE_90_CLOCKWISE, True), (cv2.ROTATE_90_COUNTERCLOCKWISE, True),
                           (cv2.ROTATE_180, False)):
        page = gray if turn is None else cv2.rotate(gray, turn)
        assert _lies_on_its_side(page, find_tables(page)[0]) is sideways, turn


def test_a_page_on_its_side_is_first_turned_the_way_its_headlines_point():
    """Bangla letters hang from their headline, a long vertical stroke on a page on its side: the
    side their bodies lie on says which quarter turn stands the page up (90 or 270 degrees clockwise)."""
    import pypdfium2 as pdfium

    from extract.scan import _headline_turn, prepare, render_pdf_page

    for name in ("s01_ministry_layout000_sans_300dpi.pdf", "s05_ministry_twoline002_serif_200dpi.pdf"):
        for number, page in enumerate(pdfium.PdfDocument(SAMPLES / "scan" / name)):
            gray = prepare(*render_pdf_page(page))
            # turned clockwise, the page needs a counter-clockwise quarter turn (270 clockwise), and back
            clockwise, counter = cv2.rotate(gray, cv2.ROTATE_90_CLOCKWISE), cv2.rotate(gray, cv2.ROTATE_90_COUNTERCLOCKWISE)
            assert _headline_turn(clockwise, find_tables(clockwise)[0]) == 270, (name, number)
            assert _headline_turn(counter, find_tables(counter)[0]) == 90, (name, number)


@pytest.mark.parametrize("lean", [-1.3, 0.8])
def test_a_sheared_page_has_its_vertical_rules_set_upright_and_its_columns_kept(lean):
    """A photograph taken at a slant leaves the horizontal rules level and the vertical ones leaning:
    no rotation undoes it, and each row's cells stand further over until one column reads as two."""
    from extract.scan import _ink, _rules, _slopes, _unsheared

    shear = np.tan(np.radians(lean))
    page = drawn_table()
    sheared = cv2.warpAffine(page, np.float32([[1, shear, -shear * 450], [0, 1, 0]]), (1200, 900), borderValue=255)

    def leans(gray):
        return _slopes(np.ascontiguousarray(_rules(_ink(gray))[1].T))

    assert abs(np.median(leans(sheared)) - lean) < 0.1
    assert all(abs(a) < 0.1 for a in leans(straighten(sheared)))  # straighten() unshears after it turns
    _, tables = find_tables(_unsheared(sheared))
    xs = sorted({round(b[0] / 20) for b in tables[0][1]})  # the cells' left edges, to 20 pixels
    assert len(tables) == 1 and len(tables[0][1]) == 11 and len(xs) == 3
    assert _unsheared(page) is page  # an upright grid is left as it is


@settings(derandomize=True, max_examples=200, deadline=None)
@given(st.integers(1, 60), st.integers(1, 140), st.floats(0.05, 0.95), st.integers(1, 90), st.booleans(),
       st.integers(0, 2**32 - 1))
def test_a_mask_opened_by_a_line_is_what_opencv_makes_of_it(height, width, density, length, vertical, seed):
    """The segment-and-comb opening equals OpenCV's opening by the whole line, edges included."""
    mask = np.where(np.random.default_rng(seed).random((height, width)) < density, 255, 0).astype(np.uint8)
    assert np.array_equal(opened(mask, length, vertical), _opened_by_opencv(mask, length, vertical))


def test_a_page_of_rules_opened_by_a_line_is_what_opencv_makes_of_it():
    ink = 255 - straighten(drawn_table(1.3))
    for length, vertical in ((ink.shape[1] // 10, False), (ink.shape[0] // 45, True)):
        assert np.array_equal(opened(ink, length, vertical), _opened_by_opencv(ink, length, vertical))


def _opened_by_opencv(mask: np.ndarray, length: int, vertical: bool) -> np.ndarray:
    line = cv2.getStructuringElement(cv2.MORPH_RECT, (1, length) if vertical else (length, 1))
    return cv2.morphologyEx(mask, cv2.MORPH_OPEN, line)


def test_a_mask_of_more_parts_than_sixteen_bits_count_is_labelled_whole():
    dots = np.zeros((900, 900), np.uint8)
    dots[::3, ::3] = 255  # 90,000 parts
    count, labels, stats = _components(dots)
    assert count == 90_001 and labels.max() == 90_000 and (stats[1:, cv2.CC_STAT_AREA] == 1).all()


def test_a_box_around_others_is_no_cell_and_a_repeated_box_is_kept():
    cell, twin, group, apart = (10, 10, 50, 30), (10, 10, 50, 30), (8, 8, 110, 32), (60, 10, 100, 30)
    assert _cells_only([cell, group, apart, twin]) == [cell, apart, twin]
