"""French as well as English on every input path: XML, markdown, plain text and PDF."""

import unicodedata

import pytest

from conftest import FIXTURES
from monitor.parse import detect_language, parse_path, parse_text
from xml_rendering import Layout, compare, opening_italic, read

RESOLUTIONS = FIXTURES / "resolutions"
XML = sorted(RESOLUTIONS.glob("*.xml"))


@pytest.mark.parametrize("path", XML, ids=[p.stem for p in XML])
def test_every_opener_the_xml_sets_in_italics_is_in_the_vocabulary(path):
    # the vocabulary, longest phrase first, reads at least the italic phrase ("Guidé" -> "Guidé par")
    resolution = parse_path(path)
    for para, paragraph in zip(read(path).paragraphs, resolution.paragraphs):
        italic = unicodedata.normalize("NFC", opening_italic(para) or "")
        assert paragraph.opener.startswith(italic), (paragraph.paragraph_id, italic, paragraph.opener)
        assert not any("not in the vocabulary" in w for w in paragraph.warnings), paragraph.paragraph_id


def test_french_plain_text_without_italics():
    resolution = parse_path(FIXTURES / "layouts" / "french-plain.txt")
    assert resolution.language == "fr" and resolution.body == "HRC"
    assert [p.opener for p in resolution.preambular()] == [
        "Guidé par", "Profondément préoccupé", "Notant avec préoccupation", "Ayant à l’esprit",
        "Se déclarant en outre gravement préoccupé"]
    assert [p.opener for p in resolution.operative()] == [
        "Condamne dans les termes les plus forts possibles", "Accueille avec satisfaction",
        "Prend note avec satisfaction", "Prend également note", "Engage vivement", "Se félicite",
        "Demande instamment", "Prie", "Décide"]
    assert [p.lemma for p in resolution.operative()] == [
        "condemn", "welcome", "take note", "take note", "call upon", "welcome", "urge", "request", "decide"]
    assert resolution.paragraph("OP4").modifiers == ["également"]
    assert resolution.paragraph("PP5").modifiers == ["en outre"]
    assert not [w for w in resolution.all_warnings() if "symbol" not in w[1]]


@pytest.mark.parametrize("formula, body", [
    ("Le Conseil des droits de l'homme,", "HRC"), ("L'Assemblée générale,", "GA"),
    ("L’Assemblée générale,", "GA"), ("Le Conseil de sécurité,", "SC"),
])
def test_french_opening_formulas(formula, body):
    text = (f"{formula}\n\nRappelant ses résolutions antérieures,\n\n1. Exhorte les parties à agir ;\n\n"
            "2. Invite le Secrétaire général à lui faire rapport ;\n\n3. Décide de rester saisi de la question.\n")
    resolution = parse_text(text)
    assert resolution.body == body and resolution.language == "fr"
    assert [p.opener for p in resolution.paragraphs] == ["Rappelant", "Exhorte", "Invite", "Décide"]


MARKDOWN = """---
symbol: A/HRC/RES/99/1
language: fr
---

*Le Conseil des droits de l’homme,*

*Rappelant* sa résolution 98/1,

1. *Décide* de rester saisi de la question.
"""


def test_front_matter_language_and_the_language_argument():
    assert parse_text(MARKDOWN).language == "fr"
    assert parse_text(MARKDOWN).paragraph("PP1").lemma == "recall"
    # the argument overrides the front matter; the French openers are then unknown to it
    english = parse_text(MARKDOWN, language="en")
    assert english.language == "en"
    assert any("not in the vocabulary" in w for _, w in english.all_warnings())
    # a language without vocabulary rows: said once, openers from italics or first words
    spanish = parse_text(MARKDOWN, language="es")
    assert spanish.language == "es"
    assert ("", "no opener vocabulary for language 'es'; openers taken from the italic spans or first words") \
        in spanish.warnings
    assert spanish.paragraph("OP1").opener == "Décide"


def test_language_override_on_the_xml_and_pdf_paths():
    assert parse_path(RESOLUTIONS / "A_HRC_RES_55_24F.xml", language="en").language == "en"
    assert parse_path(RESOLUTIONS / "A_HRC_RES_55_24F.pdf", language="fr").language == "fr"


@pytest.mark.parametrize("text, language", [
    ("The Human Rights Council, Recalling its resolutions on the situation of human rights,", "en"),
    ("Le Conseil des droits de l’homme, Rappelant ses résolutions sur la situation des droits de l’homme,", "fr"),
    ("", "en"),
])
def test_detect_language(text, language):
    assert detect_language(text) == language


def test_the_french_pdf_reads_as_its_xml():
    # A_HRC_RES_55_24F.pdf: the XML printed with LibreOffice, openers in italics, footnotes at
    # page bottoms (benchmarks/rendered_xml.py --fixture)
    xml, pdf = parse_path(RESOLUTIONS / "A_HRC_RES_55_24F.xml"), parse_path(RESOLUTIONS / "A_HRC_RES_55_24F.pdf")
    assert pdf.source_format == "pdf" and pdf.language == "fr"
    agreement = compare(xml, pdf, read(RESOLUTIONS / "A_HRC_RES_55_24F.xml"), Layout())
    assert agreement.full, "\n".join(agreement.mismatches)
    assert agreement.total == 28 and agreement.footnotes == 28
    assert (pdf.symbol, pdf.adoption_date, pdf.meeting, pdf.vote) == (xml.symbol, xml.adoption_date, xml.meeting, xml.vote)
    assert [f.marker for f in pdf.footnotes] == ["2", "3", "4"]
    assert pdf.all_warnings() == []


def test_the_parse_command_takes_a_language(capsys):
    from monitor.cli import main

    path = str(FIXTURES / "layouts" / "french-plain.txt")
    assert main(["parse", path, "--table", "metadata", "--format", "json"]) == 0
    assert '"language": "fr"' in capsys.readouterr().out.replace('":"', '": "')
    assert main(["parse", path, "--table", "metadata", "--format", "json", "--language", "en"]) == 0
    captured = capsys.readouterr()
    assert '"language": "en"' in captured.out.replace('":"', '": "')
    assert "opener 'Prie' is not in the vocabulary" in captured.err
