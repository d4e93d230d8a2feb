"""Small Bangla text primitives."""
from normalize.text import to_logical_order


def test_visual_order_text_is_put_in_logical_order():
    # mPDF writes each pre-base sign before the cluster it is drawn before
    assert to_logical_order("িবষয়") == "বিষয়"
    assert to_logical_order("ওেযাগােযাগ") == "ওযোগাযোগ"  # ে … া becomes ো
    assert to_logical_order("মািসক") == "মাসিক"
    assert to_logical_order("েপ্রাগ্রাম") == "প্রোগ্রাম"  # after the whole conjunct
