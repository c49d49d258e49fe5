"""The seed resolution A/HRC/RES/46/28: exact structure, openers, metadata, footnotes, references."""

import datetime as dt
import re

import pytest

OPERATIVE_OPENERS = [
    "Strongly condemns", "Calls upon", "Recalls", "Strongly condemns", "Also strongly condemns",
    "Underscores", "Reiterates", "Requests", "Encourages", "Also encourages", "Calls upon",
    "Encourages", "Also encourages", "Notes", "Supports", "Urges", "Strongly condemns", "Welcomes",
    "Encourages", "Also encourages", "Commends", "Calls upon", "Requests", "Urges", "Requests",
    "Calls for", "Welcomes", "Decides", "Calls upon", "Requests", "Also requests", "Decides",
    "Invites", "Requests", "Urges", "Decides",
]


def test_counts(seed_resolution):
    assert len(seed_resolution.preambular()) == 24
    assert len(seed_resolution.operative()) == 36
    assert [p.paragraph_id for p in seed_resolution.paragraphs][:2] == ["PP1", "PP2"]
    assert seed_resolution.operative()[-1].paragraph_id == "OP36"


def test_operative_openers(seed_resolution):
    assert [p.opener for p in seed_resolution.operative()] == OPERATIVE_OPENERS


def test_preambular_openers_match_the_italics_of_the_seed(seed_resolution, seed_path):
    # Every preambular paragraph but the first sets exactly its opener in italics.
    raw = seed_path.read_text(encoding="utf-8")
    body = raw.split("*The Human Rights Council,*", 1)[1].split("1. *Strongly condemns*", 1)[0]
    italics = re.findall(r"^\*([^*]+)\*(?= )", body, flags=re.MULTILINE)
    openers = [p.opener for p in seed_resolution.preambular()]
    assert openers[0] == "Guided by"  # the whole first paragraph is italic
    assert openers[1:] == italics


def test_opener_lemmas_and_modifiers(seed_resolution):
    pp10 = seed_resolution.paragraph("PP10")
    assert (pp10.opener, pp10.lemma, pp10.modifiers) == ("Deeply concerned also", "be concerned", ["deeply", "also"])
    pp23 = seed_resolution.paragraph("PP23")
    assert (pp23.opener, pp23.lemma, pp23.modifiers) == ("Taking note with interest", "take note", ["with interest"])
    op5 = seed_resolution.paragraph("OP5")
    assert (op5.lemma, op5.modifiers) == ("condemn", ["also", "strongly"])
    assert seed_resolution.paragraph("PP5").opener == "Recalling further"


def test_metadata(seed_resolution):
    r = seed_resolution
    assert r.symbol == "A/HRC/RES/46/28"
    assert r.resolution_id == "A/HRC/RES/46/28"
    assert r.body == "HRC"
    assert r.session == 46
    assert r.title == "Technical assistance and capacity-building for Mali in the field of human rights"
    assert r.agenda_item == "10"
    assert r.distribution_date == dt.date(2021, 3, 26)
    assert r.original_language == "French"
    assert r.adoption_date == dt.date(2021, 3, 24)
    assert r.meeting == "51st meeting"
    assert r.vote == "without a vote"


def test_page_break_is_healed(seed_resolution):
    pp9 = seed_resolution.paragraph("PP9")
    assert pp9.opener == "Deeply concerned"
    assert "reforms announced in the Government's Action Plan, in particular those that will allow" in pp9.text
    assert pp9.text.endswith("in order to restore the constitutional order,")
    for paragraph in seed_resolution.paragraphs:
        assert "---" not in paragraph.text and "<sup>" not in paragraph.text and "*" not in paragraph.text
        assert "A/HRC/46/68" not in paragraph.text  # footnote text stays out of the paragraph


def test_footnotes_resolved(seed_resolution):
    attached = {
        p.paragraph_id: [(f.marker, f.text) for f in p.footnotes]
        for p in seed_resolution.paragraphs if p.footnotes
    }
    assert attached == {
        "PP8": [("1", "A/HRC/46/68.")],
        "PP22": [("2", "S/2020/1281.")],
        "PP23": [("3", "S/AC.51/2020/11.")],
        "OP18": [("4", "S/2020/1332, annex.")],
    }
    assert seed_resolution.all_warnings() == []


@pytest.fixture(scope="module")
def references(seed_resolution):
    from monitor.parse import references_frame

    return references_frame(seed_resolution)


def _values(references, paragraph_id, kind):
    rows = references[(references.paragraph_id == paragraph_id) & (references.type == kind)]
    return rows


def test_resolutions_cited(references):
    pp5 = _values(references, "PP5", "resolution")
    assert pp5.value.tolist() == [
        "A/HRC/RES/20/17", "A/HRC/RES/22/18", "A/HRC/RES/25/36", "A/HRC/RES/31/28",
        "A/HRC/RES/34/39", "A/HRC/RES/37/39", "A/HRC/RES/40/26", "A/HRC/RES/43/38",
    ]
    assert pp5.date.tolist()[:2] == ["2012-07-06", "2013-03-21"]
    pp3 = _values(references, "PP3", "resolution")
    assert pp3[["value", "date"]].values.tolist() == [["A/RES/60/251", "2006-03-15"]]
    assert _values(references, "PP18", "resolution").value.tolist() == ["S/RES/2374 (2017)"]
    assert _values(references, "PP16", "resolution").value.tolist() == ["S/RES/1325 (2000)"]
    assert _values(references, "PP4", "resolution").value.tolist() == ["A/HRC/RES/5/1", "A/HRC/RES/5/2"]


def test_document_symbols_from_footnotes(references):
    symbols = references[references.type == "symbol"]
    assert set(symbols.value) == {"A/HRC/46/68", "S/2020/1281", "S/AC.51/2020/11", "S/2020/1332"}
    assert symbols.in_footnote.all()


def test_figures(references):
    op19 = _values(references, "OP19", "figure")
    assert op19.value.tolist() == ["19800"]
    assert '"qualifier": "more than"' in op19.detail.iloc[0]
    assert _values(references, "PP17", "figure").value.tolist() == ["1730"]


def test_dates(references):
    op19 = _values(references, "OP19", "date")
    assert op19.value.tolist() == ["2019-12-08", "2020-12-05"]
    op14 = _values(references, "OP14", "date")
    assert "2016-09-27" in op14.value.tolist() and "2013-01" in op14.value.tolist()


def test_time_expressions_normalised(references):
    times = references[references.type == "time"].set_index("paragraph_id")
    assert times.loc["OP26", "date"] == "2022-03-31"
    assert times.loc["OP26", "precision"] == "quarter"
    assert times.loc["OP31", "value"] == "session 49"
    assert times.loc["OP31", "date"] == "2022-04-01"  # from the sessions table: 49th session closed 1 April 2022
    assert times.loc["OP32", "date"] == "2022-04-01"
    assert times.loc["OP28", "value"] == "1 year"
    assert times.loc["OP28", "date"] == "2022-03-24"
