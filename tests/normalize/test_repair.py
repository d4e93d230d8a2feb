"""Repair changes a word only where its reading is in doubt, and says so."""
from normalize.repair import choose_readings, repair_against, repair_words

CATALOGUE = "সেবা/অফিস ব্যবস্থাপনা সহজিকরণ/ডিজিটাইজেশনের মাধ্যমে ন্যূনতম একটি উদ্ভাবনী ধারণা বাস্তবায়িত"


def test_an_unknown_ocr_word_takes_the_engines_known_other_reading():
    tokens, changes = choose_readings(["উদ্তাবিত/সহজিকৃত", "সেবা"], {"উদ্তাবিত/সহজিকৃত": ("উদ্ততাবিত/সহজিকৃত", "উদ্ভাবিত/সহজিকৃত")})
    assert tokens == ["উদ্ভাবিত/সহজিকৃত", "সেবা"]
    assert changes == ["'উদ্তাবিত/সহজিকৃত' → 'উদ্ভাবিত/সহজিকৃত' (unknown word; the OCR engine's other reading of it is a known word)"]


def test_a_known_word_keeps_its_reading_whatever_the_alternatives():
    assert choose_readings(["নহে"], {"নহে": ("নেই",)}) == (["নহে"], [])


def test_an_alternative_that_changes_punctuation_is_not_taken_a_known_confusion_is():
    tokens, changes = choose_readings(["উদ্তাবিত/-"], {"উদ্তাবিত/-": ("উদ্ভাবিত/.",)})
    assert tokens == ["উদ্ভাবিত/-"]  # ত/ভ, a confusion of the engine; the dash as read
    assert changes == ["'উদ্তাবিত/-' → 'উদ্ভাবিত/-' (unknown word; characters the OCR engine confuses; the one known spelling)"]


def test_a_word_read_from_a_text_layer_is_never_respelled():
    assert choose_readings(["ত্রেমাসিক"], None) == (["ত্রেমাসিক"], [])
    assert choose_readings(["ত্রেমাসিক"], {})[0] == ["ত্রৈমাসিক"]  # OCR'd: e/ai confused


def test_an_unknown_word_one_engine_confusion_from_the_catalogue_takes_it_in_ocr_text():
    read = "সেবা/অফিস ব্যবস্থাপনা সহজিকরণ/ডিজিটাইজেশনের মাধ্যমে ন্যুনতম দুইটি উদ্ভাবনী ধারণা বাস্তবায়িত"
    fixed = repair_against(read, CATALOGUE, "ocr")
    assert fixed.text == read.replace("ন্যুনতম", "ন্যূনতম")  # দুইটি is a word: it stays
    assert fixed.changes == ("'ন্যুনতম' → 'ন্যূনতম' (unknown word, characters the OCR engine confuses; catalogue word)",)
    assert repair_against(read, CATALOGUE).text == read  # not OCR'd: as printed


def test_readings_reach_free_text_too():
    fixed = repair_words("প্রমাণক সংযুক্ত উদ্তাবিত", readings={"উদ্তাবিত": ("উদ্ভাবিত",)})
    assert fixed.text == "প্রমাণক সংযুক্ত উদ্ভাবিত"
    assert len(fixed.changes) == 1


def test_an_ocr_value_over_100_in_a_percent_row_is_read_with_its_percent_sign():
    from normalize.report import _percent_signs
    from normalize.values import parse_value

    values = {"target_very_good": parse_value("৮৫০"), "target_good": parse_value("৮০%"),
              "target_fair": parse_value("৭৫০০"), "achievement": parse_value("১০০"), "target_poor": parse_value("১০৫")}
    changes = _percent_signs(values)
    assert values["target_very_good"].text == "85" and values["target_very_good"].raw == "৮৫০"
    assert values["target_fair"].text == "75"  # % read as two zeros
    assert values["target_good"].text == "80" and values["achievement"].text == "100"
    assert values["target_poor"].text == "105"  # no zero that could be the sign: as read
    assert changes == ["target_very_good: '৮৫০' → '85' (over 100 in a percent row; OCR reads % as ০)",
                       "target_fair: '৭৫০০' → '75' (over 100 in a percent row; OCR reads % as ০)"]


def test_an_aa_kar_ocr_loses_against_a_slash_is_one_reading_of_the_marks():
    """Tesseract takes া's stroke into a slash (`কর্মশাল/সভা`): put back, it is one reading; where
    the lexicon knows two (`সেব/` is সের/ by ব/র too), only the matched catalogue text chooses."""
    from normalize.repair import choose_readings, repair_against

    tokens, changes = choose_readings(["কর্মশাল/সভা/সেমিনার", "সেব/অফিস"], {})
    assert tokens == ["কর্মশালা/সভা/সেমিনার", "সেব/অফিস"] and len(changes) == 1
    fixed = repair_against("কর্তৃক সেব/অফিস ব্যবস্থাপনা", "কর্তৃক সেবা/অফিস ব্যবস্থাপনা", "ocr", {})
    assert fixed.text == "কর্তৃক সেবা/অফিস ব্যবস্থাপনা"
    assert fixed.changes == ("'সেব/অফিস' → 'সেবা/অফিস' (unknown word, an া the OCR engine loses against a slash; "
                             "catalogue word)",)
    assert repair_against("কর্তৃক সেব/অফিস", "কর্তৃক সেবা/অফিস", None, None).text == "কর্তৃক সেব/অফিস"  # printed


def test_an_ocr_d_malformed_word_far_from_its_catalogue_word_keeps_its_letters_a_malformed_part_is_mended():
    read = "উ্ভাবিত/সহজিকৃত/ডিজিটাইজকৃত সেবার তালিকা (ত্রৈমাসিক ভিত্তিতে)"
    fixed = repair_against(read, "সেবা সহজিকরণ কর্মশালা আয়োজিত", "ocr")
    assert fixed.text == read.replace("উ্ভাবিত", "উদ্ভাবিত")  # the slash-joined part nearly a lexicon word
    assert fixed.changes == ("'উ্ভাবিত/সহজিকৃত/ডিজিটাইজকৃত' → 'উদ্ভাবিত/সহজিকৃত/ডিজিটাইজকৃত' "
                             "(malformed; closest lexicon word)",)
    # two words the alignment put against one catalogue word unlike them: not replaced by it
    assert repair_against("(হ্ৈমৈাসিক ভিত্তিতে)", "তথ্য বাতায়ন হালনাগাদ নিশ্চিতকরণ)", "ocr").text == "(হ্ৈমৈাসিক ভিত্তিতে)"


def test_a_word_is_known_with_a_case_or_classifier_ending():
    """Debian's Bangla list knows নথি and not নথিতে: the vocabulary's word endings make its forms known."""
    from normalize.repair import known_word

    assert known_word("ই-নথিতে") and known_word("কমিটির") and known_word("কর্মশালাটি")
    assert not known_word("ই-নখিতে")  # নখি is no word, whatever ending follows


def test_an_unknown_word_takes_the_reading_its_report_prints_with_confidence_elsewhere():
    from normalize.text import key

    readings = {"ওয়েরসাইটে": ("ওয়েবসাইটে",)}
    assert choose_readings(["ওয়েরসাইটে"], readings) == (["ওয়েরসাইটে"], [])  # no list knows either spelling
    tokens, changes = choose_readings(["ওয়েরসাইটে"], readings, frozenset({key("ওয়েবসাইটে")}))
    assert tokens == ["ওয়েবসাইটে"]
    assert changes == ["'ওয়েরসাইটে' → 'ওয়েবসাইটে' (unknown word; the OCR engine's other reading of it is a known "
                       "word, read with confidence elsewhere in this report)"]


def test_a_reports_confident_words_leave_out_those_the_engine_was_unsure_of():
    from extract.model import Cell, Document, Page, Provenance, Table
    from normalize.report import confident_words
    from normalize.text import key

    def cell(text, method="ocr", unsure=()):
        return Cell(text, Provenance("s.pdf", 1, 0, 0, method, word_readings=unsure))

    table = Table([[cell("ওয়েবসাইটে প্রকাশিত"), cell("ওয়েরসাইটে আছে", unsure=(("ওয়েরসাইটে", ("ওয়েবসাইটে",)),)),
                    cell("নথিপত্রে", method="pdf-text")]])
    words = confident_words(Document("s.pdf", "pdf", [Page(1, "", [table])], "ocr+pdf-text"))
    assert words == {key("ওয়েবসাইটে"), key("প্রকাশিত"), key("আছে")}  # not the unsure word, nor a text layer's


def test_the_engines_nukta_confusions_are_swapped_as_one_character():
    """য় is য and a nukta after NFC: the engine's য/য় confusion (vocabulary.yaml) still applies."""
    from normalize.repair import confusions_only

    tokens, changes = choose_readings(["সংয়ুক্তি-১.১.১"], {})
    assert tokens == ["সংযুক্তি-১.১.১"]
    assert changes == ["'সংয়ুক্তি-১.১.১' → 'সংযুক্তি-১.১.১' (unknown word; characters the OCR engine confuses; "
                       "the one known spelling)"]
    assert confusions_only("বাডি", "বাড়ি") and not confusions_only("বাডি", "বাড়ী়")


def test_the_aa_stroke_and_a_conjuncts_da_are_confusions_of_the_engine():
    tokens, changes = choose_readings(["অছে", "উত্ভাবিত"], {})
    assert tokens == ["আছে", "উদ্ভাবিত"]
    assert len(changes) == 2
    assert choose_readings(["অতএব"], {}) == (["অতএব"], [])  # a known word read with অ stays
