"""Every corpus text matches its hand-counted ground truth."""

import pytest

from conftest import CORPUS, ground_truth
from monitor.parse import parse_path

CASES = ground_truth()


@pytest.mark.parametrize("case", CASES, ids=[c["text"] for c in CASES])
def test_counts_and_openers(case):
    resolution = parse_path(CORPUS / "texts" / case["text"])
    operative, preambular = resolution.operative(), resolution.preambular()
    assert len(operative) == int(case["operative"])
    assert len(preambular) == int(case["preambular"])
    assert operative[0].opener == case["first_operative_opener"]
    assert operative[-1].opener == case["last_operative_opener"]
    # ids are unique and in sequence
    assert [p.number for p in operative] == list(range(1, len(operative) + 1))
    assert [p.number for p in preambular] == list(range(1, len(preambular) + 1))


def test_general_assembly_metadata():
    resolution = parse_path(CORPUS / "texts" / "unga-80-38.txt")
    assert resolution.symbol == "A/RES/80/38"
    assert resolution.body == "GA"
    assert resolution.session == 80
    assert resolution.agenda_item == "99 (q)"
    assert resolution.adoption_date.isoformat() == "2025-12-01"
    assert resolution.meeting == "52nd plenary meeting"


def test_running_header_inside_a_paragraph_is_dropped():
    resolution = parse_path(CORPUS / "texts" / "unga-80-4.txt")
    pp6 = resolution.paragraph("PP6")
    assert "51/17 of 12 November 1996, 52/10 of 5 November 1997" in pp6.text
    assert "Necessity of ending" not in pp6.text


def test_run_on_paragraphs_are_split():
    resolution = parse_path(CORPUS / "texts" / "unsc-draft-s-2016-1100.txt")
    assert resolution.paragraph("OP9").text.endswith("the efforts of Egypt and the Russian Federation;")
    assert resolution.paragraph("OP10").opener == "Confirms"
    assert resolution.paragraph("OP12").text.startswith("Requests the Secretary-General to report")


def test_section_headings_are_not_text():
    resolution = parse_path(CORPUS / "texts" / "unsc-draft-s-2020-445.txt")
    op8, op9 = resolution.paragraph("OP8"), resolution.paragraph("OP9")
    assert "AMISOM Priorities" not in op8.text
    assert op9.section == "AMISOM / Priorities and tasks"
    assert resolution.paragraph("OP36").section == "Reporting"
    assert resolution.paragraph("OP6").subparagraphs == 3


def test_pdf_text_footnotes_and_subparagraphs():
    resolution = parse_path(CORPUS / "texts" / "unga-80-1-pdftext.txt")
    op1 = resolution.paragraph("OP1")
    assert op1.subparagraphs == 3
    assert "(b) The State of Palestine may deliver statements" in op1.text
    assert "25-15106" not in op1.text and "2/2" not in op1.text and "See resolution" not in op1.text
    assert "after introduction by its representative" in op1.text
    pp1 = resolution.paragraph("PP1")
    assert [(f.marker, f.text) for f in pp1.footnotes] == [("1", "See resolution 169 (II).")]
    assert "Headquarters of the United Nations are prevented" in pp1.text


def test_mixed_footnote_markers():
    resolution = parse_path(CORPUS / "texts" / "unga-80-38.txt")
    assert [f.marker for f in resolution.paragraph("PP2").footnotes] == ["1"]
    assert [f.marker for f in resolution.paragraph("PP7").footnotes] == ["3"]
    assert [(f.marker, f.text) for f in resolution.paragraph("PP23").footnotes] == [("6", "A/78/111.")]
    assert resolution.paragraph("PP7").text.endswith("and its outcome,")
    assert "Prevent, Combat and Eradicate" in resolution.paragraph("PP7").text


def test_unheaded_annex_is_kept_apart():
    resolution = parse_path(CORPUS / "texts" / "unsc-draft-s-2022-158.txt")
    assert resolution.operative()[-1].text == "Decides to remain actively seized of the matter."
    assert resolution.annex and resolution.annex.startswith("The Houthis have engaged")


def test_annex_after_unnumbered_paragraph():
    resolution = parse_path(CORPUS / "texts" / "unga-80-3.txt")
    last = resolution.operative()[-1]
    assert last.paragraph_id == "OP2" and not last.numbered
    assert any("without a number" in w for w in last.warnings)
    assert resolution.annex.startswith("Annex")
