"""Time to implementation: the first day each ask was met, from the ask status engine at the evidence's dates."""

import csv
import datetime as dt
from pathlib import Path

import pytest

from monitor.build import build
from monitor.cli import main
from monitor.implementation import IMPLEMENTATION_SCHEMA, first_met, implementation_table, met_candidates
from monitor.pipeline import load_workspace
from monitor.snapshot import in_force
from monitor.workspace import Workspace
from cli_helpers import XML, made_workspace

RES = "A/HRC/RES/55/25"  # adopted 2024-04-04
ADOPTED = dt.date(2024, 4, 4)
AS_OF = dt.date(2025, 6, 30)

COMMANDS = [
    # OP3's second ask judged met by the Independent Expert, then judged back in progress
    ["assess", f"{RES}:OP3", "met", "--ask", "2", "--date", "2024-10-01", "--rationale", "Schools reopened",
     "--evidence", "A/HRC/57/87", "--assessor", "independent_expert"],
    ["assess", f"{RES}:OP3", "in_progress", "--ask", "2", "--date", "2025-01-15", "--rationale", "Closed again",
     "--evidence", "https://example.org/closed"],
    # OP26 (the Independent Expert's report, due at the 58th session) is met when the report is presented
    ["add-rule", f"{RES}:OP26", "event", "--event-type", "report_presented", "--reason", "met when presented"],
    ["record-event", "report_presented", "--date", "2025-03-20", "--title", "Report of the Independent Expert",
     "--source", "A/HRC/58/73", "--commitments", f"{RES}:OP26", "--confidence", "primary"],
    # an assessment that meets nothing: its date is no day on which anything can turn met
    ["assess", f"{RES}:OP5", "in_progress", "--date", "2024-11-15", "--rationale", "A plan",
     "--evidence", "https://example.org/plan"],
    # OP9 decided by a count: the target is reached on 2025-02-01 (the value of 2024-11-30 is too weakly sourced)
    ["add-indicator", "trials", "--name", "Trials held", "--type", "count", "--unit", "trials", "--baseline", "0",
     "--baseline-date", "2024-04-04", "--baseline-source", RES, "--target", "5", "--direction", "increase",
     "--commitments", f"{RES}:OP9", "--rule", "indicator"],
    ["record", "trials", "2", "--date", "2024-08-01", "--source", "https://example.org/t1", "--confidence", "secondary"],
    ["record", "trials", "6", "--date", "2024-11-30", "--source", "https://example.org/t2", "--confidence", "unverified"],
    ["record", "trials", "7", "--date", "2025-02-01", "--source", "https://example.org/t3", "--confidence", "primary"],
    # OP10 decided by a milestone's date: announced on 2024-12-01 for 2025-04-20, met once that day has come
    ["add-indicator", "law_date", "--name", "Law promulgated", "--type", "date", "--unit", "date",
     "--target", "2025-05-31", "--target-date", "2025-05-31", "--direction", "reach", "--commitments", f"{RES}:OP10",
     "--rule", "indicator"],
    ["record", "law_date", "2025-04-20", "--date", "2024-12-01", "--source", "https://example.org/law"],
]


@pytest.fixture(scope="module")
def ws(tmp_path_factory) -> Path:
    ws = made_workspace(tmp_path_factory.mktemp("implementation"), "m", XML)
    for command in COMMANDS:
        by = ["--by", "tester"] if command[0] in ("record", "record-event", "assess") else []
        assert main([*command, "--workspace", str(ws), *by]) == 0, command
    return ws


@pytest.fixture(scope="module")
def data(ws):
    return in_force(load_workspace(Workspace(ws)), AS_OF)


@pytest.fixture(scope="module")
def table(data):
    return implementation_table(data, AS_OF).set_index("ask_id")


def test_the_status_engine_runs_only_on_days_something_can_turn_met(data):
    days = [ADOPTED, dt.date(2024, 8, 1), dt.date(2024, 10, 1), dt.date(2024, 11, 30), dt.date(2024, 12, 1),
            dt.date(2025, 2, 1), dt.date(2025, 3, 20), dt.date(2025, 4, 20), dt.date(2025, 5, 31)]
    assert met_candidates(data, AS_OF) == days
    assert met_candidates(data, dt.date(2024, 10, 31)) == days[:3]


def test_the_same_first_days_as_the_whole_engine(data):
    """first_met runs the engine on a few commitments with a few rows each; the whole engine (each day's ask
    statuses over all the ledgers) on the candidate days and the day before each finds the same first days."""
    import dataclasses

    candidates = met_candidates(data, AS_OF)
    days = set(candidates) | {d - dt.timedelta(days=1) for d in candidates}
    whole = {}
    for day in sorted(d for d in days if ADOPTED <= d <= AS_OF):
        statuses = dataclasses.replace(data, _statuses={}).ask_status(day)
        for ask_id in statuses.loc[statuses["status"] == "met", "ask_id"]:
            whole.setdefault(ask_id, day)
    assert {ask: met[0] for ask, met in first_met(data, AS_OF).items()} == whole
    assert len(whole) == 8  # OP3.2, OP9.1-2, OP10.1-2, OP23.1, OP26.1, OP31.1


def test_an_ask_met_by_an_indicator_on_the_day_its_target_is_reached(table):
    row = table.loc[f"{RES}:OP9.1"]
    assert (row["first_met"], row["met_rule"], row["met_evidence"]) == ("2025-02-01", "indicator", "https://example.org/t3")
    assert row["days_to_met"] == 303
    milestone = table.loc[f"{RES}:OP10.1"]  # the date recorded in December comes on 2025-04-20
    assert (milestone["first_met"], milestone["met_rule"]) == ("2025-04-20", "indicator")


def test_an_ask_met_by_an_assessment_keeps_its_first_day(table):
    row = table.loc[f"{RES}:OP3.2"]
    assert row["first_met"] == "2024-10-01"
    assert row["days_to_met"] == 180 == (dt.date(2024, 10, 1) - ADOPTED).days
    assert (row["met_rule"], row["met_evidence"], row["met_assessor"]) == ("assessment", "A/HRC/57/87",
                                                                          "independent_expert")
    assert row["status"] == "in_progress"  # judged back in progress since: met once, not now
    assert pd_na(row["met_on_time"])  # the ask sets no deadline


def test_an_ask_met_by_an_event_before_its_deadline(table):
    row = table.loc[f"{RES}:OP26.1"]
    assert (row["adopted"], row["deadline"], row["first_met"]) == ("2024-04-04", "2025-04-04", "2025-03-20")
    assert row["days_to_met"] == 350
    assert row["met_on_time"] is True
    assert (row["met_rule"], row["met_evidence"]) == ("event", "A/HRC/58/73")
    assert pd_na(row["met_assessor"])
    assert row["status"] == "met"


def test_the_councils_decision_is_met_on_adoption_and_other_asks_never(table):
    decision = table.loc[f"{RES}:OP23.1"]
    assert (decision["first_met"], decision["days_to_met"], decision["met_rule"]) == ("2024-04-04", 0, "decision")
    never = table.loc[f"{RES}:OP5.1"]
    assert pd_na(never["first_met"]) and pd_na(never["days_to_met"]) and never["status"] == "in_progress"
    assert set(table["as_of"]) == {AS_OF.isoformat()}


def test_before_the_evidence_nothing_was_met_yet(data):
    early = implementation_table(data, dt.date(2024, 9, 30)).set_index("ask_id")
    assert pd_na(early.loc[f"{RES}:OP3.2", "first_met"]) and pd_na(early.loc[f"{RES}:OP26.1", "first_met"])
    assert early.loc[f"{RES}:OP23.1", "first_met"] == "2024-04-04"


def test_the_build_writes_it(ws, tmp_path):
    build(Workspace(ws), AS_OF, tmp_path / "out", images=False)
    with open(tmp_path / "out" / f"implementation-{AS_OF}.csv", encoding="utf-8") as handle:
        rows = {r["ask_id"]: r for r in csv.DictReader(handle)}
    assert list(next(iter(rows.values()))) == IMPLEMENTATION_SCHEMA.column_names
    assert rows[f"{RES}:OP3.2"]["first_met"] == "2024-10-01" and rows[f"{RES}:OP3.2"]["days_to_met"] == "180"
    assert rows[f"{RES}:OP5.1"]["first_met"] == "" and rows[f"{RES}:OP5.1"]["days_to_met"] == ""


def pd_na(value) -> bool:
    import pandas as pd

    return value is None or bool(pd.isna(value))
