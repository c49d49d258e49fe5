"""Text as PDF extraction or a copy-paste leaves it: one small fixture per layout (tests/fixtures/layouts/)."""

import pytest

from conftest import FIXTURES
from monitor.parse import parse_path

LAYOUTS = FIXTURES / "layouts"


def _read(name: str):
    return parse_path(LAYOUTS / name)


def _warnings(resolution) -> list[tuple[str, str]]:
    return [w for w in resolution.all_warnings() if "no document symbol" not in w[1]]


def test_numbers_without_a_full_stop():
    resolution = _read("bare-numbers.txt")
    assert [(p.paragraph_id, p.opener) for p in resolution.operative()] == [
        ("OP1", "Strongly condemns"), ("OP2", "Calls upon"), ("OP3", "Requests"), ("OP4", "Decides")]
    # "15 March 2006," and "1 June 2019," start wrapped lines, not paragraphs
    assert resolution.paragraph("PP1").text.endswith("resolution 60/251 of 15 March 2006,")
    assert "committed on 1 June 2019, and calls for" in resolution.paragraph("OP1").text
    assert _warnings(resolution) == []


def test_numbers_lost_for_a_run_are_numbered_in_sequence_and_said():
    resolution = _read("lost-numbers.txt")
    operative = resolution.operative()
    assert [p.number for p in operative] == list(range(1, 8))
    assert [p.paragraph_id for p in operative if not p.numbered] == ["OP3", "OP4", "OP5"]
    assert [(where, message) for where, message in _warnings(resolution)] == [
        (pid, "operative paragraph without a number; numbered in sequence") for pid in ("OP3", "OP4", "OP5")]


def test_paragraphs_run_together_on_one_line():
    resolution = _read("run-on.txt")
    assert [(p.paragraph_id, p.opener) for p in resolution.operative()] == [
        ("OP1", "Reaffirms"), ("OP2", "Demands"), ("OP3", "Recognizes"), ("OP4", "Requests"),
        ("OP5", "Expresses"), ("OP6", "Decides")]
    assert resolution.paragraph("OP2").text == "Demands that all parties cease hostilities immediately;"
    # "...; 5." ends a line, its paragraph on the next
    assert resolution.paragraph("OP4").text == "Requests the Secretary-General to report every 90 days;"
    assert resolution.paragraph("OP5").text == "Expresses its intention to review the situation;"
    assert _warnings(resolution) == []


def test_a_wrapped_line_starting_with_a_number_and_full_stop():
    resolution = _read("wrapped-number.txt")
    assert len(resolution.preambular()) == 2 and len(resolution.operative()) == 3
    assert "under agenda item 1. The Assembly recalled" in resolution.paragraph("PP1").text
    assert "in section 2. The Assembly also notes" in resolution.paragraph("OP1").text
    assert resolution.paragraph("OP2").text.endswith("referred to in paragraph 1. above;")
    assert _warnings(resolution) == []


def test_headings_in_the_preamble_and_the_operative_part():
    resolution = _read("headings.txt")
    assert [p.opener for p in resolution.preambular()] == ["Recalling", "Reaffirming", "Welcoming"]
    assert resolution.paragraph("PP1").section == "General considerations"
    assert resolution.paragraph("PP3").section == "Political process"
    assert resolution.paragraph("PP2").text == "Reaffirming its commitment to the unity of the country,"
    assert resolution.paragraph("OP2").section == "Mission mandate / Priorities and tasks"
    assert resolution.paragraph("OP4").section == "Reporting"
    assert resolution.paragraph("OP3").text == "Requests the Mission to protect civilians;"
    assert len(resolution.operative()) == 5


def test_a_preambular_paragraph_ending_with_a_full_stop():
    resolution = _read("period-preamble.txt")
    assert [p.opener for p in resolution.preambular()] == ["Recalling", "Condemning", "Acting under Chapter VII"]
    assert resolution.paragraph("PP2").text == "Condemning all acts of terrorism."
    assert [p.opener for p in resolution.operative()] == ["Decides", "Decides"]
    assert resolution.annex is None


def test_sub_paragraphs_that_lost_their_letters_stay_in_their_paragraph():
    resolution = _read("lost-letters.txt")
    # "Requesting ...", "Taking note ..." after "...:" are sub-paragraphs, not preambular paragraphs
    assert [p.opener for p in resolution.preambular()] == ["Recalling", "Welcoming"]
    pp1 = resolution.paragraph("PP1")
    assert pp1.subparagraphs == 3
    assert pp1.text.split("\n")[1:] == [
        "Requesting it to assess the capacity-building needs of national institutions;",
        "Taking note of the priorities set by the Government;",
        "Reporting to the Council at its fifty-eighth session,"]
    op1 = resolution.paragraph("OP1")
    assert op1.subparagraphs == 3 and op1.text.endswith("Reporting to the Council at its sixtieth session;")
    assert [p.paragraph_id for p in resolution.operative()] == ["OP1", "OP2"]


def test_page_footers_between_paragraphs():
    resolution = _read("page-footers.txt")
    assert resolution.symbol == "A/HRC/RES/58/99"
    assert resolution.title == ("Technical assistance and capacity-building for a test country in the field of "
                                "human rights")
    assert [p.paragraph_id for p in resolution.paragraphs] == ["PP1", "PP2", "OP1", "OP2", "OP3"]
    for paragraph in resolution.paragraphs:
        for furniture in ("GE.25", "2505899", "recycle", "A/HRC/RES/58/99", "Technical assistance and capacity-building for a"):
            assert furniture not in paragraph.text, (paragraph.paragraph_id, furniture)
    assert resolution.paragraph("OP1").text == "Welcomes the steps taken by the Government;"
    assert resolution.meeting == "59th meeting" and resolution.vote == "without a vote"


def test_footnote_text_between_paragraphs():
    resolution = _read("footnotes-between.txt")
    notes = {p.paragraph_id: [(f.marker, f.text) for f in p.footnotes] for p in resolution.paragraphs}
    assert notes == {"PP1": [("2", "A/HRC/58/79.")], "PP2": [("3", "S/AC.51/2023/3.")],
                     "OP1": [("4", "See A/HRC/58/80 and A/HRC/58/80/Add.1.")], "OP2": []}
    assert resolution.paragraph("PP1").text.endswith("the situation of human rights,")
    assert resolution.paragraph("OP1").text == (
        "Welcomes the report of the Independent Expert and the recommendations contained therein;")


def test_a_final_paragraph_ending_with_sub_paragraphs():
    resolution = _read("final-subparagraphs.txt")
    last = resolution.operative()[-1]
    assert (last.paragraph_id, last.opener, last.subparagraphs) == ("OP2", "Also decides", 4)
    assert last.text.endswith("(d) Conclude with a summary by the President of the General Assembly.")
    assert resolution.annex is None
    assert resolution.meeting == "3rd plenary meeting"


def test_numbers_that_skip_repeat_or_run_backwards_are_said():
    resolution = _read("numbering.txt")
    assert len(resolution.operative()) == 7  # the count is the text's, whatever its numbers
    assert [p.paragraph_id for p in resolution.operative()] == ["OP1", "OP2", "OP4", "OP5", "OP6", "OP7", "OP8"]
    assert _warnings(resolution) == [
        ("OP4", "numbering jumps from 2 to 4: paragraph 3 not found"),
        ("OP6", "printed as 5 again after paragraph 5; numbered 6 in sequence"),
        ("OP7", "printed as 3 after paragraph 5; numbered 7 in sequence"),
        ("OP8", "printed as 7, but paragraph 7 comes before it; numbered 8 in sequence"),
    ]


@pytest.mark.parametrize("text, operative", [
    ("The Human Rights Council,\n\nRecalling its resolutions,\n\nDecides to act;\n\n2. Requests a report.\n", 2),
    ("The Human Rights Council,\n\nRecalling its resolutions,\n\nDecides to act;\n\nRequests a report.\n", 2),
], ids=["first-number-lost", "all-numbers-lost"])
def test_operative_paragraph_one_without_its_number(tmp_path, text, operative):
    path = tmp_path / "lost-first.txt"
    path.write_text(text, encoding="utf-8")
    resolution = parse_path(path)
    assert len(resolution.preambular()) == 1
    assert [p.opener for p in resolution.operative()] == ["Decides", "Requests"][:operative]
    assert not resolution.paragraph("OP1").numbered
    assert ("OP1", "operative paragraph without a number; numbered in sequence") in resolution.all_warnings()
