"""Indicator statuses by the rule's comparison, else the indicator's direction and type, on ledgers built here."""

import datetime as dt

import pandas as pd
import pytest

from monitor.assessments import ASSESSMENT_SCHEMA
from monitor.events import EVENT_SCHEMA
from monitor.indicators import INDICATOR_SCHEMA, INDICATOR_TYPES
from monitor.observations import OBSERVATION_SCHEMA, check_observations, check_value
from monitor.rules import RULE_SCHEMA
from monitor.status import STATUS_SCHEMA, Ledgers, status_as_of

RID = "A/HRC/RES/55/25"
CID = f"{RID}:OP7"
ADOPTED = "2024-04-04"


def frame(schema, rows):
    return pd.DataFrame([{c: row.get(c, "") for c in schema.column_names} for row in rows], columns=schema.column_names)


def observation(n, value, date, qualifier="exact", indicator="ind"):
    return {"observation_id": f"obs-{n:04d}", "indicator_id": indicator, "date": date, "precision": "day", "value": value,
            "qualifier": qualifier, "source": f"https://example.org/{n}", "confidence": "secondary",
            "recorded_at": "2025-01-01", "recorded_by": "t"}


def analyst(status, date="2024-12-31"):
    return {"assessment_id": "asm-0001", "commitment_id": CID, "date": date, "assessor": "analyst", "status": status,
            "rationale": "from the field", "evidence": "https://example.org/field", "recorded_at": "2025-01-01",
            "recorded_by": "t"}


def row(indicator, values, as_of="2025-06-30", rule=None, assessments=(), events=(), rule_kind="indicator"):
    """The status row of the one commitment, tracked by an indicator given as overrides of a count."""
    indicator = {"indicator_id": "ind", "name_en": "Journalists detained", "name_fr": "x", "unit": "persons",
                 "type": "count", "direction": "increase", "commitments": CID, **indicator}
    observations = [observation(n, *v) if isinstance(v, tuple) else observation(n, v, f"2024-{n + 4:02d}-01")
                    for n, v in enumerate(values, start=1)]
    rule = {"commitment_id": CID, "rule": rule_kind, "indicator_id": "ind" if rule_kind == "indicator" else "",
            "min_confidence": "secondary", "reason": "test", **(rule or {})}
    ledgers = Ledgers(
        commitments=pd.DataFrame([{"commitment_id": CID, "resolution_id": RID, "paragraph_id": "OP7", "kind": "action",
                                   "deadline": None, "deadline_opens": None}]),
        resolutions=pd.DataFrame([{"resolution_id": RID, "adoption_date": ADOPTED}]),
        indicators=frame(INDICATOR_SCHEMA, [indicator]),
        observations=frame(OBSERVATION_SCHEMA, observations),
        events=frame(EVENT_SCHEMA, list(events)),
        assessments=frame(ASSESSMENT_SCHEMA, list(assessments)),
        rules=frame(RULE_SCHEMA, [rule]),
        confidence_rank={"primary": 4, "mirror": 3, "secondary": 2, "unverified": 1},
    )
    return status_as_of(ledgers, dt.date.fromisoformat(as_of)).iloc[0]


DECREASE = {"direction": "decrease", "baseline_value": "0", "baseline_date": "2024-04-04"}


def test_decrease_worsening_is_not_met_never_in_progress():
    got = row(DECREASE, ["9"])
    assert got["status"] == "not_met"
    assert got["reason"] == ("decided by the indicator's direction (decrease): Journalists detained: 9 on 2024-05-01, "
                             "up from 0 at baseline: worsening")
    assert got["evidence"] == "https://example.org/1"


def test_decrease_improving_is_in_progress_and_at_target_met():
    start = {**DECREASE, "baseline_value": "12", "target_value": "0"}
    improving = row(start, ["15", "5"])
    assert improving["status"] == "in_progress"
    assert "5 on 2024-06-01, down from 12 at baseline, short of the target 0" in improving["reason"]
    done = row(start, ["5", "0"])
    assert done["status"] == "met" and "0 on 2024-06-01, at or below the target 0" in done["reason"]
    assert row(start, ["12"])["status"] == "not_started"


@pytest.mark.parametrize("value, status, words", [
    ("90", "not_met", "down from 100 at baseline: reversed"),
    ("100", "not_started", "unchanged from 100 at baseline"),
    ("150", "in_progress", "up from 100 at baseline, short of the target 200"),
    ("200", "met", "reaches the target 200"),
    ("250", "met", "reaches the target 200"),
])
def test_increase(value, status, words):
    got = row({"baseline_value": "100", "target_value": "200"}, [value])
    assert got["status"] == status
    assert got["reason"].startswith("decided by the indicator's direction (increase): ") and words in got["reason"]


@pytest.mark.parametrize("baseline, value, status, words", [
    ("no", "no", "not_started", "unchanged from no at baseline"),
    ("yes", "no", "not_met", "changed from yes at baseline: reversed"),
    ("no", "yes", "met", "reaches the target yes"),
])
def test_yes_no_against_target_yes(baseline, value, status, words):
    got = row({"type": "yesno", "direction": "reach", "baseline_value": baseline, "target_value": "yes"}, [value])
    assert (got["status"], words in got["reason"]) == (status, True), got["reason"]
    assert "decided by the indicator's direction (reach)" in got["reason"]


def test_yes_no_target_no_reaches_downward():
    lifted = {"type": "yesno", "direction": "reach", "baseline_value": "yes", "target_value": "no"}
    assert row(lifted, ["no"])["status"] == "met"
    assert row(lifted, ["yes"])["status"] == "not_started"


def test_percent_is_a_type_checked_from_0_to_100():
    assert "percent" in INDICATOR_TYPES
    assert check_value("45.5", "percent") is None and check_value("0", "percent") is None
    assert check_value("100", "percent") is None
    assert "not a percentage from 0 to 100" in check_value("120", "percent")
    assert "not a percentage from 0 to 100" in check_value("-0.5", "percent")
    assert "not a number" in check_value("45%", "percent")


def test_a_percent_out_of_range_is_refused_naming_file_row_and_column():
    indicators = frame(INDICATOR_SCHEMA, [{"indicator_id": "share", "type": "percent"}])
    rows = frame(OBSERVATION_SCHEMA, [observation(1, "45.5", "2024-05-01", indicator="share"),
                                      observation(2, "145", "2024-06-01", indicator="share")])
    confidence = {"confidence": {"primary", "mirror", "secondary", "unverified"}}
    [problem] = check_observations(rows, "new.csv", indicators, None, dt.date(2025, 1, 1), confidence)
    assert (problem.source, problem.location, problem.field) == ("new.csv", "row 3", "value")
    assert problem.message == "value '145' is not a percentage from 0 to 100 (write 45.5 for 45.5%, not 0.455)"


def test_percent_status():
    share = {"type": "percent", "unit": "%", "baseline_value": "20.5", "target_value": "50"}
    assert row(share, ["35.5"])["status"] == "in_progress"
    assert row(share, ["50.0"])["status"] == "met"
    fallen = row(share, ["12.25"])
    assert fallen["status"] == "not_met" and "12.25 on 2024-05-01, down from 20.5 at baseline: reversed" in fallen["reason"]


ELECTION = {"type": "date", "name_en": "Election date", "unit": "date", "direction": "reach",
            "baseline_value": "2025-03-31", "target_value": "2025-03-31"}


def test_date_reach_met_once_held_on_or_before_the_target():
    scheduled = [("2025-02-27", "2024-09-01")]
    early = row(ELECTION, scheduled, as_of="2025-01-15")
    assert early["status"] == "in_progress"  # scheduled in time, not yet held
    assert "on or before the target 2025-03-31, but not reached yet on 2025-01-15" in early["reason"]
    held = row(ELECTION, scheduled, as_of="2025-04-30")
    assert held["status"] == "met" and "2025-02-27 on 2024-09-01, on or before the target 2025-03-31" in held["reason"]


def test_date_moved_beyond_the_target_is_a_worsening():
    postponed = row(ELECTION, [("2025-02-27", "2024-09-01"), ("2026-02-04", "2024-11-01")], as_of="2025-01-15")
    assert postponed["status"] == "not_met"
    assert "2026-02-04 on 2024-11-01, later than 2025-03-31 at baseline: worsening" in postponed["reason"]


def test_date_moved_earlier_but_still_late_is_in_progress():
    late = {**ELECTION, "baseline_value": "2026-06-30"}
    got = row(late, [("2025-12-31", "2024-09-01")])
    assert got["status"] == "in_progress"
    assert "earlier than 2026-06-30 at baseline, still after the target 2025-03-31" in got["reason"]


def test_rule_comparison_wins_over_the_direction():
    got = row(DECREASE, ["9"], rule={"comparison": ">=", "target": "5"})
    assert got["status"] == "met"
    assert got["reason"].startswith("decided by the rule's comparison (>= 5): Journalists detained: 9 on 2024-05-01")
    short = row(DECREASE, ["3"], rule={"comparison": ">=", "target": "5", "partial": "2"})
    assert short["status"] == "partially_met" and "past the partial level 2, short of the target 5" in short["reason"]


def test_rule_comparison_increase_still_ignores_a_decrease_direction():
    got = row(DECREASE, ["9"], rule={"comparison": "increase"})
    assert got["status"] == "in_progress" and "decided by the rule's comparison (increase)" in got["reason"]


def test_rule_threshold_without_a_target_says_so():
    got = row({}, ["9"], rule={"comparison": ">="})
    assert got["status"] == "no_data" and "needs a target" in got["reason"]


@pytest.mark.parametrize("qualifier, value, status, words", [
    ("over", "30000", "met", "over 30000 on 2024-05-01, reaches the target 30000"),
    ("at_least", "30000", "met", "reaches the target 30000"),
    ("about", "30000", "in_progress", "short of the target 30000 ('about 30000' shows no more than that)"),
    ("about", "31000", "met", "reaches the target 30000"),
    ("under", "25000", "no_data", "'under 25000' cannot show whether it moved from 19800 at baseline"),
    ("at_least", "19800", "not_started", "unchanged from 19800 at baseline"),
    ("under", "19800", "not_met", "down from 19800 at baseline: reversed"),
])
def test_qualifiers_claim_no_more_than_they_show(qualifier, value, status, words):
    got = row({"baseline_value": "19800", "target_value": "30000"}, [(value, "2024-05-01", qualifier)])
    assert got["status"] == status and words in got["reason"], got["reason"]


def test_without_baseline_the_first_observation_after_adoption_is_the_reference():
    before = ("1", "2024-01-01")  # before adoption: not the reference
    got = row({}, [before, ("3", "2024-05-01"), ("5", "2024-08-01")])
    assert got["status"] == "in_progress"
    assert "5 on 2024-08-01, up from 3 first observed on 2024-05-01 (no baseline)" in got["reason"]
    single = row({}, [("3", "2024-05-01")])
    assert single["status"] == "not_started" and "no baseline: no change to show yet" in single["reason"]


@pytest.mark.parametrize("indicator, words", [
    ({"direction": "none"}, "has no direction (none)"),
    ({"type": "narrative", "direction": "increase"}, "is a narrative indicator"),
    ({"type": "flow"}, "is a flow (one batch or period at a time)"),
])
def test_indicators_that_cannot_decide_fall_back_to_the_assessment(indicator, words):
    alone = row(indicator, ["7"])
    assert alone["status"] == "no_data"
    assert words in alone["reason"] and "the indicator alone cannot decide, and no assessment is recorded" in alone["reason"]
    judged = row(indicator, ["7"], assessments=[analyst("partially_met")])
    assert judged["status"] == "partially_met" and not judged["overrides_assessment"]
    assert words in judged["reason"] and "decided by the analyst assessment of 2024-12-31: from the field" in judged["reason"]
    assert judged["evidence"] == "https://example.org/field"


def test_a_rule_overriding_the_analyst_says_so():
    assert "overrides_assessment" in STATUS_SCHEMA.column_names
    got = row({"baseline_value": "100", "target_value": "200"}, ["150"], assessments=[analyst("met")])
    assert got["status"] == "in_progress" and bool(got["overrides_assessment"]) is True
    assert got["reason"].endswith("; the analyst's assessment of 2024-12-31 (met) is overridden by the indicator rule")
    agreeing = row({"baseline_value": "100", "target_value": "200"}, ["150"], assessments=[analyst("in_progress")])
    assert bool(agreeing["overrides_assessment"]) is False and "overridden" not in agreeing["reason"]


def test_an_event_rule_overriding_the_analyst_says_so():
    got = row({}, [], rule={"event_type": "election_held"}, rule_kind="event", assessments=[analyst("in_progress")])
    assert got["status"] == "not_started" and bool(got["overrides_assessment"]) is True
    assert "the analyst's assessment of 2024-12-31 (in progress) is overridden by the event rule" in got["reason"]
    other = dict(analyst("met"), assessor="government")
    assert not row({}, [], rule={"event_type": "election_held"}, rule_kind="event", assessments=[other])["overrides_assessment"]
