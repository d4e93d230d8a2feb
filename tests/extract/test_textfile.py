import pytest

from extract.model import ExtractionError
from extract.textfile import decode, read_text, shape


def test_decodings():
    text = "ক্রম\tকার্যক্রম\n"
    assert decode(text.encode("utf-8")) == text
    assert decode(text.encode("utf-8-sig")) == text
    assert decode(text.encode("utf-16")) == text          # with BOM
    assert decode(text.encode("utf-16-le")) == text       # without BOM
    assert decode("a\r\nb".encode()) == "a\nb"


@pytest.mark.parametrize("data, words", [
    (b"", "empty"),
    (b"  \n\n", "empty"),
    (b"%PDF-1.7\n%\xe2\xe3", "PDF"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG"),
    (bytes(range(256)) * 4, "binary"),
    ("বাংলা".encode("utf-8")[:-1] + b"\xff\xfe abc", "not valid UTF-8"),
])
def test_unreadable_files_say_why(data, words):
    with pytest.raises(ExtractionError, match=words):
        decode(data)


def test_shapes():
    assert shape("a\tb\tc\td\ne\tf\tg\th") == "tsv"
    assert shape("| a | b |\n|---|---|\n| c | d |") == "markdown"
    assert shape("ক্রম\n০১ [১.১.১] সূচক তারিখ ১০ ১৬/০৫/২০২৪") == "layout"


def test_running_text_and_tables_are_separated():
    doc = read_text("চিঠি\nক্রম\tসূচক\tএকক\tমান\n১\t[১.১.১] ক\tতারিখ\t১০\nস্বাক্ষর".encode(), "x.txt")
    assert doc.text == "চিঠি\nস্বাক্ষর"
    assert [[c.text for c in r] for r in doc.tables[0].rows] == [["ক্রম", "সূচক", "একক", "মান"],
                                                                  ["১", "[১.১.১] ক", "তারিখ", "১০"]]
    assert doc.tables[0].rows[1][2].prov.line == 3
