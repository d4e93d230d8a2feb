import datetime as dt

from normalize.letter import fiscal_year, memo_number, quarter, read_letter


def test_memo_numbers():
    assert memo_number("স্মারক নং-৩৮.০১.০০০০.০২০.০২.০২৯.২৩- ৫৭") == "38.01.0000.020.02.029.23-57"
    assert memo_number("নংঃ ১৫.৫৬.৪৭০০.০০০.১৬.০০৬.২৪. ২৮-৭\nতারিখঃ ০১.০৭.২০২৫") == "15.56.4700.000.16.006.24.28-7"
    # a damaged label still gives the number; the copy's `/১` suffix is not part of it
    assert memo_number("/ারক ন1র: ১৪.০০.০০০০.০১১.০৬.০০১.২৩.১০১৫/১ তািরখ") == "14.00.0000.011.06.001.23.1015"
    assert memo_number("ফোন নং-৫৫০৭৪৮৮৪") is None


def test_an_ocr_read_memo_numbers_commas_among_dots_become_dots_on_record_and_printed_commas_stay():
    line = "স্মারক নং: ৪৪.০২.০০০০.৯২০,৭৩,.৪৩৩,২৩,৭৮৭ তারিখ: ১৪ এপ্রিল ২০২৪"
    scanned = read_letter(line, ocr=True)
    assert scanned.memo_no == "44.02.0000.920.73.433.23.787"
    assert scanned.memo_no_raw == "44.02.0000.920,73,.433,23,787"
    assert scanned.corrections == ["memo_no: '44.02.0000.920,73,.433,23,787' → '44.02.0000.920.73.433.23.787' "
                                   "(OCR takes a dot for a comma or colon or reads it twice; most of the "
                                   "number's separators are dots)"]
    printed = read_letter(line)
    assert (printed.memo_no, printed.memo_no_raw, printed.corrections) == ("44.02.0000.920,73,.433,23,787", None, [])
    commas = read_letter("স্মারক নং: ৪৪,০২,০০০০,৯২০,৭৩,৪৩৩.২৩.৭৮৭", ocr=True)  # mostly commas: nothing to settle
    assert (commas.memo_no, commas.corrections) == ("44,02,0000,920,73,433.23.787", [])
    colons = read_letter("স্মারক নং: ১৭.৭৭.০০০০.০৭০:.৪১.৬৮২.২৩.৮২৭ তারিখ: ১২/১০/২০২৩", ocr=True)
    assert (colons.memo_no, colons.memo_no_raw) == ("17.77.0000.070.41.682.23.827", "17.77.0000.070:.41.682.23.827")


def test_fiscal_year_and_quarter():
    assert fiscal_year("২০২৩-২০২৪ অর্থ বছরের") == "2023-24"
    assert fiscal_year("কর্মপরিকল্পনা ২০২৪-২৫ আওতায়") == "2024-25"
    assert fiscal_year("মিরপুর-২, ঢাকা-১২১৬") is None
    assert quarter("১ম ত্রৈমাসিক (জুলাই-সেপ্টেম্বর, ২০২৩)") == 1
    assert quarter("চতুর্থ ত্রৈমাসিক") == 4
    assert quarter("২য় KLমািসক িতেবদন") == 2            # broken text layer
    assert quarter("বাস্তবায়ন অগ্রগতি (অক্টোবর-ডিসেম্বর/২৩)") == 2
    assert quarter("এপ্রিল টু জুন, ২৫") == 4


def test_letterhead_with_field_office_and_parent_department():
    text = """গণপ্রজাতন্ত্রী বাংলাদেশ সরকার
গণযোগাযোগ অধিদপ্তর
জেলা তথ্য অফিস
খুলনা
www.info.khulna.gov.bd
নংঃ ১৫.৫৬.৪৭০০.০০০.১৬.০০৬.২৪. ২৮-৭
তারিখঃ ০১.০৭.২০২৫খ্রি.
বিষয়: ই-গভর্ন্যান্স-উদ্ভাবন কর্ম-পরিকল্পনা ২০২৪-২৫ আওতায় চতুর্থ ত্রৈমাসিক প্রতিবেদন প্রেরণ।"""
    L = read_letter(text)
    assert (L.office, L.ministry, L.tier) == ("জেলা তথ্য অফিস, খুলনা", "তথ্য ও সম্প্রচার মন্ত্রণালয়", "district")
    assert (L.fiscal_year, L.quarter, L.letter_date, L.letter_date_bangla) == ("2024-25", 4, dt.date(2025, 7, 1), None)


def test_damaged_letterhead_finds_canonical_ministry_and_division():
    text = """গণপ্রজাতন্ত্রী বাাংলাদেশ সরকার
ডাক, টেললদ াগাদ াগ ও তথ্য প্রযুলি মন্ত্রণালয়
ডাক ও টেললদ াগাদ াগ লবভাগ
আইলসটি টসল
বাাংলাদেশ সলিবালয়, ঢাকা।"""
    L = read_letter(text)
    assert L.ministry == "ডাক, টেলিযোগাযোগ ও তথ্যপ্রযুক্তি মন্ত্রণালয়"
    assert (L.office, L.tier) == ("ডাক ও টেলিযোগাযোগ বিভাগ", "ministry")


def test_explicit_office_label_and_both_calendars():
    text = """গণপ্রজাতন্ত্রী বাংলাদেশ সরকার
প্রাথমিক ও গণশিক্ষা মন্ত্রণালয়
শিশু কল্যাণ ট্রাস্ট
১৯ কার্তিক ১৪৩০ বঙ্গাব্দ
তারিখঃ ০৪ অক্টোবর ২০২৩ খ্রিঃ
দপ্তর/সংস্থার নামঃ শিশু কল্যাণ ট্রাস্ট।"""
    L = read_letter(text)
    assert (L.office, L.ministry, L.tier) == ("শিশু কল্যাণ ট্রাস্ট", "প্রাথমিক ও গণশিক্ষা মন্ত্রণালয়", "department")
    assert (L.letter_date, L.letter_date_bangla) == (dt.date(2023, 10, 4), dt.date(2023, 11, 4))


def test_template_tier_from_table_title_differs_from_office_tier():
    L = read_letter("গণপ্রজাতন্ত্রী বাংলাদেশ সরকার\nসমবায় অধিদপ্তর\n"
                    "ই-গভর্ন্যান্স ও উদ্ভাবন কর্মপরিকল্পনা ২০২১-২২ মন্ত্রণালয়/ বিভাগ পর্যায়ের অফিসের জন্য")
    assert (L.tier, L.template_tier) == ("department", "ministry")


def test_a_reference_line_is_not_the_letters_memo_or_date():
    text = """গণপ্রজাতন্ত্রী বাংলাদেশ সরকার
ভূমি মন্ত্রণালয়
সূত্র: মন্ত্রিপরিষদ বিভাগের স্মারক নং ০৪.০০.০০০০.৫১২.৯৯.০০২.২৩.১১ তারিখ: ০৩ জুলাই ২০২৩
স্মারক নং: ৩১.০০.০০০০.০৪২.১৪.০০৭.২৩,২১৫
তারিখ: ১৪ই অক্টোবর ২০২৩"""
    L = read_letter(text)
    assert (L.memo_no, L.letter_date) == ("31.00.0000.042.14.007.23,215", dt.date(2023, 10, 14))


def test_memo_numbers_keep_their_punctuation():
    assert memo_number("স্মারক নং ৩৮.০১.০০০০, ০২০.০২.০২৯.২৩-৫৭") == "38.01.0000,020.02.029.23-57"


def test_a_ministry_filing_its_own_report_is_its_own_office():
    L = read_letter("গণপ্রজাতন্ত্রী বাংলাদেশ সরকার\nভূমি মন্ত্রণালয়\nই-গভর্ন্যান্স শাখা\nwww.minland.gov.bd")
    assert (L.office, L.ministry, L.tier) == ("ভূমি মন্ত্রণালয়", "ভূমি মন্ত্রণালয়", "ministry")


def test_a_printed_office_is_never_swapped_for_a_registry_namesake():
    L = read_letter("গণপ্রজাতন্ত্রী বাংলাদেশ সরকার\nস্বাস্থ্য ও পরিবার কল্যাণ মন্ত্রণালয়\n"
                    "স্বাস্থ্য শিক্ষা অধিদপ্তর\nমহাখালী, ঢাকা-১২১২")
    assert (L.office, L.ministry, L.tier) == ("স্বাস্থ্য শিক্ষা অধিদপ্তর", "স্বাস্থ্য ও পরিবার কল্যাণ মন্ত্রণালয়", "department")


def test_offices_in_no_registry_are_read_from_the_letterhead():
    upazila = read_letter("গণপ্রজাতন্ত্রী বাংলাদেশ সরকার\nউপজেলা নির্বাহী অফিসারের কার্যালয়\nফুলপুর, ময়মনসিংহ\n"
                          "www.phulpur.mymensingh.gov.bd")
    assert (upazila.office, upazila.ministry, upazila.tier) == (
        "উপজেলা নির্বাহী অফিসারের কার্যালয়, ফুলপুর, ময়মনসিংহ", None, "upazila")
    divisional = read_letter("গণপ্রজাতন্ত্রী বাংলাদেশ সরকার\nমৎস্য ও প্রাণিসম্পদ মন্ত্রণালয়\n"
                             "বিভাগীয় প্রাণিসম্পদ দপ্তর\nরাজশাহী\nফোন: ০৭২১-৭৭৩৩৪৪")
    assert (divisional.office, divisional.ministry, divisional.tier) == (
        "বিভাগীয় প্রাণিসম্পদ দপ্তর, রাজশাহী", "মৎস্য ও প্রাণিসম্পদ মন্ত্রণালয়", "divisional")


def test_marks_ocr_read_off_specks_leave_an_ocr_read_office_on_record():
    text = ("গণপ্রজাতন্ত্রী বাংলাদেশ সরকার\nতথ্য ও সম্প্রচার মন্ত্রণালয়\nতথ্য অধিদপ্তর\n'জেলা তথ্য অফিস, রংপুর\n"
            "স্মারক নং: ১৫.৫২.৮৫০০.০০০.০৬.০০১.২৪.১২৩ তারিখ: ১০ জুলাই ২০২৪")
    scanned = read_letter(text, ocr=True)
    assert scanned.office == "জেলা তথ্য অফিস, রংপুর" and scanned.tier == "district"
    assert scanned.corrections == ["office: \"'জেলা তথ্য অফিস, রংপুর\" → 'জেলা তথ্য অফিস, রংপুর' (marks OCR read off "
                                   "specks, or a word gap it lost: the name prints no such mark there, or the "
                                   "registry spells these very letters so)"]
    assert read_letter(text).office == "'জেলা তথ্য অফিস, রংপুর"  # a digital letter's text is what it prints
    division = read_letter("গণপ্রজাতন্ত্রী বাংলাদেশ সরকার\nডাক, টেলিযোগাযোগ ও তথ্যপ্রযুক্তি মন্ত্রণালয়\n"
                           "ডাক. ও টেলিযোগাযোগ বিভাগ\nআইসিটি সেল", ocr=True)
    assert division.office == "ডাক ও টেলিযোগাযোগ বিভাগ"  # the registry spells it without the full stop


def test_what_ocr_read_off_the_emblem_does_not_end_the_letterhead():
    """A line with no letter (`১৭`) between the head's lines, or a number after the ministry's
    name (`মন্ত্রণালয় ১০`), is a speck or the emblem read as digits, not an address."""
    head = ("গণপ্রজাতন্ত্রী বাংলাদেশ সরকার\n{gap}প্রাথমিক ও গণশিক্ষা মন্ত্রণালয়{after}\nশিশু কল্যাণ ট্রাস্ট\n"
            "মিরপুর-২, ঢাকা-১২১৬\nস্মারক নং: ৩০.০১.০০০০.০৮০.২১.৪৪১.২৩-৭০৭ তারিখ: ১৬ জানুয়ারি ২০২৪\n")
    for gap, after in (("১৭\n", ""), ("", " ১০"), ("", "")):
        letter = read_letter(head.format(gap=gap, after=after), ocr=True)
        assert (letter.office, letter.ministry, letter.tier) == (
            "শিশু কল্যাণ ট্রাস্ট", "প্রাথমিক ও গণশিক্ষা মন্ত্রণালয়", "department"), (gap, after)


def test_a_colon_inside_an_ocrd_office_name_is_a_speck():
    from normalize.letter import without_stray_marks

    assert without_stray_marks("স্বাস্থ্য শিক্ষা: অধিদপ্তর") == "স্বাস্থ্য শিক্ষা অধিদপ্তর"
    assert without_stray_marks("জেলা তথ্য অফিস, দিনাজপুর") == "জেলা তথ্য অফিস, দিনাজপুর"


def test_an_exclamation_mark_inside_an_ocrd_office_name_is_a_speck():
    from normalize.letter import without_stray_marks

    assert without_stray_marks("জেলা! প্রশাসকের কার্যালয়, বরিশাল") == "জেলা প্রশাসকের কার্যালয়, বরিশাল"
    # a scrap of a letter or two, no word, before a name the registry has: off the emblem
    assert without_stray_marks("চি, সমবায় অধিদপ্তর") == "সমবায় অধিদপ্তর"
    assert without_stray_marks("চি, সমবায় পরিদপ্তর") == "চি, সমবায় পরিদপ্তর"  # no registry name after it: as read


def test_an_unknown_ocrd_office_word_takes_its_one_known_spelling_the_engines_confusions_make_of_it():
    text = ("গণপ্রজাতন্ত্রী বাংলাদেশ সরকার\nরিভাগীয় কমিশনারের কার্যালয়\nবরিশাল\n"
            "স্মারক নং ০৫.৪৪.০০০০.০০০.১৬.০০১.২৪.১১২ তারিখ: ১২/০১/২০২৪")
    scanned = read_letter(text, ocr=True)  # ব read as র: the tier's word
    assert (scanned.office, scanned.tier) == ("বিভাগীয় কমিশনারের কার্যালয়, বরিশাল", "divisional")
    assert scanned.corrections == ["office: 'রিভাগীয়' → 'বিভাগীয়' (unknown word; characters the OCR engine "
                                   "confuses; the one known spelling)"]
    assert read_letter(text).office == "রিভাগীয় কমিশনারের কার্যালয়, বরিশাল"  # a digital letter: as printed
    known = read_letter(text.replace("রিভাগীয়", "বিভাগীয়").replace("বরিশাল", "রংপুর"), ocr=True)
    assert known.office == "বিভাগীয় কমিশনারের কার্যালয়, রংপুর" and known.corrections == []  # known words stay


def test_a_speck_read_as_a_stop_or_hyphen_between_words_or_a_lost_word_gap_leave_an_ocrd_office_name():
    from normalize.letter import without_stray_marks

    # a stop after a whole word inside the name, in no registry: a speck; an abbreviation's stays
    assert without_stray_marks("উপজেলা. সমবায় কার্যালয়, কালিয়া, নড়াইল") == "উপজেলা সমবায় কার্যালয়, কালিয়া, নড়াইল"
    assert without_stray_marks("ডা. মো. রহিম স্মৃতি কার্যালয়") == "ডা. মো. রহিম স্মৃতি কার্যালয়"
    # the registry's name of the very same letters: its spacing and punctuation
    assert without_stray_marks("ডাক-ও টেলিযোগাযোগ বিভাগ") == "ডাক ও টেলিযোগাযোগ বিভাগ"
    assert without_stray_marks("ডাক.ও টেলিযোগাযোগ বিভাগ") == "ডাক ও টেলিযোগাযোগ বিভাগ"
    assert without_stray_marks("শিশু কল্যাণট্রাস্ট") == "শিশু কল্যাণ ট্রাস্ট"
    # other letters than the registry's name: as read
    assert without_stray_marks("শিশু কল্যাণ ট্রাস্ট-২") == "শিশু কল্যাণ ট্রাস্ট-২"


def test_a_scrap_ocr_read_off_the_emblem_beside_a_letterhead_line_leaves_the_office_its_name():
    text = ("নে গণপ্রজাতন্ত্রী বাংলাদেশ সরকার\nউপজেলা নির্বাহী অফিসারের কার্যালয় «০\nপীরগঞ্জ, রংপুর\n"
            "| www.example.gov.bd\nস্মারক নং: ৪৯.৯২.০০০০.৩২৬.৮০.৪৩৬.২৪.৪৭৮ তারিখ: ১০ অক্টোবর ২০২৪\n")
    letter = read_letter(text, ocr=True)
    assert (letter.office, letter.tier) == ("উপজেলা নির্বাহী অফিসারের কার্যালয়, পীরগঞ্জ, রংপুর", "upazila")
    # a postcode is no scrap: the address line still ends the letterhead
    head = "গণপ্রজাতন্ত্রী বাংলাদেশ সরকার\nতথ্য ও সম্প্রচার মন্ত্রণালয়\nতথ্য অধিদপ্তর\nঢাকা ১০০০\nশাখা ২\n"
    assert read_letter(head).office == "তথ্য অধিদপ্তর"
