import unicodedata

from normalize.bijoy import convert, convert_line


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def test_bijoy_lines_become_unicode():
    assert convert_line("Avgvi †mvbvi evsjv") == "আমার সোনার বাংলা"
    assert convert_line("evsjv‡`k miKvi") == "বাংলাদেশ সরকার"
    assert convert_line("ZvwiL: 14 Rvbyqvwi 2024") == nfc("তারিখ: ১৪ জানুয়ারি ২০২৪")


def test_english_bangla_and_addresses_stay():
    for line in ["Annual Performance Agreement", "ই-ফাইলে নোট নিষ্পত্তিকৃত", "Email: sktmopme@gmail.com",
                 "www.ptd.gov.bd", "১৪.০০.০০০০.০১১"]:
        assert convert_line(line) is None


def test_a_text_report_typed_in_bijoy_is_read():
    from extract.textfile import read_text

    letter = "MYcÖRvZš¿x evsjv‡`k miKvi\nZvwiL: 14 Rvbyqvwi 2024\nEmail: office@example.gov.bd"
    doc = read_text(letter.encode("utf-8"), "bijoy.txt")
    assert doc.text.split("\n")[1] == nfc("তারিখ: ১৪ জানুয়ারি ২০২৪")
    assert doc.text.split("\n")[2] == "Email: office@example.gov.bd"
    assert doc.warnings == ["2 line(s) typed in Bijoy/SutonnyMJ were converted to Unicode"]
    assert convert(letter)[1] == 2
