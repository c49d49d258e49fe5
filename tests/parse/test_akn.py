"""AKN4UN XML: the Mali resolutions 55/25 and 58/30 in English and French, synthetic markup, bad XML."""

import datetime as dt

import pytest

from conftest import FIXTURES
from monitor.errors import InputError
from monitor.parse import describe, parse_path

RESOLUTIONS = FIXTURES / "resolutions"

CASES = [
    # file, symbol, adoption, preambular, first / last operative opener, language, draft, sponsor, meeting
    ("A_HRC_RES_55_25E.xml", "A/HRC/RES/55/25", "2024-04-04", 22, "Strongly condemns", "Decides", "en",
     "A/HRC/55/L.32", "Gambia", "55th meeting"),
    ("A_HRC_RES_55_25F.xml", "A/HRC/RES/55/25", "2024-04-04", 22, "Condamne fermement", "Décide", "fr",
     "A/HRC/55/L.32", "Gambia", "55e séance"),
    ("A_HRC_RES_58_30E.xml", "A/HRC/RES/58/30", "2025-04-04", 23, "Strongly condemns", "Decides", "en",
     "A/HRC/58/L.8", "Ghana", "59th meeting"),
    ("A_HRC_RES_58_30F.xml", "A/HRC/RES/58/30", "2025-04-04", 23, "Condamne fermement", "Décide", "fr",
     "A/HRC/58/L.8", "Ghana", "59e séance"),
]


@pytest.fixture(scope="module")
def parsed():
    return {case[0]: parse_path(RESOLUTIONS / case[0]) for case in CASES}


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_counts_openers_and_metadata(parsed, case):
    name, symbol, adopted, preambular, first, last, lang, draft, sponsor, meeting = case
    resolution = parsed[name]
    operative = resolution.operative()
    assert len(operative) == 31
    assert len(resolution.preambular()) == preambular
    assert [p.number for p in operative] == list(range(1, 32))
    assert [p.number for p in resolution.preambular()] == list(range(1, preambular + 1))
    assert operative[0].opener == first
    assert operative[-1].opener == last
    assert operative[0].lemma == "condemn" and operative[-1].lemma == "decide"
    assert resolution.symbol == symbol
    assert resolution.number == symbol.removeprefix("A/HRC/RES/")
    assert resolution.body == "HRC"
    assert resolution.session == int(symbol.split("/")[3])
    # FRBRdate "adoption", not the later date of the workflow's "adopted" step
    assert resolution.adoption_date == dt.date.fromisoformat(adopted)
    assert resolution.language == lang
    assert resolution.source_format == "xml"
    assert resolution.vote == "without a vote"
    assert resolution.votes_for is None
    assert resolution.agenda_item == "10"
    assert resolution.meeting == meeting
    assert resolution.draft_symbol == draft
    assert resolution.sponsors == [sponsor]
    assert "MALI" in resolution.subjects and "HUMAN RIGHTS" in resolution.subjects
    assert resolution.title and "Mali" in resolution.title
    record = describe(resolution)
    assert record["draft_symbol"] == draft
    assert record["sponsors"] == sponsor
    assert "MALI" in record["subjects"].split("; ")
    assert record["operative_paragraphs"] == 31


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_footnotes_are_lifted_out_of_the_text(parsed, case):
    name, symbol = case[0], case[1]
    resolution = parsed[name]
    report = f"A/HRC/{symbol.split('/')[3]}/79."
    assert not any(report in p.text for p in resolution.paragraphs)
    assert not any("S/AC.51/2023/3" in p.text for p in resolution.paragraphs)
    taking_note = resolution.paragraph("PP8")  # "Taking note of the report of the Independent Expert"
    assert [(f.marker, f.text) for f in taking_note.footnotes] == [("2", report)]
    assert taking_note.text.endswith("Mali,")  # the marker sits before the comma in French
    recalling = resolution.paragraph("PP19" if "55_25" in name else "PP20")
    assert [(f.marker, f.text) for f in recalling.footnotes] == [("3", "S/AC.51/2023/3.")]
    assert [(f.marker, f.text) for f in resolution.footnotes] == [("2", report), ("3", "S/AC.51/2023/3.")]
    assert sum(len(p.footnotes) for p in resolution.paragraphs) == 2


@pytest.mark.parametrize("symbol", ["55_25", "58_30"])
def test_english_and_french_have_the_same_paragraphs(parsed, symbol):
    english, french = parsed[f"A_HRC_RES_{symbol}E.xml"], parsed[f"A_HRC_RES_{symbol}F.xml"]
    assert [(p.paragraph_id, p.kind) for p in english.paragraphs] == [
        (p.paragraph_id, p.kind) for p in french.paragraphs
    ]
    assert [p.paragraph_id for p in english.paragraphs if p.footnotes] == [
        p.paragraph_id for p in french.paragraphs if p.footnotes
    ]


def test_repeated_preamble_and_main_body_blocks_are_read_in_order(parsed):
    # A_HRC_RES_58_30F.xml alternates <preamble> and <mainBody> (unnumbered paragraphs) three times
    french, english = parsed["A_HRC_RES_58_30F.xml"], parsed["A_HRC_RES_58_30E.xml"]
    # PP23 ("Remaining convinced" / "Restant convaincu") is not in the opener vocabulary yet
    assert [french.paragraph(f"PP{n}").lemma for n in range(1, 23)] == [
        english.paragraph(f"PP{n}").lemma for n in range(1, 23)
    ]
    assert french.paragraph("PP12").opener == "Demeurant préoccupé également"
    assert french.paragraph("PP13").text.startswith("Rappelant qu’il importe")
    assert french.paragraph("PP23").text.startswith("Restant convaincu")
    assert "1er avril 2022" in french.paragraph("PP5").text  # <sup>er</sup> joins its number


def test_the_text_has_no_markup_indentation(parsed):
    for resolution in parsed.values():
        for paragraph in resolution.paragraphs:
            assert paragraph.text == paragraph.text.strip()
            assert "\t" not in paragraph.text and "  " not in paragraph.text
            assert paragraph.subparagraphs == 0


def _akn(body: str, meta: str = "", namespace: bool = True) -> bytes:
    xmlns = ' xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"' if namespace else ""
    identification = (
        '<identification source="#x"><FRBRWork>'
        '<FRBRuri value="/akn/un/statement/deliberation/unga-hrc/2023-10-12/54-7/"/>'
        '<FRBRdate date="2023-10-12" name="adoption"/></FRBRWork>'
        '<FRBRExpression><FRBRlanguage language="eng"/></FRBRExpression></identification>'
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<akomaNtoso{xmlns}><statement name="resolution">'
        f"<meta>{identification}{meta}</meta>{body}</statement></akomaNtoso>"
    ).encode()


SUBPARAGRAPHS = """
<preamble>
  <formula name="enactingFormula"><p><span class="italic">The Human Rights Council</span>,</p></formula>
  <container name="Recalling"><p><span class="italic">Recalling</span> its resolution 51/1,</p></container>
</preamble>
<mainBody>
  <paragraph><num>1.</num>
    <list>
      <intro><p><span class="italic">Requests</span> the Government:<authorialNote marker="1"><p>A/HRC/54/1.</p></authorialNote></p></intro>
      <point><num>(a)</num><content><p>To release all detainees;</p></content></point>
      <point><num>(b)</num><content><p>To cooperate with the mandate holder;</p></content></point>
      <point><num>(c)</num><content><p>To report to the Council;</p></content></point>
    </list>
  </paragraph>
  <paragraph><num>2.</num><content><p><span class="italic">Decides</span> to remain seized of the matter.</p></content></paragraph>
</mainBody>
"""


def test_list_points_are_subparagraphs(tmp_path):
    path = tmp_path / "subparagraphs.xml"
    path.write_bytes(_akn(SUBPARAGRAPHS))
    resolution = parse_path(path)
    first = resolution.paragraph("OP1")
    assert first.subparagraphs == 3
    assert first.text == (
        "Requests the Government:\n(a) To release all detainees;\n"
        "(b) To cooperate with the mandate holder;\n(c) To report to the Council;"
    )
    assert first.opener == "Requests"
    assert [(f.marker, f.text) for f in first.footnotes] == [("1", "A/HRC/54/1.")]
    assert "A/HRC/54/1" not in first.text
    assert resolution.symbol == "A/HRC/RES/54/7"
    assert resolution.adoption_date == dt.date(2023, 10, 12)
    assert len(resolution.preambular()) == 1


def test_nested_points_unnumbered_paragraphs_no_italics_no_namespace(tmp_path):
    body = """
<preamble><container><p>Recalling its resolution 51/1,</p></container></preamble>
<mainBody>
  <paragraph><content><p>Noting with concern the situation,</p></content></paragraph>
  <hcontainer name="section"><heading>Follow-up</heading>
    <paragraph><num>1.</num><list><intro><p>Calls upon all States:</p></intro>
      <point><num>(a)</num><list><intro><p>To act, in particular:</p></intro>
        <point><num>(i)</num><content><p>at once;</p></content></point>
        <point><num>(ii)</num><content><p>together;</p></content></point></list></point>
      <point><num>(b)</num><content><p>To report;</p></content></point></list></paragraph>
    <paragraph><num>2.</num><content><p>Decides to remain seized of the matter.</p></content></paragraph>
  </hcontainer>
</mainBody>
"""
    path = tmp_path / "nested.xml"
    path.write_bytes(_akn(body, namespace=False))
    resolution = parse_path(path)
    assert [p.paragraph_id for p in resolution.paragraphs] == ["PP1", "PP2", "OP1", "OP2"]
    assert resolution.paragraph("PP2").lemma == "note"
    first = resolution.paragraph("OP1")
    assert first.text.split("\n") == [
        "Calls upon all States:", "(a) To act, in particular:", "(i) at once;", "(ii) together;", "(b) To report;",
    ]
    assert first.subparagraphs == 4
    assert first.opener == "Calls upon"
    assert first.section == "Follow-up"
    assert resolution.paragraph("OP2").opener == "Decides"


def test_recorded_vote_from_the_voting_counts(tmp_path):
    meta = ('<analysis source="#un"><parliamentary><voting outcome="adoptedByRecordedVote">'
            '<count refersTo="#inFavour" value="32"/><count refersTo="#against" value="2"/>'
            '<count refersTo="#abstaining" value="13"/></voting></parliamentary></analysis>')
    path = tmp_path / "vote.xml"
    path.write_bytes(_akn(SUBPARAGRAPHS, meta))
    resolution = parse_path(path)
    assert (resolution.votes_for, resolution.votes_against, resolution.abstentions) == (32, 2, 13)
    assert resolution.vote == "recorded vote: 32 in favour, 2 against, 13 abstentions"


def test_recorded_vote_from_the_conclusions(tmp_path):
    conclusions = ("<conclusions><p><vote><outcome>[Adopted by a recorded vote of 23 to 12, "
                   "with 12 abstentions.]</outcome></vote></p></conclusions>")
    path = tmp_path / "vote.xml"
    path.write_bytes(_akn(SUBPARAGRAPHS + conclusions))
    resolution = parse_path(path)
    assert (resolution.votes_for, resolution.votes_against, resolution.abstentions) == (23, 12, 12)


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<akomaNtoso><statement><preamble><container><p>&lol9;</p></container></preamble></statement></akomaNtoso>
"""


@pytest.mark.parametrize(
    "content, reason",
    [
        (b'<?xml version="1.0"?>\n<html><body><p>1. Decides</p></body></html>', "not an Akoma Ntoso.*<html>"),
        (b'<?xml version="1.0"?>\n<rss version="2.0"><channel><title>News</title></channel></rss>',
         "not an Akoma Ntoso.*<rss>"),
        (b'<?xml version="1.0"?>\n<akomaNtoso><statement><p>a</b></statement></akomaNtoso>', "malformed"),
        ((RESOLUTIONS / "A_HRC_RES_55_25E.xml").read_bytes()[:20000], "truncated"),
        (BILLION_LAUGHS, "entities.*billion laughs"),
        (b'<?xml version="1.0"?>\n<akomaNtoso><statement><preamble><container><p>Recalling</p>'
         b"</container></preamble></statement></akomaNtoso>", "no operative paragraph"),
        (b'<?xml version="1.0"?>\n<akomaNtoso></akomaNtoso>', "without a document"),
    ],
    ids=["html", "rss", "malformed", "truncated", "billion-laughs", "no-operative", "empty-akn"],
)
def test_bad_xml(tmp_path, content, reason):
    path = tmp_path / "input.xml"
    path.write_bytes(content)
    with pytest.raises(InputError, match=reason) as caught:
        parse_path(path)
    assert str(path) in str(caught.value)
    assert "\n" not in str(caught.value)
