"""Columns typed from their cells where the header words are garbled, missing or reversed."""
from normalize.columns import complete
from normalize.header import map_columns

BODY = [
    ["০১", "[১.১.১] সেবা সহজিকরণ", "তারিখ", "১০", "১৬/০৫/২০২৪", "২৩/০৫/২০২৪", "৩০/০৫/২০২৪", "০৬/০৬/২০২৪", "১৫/০৬/২০২৪", "১২/০৩/২০২৪", "সংযুক্ত"],
    ["০২", "[১.২.১] ডাটাবেজ হালনাগাদ", "সংখ্যা", "৪", "৪", "৩", "২", "১", "-", "৩", "প্রমাণক সংযুক্ত"],
    ["০৩", "[১.৩.১] নোট নিষ্পত্তি", "%", "৬", "৮৫%", "৮০%", "৭৫%", "৭০%", "৬০%", "৮২%", ""],
]
LEVEL_NAMES = ["অসাধারণ (১০০%)", "অতি উত্তম (৯০%)", "উত্তম (৮০%)", "চলতি মান (৭০%)", "চলতি মানের নিম্নে (৬০%)"]


def _map(header):
    return complete(map_columns(header), [list(r) for r in BODY])


def test_a_garbled_weight_and_achievement_header_is_typed_from_the_cells():
    header = [["ক্রম", "কর্মসম্পাদন সূচক", "একক", "কর্মসম্পাদ", *LEVEL_NAMES, "ওয় ব্রেমা", "মন্তব্য"]]
    cmap = _map(header)
    assert cmap.fields["weight"] == 3 and cmap.progress == [(9, None)]
    assert cmap.levels == {"excellent": 4, "very_good": 5, "good": 6, "fair": 7, "poor": 8}


def test_a_level_whose_header_was_misread_does_not_shift_the_others():
    names = LEVEL_NAMES[:2] + ["উত্তম (৮০)"] + LEVEL_NAMES[3:]  # the percent sign lost
    header = [["ক্রম", "কর্মসম্পাদন সূচক", "একক", "কর্মসম্পাদন সূচকের মান", *names, "অর্জন", "মন্তব্য"]]
    assert _map(header).levels == {"excellent": 4, "very_good": 5, "good": 6, "fair": 7, "poor": 8}


def test_levels_printed_in_reverse_keep_the_headers_direction():
    header = [["ক্রম", "কর্মসম্পাদন সূচক", "একক", "কর্মসম্পাদন সূচকের মান", *reversed(LEVEL_NAMES), "অর্জন", "মন্তব্য"]]
    assert _map(header).levels == {"poor": 4, "fair": 5, "good": 6, "very_good": 7, "excellent": 8}


def test_an_unreadable_header_still_maps_from_the_cells():
    header = [["ক্রৃ", "কর্মস", "এ", "ক", "অ", "অত", "উ", "চ", "চল", "ও", "ম"]]
    cmap = _map(header)
    assert (cmap.fields["indicator"], cmap.fields["unit"], cmap.fields["weight"]) == (1, 2, 3)
    assert cmap.levels == {"excellent": 4, "very_good": 5, "good": 6, "fair": 7, "poor": 8}
    assert cmap.progress == [(9, None)]


def test_an_english_header_maps():
    header = [["SL", "Performance Indicator", "Unit", "Weight", "Excellent (100%)", "Very Good (90%)", "Good (80%)",
               "Fair (70%)", "Poor (60%)", "Achievement", "Remarks"]]
    cmap = _map(header)
    assert (cmap.fields["indicator"], cmap.fields["unit"], cmap.fields["weight"], cmap.fields["evidence"]) == (1, 2, 3, 10)
    assert cmap.levels["excellent"] == 4 and cmap.levels["poor"] == 8 and cmap.progress == [(9, None)]


def test_a_table_whose_level_columns_could_not_be_found_maps_what_it_can_without_failing():
    """A photographed table read badly: an indicator column, a short run of values, no levels."""
    cmap = complete(map_columns([["ক্রম", "কর্মসম্পাদন সূচক", "x", "y"]]),
                    [["০১", "[১.১.১] তথ্য বাতায়ন হালনাগাদকৃত", "১০", "৫"],
                     ["০২", "[১.১.২] ই-নথি", "৮", "৪"]])
    assert cmap.fields["indicator"] == 1 and not cmap.levels and not cmap.progress
