"""Alignment that follows what the Council did: renewals paired, merges and splits, a verb changed on one object,
and every pairing's measure and reason; on synthetic texts and on the real renewals of five series."""

from __future__ import annotations

import pytest

from conftest import FIXTURES, SEED
from monitor.diff import CHANGES, align
from monitor.lineage import build_lineage
from monitor.matching import mandate_renewed, object_words, same_holder
from monitor.parse import parse_path, parse_text

HEAD = "The Human Rights Council,\n\nRecalling its resolution 1/1,\n\n"


def resolution(symbol: str, paragraphs: list[str], adopted: str | None = None):
    import datetime as dt

    r = parse_text(HEAD + "\n\n".join(f"{n}. {t}" for n, t in enumerate(paragraphs, 1)) + "\n")
    r.symbol, r.number = symbol, symbol.split("/", 3)[-1]
    r.title = "Situation of human rights"
    r.adoption_date = dt.date.fromisoformat(adopted) if adopted else None
    return r


def operative(frame):
    return frame[frame["kind"] == "operative"].reset_index(drop=True)


def pairs(frame) -> dict[tuple, str]:
    return {(r["from_paragraph"], r["to_paragraph"]): r["change"] for r in operative(frame).to_dict("records")}


# --------------------------------------------------------------------------- synthetic: the DRC and the Sudan

KASAI_OLD = resolution("A/HRC/RES/45/34", [
    "Condemns the violence in the Kasai region;",
    "Takes note of the report of the team of international experts on the situation in the Kasai region and of the "
    "recommendations contained therein;",
    "Decides to renew the mandate of the team of international experts for a period of one year;",
    "Requests the team of international experts to present an oral update to the Human Rights Council at its "
    "forty-sixth session;",
    "Decides to remain seized of the matter."], "2020-10-07")
KASAI_NEW = resolution("A/HRC/RES/48/20", [
    "Condemns the violence in the Kasai region;",
    "Takes note of the report of the team of international experts on the situation in the Kasai region and of the "
    "recommendations contained therein, and decides to renew the mandate of the team of international experts for a "
    "further period of one year;",
    "Requests the team of international experts to present an oral update to the Human Rights Council at its "
    "forty-ninth session;",
    "Decides to remain seized of the matter."], "2021-10-11")


def test_a_renewal_merged_with_the_report_is_merged_not_dropped():
    diff = operative(align(KASAI_OLD, KASAI_NEW))
    assert pairs(diff) == {("OP1", "OP1"): "unchanged", ("OP2", "OP2"): "merged", ("OP3", "OP2"): "merged",
                           ("OP4", "OP3"): "reworded", ("OP5", "OP4"): "unchanged"}
    merged = diff[diff["change"] == "merged"].set_index("from_paragraph")
    assert merged.loc["OP3", "reason"].startswith("both renew the mandate of the team of international experts; "
                                                  "merged: OP2 and OP3 of 45/34 both appear in OP2 (coverage 1.00, 1.00)")
    assert merged.loc["OP3", "continues"] and not merged.loc["OP2", "continues"], "the renewal carries the lineage"
    assert set(merged["measure"]) == {"coverage"}
    assert merged.loc["OP2", "reason_fr"].startswith("fusionnés : les OP2 et OP3 de 45/34 se retrouvent tous deux")


def test_a_merged_paragraph_continues_one_lineage_and_the_other_records_it():
    from monitor.commitments import build_commitments
    import pandas as pd

    commitments = pd.concat([build_commitments(KASAI_OLD), build_commitments(KASAI_NEW)], ignore_index=True)
    lineage, alignments = build_lineage([KASAI_OLD, KASAI_NEW], commitments)
    rows = lineage.set_index("commitment_id")
    new = "A/HRC/RES/48/20:OP2"
    assert rows.loc[new, "previous_commitment"] == "A/HRC/RES/45/34:OP3"
    assert rows.loc[new, "change_from_previous"] == "merged"
    assert rows.loc["A/HRC/RES/45/34:OP2", "merged_into"] == new
    assert rows["dropped_in"].isna().all(), "nothing was dropped: the report's paragraph lives on in OP2"
    assert list(alignments) == [("A/HRC/RES/45/34", "A/HRC/RES/48/20")]


SUDAN_OLD = resolution("A/HRC/RES/54/2", [
    "Decides to establish an independent international fact-finding mission for the Sudan;",
    "Decides that the fact-finding mission should give due regard to complementarity with, and avoid duplication "
    "of, the work of other bodies;",
    "Requests the fact-finding mission to present an oral update to the Human Rights Council at its fifty-fifth "
    "session;",
    "Decides to remain seized of the matter."])
SUDAN_NEW = resolution("A/HRC/RES/57/2", [
    "Decides to extend the mandate of the independent international fact-finding mission for the Sudan for a period "
    "of one year;",
    "Decides that the fact-finding mission should present a comprehensive report to the Human Rights Council at its "
    "sixtieth session;",
    "Encourages the fact-finding mission to give due regard to complementarity with, and avoid duplication of, the "
    "work of other bodies, and to cooperate closely with the African Union, the Intergovernmental Authority on "
    "Development, the Office of the High Commissioner, national authorities, survivors' associations and civil "
    "society organizations in the Sudan and in neighbouring countries in the collection, consolidation, preservation "
    "and analysis of evidence of violations and abuses;",
    "Decides to remain seized of the matter."])


def test_a_verb_changed_on_the_same_object_is_weakened_not_dropped_and_new():
    diff = operative(align(SUDAN_OLD, SUDAN_NEW))
    assert "dropped" not in set(diff["change"]) and "new" not in set(diff["change"])
    row = diff.set_index("from_paragraph").loc["OP2"]
    assert row["to_paragraph"] == "OP3" and row["change"] == "weakened"
    assert (row["from_strength"], row["to_strength"]) == (5, 2), "strengths from the verbs vocabulary"
    assert row["measure"] == "object_coverage"
    assert row["reason"] == ("the object after the verb is kept (object coverage 1.00); "
                             "opener moved from decide (5) to encourage (2)")
    assert diff.loc[0, "reason"] == ("renews the mandate of the independent international fact-finding mission "
                                     "that the older text established")


def test_the_same_object_under_a_weaker_verb_short_texts():
    old = resolution("A/HRC/RES/1/1", ["Decides that the fact-finding mission should give due regard to "
                                       "complementarity with the work of other bodies;"])
    new = resolution("A/HRC/RES/2/1", ["Encourages the fact-finding mission to give due regard to complementarity "
                                       "with the work of other bodies;"])
    [row] = operative(align(old, new)).to_dict("records")
    assert row["change"] == "weakened" and row["measure"] == "object" and row["similarity"] == 1.0
    assert row["reason"] == "same object after the verb (object similarity 1.00); opener moved from decide (5) to encourage (2)"
    assert object_words(old.paragraphs[-1].text, "Decides") == object_words(new.paragraphs[-1].text, "Encourages")


def test_a_renewal_pairs_with_the_renewal_of_the_same_mandate_whatever_its_wording():
    old = resolution("A/HRC/RES/1/1", [
        "Decides to extend the mandate of the Independent Expert on the situation of human rights in Mali for a "
        "period of one year;",
        "Decides to extend the mandate of the Special Rapporteur on the situation of human rights in Burundi;"])
    new = resolution("A/HRC/RES/2/1", [
        "Welcomes the cooperation of the authorities with the Special Rapporteur on the situation of human rights in "
        "Burundi;",
        "Decides to renew, for a further period of one year, the mandate of the Independent Expert on the situation "
        "of human rights in Mali, which is to assess, monitor and report on the situation with a view to making "
        "recommendations on technical assistance, capacity-building, the fight against impunity and transitional "
        "justice, in close cooperation with civil society, the national human rights institution and regional "
        "organizations;"])
    diff = operative(align(old, new))
    row = diff.set_index("from_paragraph").loc["OP1"]
    assert row["to_paragraph"] == "OP2" and row["similarity"] < 0.45, "the words alone would not pair them"
    assert row["reason"] == "both renew the mandate of the Independent Expert on the situation of human rights in Mali"
    assert diff.set_index("from_paragraph").loc["OP2", "change"] == "dropped", "another mandate is not renewed"


def test_mandate_holders():
    assert mandate_renewed("Decides to renew, for one year, the mandate of the Independent Expert on the situation of "
                           "human rights in the Central African Republic, which is to assess") == \
        "Independent Expert on the situation of human rights in the Central African Republic"
    assert mandate_renewed("Décide de proroger le mandat de l’Expert indépendant sur la situation des droits de "
                           "l’homme au Mali pour une période d’un an") == \
        "Expert indépendant sur la situation des droits de l’homme au Mali"
    assert mandate_renewed("Welcomes the renewal, by Act No. 23.001, of the mandate of the Special Criminal Court") is None
    assert same_holder("Independent Expert on the situation of human rights in Mali",
                       "independent expert on the situation of human rights in Mali")
    assert not same_holder("Independent Expert on the situation of human rights in Mali",
                           "Special Rapporteur on the situation of human rights in Burundi")


# --------------------------------------------------------------------------- the real renewals

def load(name: str):
    if name == "46_28":
        r = parse_path(SEED)
        r.symbol = r.symbol or "A/HRC/RES/46/28"
        return r
    return parse_path(FIXTURES / "resolutions" / f"A_HRC_RES_{name}E.xml")


# Counts per change of each renewal, checked by reading the two texts side by side (see the notes below).
REAL = {
    ("46_28", "55_25"): {"unchanged": 6, "reworded": 19, "strengthened": 2, "weakened": 1, "new": 3, "dropped": 8},
    ("55_25", "58_30"): {"unchanged": 19, "reworded": 12},
    ("54_31", "57_35"): {"unchanged": 15, "reworded": 28, "weakened": 3, "split": 2, "new": 9, "dropped": 1},
    ("55_26", "58_31"): {"unchanged": 8, "reworded": 6, "new": 1},
    ("55_24", "58_32"): {"unchanged": 10, "reworded": 2, "split": 2, "new": 2},
}
RENEWALS = {("46_28", "55_25"): ("OP28", "OP23"), ("55_25", "58_30"): ("OP23", "OP23"),
            ("54_31", "57_35"): ("OP39", "OP46"), ("55_24", "58_32"): ("OP9", "OP9")}


@pytest.fixture(scope="module")
def real():
    texts = {name: load(name) for pair in REAL for name in pair}
    return {pair: operative(align(texts[pair[0]], texts[pair[1]])) for pair in REAL}


@pytest.mark.parametrize("pair", list(REAL), ids=["-".join(p) for p in REAL])
def test_counts_per_change(real, pair):
    counts = real[pair]["change"].value_counts().to_dict()
    assert counts == REAL[pair]
    assert set(counts) <= set(CHANGES)


@pytest.mark.parametrize("pair", list(REAL), ids=["-".join(p) for p in REAL])
def test_every_mandate_renewal_is_paired_and_none_dropped(real, pair):
    diff = real[pair]
    renewing = [r for r in diff.to_dict("records") if r["reason"].startswith("both renew the mandate")]
    if pair not in RENEWALS:  # South Sudan: technical assistance through the Office, no mandate to renew
        assert not renewing
        return
    [row] = renewing
    assert (row["from_paragraph"], row["to_paragraph"]) == RENEWALS[pair] and row["continues"]
    dropped = diff[diff["change"] == "dropped"]
    assert not any(mandate_renewed(t) for t in dropped["removed"])


@pytest.mark.parametrize("pair", list(REAL), ids=["-".join(p) for p in REAL])
def test_every_row_says_its_measure_and_reason(real, pair):
    diff = real[pair]
    paired = diff[diff["to_paragraph"].notna() & diff["from_paragraph"].notna()]
    assert paired["measure"].isin(["words", "object", "object_coverage", "coverage", "clause"]).all()
    assert paired["similarity"].between(0, 1).all()
    assert diff["reason"].str.len().gt(0).all() and diff["reason_fr"].str.len().gt(0).all()
    orphans = diff[diff["change"].isin(["new", "dropped"])]
    assert orphans["reason"].str.contains("reaches word similarity 0.45").all()


def test_mali_2021_to_2024(real):
    diff = real[("46_28", "55_25")]
    found = pairs(diff)
    # the 2015 Agreement, the G5 Sahel Joint Force, the 2022 elections, the ICC, the Commission of Inquiry,
    # the CVJR, the pledges for the Agreement, the stabilization of the centre: gone from 55/25
    assert {k[0] for k, v in found.items() if v == "dropped"} == {
        "OP6", "OP11", "OP14", "OP18", "OP19", "OP22", "OP25", "OP26"}
    assert found[("OP15", "OP13")] == "strengthened"  # supports -> calls upon the authorities to bring perpetrators...
    assert found[("OP27", "OP22")] == "strengthened"  # welcomes the cooperation -> encourages to strengthen it
    assert found[("OP24", "OP20")] == "weakened"      # urges the return of the administration -> welcomes the efforts
    assert found[("OP31", "OP26")] == "reworded" and found[("OP28", "OP23")] == "reworded"


def test_car_2023_to_2024(real):
    diff = real[("54_31", "57_35")]
    found = pairs(diff)
    for old, new in (("OP11", "OP11"), ("OP12", "OP12"), ("OP15", "OP18")):
        assert found[(old, new)] == "weakened"  # urges -> encourages MINUSCA, the UN and troop contributors, the Government
    # the concern about sexual violence opens a paragraph of its own (OP22); its asks go on in OP23
    split = diff[diff["change"] == "split"].set_index("to_paragraph")
    assert list(split["from_paragraph"]) == ["OP18", "OP18"] and list(split.index) == ["OP22", "OP23"]
    assert split.loc["OP23", "continues"] and not split.loc["OP22", "continues"], "the asks carry the lineage"
    assert split.loc["OP22", "reason"].startswith("split: the opening clause of OP18 (Remains deeply concerned")
    assert found[("OP14", "OP13")] == "reworded" and found[("OP13", "OP14")] == "reworded"  # the two swapped places
    assert {k[0] for k, v in found.items() if v == "dropped"} == {"OP20"}


def test_haiti_2024_to_2025(real):
    diff = real[("55_24", "58_32")]
    split = diff[diff["change"] == "split"].set_index("to_paragraph")
    # the renewal kept the monitoring; the advice and technical assistance became a request of its own
    assert list(split.index) == ["OP9", "OP11"] and set(split["from_paragraph"]) == {"OP9"}
    assert split.loc["OP9", "continues"] and not split.loc["OP11", "continues"]
    assert "split: OP9 of 55/24 appears in OP9 and OP11 of 58/32 (coverage 1.00, 0.84)" in split.loc["OP11", "reason"]
    assert set(diff.loc[diff["change"] == "new", "to_paragraph"]) == {"OP10", "OP12"}  # children and arms; arms supply


def test_south_sudan_and_mali_2025_follow_position(real):
    for pair, added in ((("55_26", "58_31"), {"OP2"}), (("55_25", "58_30"), set())):
        diff = real[pair]
        assert set(diff.loc[diff["change"] == "new", "to_paragraph"]) == added
        kept = diff[diff["from_paragraph"].notna() & diff["to_paragraph"].notna()]
        shift = 1 if added else 0  # 58/31 inserts OP2, every later paragraph moves down by one
        for a, b in zip(kept["from_paragraph"], kept["to_paragraph"]):
            n = int(a[2:])
            assert int(b[2:]) == n + (shift if n >= 2 else 0)
