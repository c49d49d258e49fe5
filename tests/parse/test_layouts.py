"""The general case: layouts the corpus does not show, built as small texts."""

import pytest

from monitor.errors import InputError
from monitor.parse import parse_text

HEAD = "The Human Rights Council,\n\n"


def test_plain_text_without_italics_or_blank_lines():
    text = HEAD + "Recalling its resolution 5/1,\nNoting with concern the situation,\n1. Decides to act;\n2. Requests the Secretary-General to report.\n"
    resolution = parse_text(text)
    assert [p.opener for p in resolution.paragraphs] == ["Recalling", "Noting with concern", "Decides", "Requests"]


def test_number_on_its_own_line():
    text = HEAD + "Recalling its resolution 5/1,\n\n1.\nDecides to act;\n\n2.\nRequests the Secretary-General to report.\n"
    resolution = parse_text(text)
    assert [p.paragraph_id for p in resolution.operative()] == ["OP1", "OP2"]
    assert resolution.paragraph("OP2").opener == "Requests"


def test_wrapped_lines_are_joined_and_hyphenated_words_healed():
    text = HEAD + "Recalling its resolution 5/1 on institution-\nbuilding of the Council, and noting\nthe report,\n1. Decides to remain seized of the matter.\n"
    resolution = parse_text(text)
    assert resolution.paragraph("PP1").text == (
        "Recalling its resolution 5/1 on institution-building of the Council, and noting the report,"
    )


def test_lowercase_continuation_is_not_a_new_paragraph():
    text = HEAD + "Emphasising the risk posed by the tanker, and stressing the need,\nunderscoring the need for cooperation,\n1. Decides to act.\n"
    resolution = parse_text(text)
    assert len(resolution.preambular()) == 1


def test_unknown_italic_opener_is_kept_with_a_warning():
    text = HEAD + "*Recalling* its resolution 5/1,\n\n*Cognisantly aware* of the situation,\n\n1. *Decides* to act.\n"
    resolution = parse_text(text)
    pp2 = resolution.paragraph("PP2")
    assert pp2.opener == "Cognisantly aware"
    assert any("not in the vocabulary" in w for w in pp2.warnings)


def test_yaml_front_matter_gives_the_symbol():
    text = '---\nsymbol: A/RES/99/1\ntitle: "A test :"\n---\n\nThe General Assembly,\n\nRecalling its resolution 98/1,\n\n1. Decides to act.\n'
    resolution = parse_text(text)
    assert resolution.symbol == "A/RES/99/1"
    assert resolution.body == "GA"
    assert resolution.title == "A test"


def test_recorded_vote():
    text = HEAD + "Recalling its resolution 5/1,\n\n1. Decides to act.\n\n51st meeting\n24 March 2021\n\n[Adopted by a recorded vote of 32 to 2, with 13 abstentions.]\n"
    resolution = parse_text(text)
    assert (resolution.votes_for, resolution.votes_against, resolution.abstentions) == (32, 2, 13)
    assert resolution.vote.startswith("recorded vote")
    assert resolution.adoption_date.isoformat() == "2021-03-24"


def test_numbering_gap_is_reported_not_hidden():
    text = HEAD + "Recalling its resolution 5/1,\n\n1. Decides to act;\n\n3. Requests the Secretary-General to report.\n"
    resolution = parse_text(text)
    assert [p.paragraph_id for p in resolution.operative()] == ["OP1", "OP3"]
    assert any("jumps from 1 to 3" in message for _, message in resolution.warnings)


def test_text_without_operative_paragraphs_is_refused():
    with pytest.raises(InputError, match="no operative paragraph"):
        parse_text("Milk\nEggs\nBread, two loaves\n", origin="list.txt")


def test_preamble_only_is_refused():
    with pytest.raises(InputError, match="no operative paragraph"):
        parse_text(HEAD + "Recalling its resolution 5/1,\n", origin="x.md")
