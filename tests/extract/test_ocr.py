"""The in-process OCR engine: words with boxes and confidence, and other readings of unsure marks."""
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from extract import ocr

FONT = "/usr/share/fonts/truetype/noto/NotoSansBengali-Regular.ttf"


def _image(text: str) -> np.ndarray:
    im = Image.new("L", (700, 120), 255)
    ImageDraw.Draw(im).text((20, 30), text, font=ImageFont.truetype(FONT, 40), fill=0)
    return np.asarray(im)


def test_words_read_in_process_with_boxes_left_to_right():
    words = ocr.words(_image("১২/০৩/২০২৪   ৭৫%"))
    assert [w.text for w in words] == ["১২/০৩/২০২৪", "৭৫%"]
    assert words[0].x1 < words[1].x0
    assert all(0.5 < w.confidence <= 1.0 for w in words)


def test_other_readings_spell_the_close_second_choices():
    # the engine's steps through `ন্যুনতম`, its fifth mark in doubt between ু, [ and ূ
    steps = [[(" ", 1.9)], [("ন", 1.9)], [("্", 2.0)], [("য", 1.9), ("ম", 3.8), ("ব", 8.8)],
             [("[", 3.0), ("ু", 3.0), ("ূ", 5.6), ("ব", 4.0)], [("ন", 0.9)], [("ত", 1.3)], [("ম", 1.3)]]
    readings = ocr.other_readings("ন্যুনতম", steps)
    assert "ন্যূনতম" in readings and "ন্মুনতম" in readings
    assert "ন্যুনতম" not in readings  # the reading itself is no alternative
    assert not any(r.startswith("ন্ব") for r in readings)  # ব scored 8.8 against য's 1.9: no reading
    assert len(readings) <= ocr.MAX_READINGS


def test_a_sure_reading_has_no_other_readings():
    steps = [[("জ", 0.8)], [("ন", 0.9), ("ল", 14.0)], [("্", 0.8)], [("য", 0.9)]]
    assert ocr.other_readings("জন্য", steps) == ()


@pytest.mark.parametrize("turned_by, rotate", [(90, 90), (180, 180), (270, 270)])
def test_orientation_of_a_turned_page(turned_by, rotate):
    page = np.full((1400, 1000), 255, np.uint8)
    im = Image.fromarray(page)
    draw = ImageDraw.Draw(im)
    font = ImageFont.truetype(FONT, 34)
    for k in range(14):
        draw.text((60, 60 + k * 90), "গণপ্রজাতন্ত্রী বাংলাদেশ সরকার মন্ত্রিপরিষদ বিভাগ", font=font, fill=0)
    turned = np.asarray(im.rotate(turned_by, expand=True))  # Pillow turns counter-clockwise
    assert ocr.orientation(turned)[0] == rotate  # degrees to turn it clockwise


def test_a_latin_8_among_bangla_digits_is_the_bangla_four_it_is_drawn_like():
    assert ocr.bangla_twins("[8.১.১]") == "[৪.১.১]"
    assert ocr.bangla_twins("১৮/০8/২০২৪") == "১৮/০৪/২০২৪"
    assert ocr.bangla_twins("8.5") == "8.5"  # a Latin number stays Latin
    assert ocr.bangla_twins("A8 ১") == "A8 ১"  # with Latin letters: a Latin word


def test_the_engines_own_spelling_stays_beside_the_bangla_twin(monkeypatch):
    words = ocr.words(_image("[৪.১.১]"))
    assert [w.text for w in words] == ["[৪.১.১]"]
    assert all("8" not in w.text for w in words)


def test_a_lone_latin_8_is_the_bangla_4_on_a_page_of_bangla_numbers():
    def word(text):
        return ocr.Word(text, 0.9, 0, 0, 10, 10)

    bangla_page = [word("১০০%"), word("৯০%"), word("৮০%"), word("৭০%"), word("৬০%"), word("১৫/০৬/২০২৪"),
                   word("২২/০৬/২০২৪"), word("অসাধারণ"), word("(8)"), word("5")]
    read = ocr.page_eights(bangla_page)
    assert read[8].text == "(৪)" and read[8].alternatives[0] == "(8)"  # the engine's spelling kept
    assert read[9].text == "5"  # only the 8 the Bangla ৪ is drawn like
    assert [w.text for w in read[:8]] == [w.text for w in bangla_page[:8]]
    latin_page = [word("100%"), word("90%"), word("80%"), word("70%"), word("১৫/০৬/২০২৪"), word("(8)")]
    assert [w.text for w in ocr.page_eights(latin_page)] == [w.text for w in latin_page]  # ASCII numbers stay
    few = [word("১৫"), word("(8)")]
    assert ocr.page_eights(few)[1].text == "(8)"  # too few digits to say which the page prints
    assert ocr.page_eights([word("www.8.gov"), *bangla_page[:7]])[0].text == "www.8.gov"  # Latin letters: Latin


def test_a_cell_of_one_letter_alone_is_read_again_as_digits():
    from extract.scan import _looks_numeric

    assert _looks_numeric("ত", 0.9)  # ৩ read as the letter it is drawn like
    assert not _looks_numeric("নেই", 0.9) and not _looks_numeric("সংখ্যা", 0.95)
