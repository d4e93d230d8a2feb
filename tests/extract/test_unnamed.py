"""Naming a glyph its font leaves unnamed from what OCR read in a word that holds it."""
from extract.fonts import GlyphMap
from extract.glyphs import Glyph
from extract.unnamed import solve, unnamed

FONT = object()
NAMED = {1: "ক", 2: "ম", 3: "ত", 4: "ি", 5: "ব", 6: "দ", 7: "ন"}
MAPS = {id(FONT): GlyphMap(text=dict(NAMED), source={g: "cmap" for g in NAMED})}
PRIVATE = 99


def word(*gids: int) -> list[Glyph]:
    """Glyphs drawn left to right, touching: one word."""
    return [Glyph(g, FONT, NAMED.get(g, "\ue03d"), 10.0 * k, 10.0 * k + 10, 0.0, 12.0) for k, g in enumerate(gids)]


def test_a_glyph_the_font_does_not_name_is_unnamed_whatever_its_text_layer_says():
    assert [unnamed(g, MAPS) for g in word(1, PRIVATE)] == [False, True]
    assert not unnamed(Glyph(PRIVATE, object(), "ক", 0, 10, 0, 12), MAPS)  # a font with no map: nothing to judge


def test_a_reph_drawn_after_its_cluster_is_named_where_it_belongs():
    assert solve(word(1, 2, PRIVATE), MAPS, (id(FONT), PRIVATE), ("কর্ম",)) == "র্"


def test_a_conjunct_is_named_whole_never_its_last_letter():
    """`প্রতি` holds `রতি` too, but not from a cluster's start: the glyph is প্র."""
    assert solve(word(PRIVATE, 3, 4), MAPS, (id(FONT), PRIVATE), ("প্রতি",)) == "প্র"


def test_a_neighbours_letter_the_crop_caught_is_left_out():
    assert solve(word(5, PRIVATE), MAPS, (id(FONT), PRIVATE), ("যবন্দ:",)) == "ন্দ"
    assert solve(word(PRIVATE, 4, 3), MAPS, (id(FONT), PRIVATE), ("যপ্রতি",)) == "প্র"  # drawn ি before ত


def test_readings_that_do_not_hold_the_word_name_nothing():
    assert solve(word(1, PRIVATE, 7), MAPS, (id(FONT), PRIVATE), ("মতন", "")) is None
