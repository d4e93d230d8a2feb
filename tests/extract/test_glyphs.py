"""Glyph lines and their text (extract/glyphs.py), on glyphs laid out by hand."""
from extract.glyphs import Glyph, lines, text_in


def glyph(text: str, x0: float, x1: float, top: float = 100.0, gid=None) -> Glyph:
    return Glyph(gid, None, text, x0, x1, top, top + 10)


def test_runs_drawn_apart_are_read_in_the_order_they_stand():
    # LibreOffice draws a URL's dots in one run and its letters in another
    dots = [glyph(".", 21, 23), glyph(".", 41, 43)]
    letters = [glyph("a", 10, 20), glyph("b", 30, 40), glyph("c", 50, 60)]
    assert [g.unicode for g in lines(dots + letters)[0]] == ["a", ".", "b", ".", "c"]


def test_a_mark_drawn_back_over_its_letter_stays_in_its_run():
    word = [glyph("ক", 10, 17), glyph("র্", 15, 15), glyph("ম", 17, 24)]
    assert [g.unicode for g in lines(word)[0]] == ["ক", "র্", "ম"]


def test_a_word_gap_is_measured_from_the_rightmost_ink():
    # অর্জন: the reph stands over জ with no width; ন follows জ, not the reph
    word = [glyph("অ", 0, 8), glyph("জ", 8, 15), glyph("র্", 12, 12), glyph("ন", 15.5, 21)]
    assert " " not in text_in(word, {}, " ")[0]  # the gap from the reph (3.5) is no word break


def test_a_date_a_narrow_column_broke_over_lines_is_one_date_again():
    pieces = ["০", "৫/০২", "/২০২", "৪"]
    cell = [glyph(c, 10 + 5 * k, 14 + 5 * k, top=100 + 14 * n) for n, p in enumerate(pieces) for k, c in enumerate(p)]
    assert text_in(cell, {}, " ")[0] == "০৫/০২/২০২৪"
    two_numbers = [glyph("১", 10, 15, 100), glyph("০", 15, 20, 100), glyph("৫", 10, 15, 114)]
    assert text_in(two_numbers, {}, " ")[0] == "১০ ৫"  # numbers on two lines stay two


def test_a_word_too_long_for_its_column_is_one_word_again():
    from extract.glyphs import _wrapped_within

    assert _wrapped_within("প্রশিক্ষণার্থীদে", "র তালিকা সংযুক্ত")  # its last letter went to the next line
    assert not _wrapped_within("প্রশিক্ষণার্থীদের", "তালিকা সংযুক্ত")  # a word break
    assert not _wrapped_within("প্রমাণক:", "ক")  # after a sign, a letter alone stays apart
    assert not _wrapped_within("সভার", "কার্যবিবরণী")
