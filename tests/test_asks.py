"""Asks below the paragraph: hand-checked on paragraphs of Mali, the Central African Republic, South Sudan and Haiti;
their French clauses; status per ask and the roll-up; the ask column of the curated files and its migration."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from monitor.ask_status import roll_up_status
from monitor.asks import ASK_SCHEMA, build_asks, check_ask, pair_clauses, parse_ask_number
from monitor.cli import main
from monitor.country import find_country
from monitor.parse import parse_path
from monitor.translations import pair_paragraphs
from workspaces import AS_OF, RESOLUTIONS

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "raw" / "a-hrc-res-46-28" / "A_HRC_RES_46_28-EN.md"


def _asks(symbol: str) -> pd.DataFrame:
    """The asks of one fixture resolution, read as the workspace reads them (country and French version)."""
    if symbol == "46_28":
        english, others = parse_path(SEED), []
    else:
        english = parse_path(RESOLUTIONS / f"A_HRC_RES_{symbol}E.xml")
        others = [parse_path(RESOLUTIONS / f"A_HRC_RES_{symbol}F.xml")]
    english.country_names = find_country(english, others)
    french = pair_paragraphs(english, others[0])[0] if others else None
    return build_asks(english, french)


@pytest.fixture(scope="module")
def asks():
    return {s: _asks(s) for s in ("46_28", "55_25", "58_30", "54_31", "57_35", "55_26", "55_24")}


# Read off the text by hand: (resolution, paragraph, [(verb, addressee, what is asked, first words)]).
# Positions between the asks ("welcomes ...", "Deplores ...") are not asks.
HAND_CHECKED = [
    # Mali
    ("55_25", "OP3", [("call upon", "all_parties", "respect the civilian character of schools"),
                      ("urge", "all_parties", "put an end to violations and abuses"),
                      # "encourages them": the Malian authorities of the welcome just before, not all parties
                      ("encourage", "government", "follow up on it")]),
    ("46_28", "OP2", [("call upon", "all_parties", "respect the civilian character of schools"),
                      ("urge", "all_parties", "put an end to such violations and abuses"),
                      ("encourage", "government", "follow up on it")]),
    ("55_25", "OP9", [("encourage", "government", "continue to implement the recommendations"),
                      ("call for", None, "the adoption of a law on gender-based violence")]),  # asks no one by name
    ("55_25", "OP13", [("call upon", "government", "bring all perpetrators"),
                       ("urge", "government", "intensify their efforts to combat impunity")]),
    ("55_25", "OP22", [("encourage", "government", "strengthen cooperation with the Independent Expert"),
                       ("call upon", "government", "implement his recommendations")]),
    ("58_30", "OP10", [("encourage", "international_community", "continue its support for the efforts"),
                       ("encourage", "government", "strengthen their efforts in this regard")]),
    ("58_30", "OP12", [("encourage", "government", "put in place appropriate measures"),
                       ("call upon", "partners_donors", "support the Malian transitional authorities")]),
    # the Central African Republic
    ("54_31", "OP4", [("call upon", "international_community", "offer greater support for humanitarian"),
                      ("urge", None, "carry out explosive device demining campaigns"),  # "the competent agencies"
                      ("request", "all_parties", "authorize and facilitate rapid")]),
    ("54_31", "OP5", [("call upon", "government", "create the conditions for the safe"),
                      # "encourages it": the Government, not the international community that supports it
                      ("encourage", "government", "put in place measures for the protection")]),
    ("54_31", "OP12", [("urge", "un_entities", "take the necessary measures to ensure full respect"),
                       ("call upon", "troop_contributing_countries", "take the necessary measures to prevent")]),
    ("54_31", "OP14", [("urge", "armed_groups", "release children from their ranks"),
                       ("call upon", "armed_groups", "honour the commitments")]),  # "calls upon them"
    ("54_31", "OP34", [("call for", None, "the establishment and implementation of socioeconomic"),
                       ("encourage", None, "greater advocacy to improve the protection"),
                       ("call upon", "armed_groups", "end such serious violations"),
                       ("call upon", "government", "enforce the Child Protection Code")]),  # "... and upon the authorities"
    ("57_35", "OP15", [("urge", "government", "intensify their efforts in the run-up"),
                       ("encourage", "partners_donors", "provide logistical, financial and security support")]),
    # South Sudan
    ("55_26", "OP7", [("call upon", "government", "provide all necessary resources"),
                      ("encourage", "international_community", "provide technical assistance")]),
    ("55_26", "OP9", [("call upon", "international_community", "provide humanitarian support"),
                      ("call upon", "government", "step up its efforts"),  # "at the same time calls upon"
                      ("call upon", "all_parties", "ensure an enabling political")]),
    # Haiti: every paragraph asks once
    ("55_24", "OP10", [("request", "high_commissioner", "provide to the Council an interim report")]),
    ("55_24", "OP11", [("encourage", "government", "make progress on the issue of establishing")]),
]


@pytest.mark.parametrize("symbol, paragraph, expected", HAND_CHECKED, ids=[f"{s}-{p}" for s, p, _ in HAND_CHECKED])
def test_hand_checked_asks(asks, symbol, paragraph, expected):
    mine = asks[symbol][asks[symbol]["paragraph_id"] == paragraph]
    got = [(r["verb"], None if pd.isna(r["addressee"]) else r["addressee"], r["object"]) for r in mine.to_dict("records")]
    assert [g[:2] for g in got] == [e[:2] for e in expected]
    for (_, _, what), (_, _, start) in zip(got, expected):
        assert what.startswith(start), (what, start)
    assert list(mine["n"]) == list(range(1, len(expected) + 1))


def test_every_addressee_of_an_ask(asks):
    mine = asks["54_31"].set_index("ask_id")
    # "... acting under the mandate of the Security Council" gives a mandate: the Council is not asked
    assert mine.loc["A/HRC/RES/54/31:OP12.1", "addressees"] == ["un_entities", "troop_contributing_countries"]
    assert "international_community" not in mine.loc["A/HRC/RES/54/31:OP5.1", "addressees"]  # "with the support of"
    assert asks["55_24"].set_index("ask_id").loc["A/HRC/RES/55/24:OP11.1", "addressees"] == ["government", "ohchr"]
    assert asks["57_35"].set_index("ask_id").loc["A/HRC/RES/57/35:OP15.1", "addressees"] == ["government"]


def test_ids_kinds_deadlines_and_positions(asks):
    mine = asks["55_25"]
    assert list(mine.loc[mine["paragraph_id"] == "OP3", "ask_id"]) == [f"A/HRC/RES/55/25:OP3.{n}" for n in (1, 2, 3)]
    assert ASK_SCHEMA.check(mine.assign(addressee=None, addressees=[[]] * len(mine)), "asks") == []
    assert not {"OP1", "OP2", "OP4"} & set(mine["paragraph_id"]), "positions (condemns, welcomes) ask nothing"
    haiti = asks["55_24"].set_index("ask_id")
    decided = haiti.loc["A/HRC/RES/55/24:OP9.1"]
    assert (decided["verb"], decided["kind"], decided["addressee"], decided["deadline"]) == (
        "decide", "decision", "hrc", "2025-04-04")  # "for a renewable period of one year"
    assert decided["object"] == "extend the mandate of the independent human rights …"
    report = haiti.loc["A/HRC/RES/55/24:OP10.1"]
    assert (report["kind"], report["deadline_text"]) == ("reporting", "at its fifty-seventh session")
    # the clause's own deadline: 55/25 OP3 sets none, OP26's report is due at the 58th session
    assert mine.set_index("ask_id").loc["A/HRC/RES/55/25:OP26.1", "deadline"] == "2025-04-04"


def test_the_french_clauses(asks):
    mine = asks["55_25"].set_index("ask_id")
    assert mine.loc["A/HRC/RES/55/25:OP3.1", "text_fr"].startswith("Demande à toutes les parties de respecter")
    assert mine.loc["A/HRC/RES/55/25:OP3.2", "text_fr"].startswith("exhorte toutes les parties à mettre fin")
    assert mine.loc["A/HRC/RES/55/25:OP3.3", "text_fr"].startswith("les encourage à y donner suite")
    assert mine.loc["A/HRC/RES/55/25:OP3.3", "text"].startswith("encourages them to follow up on it")
    car = asks["54_31"].set_index("ask_id")
    # the English "and upon the authorities" is the French "et exhorte les autorités"
    assert car.loc["A/HRC/RES/54/31:OP34.4", "text_fr"].startswith("exhorte les autorités centrafricaines")
    assert car.loc["A/HRC/RES/54/31:OP34.2", "text_fr"].startswith("préconise le renforcement")
    assert car.loc["A/HRC/RES/54/31:OP5.2", "text_fr"].startswith("l’encourage à mettre en place")
    # "tout en invitant le Gouvernement" is a participle inside the French first clause: no twin, and it says so
    sudan = asks["55_26"].set_index("ask_id")
    assert pd.isna(sudan.loc["A/HRC/RES/55/26:OP9.2", "text_fr"])
    assert any("no French clause" in w for w in sudan.loc["A/HRC/RES/55/26:OP9.2", "warnings"])
    assert sudan.loc["A/HRC/RES/55/26:OP9.1", "text_fr"].startswith("Lance un appel à la communauté internationale")
    assert sudan.loc["A/HRC/RES/55/26:OP9.3", "text_fr"].startswith("demande à toutes les parties")
    assert asks["46_28"]["text_fr"].isna().all(), "no French version of 46/28 in the workspace"


def test_clauses_pair_by_order_strength_and_addressee():
    from monitor.verbs import VerbUse

    def uses(*strengths):
        return [VerbUse("v", "v", s, i * 10, i * 10 + 1) for i, s in enumerate(strengths)]

    assert pair_clauses(uses(3, 4, 1, 2), uses(3, 4, 1, 2)) == {0: 0, 1: 1, 2: 2, 3: 3}
    assert pair_clauses(uses(2, 3), uses(4, 3)) == {0: 0, 1: 1}, "'engage' renders 'encourages': by position"
    # the French lacks the second English clause; the addressees say which the first French clause renders
    assert pair_clauses(uses(3, 3, 1, 3), uses(3, 1, 3), [["ic"], ["gov"], [], ["all"]], [["ic"], [], ["all"]]) == {
        0: 0, 2: 1, 3: 2}


@pytest.mark.parametrize("statuses, expected", [
    (["met", "met"], "met"),
    (["met", "in_progress"], "partially_met"),
    (["met", "not_met"], "partially_met"),
    (["partially_met", "no_data"], "partially_met"),
    (["in_progress", "not_met"], "in_progress"),
    (["not_met", "not_started"], "not_met"),
    (["not_started", "no_data"], "not_started"),
    (["no_data", "no_data"], "no_data"),
    (["met", "superseded"], "met"),
    (["met", "position"], "met"),
    (["superseded", "position"], "superseded"),
    (["position"], "position"),
])
def test_the_roll_up_rule(statuses, expected):
    assert roll_up_status(statuses) == expected


@pytest.mark.parametrize("value, why", [("", None), ("2", None), ("0", "whole number from 1"), ("x", "whole number"),
                                        ("1.5", "whole number"), ("-1", "whole number")])
def test_ask_numbers(value, why):
    _, message = parse_ask_number(value)
    assert (message is None) if why is None else (why in message)


def test_unknown_asks_are_named():
    counts = {"A:OP3": 3, "A:OP1": 0}
    assert check_ask("A:OP3", "3", counts) is None
    assert "no ask 4 in A:OP3: its paragraph has 3 asks (1 to 3)" in check_ask("A:OP3", "4", counts)
    assert "asks nothing (a position)" in check_ask("A:OP1", "1", counts)


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_status_per_ask_and_the_roll_up(capsys, workspace_copy):
    ws = ["--workspace", str(workspace_copy)]
    cid = "A/HRC/RES/55/25:OP3"

    def paragraph():
        code, out, _ = run(capsys, "status", "--as-of", "2025-06-30", "--resolution", "A/HRC/RES/55/25",
                           "--format", "json", "--all-columns", *ws)
        assert code == 0
        return next(r for r in pd.DataFrame(json.loads(out)).to_dict("records") if r["paragraph_id"] == "OP3")

    before = paragraph()
    assert (before["status"], before["rule"]) == ("no_data", "assessment"), "no ask judged: the paragraph's own"
    assert before["asks"] == "OP3.1 no data; OP3.2 no data; OP3.3 no data"
    assert run(capsys, "assess", cid, "met", "--ask", "1", "--rationale", "schools respected", "--evidence",
               "https://example.org/a", "--date", "2025-01-10", "--by", "t", *ws)[0] == 0
    assert run(capsys, "assess", cid, "in_progress", "--ask", "3", "--rationale", "a list is drafted", "--evidence",
               "https://example.org/b", "--date", "2025-01-10", "--by", "t", *ws)[0] == 0
    code, out, _ = run(capsys, "add-rule", cid, "position", "--ask", "2", "--reason", "followed under OP3.1", *ws)
    assert code == 0 and "ask 2" in out
    after = paragraph()
    assert (after["status"], after["rule"]) == ("partially_met", "asks")
    assert after["reason"].startswith("rolled up from its asks (OP3.1 met; OP3.2 position; OP3.3 in progress)")
    assert after["evidence"] == "https://example.org/a; https://example.org/b"
    code, out, _ = run(capsys, "asks", "--resolution", "A/HRC/RES/55/25", "--as-of", "2025-06-30", "--format", "json",
                       *ws)
    rows = {r["ask_id"]: r for r in pd.DataFrame(json.loads(out)).to_dict("records")}
    assert [rows[f"{cid}.{n}"]["status"] for n in (1, 2, 3)] == ["met", "position", "in_progress"]
    assert {rows[f"{cid}.{n}"]["paragraph_status"] for n in (1, 2, 3)} == {"partially_met"}
    assert rows["A/HRC/RES/55/25:OP5.1"]["status"] == rows["A/HRC/RES/55/25:OP5.1"]["paragraph_status"] == "no_data"
    # before the judgments' date only the ask's rule (rules are not dated) is its own: no data, as the others
    code, out, _ = run(capsys, "status", "--as-of", "2024-12-31", "--resolution", "A/HRC/RES/55/25", "--format", "json",
                       "--all-columns", *ws)
    early = next(r for r in json.loads(out) if r["paragraph_id"] == "OP3")
    assert (early["status"], early["asks"]) == ("no_data", "OP3.1 no data; OP3.2 position; OP3.3 no data")


def test_bad_asks_are_refused_by_the_cli(capsys, workspace_copy):
    ws = ["--workspace", str(workspace_copy)]
    before = (workspace_copy / "data" / "curated" / "assessments.csv").read_bytes()
    code, _, err = run(capsys, "assess", "A/HRC/RES/55/25:OP3", "met", "--ask", "4", "--rationale", "r", "--evidence",
                       "e", "--date", "2025-01-10", *ws)
    assert code == 2 and "ask: no ask 4 in A/HRC/RES/55/25:OP3: its paragraph has 3 asks (1 to 3)" in err
    with pytest.raises(SystemExit) as stopped:
        main(["add-rule", "A/HRC/RES/55/25:OP3", "position", "--ask", "0", "--reason", "r", *ws])
    assert stopped.value.code == 2 and "whole number from 1" in capsys.readouterr().err
    code, _, err = run(capsys, "add-rule", "A/HRC/RES/55/25:OP1", "position", "--ask", "1", "--reason", "r", *ws)
    assert code == 2 and "asks nothing (a position)" in err
    assert (workspace_copy / "data" / "curated" / "assessments.csv").read_bytes() == before


def test_validate_names_file_row_and_column_of_a_bad_ask(capsys, workspace_copy):
    curated = workspace_copy / "data" / "curated"
    with open(curated / "assessments.csv", "a", encoding="utf-8") as handle:
        handle.write("asm-0100,A/HRC/RES/55/25:OP3,9,2025-01-11,analyst,met,r,e,2025-01-11,t\n"
                     "asm-0101,A/HRC/RES/55/25:OP3,two,2025-01-11,analyst,met,r,e,2025-01-11,t\n")
    with open(curated / "status_rules.csv", "a", encoding="utf-8") as handle:
        handle.write("A/HRC/RES/55/25:OP2,1,position,,,,,,primary,,r\n")
    code, out, _ = run(capsys, "validate", "--workspace", str(workspace_copy))
    assert code == 2
    assert "error: data/curated/assessments.csv, row 8, ask: no ask 9 in A/HRC/RES/55/25:OP3" in out
    assert "error: data/curated/assessments.csv, row 9, ask: an ask is a whole number from 1" in out
    assert "error: data/curated/status_rules.csv, row 38, ask: no ask 1 in A/HRC/RES/55/25:OP2: its paragraph asks nothing" in out


def test_an_ask_is_corrected_and_a_one_ask_paragraph_shares_its_correction(workspace_copy):
    from monitor.pipeline import load_workspace
    from monitor.workspace import Workspace

    with open(workspace_copy / "data" / "curated" / "commitment_annotations.csv", "a", encoding="utf-8") as handle:
        handle.write("A/HRC/RES/55/25:OP9,2,addressee,government,the transitional authorities legislate,t,2026-11-28\n")
    data = load_workspace(Workspace(workspace_copy))
    asks = data.asks.set_index("ask_id")
    assert asks.loc["A/HRC/RES/55/25:OP9.2", "addressee"] == "government"
    assert asks.loc["A/HRC/RES/55/25:OP9.2", "curated_fields"] == ["addressee"]
    assert data.commitments.set_index("commitment_id").loc["A/HRC/RES/55/25:OP9", "addressee"] == "government"
    # 46/28 OP26 "Calls for ... elections": the paragraph's curated addressee is its one ask's
    assert asks.loc["A/HRC/RES/46/28:OP26.1", "addressee"] == "government"
    with open(workspace_copy / "data" / "curated" / "commitment_annotations.csv", "a", encoding="utf-8") as handle:
        handle.write("A/HRC/RES/55/25:OP9,5,addressee,government,no such ask,t,2026-11-28\n")
    from monitor.errors import InputError

    with pytest.raises(InputError, match=r"commitment_annotations.csv, row 8, ask: no ask 5 in A/HRC/RES/55/25:OP9"):
        load_workspace(Workspace(workspace_copy))


def test_files_written_before_asks_read_and_migrate(capsys, workspace_copy):
    curated = workspace_copy / "data" / "curated"
    for name in ("assessments.csv", "status_rules.csv", "commitment_annotations.csv"):  # as they were before asks
        lines = (curated / name).read_text(encoding="utf-8").split("\n")
        at = lines[0].split(",").index("ask")
        old = [",".join(line.split(",")[:at] + line.split(",")[at + 1:]) if line else line for line in lines]
        (curated / name).write_text("\n".join(old), encoding="utf-8")
    old_bytes = (curated / "assessments.csv").read_bytes()
    ws = ["--workspace", str(workspace_copy)]
    code, out, _ = run(capsys, "validate", *ws)
    assert code == 0 and "status_rules.csv, header row, ask: no 'ask' column (written before asks)" in out
    code, out, _ = run(capsys, "status", "--as-of", "2025-12-31", "--resolution", "A/HRC/RES/46/28", "--format", "json",
                       *ws)
    assert code == 0 and len(pd.DataFrame(json.loads(out))) == 36
    code, _, err = run(capsys, "assess", "A/HRC/RES/55/25:OP3", "met", "--rationale", "r", "--evidence", "e",
                       "--date", "2025-01-10", *ws)
    assert code == 2 and "has no 'ask' column" in err and "monitor migrate" in err
    assert (curated / "assessments.csv").read_bytes() == old_bytes
    code, out, _ = run(capsys, "migrate", *ws)
    assert code == 0 and out.count("added the column(s) ask") == 3
    migrated = (curated / "assessments.csv").read_text(encoding="utf-8")
    assert migrated.split("\n")[0].startswith("assessment_id,commitment_id,ask,corrects,date,")
    # every record gained one empty cell after its commitment id, nothing else changed
    for before, after in zip(old_bytes.decode("utf-8").split("\n")[1:], migrated.split("\n")[1:]):
        if before:
            first, second, rest = before.split(",", 2)
            assert after == f"{first},{second},,{rest}"
    assert run(capsys, "migrate", *ws)[1].startswith("monitor: every curated file has every column")
    assert run(capsys, "assess", "A/HRC/RES/55/25:OP3", "met", "--rationale", "r", "--evidence", "e",
               "--date", "2025-01-10", *ws)[0] == 0


def test_the_workbook_dashboard_and_exports_show_the_asks(country_workspaces):
    import openpyxl

    from monitor import labels as L

    car = country_workspaces["car"]
    book = openpyxl.load_workbook(next((car / "exports" / AS_OF.isoformat()).glob("*.xlsx")), read_only=True)
    assert book.sheetnames.index("Asks") == book.sheetnames.index("Commitments") + 1
    rows = list(book["Asks"].iter_rows(values_only=True))
    # the printed columns first (reports/excel.py PRINTED), then the others
    assert list(rows[0]) == [L.header(k, "en") for k in ("ask_id", "addressee", "text", "deadline", "status", "reason",
                                                         "evidence", "paragraph_id", "verb", "object", "deadline_state",
                                                         "paragraph_status")]
    asks = {r[0]: dict(zip(rows[0], r)) for r in rows[1:]}
    five = asks["A/HRC/RES/54/31:OP5.2"]
    assert five["Addressee"] == "Government of the Central African Republic"
    assert five["Paragraph's status"] == five["Status"]
    assert asks["A/HRC/RES/54/31:OP46.1"]["Status"] == "Met", "the paragraph's event rule decides its one ask"
    french = openpyxl.load_workbook(next((car / "exports" / "fr").glob("*.xlsx")), read_only=True)
    assert "Demandes" in french.sheetnames
    frows = list(french["Demandes"].iter_rows(values_only=True))
    fives = {r[0]: dict(zip(frows[0], r)) for r in frows[1:]}["A/HRC/RES/54/31:OP5.2"]
    assert fives["Texte"].startswith("l’encourage à mettre en place")
    assert fives["Destinataire"] == "Gouvernement de la République centrafricaine"
    exported = pd.read_csv(car / "exports" / AS_OF.isoformat() / f"asks-{AS_OF.isoformat()}.csv")
    assert {"ask_id", "addressee", "object", "status", "paragraph_status", "text_fr"} <= set(exported.columns)
    assert (car / "data" / "generated" / "asks.csv").is_file()
    html = (car / "exports" / AS_OF.isoformat() / f"dashboard-{AS_OF.isoformat()}.html").read_text(encoding="utf-8")
    start = html.index('id="fig-paragraph_map"')
    figure = html[start:html.index("</script>", html.index("Plotly.newPlot", start))]

    def shown(text: str) -> str:  # as plotly writes it into the page: JSON, non-ASCII escaped
        return json.dumps(text)[1:-1].replace("<", "\\u003c").replace(">", "\\u003e")

    assert shown("Asks (addressee · what is asked · status)") in figure
    assert shown("OP5.2: Government of the Central African Republic · put in place measures for the protection") in figure


def test_asks_of_an_unknown_resolution(capsys):
    code, _, err = run(capsys, "asks", "--resolution", "A/HRC/RES/99/99")
    assert code == 2 and "no resolution 'A/HRC/RES/99/99'" in err
