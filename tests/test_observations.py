"""Recording observations: validation, the French-locale CSV, atomic appends and concurrent writers."""

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from monitor.cli import main
from monitor.observations import normalise_date, normalise_number


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def ledger(ws: Path) -> Path:
    return ws / "data" / "curated" / "observations.csv"


def rows(ws: Path) -> list[dict]:
    return list(csv.DictReader(open(ledger(ws), encoding="utf-8")))


def test_record_appends_one_row(capsys, workspace_copy):
    before = rows(workspace_copy)
    code, out, err = run(capsys, "record", "cvjr_public_hearings", "7", "--date", "2023-06-01",
                         "--source", "https://example.org/cvjr", "--confidence", "secondary",
                         "--note", "test", "--by", "tester", "--workspace", str(workspace_copy))
    assert code == 0, err
    after = rows(workspace_copy)
    assert after[:-1] == before
    new = after[-1]
    assert (new["indicator_id"], new["value"], new["date"], new["recorded_by"]) == ("cvjr_public_hearings", "7", "2023-06-01", "tester")
    assert new["observation_id"] == f"obs-{len(after):04d}"
    assert new["recorded_at"]


@pytest.mark.parametrize("argv, reason", [
    (["nonexistent", "5", "--date", "2022-01-01", "--source", "x"], "unknown indicator"),
    (["cvjr_testimonies", "many", "--date", "2022-01-01", "--source", "x"], "not a number"),
    (["cvjr_testimonies", "-5", "--date", "2022-01-01", "--source", "x"], "non-negative"),
    (["cvjr_testimonies", "5", "--date", "2022-02-30", "--source", "x"], "not a date"),
    (["cvjr_testimonies", "5", "--date", "2999-01-01", "--source", "x"], "in the future"),
    (["cvjr_testimonies", "5", "--date", "2022-01-01", "--source", "  "], "value is required"),
    (["cvjr_testimonies", "5", "--date", "2022-01-01", "--source", "x", "--confidence", "rumour"], "unknown value"),
    (["election_date_scheduled", "soon", "--date", "2022-01-01", "--source", "x"], "not a date"),
], ids=["unknown-indicator", "wrong-type", "negative", "no-such-day", "future", "empty-source", "bad-confidence", "bad-date-value"])
def test_bad_observations_are_refused_and_ledger_unchanged(capsys, workspace_copy, argv, reason):
    before = ledger(workspace_copy).read_bytes()
    code, out, err = run(capsys, "record", *argv, "--workspace", str(workspace_copy))
    assert code == 2 and reason in err and err.count("\n") == 1
    assert ledger(workspace_copy).read_bytes() == before


def test_exact_duplicate_is_refused(capsys, workspace_copy):
    argv = ["record", "cvjr_public_hearings", "9", "--date", "2023-06-02", "--source", "dup", "--confidence",
            "secondary", "--workspace", str(workspace_copy)]
    assert run(capsys, *argv)[0] == 0
    before = ledger(workspace_copy).read_bytes()
    code, _, err = run(capsys, *argv)
    assert code == 2 and "duplicate" in err
    assert ledger(workspace_copy).read_bytes() == before


def test_normalising_spreadsheet_values():
    assert normalise_number("19 800", decimal_comma=True) == "19800"
    assert normalise_number("19\u202f800", decimal_comma=True) == "19800"
    assert normalise_number("1,5", decimal_comma=True) == "1.5"
    assert normalise_number("1.730,5", decimal_comma=True) == "1730.5"
    assert normalise_number("1,730") == "1730"
    assert normalise_date("31/03/2022") == "2022-03-31"


def test_french_locale_csv(capsys, workspace_copy, tmp_path):
    path = tmp_path / "obs-fr.csv"
    path.write_text(
        "indicateur;date;valeur;qualificatif;source;confiance;remarque\n"
        "cvjr_testimonies;31/03/2022;24 100;over;https://example.org/a;secondary;dépositions\n"
        "ddr_integration_batch;15/04/2022;312;exact;https://example.org/b;secondary;vague 3\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, "import-observations", str(path), "--workspace", str(workspace_copy))
    assert code == 0, err
    new = rows(workspace_copy)[-2:]
    assert [(r["indicator_id"], r["date"], r["value"], r["qualifier"]) for r in new] == [
        ("cvjr_testimonies", "2022-03-31", "24100", "over"), ("ddr_integration_batch", "2022-04-15", "312", "exact")]


def test_one_bad_row_refuses_the_whole_file_naming_every_bad_row(capsys, workspace_copy, tmp_path):
    path = tmp_path / "obs.csv"
    path.write_text(
        "indicator_id,date,value,source,confidence\n"
        "cvjr_public_hearings,2023-01-01,8,https://example.org/ok,secondary\n"
        "nope,2023-01-01,8,https://example.org/x,secondary\n"
        "cvjr_public_hearings,2023-13-01,8,https://example.org/y,secondary\n",
        encoding="utf-8",
    )
    before = ledger(workspace_copy).read_bytes()
    code, _, err = run(capsys, "import-observations", str(path), "--workspace", str(workspace_copy))
    assert code == 2 and "row 3" in err and "row 4" in err and "row 2" not in err
    assert ledger(workspace_copy).read_bytes() == before


def test_concurrent_writers_both_land(workspace_copy):
    monitor = Path(sys.executable).with_name("monitor")
    before = len(rows(workspace_copy))
    procs = [
        subprocess.Popen([str(monitor), "record", "cvjr_public_hearings", str(10 + i), "--date", "2023-07-0" + str(i + 1),
                          "--source", f"https://example.org/{i}", "--confidence", "secondary",
                          "--workspace", str(workspace_copy)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for i in range(4)
    ]
    results = [p.communicate(timeout=120) + (p.returncode,) for p in procs]
    assert all(code == 0 for _, _, code in results), results
    after = rows(workspace_copy)
    assert len(after) == before + 4
    assert len({r["observation_id"] for r in after}) == len(after)


def test_validate_lists_every_problem(capsys, workspace_copy):
    assert run(capsys, "validate", "--workspace", str(workspace_copy))[0] == 0
    path = ledger(workspace_copy)
    with open(path, "a", encoding="utf-8") as handle:
        handle.write("obs-9998,nope,2022-01-01,,day,5,exact,x,,secondary,internal,,,,2026-11-28,t,\n")
        handle.write("obs-9999,cvjr_testimonies,2022-02-30,,day,5,exact,x,,secondary,internal,,,,2026-11-28,t,\n")
    code, out, _ = run(capsys, "validate", "--workspace", str(workspace_copy))
    assert code == 2
    assert "unknown indicator 'nope'" in out and "2022-02-30" in out
    # rows written by hand carry no digest: the first is named beside the rows' own problems
    assert "line 66, row_digest: (observation_id 'obs-9998') has no row_digest" in out
    assert "3 error(s)" in out


def test_indicators_command_shows_latest_values(capsys):
    code, out, _ = run(capsys, "indicators", "--format", "json")
    assert code == 0
    import json

    table = {r["indicator_id"]: r for r in json.loads(out)}
    assert table["cvjr_testimonies"]["latest_value"] == "30000"
    assert table["cvjr_testimonies"]["latest_qualifier"] == "over"
    assert table["ie_mandate_in_force"]["latest_value"] == "yes"
    code, out, _ = run(capsys, "indicators", "--as-of", "2021-06-30", "--format", "json")
    assert {r["indicator_id"]: r for r in json.loads(out)}["cvjr_testimonies"]["latest_value"] == "19800"


def test_election_timeline(capsys):
    import json

    code, out, _ = run(capsys, "timeline", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)
    assert {r["figure"] for r in rows} == {"election"} and {r["deadline_of"] for r in rows} == {"46/28 OP26"}
    assert not [r for r in rows if r["type"] == "election_held"]  # no presidential election by the end of 2025
    referendum = [r for r in rows if r["type"] == "referendum_held"]
    assert referendum and referendum[0]["date"] == "2023-06-18"  # the constitutional referendum
    scheduled = [r for r in rows if r["scheduled_for"] and r["scheduled_for"].startswith("2024-02")]
    assert scheduled and all(r["days_after_deadline"] > 600 for r in scheduled)
    assert any(r["type"] == "election_postponed" for r in rows)
    assert {r["indicator_id"] for r in rows if r["type"] == "schedule"} == {"election_date_scheduled",
                                                                          "transition_end_scheduled"}


@pytest.mark.parametrize("value", ["NaN", "nan", "inf", "Infinity", "1e400", "1_000", "0x10", "1e16"])
def test_non_finite_values_are_refused(capsys, workspace_copy, value):
    before = ledger(workspace_copy).read_bytes()
    code, _, err = run(capsys, "record", "cvjr_testimonies", value, "--date", "2022-01-01", "--source", "x",
                       "--workspace", str(workspace_copy))
    assert code == 2 and "value:" in err and repr(value) in err and "unexpected" not in err
    assert ledger(workspace_copy).read_bytes() == before


@pytest.mark.parametrize("option, day, reason", [
    ("--date", "0001-01-01", "before 1945"), ("--date", "1900-01-01", "before 1945"),
    ("--date", "9999-12-31", "more than 10 years ahead"), ("--date", "20221231", "not a date"),
    ("--source-date", "0001-01-01", "before 1945"), ("--date-end", "9999-12-31", "more than 10 years ahead"),
])
def test_implausible_dates_are_refused(capsys, workspace_copy, option, day, reason):
    argv = {"--date": "2022-01-01", option: day}
    before = ledger(workspace_copy).read_bytes()
    code, _, err = run(capsys, "record", "cvjr_testimonies", "5", *[a for kv in argv.items() for a in kv],
                       "--source", "x", "--workspace", str(workspace_copy))
    assert code == 2 and f"{option.lstrip('-').replace('-', '_')}:" in err and reason in err
    assert ledger(workspace_copy).read_bytes() == before


def test_end_before_start_is_refused(capsys, workspace_copy):
    code, _, err = run(capsys, "record", "cvjr_testimonies", "5", "--date", "2022-05-01", "--date-end", "2022-04-01",
                       "--precision", "range", "--source", "x", "--workspace", str(workspace_copy))
    assert code == 2 and "date_end: 2022-04-01 is before the start date 2022-05-01" in err


def test_import_observations_refuses_hostile_values_naming_each_row(capsys, workspace_copy, tmp_path):
    path = tmp_path / "hostile.csv"
    path.write_text("indicator_id,date,value,source,confidence\n"
                    "cvjr_testimonies,2022-01-01,NaN,x,primary\n"
                    "cvjr_testimonies,2022-01-02,1e400,x,primary\n"
                    "cvjr_testimonies,0001-01-01,4,x,primary\n"
                    "cvjr_testimonies,2022-05-01,4,x,primary\n", encoding="utf-8")
    before = ledger(workspace_copy).read_bytes()
    code, _, err = run(capsys, "import-observations", str(path), "--workspace", str(workspace_copy))
    assert code == 2 and "unexpected" not in err
    assert "row 2, value" in err and "row 3, value" in err and "row 4, date" in err
    assert ledger(workspace_copy).read_bytes() == before


def test_oversized_inputs_are_refused(capsys, workspace_copy, tmp_path, monkeypatch):
    from monitor import files

    monkeypatch.setattr(files, "MAX_IMPORT_BYTES", 200)
    path = tmp_path / "big.csv"
    path.write_text("indicator_id,date,value,source,confidence\n" + "cvjr_testimonies,2022-01-01,4,x,primary\n" * 6)
    before = ledger(workspace_copy).read_bytes()
    code, _, err = run(capsys, "import-observations", str(path), "--workspace", str(workspace_copy))
    assert code == 2 and "above the limit of 200 bytes for an import CSV" in err
    assert ledger(workspace_copy).read_bytes() == before


def test_non_finite_numbers_in_a_schema_column_are_refused_not_crashed():
    from monitor.schemas import Column, _check_value

    for kind, value in (("int", "inf"), ("int", "-inf"), ("int", "nan"), ("float", "inf"), ("float", "nan")):
        assert _check_value(Column("n", kind), value, None).startswith("not a"), (kind, value)
    assert _check_value(Column("n", "int"), "12", None) is None
