"""Setting up a workspace from the command line: init, add-indicator, record-event, assess, add-rule."""

import csv
import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from monitor.assessments import ASSESSMENT_SCHEMA
from monitor.cli import main
from monitor.curated_files import CURATED_FILES
from monitor.events import EVENT_SCHEMA
from monitor.indicators import INDICATOR_SCHEMA
from monitor.rules import RULE_SCHEMA
from cli_helpers import XML, copied, curated, made_workspace, rows, run

RES = "A/HRC/RES/55/25"


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A workspace made by `monitor init` holding 55/25 in English, made once and copied per test."""
    return made_workspace(tmp_path_factory.mktemp("template"), "mali-55", XML)


@pytest.fixture()
def ws(template, tmp_path) -> Path:
    return copied(template, tmp_path)


INDICATOR = ["add-indicator", "hearings", "--name", "Public hearings", "--name-fr", "Audiences publiques",
             "--type", "count", "--unit", "hearings", "--baseline", "2", "--baseline-date", "2024-04-04",
             "--baseline-source", RES, "--direction", "increase", "--commitments", f"{RES}:OP3,{RES}:OP5"]


# init

def test_init_writes_every_curated_file_with_its_header(capsys, tmp_path):
    target = tmp_path / "new"
    code, out, err = run(capsys, "init", target, "--title", "Monitor", "--title-fr", "Suivi", "--short-name", "car-2025")
    assert code == 0, err
    for name, schema, _ in CURATED_FILES:
        assert curated(target, name).read_text(encoding="utf-8") == ",".join(schema.column_names) + "\n"
    names = {p.name for p in (target / "data" / "curated").iterdir()}
    assert names == {name for name, _, _ in CURATED_FILES} | {"README.md"}
    config = (target / "workspace.yml").read_text(encoding="utf-8")
    assert 'en: "Monitor"' in config and 'fr: "Suivi"' in config and 'short_name: "car-2025"' in config


def test_init_readme_describes_every_column_of_every_file(capsys, tmp_path):
    assert run(capsys, "init", tmp_path / "new")[0] == 0
    readme = curated(tmp_path / "new", "README.md").read_text(encoding="utf-8")
    sections = readme.split("\n## ")[1:]
    assert [s.split("`")[1] for s in sections] == [name for name, _, _ in CURATED_FILES]
    for section, (_, schema, _) in zip(sections, CURATED_FILES):
        table = [line for line in section.splitlines() if line.startswith("| `")]
        assert [line.split("`")[1] for line in table] == schema.column_names
        assert all(line.rstrip(" |").split("|")[-1].strip() for line in table), "every column has a meaning"
    assert "`primary`, `mirror`, `secondary`, `unverified`" in readme  # a vocabulary's values, in its order
    assert "`election_held`" in readme and "`partially_met`" in readme


def test_init_refuses_a_bad_short_name_and_creates_nothing(capsys, tmp_path):
    target = tmp_path / "new"
    code, _, err = run(capsys, "init", target, "--short-name", "Bad Name")
    assert code == 2 and "--short-name" in err and "lower-case" in err
    assert not target.exists()


def test_init_refuses_an_existing_workspace(capsys, ws):
    before = (ws / "workspace.yml").read_bytes()
    code, _, err = run(capsys, "init", ws, "--title", "Other")
    assert code == 2 and "already holds a workspace" in err
    assert (ws / "workspace.yml").read_bytes() == before


def test_fresh_workspace_validates(capsys, tmp_path):
    assert run(capsys, "init", tmp_path / "new")[0] == 0
    code, out, _ = run(capsys, "validate", "--workspace", tmp_path / "new")
    assert code == 0 and "0 error(s)" in out


# add-indicator

def test_add_indicator_appends_a_row_and_rules(capsys, ws):
    code, out, err = run(capsys, *INDICATOR, "--rule", "indicator", "--workspace", ws)
    assert code == 0, err
    assert "added indicator hearings" in out and f"rule for {RES}:OP3" in out
    (row,) = rows(ws, "indicators.csv")
    assert list(row) == INDICATOR_SCHEMA.column_names
    assert row == {"indicator_id": "hearings", "name_en": "Public hearings", "name_fr": "Audiences publiques",
                   "unit": "hearings", "type": "count", "baseline_value": "2", "baseline_date": "2024-04-04",
                   "baseline_source": RES, "target_value": "", "target_date": "", "direction": "increase",
                   "commitments": f"{RES}:OP3|{RES}:OP5", "note": ""}
    rules = rows(ws, "status_rules.csv")
    assert [(r["commitment_id"], r["rule"], r["indicator_id"], r["min_confidence"]) for r in rules] == [
        (f"{RES}:OP3", "indicator", "hearings", "secondary"), (f"{RES}:OP5", "indicator", "hearings", "secondary")]
    assert all(r["reason"] and not r["comparison"] for r in rules)  # the indicator's direction decides


def test_add_indicator_rule_skips_commitments_with_a_rule(capsys, ws):
    assert run(capsys, "add-rule", f"{RES}:OP3", "assessment", "--reason", "judged", "--workspace", ws)[0] == 0
    code, out, err = run(capsys, *INDICATOR, "--rule", "indicator", "--rule-reason", "hearings held",
                         "--workspace", ws)
    assert code == 0, err
    rules = rows(ws, "status_rules.csv")
    assert [(r["commitment_id"], r["rule"], r["reason"]) for r in rules] == [
        (f"{RES}:OP3", "assessment", "judged"), (f"{RES}:OP5", "indicator", "hearings held")]


@pytest.mark.parametrize("change, field, reason", [
    ({"hearings": "Bad-Id"}, "indicator_id", "does not match"),
    ({f"{RES}:OP3,{RES}:OP5": f"{RES}:OP99"}, "commitments", "no such commitment"),
    ({"2": "many"}, "baseline_value", "not a number"),
    ({"2024-04-04": "2024-02-30"}, "baseline_date", "not a date"),
    ({"2024-04-04": "2999-01-01"}, "baseline_date", "in the future"),
    ({RES: ""}, "baseline_source", "needs its date and source"),
], ids=["bad-id", "unknown-commitment", "baseline-off-type", "no-such-day", "future-baseline", "no-source"])
def test_bad_indicator_is_refused_and_files_unchanged(capsys, ws, change, field, reason):
    argv = [change.get(a, a) for a in INDICATOR]
    before = curated(ws, "indicators.csv").read_bytes()
    code, _, err = run(capsys, *argv, "--workspace", ws)
    assert code == 2 and f"{field}: " in err and reason in err, err
    assert curated(ws, "indicators.csv").read_bytes() == before


def test_duplicate_indicator_and_unfit_rule_are_refused(capsys, ws):
    assert run(capsys, *INDICATOR, "--workspace", ws)[0] == 0
    before = {n: curated(ws, n).read_bytes() for n in ("indicators.csv", "status_rules.csv")}
    code, _, err = run(capsys, *INDICATOR, "--workspace", ws)
    assert code == 2 and "indicator_id: 'hearings' already exists" in err
    argv = [{"hearings": "held", "count": "narrative"}.get(a, a) for a in INDICATOR]
    code, _, err = run(capsys, *argv, "--rule", "indicator", "--workspace", ws)
    assert code == 2 and "type: Public hearings is a narrative indicator" in err
    argv = [{"hearings": "held", "increase": "none"}.get(a, a) for a in INDICATOR]
    code, _, err = run(capsys, *argv, "--rule", "indicator", "--workspace", ws)
    assert code == 2 and "direction: Public hearings has no direction" in err
    assert {n: curated(ws, n).read_bytes() for n in before} == before


def test_a_plan_cannot_decide_a_status(capsys, ws):
    with open(curated(ws, "indicators.csv"), "a", encoding="utf-8") as handle:  # written by hand
        handle.write(f"planned,Hearings planned,Audiences prévues,hearings,plan,,,,,,increase,{RES}:OP3,\n")
    before = curated(ws, "status_rules.csv").read_bytes()
    code, _, err = run(capsys, "add-rule", f"{RES}:OP3", "indicator", "--indicator", "planned", "--reason", "r",
                       "--workspace", ws)
    assert code == 2 and "indicator_id: 'planned' is a plan" in err
    assert curated(ws, "status_rules.csv").read_bytes() == before


def test_bad_type_is_refused_by_the_parser(capsys, ws):
    before = curated(ws, "indicators.csv").read_bytes()
    with pytest.raises(SystemExit) as exit_:
        main([{"count": "ratio"}.get(a, a) for a in INDICATOR] + ["--workspace", str(ws)])
    assert exit_.value.code == 2 and "--type" in capsys.readouterr().err
    assert curated(ws, "indicators.csv").read_bytes() == before


# record-event

EVENT = ["record-event", "report_presented", "--date", "2024-09-20", "--title", "Report to the 57th session",
         "--source", "A/HRC/57/X", "--commitments", f"{RES}:OP30", "--confidence", "primary", "--by", "tester"]


def test_record_event_appends_a_row(capsys, ws):
    code, out, err = run(capsys, *EVENT, "--note", "as presented", "--workspace", ws)
    assert code == 0, err
    (row,) = rows(ws, "events.csv")
    assert list(row) == EVENT_SCHEMA.column_names
    assert row["event_id"] == "report_presented-2024-09-20" and row["event_id"] in out
    assert (row["type"], row["state"], row["precision"], row["commitments"], row["recorded_by"], row["note"]) == (
        "report_presented", "occurred", "day", f"{RES}:OP30", "tester", "as presented")
    assert row["recorded_at"]
    code, _, err = run(capsys, *[{"Report to the 57th session": "Oral update"}.get(a, a) for a in EVENT],
                       "--workspace", ws)
    assert code == 0, err
    assert [r["event_id"] for r in rows(ws, "events.csv")] == ["report_presented-2024-09-20",
                                                                "report_presented-2024-09-20-2"]


def test_scheduled_event_may_lie_in_the_future(capsys, ws):
    soon = (dt.date.today() + dt.timedelta(days=700)).isoformat()  # within the ten years a date may lie ahead
    code, _, err = run(capsys, "record-event", "election_scheduled", "--date", soon, "--state", "scheduled",
                       "--title", "Presidential election set", "--source", "https://example.org/decree",
                       "--announced-on", "2024-06-01", "--id", "presidential-set", "--workspace", ws)
    assert code == 0, err
    assert rows(ws, "events.csv")[0]["event_id"] == "presidential-set"


@pytest.mark.parametrize("change, extra, field, reason", [
    ({"report_presented": "parade"}, [], "type", "unknown value 'parade'"),
    ({"2024-09-20": "2999-09-20"}, [], "date", "only a scheduled event may be"),
    ({"2024-09-20": "2024-09-31"}, [], "date", "not a date"),
    ({f"{RES}:OP30": f"{RES}:OP99"}, [], "commitments", "no such commitment"),
    ({"primary": "rumour"}, [], "confidence", "unknown value 'rumour'"),
    ({}, ["--announced-on", "2999-01-01"], "announced_on", "in the future"),
    ({}, ["--date-end", "2024-09-01"], "date_end", "before the date"),
], ids=["unknown-type", "future-occurred", "no-such-day", "unknown-commitment", "bad-confidence", "future-announcement",
        "end-before-start"])
def test_bad_event_is_refused_and_ledger_unchanged(capsys, ws, change, extra, field, reason):
    assert run(capsys, *EVENT, "--title", "An earlier event", "--workspace", ws)[0] == 0
    before = curated(ws, "events.csv").read_bytes()
    code, _, err = run(capsys, *[change.get(a, a) for a in EVENT], *extra, "--workspace", ws)
    assert code == 2 and f"{field}: " in err and reason in err, err
    assert err.count("\n") == 1
    assert curated(ws, "events.csv").read_bytes() == before


def test_same_event_or_id_twice_is_refused(capsys, ws):
    assert run(capsys, *EVENT, "--id", "report-57", "--workspace", ws)[0] == 0
    before = curated(ws, "events.csv").read_bytes()
    code, _, err = run(capsys, *EVENT, "--workspace", ws)
    assert code == 2 and "already recorded as 'report-57'" in err
    code, _, err = run(capsys, *[{"A/HRC/57/X": "other"}.get(a, a) for a in EVENT], "--id", "report-57", "--workspace", ws)
    assert code == 2 and "event_id: 'report-57' is already in the events ledger" in err
    assert curated(ws, "events.csv").read_bytes() == before


def test_concurrent_record_events_get_distinct_ids(ws):
    monitor = Path(sys.executable).with_name("monitor")
    processes = [subprocess.Popen([str(monitor), "record-event", "other", "--date", "2024-05-01", "--title", f"Writer {n}",
                                   "--source", f"https://example.org/{n}", "--workspace", str(ws)],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for n in range(4)]
    results = [p.communicate(timeout=120) + (p.returncode,) for p in processes]
    assert all(code == 0 for _, _, code in results), results
    recorded = rows(ws, "events.csv")
    assert sorted(r["title"] for r in recorded) == [f"Writer {n}" for n in range(4)]
    assert sorted(r["event_id"] for r in recorded) == ["other-2024-05-01", "other-2024-05-01-2", "other-2024-05-01-3",
                                                      "other-2024-05-01-4"]


# assess

ASSESS = ["assess", f"{RES}:OP7", "in_progress", "--rationale", "First steps reported",
          "--evidence", "https://example.org/report", "--date", "2024-12-01", "--by", "tester"]


def test_assess_appends_a_row(capsys, ws):
    code, out, err = run(capsys, *ASSESS, "--workspace", ws)
    assert code == 0, err
    (row,) = rows(ws, "assessments.csv")
    assert list(row) == ASSESSMENT_SCHEMA.column_names
    assert (row["assessment_id"], row["commitment_id"], row["date"], row["assessor"], row["status"], row["recorded_by"]) == (
        "asm-0001", f"{RES}:OP7", "2024-12-01", "analyst", "in_progress", "tester")


@pytest.mark.parametrize("change, field, reason", [
    ({f"{RES}:OP7": f"{RES}:OP99"}, "commitment_id", "no such commitment"),
    ({"in_progress": "great"}, "status", "unknown value 'great'"),
    ({"2024-12-01": "2999-12-01"}, "date", "in the future"),
    ({"2024-12-01": "2024-13-01"}, "date", "not a date"),
    ({"https://example.org/report": " "}, "evidence", "value is required"),
], ids=["unknown-commitment", "unknown-status", "future", "no-such-day", "no-evidence"])
def test_bad_assessment_is_refused_and_ledger_unchanged(capsys, ws, change, field, reason):
    assert run(capsys, *ASSESS, "--date", "2024-06-01", "--workspace", ws)[0] == 0
    before = curated(ws, "assessments.csv").read_bytes()
    code, _, err = run(capsys, *[change.get(a, a) for a in ASSESS], "--workspace", ws)
    assert code == 2 and f"{field}: " in err and reason in err, err
    assert curated(ws, "assessments.csv").read_bytes() == before


@pytest.mark.parametrize("command, option, day, field, reason", [
    (EVENT, "--date", "0001-01-01", "date", "before 1945"),
    (EVENT, "--date", "20221231", "date", "not a date"),
    (EVENT + ["--state", "scheduled"], "--date", "9999-12-31", "date", "more than 10 years ahead"),
    (EVENT, "--announced-on", "0001-01-01", "announced_on", "before 1945"),
    (EVENT, "--source-date", "9999-12-31", "source_date", "more than 10 years ahead"),
    (ASSESS, "--date", "0001-01-01", "date", "before 1945"),
    (ASSESS, "--date", "9999-12-31", "date", "more than 10 years ahead"),
    (ASSESS, "--date", "20221231", "date", "not a date"),
    (INDICATOR, "--baseline-date", "0001-01-01", "baseline_date", "before 1945"),
    (INDICATOR, "--target-date", "9999-12-31", "target_date", "more than 10 years ahead"),
], ids=["event-0001", "event-compact", "scheduled-9999", "announced-0001", "source-9999", "assess-0001",
        "assess-9999", "assess-compact", "baseline-0001", "target-9999"])
def test_implausible_dates_are_refused(capsys, ws, command, option, day, field, reason):
    name = {"record-event": "events.csv", "assess": "assessments.csv", "add-indicator": "indicators.csv"}[command[0]]
    before = curated(ws, name).read_bytes()
    code, _, err = run(capsys, *command, option, day, "--workspace", ws)
    assert code == 2 and f"{field}: " in err and reason in err and "unexpected" not in err, err
    assert curated(ws, name).read_bytes() == before


@pytest.mark.parametrize("option", ["--baseline", "--target"])
@pytest.mark.parametrize("value", ["NaN", "inf", "1e400", "nan", "1_000"])
def test_non_finite_values_are_refused(capsys, ws, option, value):
    argv = [{"2": value}.get(a, a) for a in INDICATOR] if option == "--baseline" else \
        INDICATOR + ["--target", value, "--target-date", "2026-01-01"]
    before = curated(ws, "indicators.csv").read_bytes()
    code, _, err = run(capsys, *argv, "--workspace", ws)
    field = "baseline_value" if option == "--baseline" else "target_value"
    assert code == 2 and f"{field}: value {value!r}" in err and "unexpected" not in err, err
    assert curated(ws, "indicators.csv").read_bytes() == before


def test_end_before_start_is_refused(capsys, ws):
    code, _, err = run(capsys, *EVENT, "--date-end", "2024-09-01", "--precision", "range", "--workspace", ws)
    assert code == 2 and "date_end: 2024-09-01 is before the date 2024-09-20" in err


def test_same_judgment_twice_is_refused(capsys, ws):
    assert run(capsys, *ASSESS, "--workspace", ws)[0] == 0
    before = curated(ws, "assessments.csv").read_bytes()
    code, _, err = run(capsys, *ASSESS, "--workspace", ws)
    assert code == 2 and "the same judgment is already recorded" in err
    assert curated(ws, "assessments.csv").read_bytes() == before


# add-rule

def test_add_rule_appends_a_row(capsys, ws):
    assert run(capsys, *EVENT, "--id", "report-57", "--workspace", ws)[0] == 0
    code, out, err = run(capsys, "add-rule", f"{RES}:OP30", "event", "--event-type", "report_presented",
                         "--min-confidence", "mirror", "--superseded-by", "report-57",
                         "--reason", "met when the report is presented", "--workspace", ws)
    assert code == 0, err
    (row,) = rows(ws, "status_rules.csv")
    assert list(row) == RULE_SCHEMA.column_names
    assert row == {"commitment_id": f"{RES}:OP30", "ask": "", "rule": "event", "indicator_id": "",
                   "event_type": "report_presented", "comparison": "", "target": "", "partial": "", "min_confidence": "mirror",
                   "superseded_by": "report-57", "reason": "met when the report is presented"}


@pytest.mark.parametrize("argv, field, reason", [
    ([f"{RES}:OP99", "assessment"], "commitment_id", "no such commitment"),
    ([f"{RES}:OP8", "indicator", "--indicator", "nope"], "indicator_id", "needs a known indicator"),
    ([f"{RES}:OP8", "event"], "event_type", "needs the type of event"),
    ([f"{RES}:OP8", "event", "--event-type", "parade"], "event_type", "unknown value 'parade'"),
    ([f"{RES}:OP8", "assessment", "--indicator", "hearings"], "indicator_id", "only an indicator rule"),
    ([f"{RES}:OP8", "indicator", "--indicator", "hearings", "--comparison", ">="], "target", "needs a target"),
    ([f"{RES}:OP8", "indicator", "--indicator", "hearings", "--target", "ten"], "target", "not a count value"),
    ([f"{RES}:OP8", "assessment", "--min-confidence", "rumour"], "min_confidence", "unknown value"),
    ([f"{RES}:OP8", "assessment", "--superseded-by", "no-event"], "superseded_by", "no such event"),
], ids=["unknown-commitment", "unknown-indicator", "event-without-type", "unknown-event-type", "option-off-kind",
        "comparison-without-target", "target-not-a-number", "bad-confidence", "unknown-event"])
def test_bad_rule_is_refused_and_file_unchanged(capsys, ws, argv, field, reason):
    assert run(capsys, *INDICATOR, "--workspace", ws)[0] == 0
    before = curated(ws, "status_rules.csv").read_bytes()
    code, _, err = run(capsys, "add-rule", *argv, "--reason", "r", "--workspace", ws)
    assert code == 2 and f"{field}: " in err and reason in err, err
    assert curated(ws, "status_rules.csv").read_bytes() == before


def test_second_rule_for_a_commitment_is_refused(capsys, ws):
    assert run(capsys, "add-rule", f"{RES}:OP8", "assessment", "--reason", "judged", "--workspace", ws)[0] == 0
    before = curated(ws, "status_rules.csv").read_bytes()
    code, _, err = run(capsys, "add-rule", f"{RES}:OP8", "position", "--reason", "not tracked", "--workspace", ws)
    assert code == 2 and "commitment_id: " in err and "already has a rule (assessment" in err
    assert "edited by hand" in err
    assert curated(ws, "status_rules.csv").read_bytes() == before


# the whole way

def test_after_the_commands_the_workspace_validates_and_shows_the_status(capsys, ws):
    for argv in (INDICATOR + ["--rule", "indicator"],
                 ["record", "hearings", "5", "--date", "2024-10-01", "--source", "https://example.org/h",
                  "--confidence", "secondary"],
                 EVENT,
                 ["add-rule", f"{RES}:OP30", "event", "--event-type", "report_presented", "--reason", "presented"],
                 ASSESS):
        code, _, err = run(capsys, *argv, "--workspace", ws)
        assert code == 0, (argv[0], err)
    code, out, err = run(capsys, "validate", "--workspace", ws)
    assert code == 0 and "0 error(s)" in out, out
    code, out, _ = run(capsys, "status", "--as-of", "2025-01-01", "--format", "csv", "--workspace", ws)
    status = {r["commitment_id"]: r for r in csv.DictReader(out.splitlines())}
    assert status[f"{RES}:OP7"]["status"] == "in_progress" and "First steps reported" in status[f"{RES}:OP7"]["reason"]
    assert status[f"{RES}:OP30"]["status"] == "met"
    assert status[f"{RES}:OP3"]["status"] == "in_progress" and "Public hearings" in status[f"{RES}:OP3"]["reason"]
