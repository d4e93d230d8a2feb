from normalize.header import classify, is_column_number_row, map_columns


def test_header_words_including_damaged_ones():
    assert classify("কর্মসম্পাদন সূচক") == ("indicator", None)
    assert classify("কর্মসম্পাদন সূচকের মান") == ("weight", None)
    assert classify("কর্ম সম্পাদন সূচকের মান") == ("weight", None)
    assert classify("কর্ যসম্পাদন সূচককি র্ান") == ("weight", None)   # broken text layer
    assert classify("মান") == ("area_weight", None)
    assert classify("একক") == ("unit", None)
    assert classify("ক্র.সং.") == ("serial", None)
    assert classify("লক্ষ্যমাত্রা/ অর্জন") == ("row_label", None)
    assert classify("লক্ষ্যমাত্রা ২০২৩-২০২৪") == ("target_group", None)
    assert classify("মন্তব্য/প্রমাণক") == ("evidence", None)
    assert classify("২য় ত্রৈমাসিক (অক্টোবর-ডিসেম্বর/২৩)") == ("progress", 2)
    assert classify("১ম ত্রৈমাসিক বাস্তবায়ন অগ্রগতি") == ("progress", 1)


def test_level_columns_by_word_damage_or_percent():
    assert classify("অসাধারণ") == ("level", "excellent")
    assert classify("অসাধািণ") == ("level", "excellent")
    assert classify("চলতি মানের\nনিম্নে") == ("level", "poor")
    assert classify("৯০%") == ("level", "very_good")
    assert classify("১০") is None


def test_column_number_row():
    assert is_column_number_row(["১", "২", "৩", "৪", "৫", "৬", "৭"])
    assert is_column_number_row(["১", "১", "৩", "৪", "৫", "৬", "৭", "৮"])  # OCR'd ২ as ১
    assert not is_column_number_row(["০১", "[১.১]", "তারিখ", "১০", "১৬/০৩/২৪"])
    assert not is_column_number_row(["৪", "৩", "২", "১", ""])


def test_three_row_header_with_spanning_target_group():
    rows = [
        ["ক্রম", "কার্যক্রম", "কর্মসম্পাদন সূচক", "একক", "কর্মসম্পাদন সূচকের মান", "লক্ষ্যমাত্রা/ অর্জন",
         "লক্ষ্যমাত্রা ২০২৩-২০২৪", "", "", "", "", "মন্তব্য"],
        ["", "", "", "", "", "", "অসাধারণ", "অতি উত্তম", "উত্তম", "চলতি মান", "চলতিমানের নিম্নে", ""],
        ["", "", "", "", "", "", "১০০%", "৯০%", "৮০%", "৭০%", "৬০%", ""],
    ]
    cmap = map_columns(rows)
    assert cmap.fields == {"serial": 0, "activity": 1, "indicator": 2, "unit": 3, "weight": 4,
                           "row_label": 5, "evidence": 11}
    assert cmap.levels == {"excellent": 6, "very_good": 7, "good": 8, "fair": 9, "poor": 10}


def test_level_name_ocrd_one_column_right_keeps_levels_side_by_side():
    rows = [["ক্রম", "কর্মসম্পাদন সূচক", "একক", "কর্মসম্পাদন সূচকের মান", "লক্ষ্যমাত্রা", "", "", "",
             "২য় ত্রৈমাসিক", "", ""],
            ["", "", "", "", "অসাধারণ", "অতি উত্তম", "উত্তম", "চলতি মান", "", "চলতি মানের নিম্নে", ""]]
    cmap = map_columns(rows)
    assert cmap.levels == {"excellent": 4, "very_good": 5, "good": 6, "fair": 7, "poor": 8}
    assert cmap.progress == [(9, 2)]


def test_level_word_decides_where_ocr_turned_the_percent_into_a_digit():
    assert classify("অসাধারণ . (১০০০)") == ("level", "excellent")
    assert classify("চলতি মান (৭০%).") == ("level", "fair")


def test_a_header_word_matched_inside_a_cell_is_also_known_ocr_damaged_as_the_whole_cell():
    assert classify("মন্তর্য") == ("evidence", None)  # মন্তব্য, its ব read as র
    assert classify("প্রমাণফ") == ("evidence", None)
    assert classify("অজন") == ("progress", None)  # অর্জন without its reph
    assert classify("মন্ত্রণালয়") is None  # no header word at all
