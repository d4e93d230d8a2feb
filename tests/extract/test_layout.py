from extract.layout import read

HEADER = """ক্রম
কর্মসম্পাদন সূচক একক
অসাধারণ অতি উত্তম উত্তম চলতি মান চলতি মানের নিম্নে
১০০% ৯০% ৮০% ৭০% ৬০%
১ ২ ৩ ৪ ৫ ৬ ৭ ৮ ৯ ১০
"""


def grid(text):
    return [[c.text for c in r] for r in read(text, "x.txt").tables[0].rows]


def test_row_spanning_lines_with_wrapped_date_and_rating():
    text = HEADER + """১১ [২.২.৩] দেশে/বিদেশে বাস্তবায়িত
উদ্যোগ অনুষ্ঠিত
তারিখ ৪ ২৮/০২/২০২৪
৩০/০৩/২০২

৪
৩০/০৪/২০২৪ - -
অসাধারণ

(২৭/১১/২০২৩)
সংযুক্তি-২.২.৩
http://www.example.gov.bd/
"""
    rows = grid(text)
    assert rows[0][5:10] == ["অসাধারণ", "অতি উত্তম", "উত্তম", "চলতি মান", "চলতি মানের নিম্নে"]
    assert rows[1] == ["১১", "", "[২.২.৩] দেশে/বিদেশে বাস্তবায়িত উদ্যোগ অনুষ্ঠিত", "তারিখ", "৪",
                       "২৮/০২/২০২৪", "৩০/০৩/২০২৪", "৩০/০৪/২০২৪", "-", "-", "অসাধারণ (২৭/১১/২০২৩)",
                       "সংযুক্তি-২.২.৩"]


def test_serial_on_its_own_line_and_percent_unit_on_the_code_line():
    text = HEADER + """০৪
[১.৪.১] ই-ফাইলে নোট নিষ্পত্তিকৃত % ৬ ৮৫% ৮০% ৭৫% ৭০% ৬০%
অসাধারণ
(৯৬.৯৯%)
সংযুক্তি-১.৪.১
০৫ [১.৫.১] কর্মশালা আয়োজিত
সংখ্যা ৪ ৪ ৩ ২ ১ - - -
"""
    rows = grid(text)
    assert rows[1][3:] == ["%", "৬", "৮৫%", "৮০%", "৭৫%", "৭০%", "৬০%", "অসাধারণ (৯৬.৯৯%)", "সংযুক্তি-১.৪.১"]
    assert rows[2][3:] == ["সংখ্যা", "৪", "৪", "৩", "২", "১", "-", "-", "-"]


def test_damaged_unit_word_still_ends_the_indicator_text():
    rows = grid(HEADER + "০১ [১.১.১] উদ্ভাবনী ধারণা বাস্তবায়িত\nিারিখ ১০ ১৬/০৫/২০২৪ - - - - - -\n")
    assert rows[1][2:5] == ["[১.১.১] উদ্ভাবনী ধারণা বাস্তবায়িত", "িারিখ", "১০"]


def test_text_without_a_table_gives_no_table():
    page = read("শুধু একটি চিঠি\nতারিখ: ১৪ জানুয়ারি ২০২৪\n", "x.txt")
    assert page.tables == [] and "চিঠি" in page.text
