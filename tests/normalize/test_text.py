"""Small Bangla text primitives."""
from normalize.text import to_logical_order


def test_visual_order_text_is_put_in_logical_order():
    # mPDF writes each pre-base sign before the cluster it is drawn before
    assert to_logical_order("িবষয়") == "বিষয়"
    assert to_logical_order("ওেযাগােযাগ") == "ওযোগাযোগ"  # ে … া becomes ো
    assert to_logical_order("মািসক") == "মাসিক"
    assert to_logical_order("েপ্রাগ্রাম") == "প্রোগ্রাম"  # after the whole conjunct


def test_a_hasanta_joins_consonants_only():
    from normalize.text import is_malformed

    # OCR lost the letter a hasanta stood after or before
    assert is_malformed("উ্ভাবিত") and is_malformed("উদ্াবিত") and is_malformed("্যাব")
    assert not any(is_malformed(w) for w in ("উদ্ভাবিত", "ক্ষমতা", "স্ত্রী", "র্যাব", "কার্যক্রম", "ই-নথি"))
