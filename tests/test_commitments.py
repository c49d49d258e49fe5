"""Commitments of 46/28 on a sample checked by hand against the text, with this workspace's vocabulary for Mali."""

import pandas as pd
import pytest

from monitor.commitments import COMMITMENT_SCHEMA, build_commitments
from monitor.pipeline import load_workspace
from monitor.vocab import vocabulary_values
from monitor.workspace import Workspace


@pytest.fixture(scope="module")
def automatic(seed_resolution):
    # MINUSMA, the G5 Sahel and the Mali-specific themes are the workspace's (data/reference/), not the package's
    return build_commitments(seed_resolution, Workspace.locate().reference).set_index("paragraph_id")


@pytest.fixture(scope="module")
def curated():
    data = load_workspace(Workspace.locate())
    return data.commitments[data.commitments.resolution_id == "A/HRC/RES/46/28"].set_index("paragraph_id")


def test_one_commitment_per_operative_paragraph(automatic):
    assert len(automatic) == 36
    assert automatic.loc["OP19", "commitment_id"] == "A/HRC/RES/46/28:OP19"
    assert not automatic["commitment_id"].str.contains(" ").any()


# (paragraph, verb, strength, kind, addressee) read off the text by hand
HAND_CHECKED = [
    ("OP1", "condemn", 1, "position", None),
    ("OP2", "call upon", 3, "action", "all_parties"),
    ("OP3", "recall", 1, "position", None),
    ("OP5", "condemn", 1, "action", "government"),  # ... and calls upon the Transitional Government
    ("OP7", "reiterate its call", 3, "action", None),
    ("OP8", "request", 3, "action", "all_parties"),
    ("OP11", "call upon", 3, "action", "peace_signatories"),
    ("OP16", "urge", 4, "action", "government"),
    ("OP19", "encourage", 2, "action", "government"),
    ("OP22", "call upon", 3, "action", "g5_joint_force"),
    ("OP25", "request", 3, "action", "partners_donors"),
    ("OP28", "decide", 5, "decision", "hrc"),
    ("OP31", "request", 3, "reporting", "independent_expert"),
    ("OP32", "decide", 5, "reporting", "hrc"),
    ("OP33", "invite", 2, "action", "secretary_general"),
    ("OP34", "request", 3, "action", "ohchr"),
    ("OP35", "urge", 4, "action", "international_community"),
    ("OP36", "decide", 5, "decision", "hrc"),
]


@pytest.mark.parametrize("paragraph, verb, strength, kind, addressee", HAND_CHECKED)
def test_hand_checked_sample(automatic, paragraph, verb, strength, kind, addressee):
    row = automatic.loc[paragraph]
    assert (row["verb"], row["strength"], row["kind"]) == (verb, strength, kind)
    assert (None if pd.isna(row["addressee"]) else row["addressee"]) == addressee


def test_modifiers_do_not_move_strength(automatic):
    assert automatic.loc["OP5", "strength"] == automatic.loc["OP1", "strength"] == 1  # "Also strongly condemns"
    assert automatic.loc["OP10", "strength"] == automatic.loc["OP9", "strength"] == 2  # "Also encourages"


def test_every_verb_and_addressee_of_op2(automatic):
    row = automatic.loc["OP2"]
    assert row["verbs"] == ["call upon", "urge", "welcome", "encourage"]
    # "encourages them" refers back to the Malian authorities, the Government
    assert row["addressees"] == ["all_parties", "government"]
    assert row["strongest"] == 4


def test_aliases_are_one_actor(automatic):
    # "Transitional Government of Mali" (OP4) and "Malian transitional authorities" (OP16)
    assert automatic.loc["OP4", "addressee"] == automatic.loc["OP16", "addressee"] == "government"
    assert automatic.loc["OP33", "addressees"] == ["secretary_general", "high_commissioner"]


def test_supporters_are_not_addressees(automatic):
    # "calls upon the Transitional Government of Mali, with the support of MINUSMA and the international community, to ..."
    assert "minusma" not in automatic.loc["OP5", "addressees"]
    assert "minusma" in automatic.loc["OP5", "actors_mentioned"]


def test_themes(automatic):
    assert "elections_transition" in automatic.loc["OP26", "themes"]
    assert {"children", "sgbv"} <= set(automatic.loc["OP1", "themes"])
    assert "transitional_justice" in automatic.loc["OP19", "themes"]
    assert "ddr_security" in automatic.loc["OP11", "themes"]
    assert "cooperation_mechanisms" in automatic.loc["OP31", "themes"]
    assert "humanitarian" in automatic.loc["OP8", "themes"]


def test_deadlines(automatic):
    assert (automatic.loc["OP26", "deadline"], automatic.loc["OP26", "deadline_precision"]) == ("2022-03-31", "quarter")
    assert automatic.loc["OP31", "deadline"] == "2022-04-01"
    assert automatic.loc["OP28", "deadline"] == "2022-03-24"
    assert pd.isna(automatic.loc["OP19", "deadline"])  # past dates of hearings are not deadlines


def test_curated_values_win_visibly(automatic, curated):
    assert pd.isna(automatic.loc["OP26", "addressee"])
    assert curated.loc["OP26", "addressee"] == "government"
    assert curated.loc["OP26", "curated_fields"] == ["addressee", "addressees"]
    assert "transitional authorities" in curated.loc["OP26", "curation_notes"][0]
    assert curated.loc["OP26", "warnings"] == []  # the "no addressee" warning is settled
    assert curated.loc["OP2", "curated_fields"] == []


def test_schema_holds(curated):
    from monitor.workspace import Workspace

    frame = curated.reset_index()
    problems = COMMITMENT_SCHEMA.check(frame, "commitments", vocabulary_values(Workspace.locate().reference))
    assert problems == []
