"""The vCard writer (RFC 2426, version 3.0); the office's card is tested with its page."""

from core.vcard import VCard, escape_value, fold


def test_card_has_begin_version_and_end_and_crlf_line_ends():
    card = VCard()
    card.add("FN", "Büro")
    text = card.serialize()
    assert text.startswith("BEGIN:VCARD\r\nVERSION:3.0\r\n")
    assert "\r\nFN:Büro\r\n" in text
    assert text.endswith("END:VCARD\r\n")
    assert "\n" not in text.replace("\r\n", "")


def test_long_lines_fold_at_75_octets_without_splitting_a_character():
    line = "NOTE:" + "Öffnungszeiten für Bürgerinnen und Bürger " * 5
    folded = fold(line)
    physical = folded.split("\r\n")
    assert len(physical) > 2
    assert all(len(part.encode()) <= 75 for part in physical)
    assert all(part.startswith(" ") for part in physical[1:])
    assert folded.replace("\r\n ", "") == line


def test_text_values_are_escaped():
    assert escape_value("a,b;c\\d\r\ne") == "a\\,b\\;c\\\\d\\ne"
    card = VCard()
    card.add("ORG", "Name; mit Semikolon", "Abteilung")
    assert "ORG:Name\\; mit Semikolon;Abteilung\r\n" in card.serialize()
