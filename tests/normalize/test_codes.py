

def test_an_annex_named_by_the_rows_code_gets_the_dots_ocr_lost():
    from normalize.codes import with_code_dots

    assert with_code_dots("সংযুক্তি-২১১", "2.1.1")[0] == "সংযুক্তি-২.১.১"
    assert with_code_dots("সংযুক্তি-৬.১১", "6.1.1")[0] == "সংযুক্তি-৬.১.১"
    assert with_code_dots("সংযুক্তি-১.:৫.২", "1.5.2")[0] == "সংযুক্তি-১.৫.২"
    assert "the row's code" in with_code_dots("সংযুক্তি-২১১", "2.1.1")[1]  # on record
    assert with_code_dots("২১১ জন প্রশিক্ষিত", "2.1.1") == ("২১১ জন প্রশিক্ষিত", None)  # a count, not a reference
    assert with_code_dots("সংযুক্তি-২১২", "2.1.1") == ("সংযুক্তি-২১২", None)  # other digits: as read
    assert with_code_dots("সংযুক্তি-২.১.১", "2.1.1") == ("সংযুক্তি-২.১.১", None)
    assert with_code_dots("সংযুক্তি-৮,১.১", "8.1.1")[0] == "সংযুক্তি-৮.১.১"  # a dot read as a comma
    assert with_code_dots("সংযুক্তি-১.৪:১", "1.4.1")[0] == "সংযুক্তি-১.৪.১"
