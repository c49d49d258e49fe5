"""The status engine on small ledgers built in the test: rules, supersession, as-of and as-known-on."""

import datetime as dt

import pandas as pd
import pytest

from monitor.assessments import ASSESSMENT_SCHEMA
from monitor.events import EVENT_SCHEMA
from monitor.indicators import INDICATOR_SCHEMA
from monitor.observations import OBSERVATION_SCHEMA
from monitor.rules import RULE_SCHEMA
from monitor.status import Ledgers, deadline_state, status_as_of

RID = "A/HRC/RES/46/28"


def frame(schema, rows):
    return pd.DataFrame([{c: row.get(c, "") for c in schema.column_names} for row in rows], columns=schema.column_names)


def commitments():
    return pd.DataFrame([
        {"commitment_id": f"{RID}:OP26", "resolution_id": RID, "paragraph_id": "OP26", "kind": "action",
         "deadline": "2022-03-31", "deadline_opens": "2022-01-01"},
        {"commitment_id": f"{RID}:OP19", "resolution_id": RID, "paragraph_id": "OP19", "kind": "action",
         "deadline": None, "deadline_opens": None},
        {"commitment_id": f"{RID}:OP31", "resolution_id": RID, "paragraph_id": "OP31", "kind": "reporting",
         "deadline": "2022-04-01", "deadline_opens": "2022-02-01"},
        {"commitment_id": f"{RID}:OP9", "resolution_id": RID, "paragraph_id": "OP9", "kind": "action",
         "deadline": None, "deadline_opens": None},
        {"commitment_id": f"{RID}:OP1", "resolution_id": RID, "paragraph_id": "OP1", "kind": "position",
         "deadline": None, "deadline_opens": None},
    ])


def ledgers(events=(), observations=(), assessments=()):
    return Ledgers(
        commitments=commitments(),
        resolutions=pd.DataFrame([{"resolution_id": RID, "adoption_date": "2021-03-24"}]),
        indicators=frame(INDICATOR_SCHEMA, [{"indicator_id": "cvjr", "name_en": "CVJR testimonies", "type": "count",
                                             "baseline_value": "19800", "direction": "increase"}]),
        observations=frame(OBSERVATION_SCHEMA, list(observations)),
        events=frame(EVENT_SCHEMA, list(events)),
        assessments=frame(ASSESSMENT_SCHEMA, list(assessments)),
        rules=frame(RULE_SCHEMA, [
            {"commitment_id": f"{RID}:OP26", "rule": "event", "event_type": "election_held", "min_confidence": "secondary"},
            {"commitment_id": f"{RID}:OP19", "rule": "indicator", "indicator_id": "cvjr", "comparison": "increase",
             "min_confidence": "secondary", "superseded_by": "cvjr-ended"},
            {"commitment_id": f"{RID}:OP31", "rule": "event", "event_type": "report_presented", "min_confidence": "mirror"},
            {"commitment_id": f"{RID}:OP9", "rule": "assessment", "min_confidence": "secondary"},
            {"commitment_id": f"{RID}:OP1", "rule": "position", "min_confidence": "primary", "reason": "condemns"},
        ]),
        confidence_rank={"primary": 4, "mirror": 3, "secondary": 2, "unverified": 1},
    )


def status(ledger, as_of, known_on=None):
    return status_as_of(ledger, dt.date.fromisoformat(as_of),
                        dt.date.fromisoformat(known_on) if known_on else None).set_index("paragraph_id")


REPORT = {"event_id": "ie-report-49", "date": "2022-03-21", "precision": "day", "type": "report_presented",
          "state": "occurred", "title": "Report to HRC 49", "commitments": f"{RID}:OP31", "source": "A/HRC/49/XX",
          "confidence": "primary", "recorded_at": "2022-03-25", "recorded_by": "t"}


def test_event_rule_moves_to_met_and_back():
    ledger = ledgers(events=[REPORT])
    assert status(ledger, "2022-03-01").loc["OP31", ["status", "deadline_state"]].tolist() == ["not_started", "due"]
    after = status(ledger, "2022-06-30").loc["OP31"]
    assert (after["status"], after["deadline_state"], after["evidence"]) == ("met", "met_on_time", "A/HRC/49/XX")
    assert status(ledger, "2021-12-31").loc["OP31", ["status", "deadline_state"]].tolist() == ["not_started", "upcoming"]


def test_known_on_hides_later_records():
    ledger = ledgers(events=[REPORT])
    assert status(ledger, "2022-06-30", known_on="2022-03-24").loc["OP31", "status"] == "not_met"
    assert status(ledger, "2022-06-30", known_on="2022-03-25").loc["OP31", "status"] == "met"


def test_overdue_without_the_event():
    row = status(ledgers(), "2022-04-01").loc["OP26"]
    assert (row["status"], row["deadline_state"]) == ("not_met", "overdue")
    assert "2022-03-31" in row["reason"]
    assert status(ledgers(), "2022-02-15").loc["OP26", "deadline_state"] == "due"


def test_low_confidence_evidence_does_not_decide():
    weak = dict(REPORT, confidence="unverified", event_id="weak")
    row = status(ledgers(events=[weak]), "2022-06-30").loc["OP31"]
    assert row["status"] == "no_data" and "unverified" in row["reason"]


def test_indicator_rule_and_supersession():
    observations = [
        {"observation_id": "obs-0001", "indicator_id": "cvjr", "date": "2021-09-18", "precision": "day", "value": "22600",
         "qualifier": "exact", "source": "rfi", "confidence": "secondary", "recorded_at": "2026-11-28", "recorded_by": "t"},
    ]
    ended = {"event_id": "cvjr-ended", "date": "2022-12-31", "precision": "month", "type": "mandate_ended",
             "state": "occurred", "title": "CVJR mandate ends", "source": "journaldumali", "confidence": "secondary",
             "recorded_at": "2026-11-28", "recorded_by": "t"}
    ledger = ledgers(events=[ended], observations=observations)
    assert status(ledger, "2021-06-30").loc["OP19", "status"] == "no_data"
    row = status(ledger, "2022-06-30").loc["OP19"]
    assert row["status"] == "in_progress" and "22600" in row["reason"] and row["evidence"] == "rfi"
    assert status(ledger, "2023-01-31").loc["OP19", "status"] == "superseded"


def test_assessments_disagree_visibly():
    assessments = [
        {"assessment_id": "asm-0001", "commitment_id": f"{RID}:OP9", "date": "2022-01-10", "assessor": "analyst",
         "status": "in_progress", "rationale": "bill tabled", "evidence": "x", "recorded_at": "2022-01-10", "recorded_by": "t"},
        {"assessment_id": "asm-0002", "commitment_id": f"{RID}:OP9", "date": "2022-02-01", "assessor": "government",
         "status": "met", "rationale": "we did it", "evidence": "y", "recorded_at": "2022-02-01", "recorded_by": "t"},
    ]
    row = status(ledgers(assessments=assessments), "2022-03-01").loc["OP9"]
    assert row["status"] == "in_progress"  # the analyst's own judgment decides
    assert row["disagreement"] and "government: met" in row["assessments"]
    assert not status(ledgers(assessments=assessments), "2022-01-15").loc["OP9", "disagreement"]


def test_positions_and_before_adoption():
    assert status(ledgers(), "2022-01-01").loc["OP1", "status"] == "position"
    assert status(ledgers(), "2021-01-01").loc["OP31", "status"] == "no_data"


@pytest.mark.parametrize("args, expected", [
    (("met", "2022-03-31", "2022-01-01", "2022-05-01", "2022-03-30"), "met_on_time"),
    (("met", "2022-03-31", "2022-01-01", "2022-05-01", "2022-04-02"), "met_late"),
    (("not_met", "2022-03-31", "2022-01-01", "2021-12-31", None), "upcoming"),
    (("not_met", "2022-03-31", "2022-01-01", "2022-01-01", None), "due"),
    (("not_met", "2022-03-31", "2022-01-01", "2022-04-01", None), "overdue"),
    (("not_met", None, None, "2022-04-01", None), "none"),
])
def test_deadline_states(args, expected):
    status_, deadline, opens, as_of, met_on = args
    as_date = lambda v: dt.date.fromisoformat(v) if v else None  # noqa: E731
    assert deadline_state(status_, as_date(deadline), as_date(opens), as_date(as_of), as_date(met_on)) == expected
