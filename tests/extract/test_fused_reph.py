"""A pre-base vowel sign fused with the reph of the cluster after it (Noto Serif Bengali's
`uni09BF09B009CD`, made by a contextual substitution the inverted tables name as plain ি)."""
from extract.fonts import REPH, GlyphMap, _agl_text
from extract.glyphs import _logical_order


def test_a_glyph_name_spells_its_characters_by_the_agl_rule():
    assert _agl_text("uni09BF09B009CD") == "ি" + REPH
    assert _agl_text("uni09BF") is None  # one character: the cmap names it
    assert _agl_text("uni0041uni0042") is None and _agl_text("uni00410042") is None  # not Bangla


def test_the_fused_reph_goes_before_the_cluster_that_follows_and_the_sign_after_it():
    m = GlyphMap(text={1: "ি" + REPH}, source={1: "name"})
    assert m.role(1) == "prebase_reph"
    # বার্ষিক drawn: ব া [ি fused with the reph of ষ] ষ ক
    units = [("ব", None), ("া", None), ("ি" + REPH, "prebase_reph"), ("ষ", None), ("ক", None)]
    assert "".join(_logical_order(units)) == "বার্ষিক"
    # লার্নিং drawn: ল া [ি + reph of ন] ন ং
    assert "".join(_logical_order([("ল", None), ("া", None), ("ি" + REPH, "prebase_reph"), ("ন", None),
                                   ("ং", None)])) == "লার্নিং"
