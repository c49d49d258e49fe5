"""Across the years: paragraphs aligned by text, changes classified, lineage, French twins."""

import json

import pytest

from monitor.cli import main
from monitor.diff import align, word_changes
from monitor.lineage import strengths_of
from monitor.pipeline import load_workspace
from monitor.workspace import Workspace


@pytest.fixture(scope="module")
def data():
    return load_workspace(Workspace.locate())


@pytest.fixture(scope="module")
def resolutions(data):
    return {r.resolution_id: r for r in data.resolutions}


def test_the_workspace_holds_three_resolutions(data):
    assert [r.resolution_id for r in data.resolutions] == ["A/HRC/RES/46/28", "A/HRC/RES/55/25", "A/HRC/RES/58/30"]
    languages = dict(zip(data.metadata["resolution_id"], data.metadata["languages"]))
    assert languages == {"A/HRC/RES/46/28": "en", "A/HRC/RES/55/25": "en, fr", "A/HRC/RES/58/30": "en, fr"}


def test_the_report_paragraph_moved_and_is_found_by_its_text(data, resolutions):
    diff = align(resolutions["A/HRC/RES/46/28"], resolutions["A/HRC/RES/58/30"], strengths_of(data.commitments))
    row = diff[diff["from_paragraph"] == "OP31"].iloc[0]
    assert row["to_paragraph"] == "OP26" and row["change"] == "reworded"
    assert row["removed"] == "forty-ninth" and row["added"] == "sixty-first"


def test_dropped_and_new(data, resolutions):
    diff = align(resolutions["A/HRC/RES/46/28"], resolutions["A/HRC/RES/55/25"], strengths_of(data.commitments))
    operative = diff[diff["kind"] == "operative"]
    dropped = set(operative.loc[operative["change"] == "dropped", "from_paragraph"])
    assert {"OP11", "OP22", "OP26"} <= dropped  # the 2015 Agreement, the G5 Joint Force, the 2022 elections
    assert set(operative["change"]) <= {"unchanged", "reworded", "strengthened", "weakened", "new", "dropped"}
    assert len(operative[operative["from_paragraph"].notna()]) == 36
    assert len(operative[operative["to_paragraph"].notna()]) == 31


def test_strength_change_is_classified():
    from monitor.parse import parse_text

    head = "The Human Rights Council,\n\nRecalling its resolution 1/1,\n\n"
    old = parse_text(head + "1. Encourages the authorities to hold elections;\n\n2. Decides to remain seized of the matter.\n")
    new = parse_text(head + "1. Urges the authorities to hold elections;\n\n2. Decides to remain seized of the matter.\n")
    old.symbol, new.symbol = "A/HRC/RES/1/1", "A/HRC/RES/2/1"
    strengths = {"A/HRC/RES/1/1": {"OP1": 2, "OP2": 5}, "A/HRC/RES/2/1": {"OP1": 4, "OP2": 5}}
    diff = align(old, new, strengths).set_index("from_paragraph")
    assert diff.loc["OP1", "change"] == "strengthened"
    assert diff.loc["OP2", "change"] == "unchanged"
    assert align(new, old, {"A/HRC/RES/2/1": strengths["A/HRC/RES/2/1"], "A/HRC/RES/1/1": strengths["A/HRC/RES/1/1"]}
                 ).set_index("from_paragraph").loc["OP1", "change"] == "weakened"


def test_word_changes():
    assert word_changes("a report at its forty-ninth session", "a report at its sixty-first session") == ("forty-ninth", "sixty-first")


def test_lineage_continues_through_successors(data):
    c = data.commitments.set_index("commitment_id")
    assert c.loc["A/HRC/RES/58/30:OP26", "lineage_id"] == "A/HRC/RES/46/28:OP31"
    assert c.loc["A/HRC/RES/58/30:OP26", "previous_commitment"] == "A/HRC/RES/55/25:OP26"
    assert c.loc["A/HRC/RES/46/28:OP22", "dropped_in"] == "A/HRC/RES/55/25"
    assert c.loc["A/HRC/RES/46/28:OP11", "dropped_in"] == "A/HRC/RES/55/25"
    assert c.loc["A/HRC/RES/46/28:OP31", "lineage_id"] == "A/HRC/RES/46/28:OP31"


def test_status_history_follows_the_lineage(data):
    import datetime as dt

    status = data.status(dt.date(2025, 12, 31)).set_index("commitment_id")
    successor = status.loc["A/HRC/RES/55/25:OP26"]
    assert successor["rule_from"] == "inherited from A/HRC/RES/46/28:OP31"
    assert successor["status"] == "met"  # 58/30 takes note of the report A/HRC/58/79
    assert "A/HRC/RES/58/30" in successor["evidence"]
    lineage = status[status["lineage_id"] == "A/HRC/RES/46/28:OP31"]
    assert list(lineage.index) == ["A/HRC/RES/46/28:OP31", "A/HRC/RES/55/25:OP26", "A/HRC/RES/58/30:OP26"]


def test_french_twins(data, capsys):
    c = data.commitments.set_index("commitment_id")
    assert c.loc["A/HRC/RES/58/30:OP1", "text_fr"].startswith("Condamne fermement")
    assert c.loc["A/HRC/RES/46/28:OP1", "text_fr"] is None or c.loc["A/HRC/RES/46/28:OP1", "text_fr"] != c.loc["A/HRC/RES/46/28:OP1", "text_fr"]
    assert main(["commitments", "--lang", "fr", "--format", "json"]) == 0
    out, err = capsys.readouterr()
    records = {r["commitment_id"]: r for r in json.loads(out)}
    assert records["A/HRC/RES/55/25:OP31"]["text"].startswith("Décide")
    assert records["A/HRC/RES/46/28:OP36"]["text"].startswith("Decides")
    assert "no French version of A/HRC/RES/46/28" in err


def test_diff_command(capsys):
    assert main(["diff", "A/HRC/RES/46/28", "A/HRC/RES/58/30", "--format", "csv"]) == 0
    out, _ = capsys.readouterr()
    assert out.splitlines()[0].startswith("from_paragraph,to_paragraph,change,similarity")
    assert "OP31,OP26,reworded" in out
    assert main(["diff", "A/HRC/RES/46/28", "A/HRC/RES/99/1"]) == 2


def test_successor_texts_are_recorded_as_primary_evidence(data):
    events = data.curated.events.set_index("event_id")
    for event_id, day in [("constitution-promulgated-2023-07-22-58-30", "2023-07-22"),
                          ("election-postponed-2023-09-25-58-30", "2023-09-25"),
                          ("minusma-liquidation-ended-2024-11-15", "2024-11-15"),
                          ("ie-report-hrc58-2025", "2025-04-04")]:
        assert events.loc[event_id, "date"] == day
        assert events.loc[event_id, "source"].startswith("A/HRC/RES/58/30")
        assert events.loc[event_id, "confidence"] == "primary"
    reports = data.curated.observations
    reports = reports[(reports["indicator_id"] == "ie_reports_presented") & (reports["confidence"] == "primary")]
    assert {"A/HRC/RES/55/25", "A/HRC/RES/58/30"} <= {s.split(",")[0] for s in reports["source"]}


def test_adding_the_same_xml_again_is_refused(capsys, workspace_copy):
    from conftest import FIXTURES

    code = main(["add", str(FIXTURES / "resolutions" / "A_HRC_RES_58_30E.xml"), "--workspace", str(workspace_copy)])
    _, err = capsys.readouterr()
    assert code == 2 and "already in the workspace" in err


def test_diff_of_46_28_against_58_30(data, resolutions):
    diff = align(resolutions["A/HRC/RES/46/28"], resolutions["A/HRC/RES/58/30"], strengths_of(data.commitments))
    operative = diff[diff["kind"] == "operative"]
    pairs = {(r["from_paragraph"], r["to_paragraph"]): r["change"] for r in operative.to_dict("records")
             if r["change"] not in ("new", "dropped")}
    dropped = set(operative.loc[operative["change"] == "dropped", "from_paragraph"])
    assert pairs[("OP36", "OP31")] == "unchanged"
    assert pairs[("OP31", "OP26")] == "reworded"
    assert pairs[("OP28", "OP23")] == "reworded"
    assert ("OP34", "OP29") in pairs
    assert {"OP11", "OP22"} <= dropped


@pytest.mark.parametrize("name, extra, symbol", [
    ("texts/unga-80-4.txt", [], "A/RES/80/4"),
    ("pdf/s-2021-523.pdf", ["--symbol", "S/2021/523", "--adopted", "2021-06-03", "--title", "Libya arms embargo inspections"], "S/2021/523"),
    ("../resolutions/A_HRC_RES_55_25F.xml", [], "A/HRC/RES/55/25"),
], ids=["text", "pdf", "xml"])
def test_add_each_format_to_a_new_workspace(capsys, tmp_path, name, extra, symbol):
    from conftest import CORPUS

    workspace = tmp_path / "ws"
    assert main(["init", str(workspace)]) == 0
    assert main(["add", str(CORPUS / name), "--workspace", str(workspace), *extra]) == 0
    capsys.readouterr()
    assert main(["commitments", "--workspace", str(workspace), "--format", "json"]) == 0
    records = json.loads(capsys.readouterr()[0])
    assert records and {r["commitment_id"].rsplit(":", 1)[0] for r in records} == {symbol}


def test_add_a_draft_without_its_date_is_refused(capsys, tmp_path):
    from conftest import CORPUS

    workspace = tmp_path / "ws"
    main(["init", str(workspace)])
    code = main(["add", str(CORPUS / "pdf" / "s-2021-523.pdf"), "--symbol", "S/2021/523", "--workspace", str(workspace)])
    assert code == 2 and "--adopted" in capsys.readouterr()[1]
    assert not any((workspace / "data" / "raw").iterdir())
