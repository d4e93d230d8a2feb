from normalize.catalogue import candidates, match, template_for, templates


def test_every_template_is_consistent():
    for t in templates():
        codes = [e.code for e in t.indicators]
        assert len(codes) == len(set(codes)), t.name
        assert all(e.unit in ("date", "count", "percent") for e in t.indicators), t.name
        if t.complete:
            assert sum(e.weight for e in t.indicators) in (t.weight_total, t.weight_total - 1), t.name


def test_templates_are_chosen_by_year_and_tier():
    assert len(template_for("2023-24", "ministry").indicators) == 11
    assert len(template_for("2023-24", "department").indicators) == 8
    assert template_for("2023-24", "upazila") is None
    # no template for the tier: the year's entries of every tier
    assert {e.code for e in candidates("2023-24", "upazila")} >= {"1.1.1", "6.1.2", "2.2.3"}


def test_text_decides_over_a_wrong_printed_code():
    entries = candidates("2024-25", "district")
    m = match("5.1.1", "ই-ফাইলে নোট নিষ্পত্তিকৃত", entries)
    assert (m.entry.code, m.score) == ("4.1.2", 100.0)


def test_damaged_text_still_matches_with_its_code():
    entries = candidates("2023-24", "ministry")
    m = match("2.1.1", "রনি িথ্য বািায়ন হালনাগাদকৃি", entries)
    assert m.entry.code == "2.1.1" and 60 <= m.score < 100


def test_unrelated_text_matches_nothing():
    m = match(None, "বার্ষিক ক্রীড়া প্রতিযোগিতা আয়োজন", candidates("2023-24", "ministry"))
    assert m.entry is None
