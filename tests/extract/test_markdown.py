from extract.markdown import read


def test_pipe_table_with_line_breaks_in_cells():
    text = """## শিরোনাম
| ক্র | কার্যক্রম | একক |
|-----|---|---|
|     | অসাধারণ | |
| ০১  | [১.১] সেবা<br>সহজিকরণ | তারিখ |
"""
    page = read(text, "r.md")
    assert page.text.split("\n")[0] == "শিরোনাম"
    rows = [[c.text for c in r] for r in page.tables[0].rows]
    assert rows == [["ক্র", "কার্যক্রম", "একক"], ["", "অসাধারণ", ""], ["০১", "[১.১] সেবা\nসহজিকরণ", "তারিখ"]]
    assert page.tables[0].rows[2][1].prov.line == 5
