"""Ledgers nothing a user types can break, whose past rows cannot change unseen, with locks that follow no link."""

import csv
import io
import json
import os
from pathlib import Path

import pandas as pd
import pytest

from monitor.cells import MULTILINE_LIMIT, SINGLE_LINE_LIMIT
from monitor.cli import main
from monitor.ledger import append_rows, read_ledger
from monitor.observations import OBSERVATION_SCHEMA
from cli_helpers import curated, rows, run


def record(capsys, ws, *extra, note="a note", by="tester"):
    return run(capsys, "record", "cvjr_public_hearings", "7", "--date", "2023-06-01", "--source", "https://example.org/a",
               "--confidence", "secondary", "--note", note, "--by", by, "--workspace", ws, *extra)


def lines_of(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")


# 1. Nothing a user types can break a ledger

def test_carriage_return_in_a_note_keeps_the_ledger_readable(capsys, workspace_copy):
    ws = workspace_copy
    assert record(capsys, ws, note="saved on Windows\r\nsecond line\rthird\r")[0] == 0
    given = ws / "new.csv"
    given.write_text('indicator_id,date,value,source,confidence,note\n'
                     'cvjr_public_hearings,2023-06-02,8,https://example.org/b,secondary,"a\rb"\n', encoding="utf-8")
    assert run(capsys, "import-observations", given, "--by", "tester", "--workspace", ws)[0] == 0
    assert run(capsys, "validate", "--workspace", ws)[0] == 0
    assert run(capsys, "status", "--as-of", "2023-12-31", "--workspace", ws)[0] == 0
    assert [r["note"] for r in rows(ws, "observations.csv")[-2:]] == ["saved on Windows\nsecond line\nthird\n", "a\nb"]
    assert "\r" not in curated(ws, "observations.csv").read_text(encoding="utf-8")


def test_carriage_return_in_a_workbook_cell_keeps_the_ledger_readable(capsys, workspace_copy, tmp_path):
    import openpyxl

    out = tmp_path / "out"
    assert run(capsys, "build", "--no-images", "--as-of", "2025-06-30", "--out", out, "--workspace", workspace_copy)[0] == 0
    workbook = next(out.glob("*.xlsx"))
    book = openpyxl.load_workbook(workbook)
    sheet = book["Assessments"]
    headers = {c.value: c.column for c in sheet[1]}
    id_header, commitment_header = list(headers)[0], list(headers)[1]
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, headers[commitment_header]).value ==
               "A/HRC/RES/46/28:OP24" and sheet.cell(r, headers[id_header]).value is None)
    sheet.cell(row, headers["Status"]).value = "In progress"
    sheet.cell(row, headers["Rationale"]).value = "Courts reopened\r\nin Gao\rand Timbuktu"  # stored as &#13;
    sheet.cell(row, headers["Evidence"]).value = "https://example.org/report"
    book.save(tmp_path / "edited.xlsx")
    code, _, err = run(capsys, "import-workbook", tmp_path / "edited.xlsx", "--by", "field office",
                       "--workspace", workspace_copy)
    assert code == 0, err
    assert rows(workspace_copy, "assessments.csv")[-1]["rationale"] == "Courts reopened\nin Gao\nand Timbuktu"
    assert run(capsys, "validate", "--workspace", workspace_copy)[0] == 0


def test_control_characters_in_by_are_refused(capsys, workspace_copy):
    before = curated(workspace_copy, "observations.csv").read_bytes()
    code, _, err = record(capsys, workspace_copy, by="bob\rx")
    assert code == 2 and "recorded_by: U+000D (carriage return)" in err and "single-line field" in err
    code, _, err = run(capsys, "record", "cvjr_public_hearings", "7", "--date", "2023-06-01", "--source", "A/HRC/1\t2",
                       "--workspace", workspace_copy)
    assert code == 2 and "source: U+0009 (tab)" in err
    code, _, err = run(capsys, "record-event", "other", "--date", "2023-06-01", "--title", "two\nlines",
                       "--source", "A/HRC/1", "--workspace", workspace_copy)
    assert code == 2 and "title: U+000A (line feed)" in err
    assert curated(workspace_copy, "observations.csv").read_bytes() == before
    # blanks around an id or a name, a Windows line end among them, are not part of it
    assert record(capsys, workspace_copy, by="bob\r\n")[0] == 0
    assert rows(workspace_copy, "observations.csv")[-1]["recorded_by"] == "bob"


def test_nul_is_refused(capsys, workspace_copy):
    before = curated(workspace_copy, "observations.csv").read_bytes()
    code, _, err = record(capsys, workspace_copy, note="before\x00after")
    assert code == 2 and "note: U+0000 (NUL)" in err and "refused in every field" in err
    code, _, err = run(capsys, "assess", "A/HRC/RES/55/25:OP3", "met", "--rationale", "ok", "--evidence", "A/HRC/1\x00",
                       "--workspace", workspace_copy)
    assert code == 2 and "evidence: U+0000 (NUL)" in err
    assert curated(workspace_copy, "observations.csv").read_bytes() == before


def test_overlong_field_is_refused(capsys, workspace_copy):
    code, _, err = record(capsys, workspace_copy, note="x" * (MULTILINE_LIMIT + 1))
    assert code == 2 and f"note: {MULTILINE_LIMIT + 1:,} characters, over the limit of {MULTILINE_LIMIT:,}" in err
    code, _, err = record(capsys, workspace_copy, by="y" * (SINGLE_LINE_LIMIT + 1))
    assert code == 2 and f"over the limit of {SINGLE_LINE_LIMIT:,} for a single-line field" in err
    assert record(capsys, workspace_copy, note="x" * MULTILINE_LIMIT)[0] == 0


HOSTILE = ['quote " inside', '"quoted"', "comma, and ; semicolon", "new\nline", "trailing line feed\n", "=1+1", "@SUM(A1)",
           "-2", "NaN", "null", "  spaces kept  ", "é ü 中文 \u202e right-to-left", "\ufeffbom", "tab\tin a note", ",", '"']


def test_hostile_strings_round_trip(tmp_path):
    path = tmp_path / "observations.csv"
    written = pd.DataFrame([{c: f"{c}-{i}" for c in OBSERVATION_SCHEMA.column_names} | {"note": text, "row_digest": ""}
                            for i, text in enumerate(HOSTILE)])
    append_rows(path, OBSERVATION_SCHEMA, written)
    append_rows(path, OBSERVATION_SCHEMA, written.assign(observation_id="again"))
    back = read_ledger(path, OBSERVATION_SCHEMA)
    assert back["note"].tolist() == HOSTILE * 2
    assert back.drop(columns="row_digest").iloc[:len(HOSTILE)].to_dict("records") == \
        written.drop(columns="row_digest").to_dict("records")


def test_reordered_header_is_refused_and_rows_follow_the_file_order(capsys, workspace_copy):
    ledger = curated(workspace_copy, "observations.csv")
    original = ledger.read_bytes()
    frame = pd.read_csv(ledger, dtype=str, keep_default_na=False)
    columns = list(frame.columns)
    columns[1], columns[2] = columns[2], columns[1]  # indicator_id and date swapped, cells with them
    frame[columns].to_csv(ledger, index=False, lineterminator="\n")
    code, out, err = run(capsys, "validate", "--workspace", workspace_copy)
    assert code == 2 and "observations.csv: the columns are not in the ledger's order: expected observation_id, " \
                         "indicator_id, date," in err
    assert record(capsys, workspace_copy)[0] == 2
    ledger.write_bytes(original)
    # a table edited by hand (indicators) may order its columns freely: a new row follows the file's order
    table = curated(workspace_copy, "indicators.csv")
    frame = pd.read_csv(table, dtype=str, keep_default_na=False)
    frame[list(reversed(frame.columns))].to_csv(table, index=False, lineterminator="\n")
    code, _, err = run(capsys, "add-indicator", "new_one", "--name", "New", "--type", "count", "--unit", "cases",
                       "--direction", "increase", "--commitments", "A/HRC/RES/46/28:OP19", "--note", "a, b",
                       "--workspace", workspace_copy)
    assert code == 0, err
    new = rows(workspace_copy, "indicators.csv")[-1]
    assert (new["indicator_id"], new["type"], new["unit"], new["note"]) == ("new_one", "count", "cases", "a, b")
    assert lines_of(table)[0].startswith("note,commitments,direction")


def test_removed_column_is_refused(capsys, workspace_copy):
    ledger = curated(workspace_copy, "events.csv")
    pd.read_csv(ledger, dtype=str, keep_default_na=False).drop(columns="note").to_csv(ledger, index=False,
                                                                                      lineterminator="\n")
    code, _, err = run(capsys, "validate", "--workspace", workspace_copy)
    assert code == 2 and "events.csv: the column(s) note are missing: a ledger's columns are never removed" in err


# 2. Tamper-evident ledgers

def test_edited_past_row_is_named_by_validate(capsys, workspace_copy):
    ledger = curated(workspace_copy, "assessments.csv")
    lines = lines_of(ledger)
    assert ",in_progress," in lines[2]
    lines[2] = lines[2].replace(",in_progress,", ",met,")
    ledger.write_text("\n".join(lines), encoding="utf-8")
    code, out, _ = run(capsys, "validate", "--workspace", workspace_copy)
    assert code == 2
    assert "assessments.csv, line 3, row_digest: (assessment_id 'asm-0002') is not as it was recorded" in out
    for command in (["status", "--as-of", "2025-01-01"], ["build", "--no-images", "--out", workspace_copy / "out"]):
        code, _, err = run(capsys, *command, "--workspace", workspace_copy)
        assert code == 2 and "assessments.csv, line 3, row_digest: (assessment_id 'asm-0002') is not as it was" in err
    assert not (workspace_copy / "out").exists()
    # a value of an observation, edited in place
    ledger = curated(workspace_copy, "observations.csv")
    lines = lines_of(ledger)
    lines[5] = lines[5].replace(lines[5].split(",")[5], "99999", 1)
    ledger.write_text("\n".join(lines), encoding="utf-8")
    code, out, _ = run(capsys, "validate", "--workspace", workspace_copy)
    assert code == 2 and "observations.csv, line 6, row_digest: (observation_id 'obs-0005')" in out


def test_deleted_row_is_named(capsys, workspace_copy):
    ledger = curated(workspace_copy, "observations.csv")
    lines = lines_of(ledger)
    ledger.write_text("\n".join(lines[:3] + lines[4:]), encoding="utf-8")  # obs-0003 gone
    code, out, _ = run(capsys, "validate", "--workspace", workspace_copy)
    assert code == 2 and "observations.csv, line 4, row_digest: (observation_id 'obs-0004')" in out
    assert "a row just before it was deleted" in out
    assert record(capsys, workspace_copy)[0] == 2  # nothing is appended to a ledger that was changed


def test_reordered_rows_are_named(capsys, workspace_copy):
    ledger = curated(workspace_copy, "events.csv")
    lines = lines_of(ledger)
    lines[2], lines[3] = lines[3], lines[2]
    ledger.write_text("\n".join(lines), encoding="utf-8")
    moved = lines[2].split(",")[0]
    code, out, _ = run(capsys, "validate", "--workspace", workspace_copy)
    assert code == 2 and f"events.csv, line 3, row_digest: (event_id '{moved}')" in out


def test_row_added_by_hand_is_named(capsys, workspace_copy):
    ledger = curated(workspace_copy, "observations.csv")
    last = lines_of(ledger)[-2].rsplit(",", 1)[0] + ","
    ledger.write_text(ledger.read_text(encoding="utf-8") + last.replace("obs-0064", "obs-0065", 1) + "\n",
                      encoding="utf-8")
    code, out, _ = run(capsys, "validate", "--workspace", workspace_copy)
    assert code == 2 and "line 66, row_digest: (observation_id 'obs-0065') has no row_digest" in out


def test_reanchor_accepts_a_deliberate_edit_with_reason(capsys, workspace_copy):
    ws = workspace_copy
    ledger = curated(ws, "assessments.csv")
    lines = lines_of(ledger)
    lines[2] = lines[2].replace(",in_progress,", ",met,")
    ledger.write_text("\n".join(lines), encoding="utf-8")
    code, _, err = run(capsys, "reanchor", "assessments.csv", "--reason", "", "--by", "Ana", "--workspace", ws)
    assert code == 2 and "--reason" in err
    code, out, _ = run(capsys, "reanchor", "assessments.csv", "--reason", "status corrected after the 2022 review",
                       "--by", "Ana", "--workspace", ws)
    assert code == 0 and "line 3 (asm-0002) accepted as it now reads: anc-0001" in out
    assert ledger.read_text(encoding="utf-8") == "\n".join(lines)  # the ledger itself is not rewritten
    anchor = rows(ws, "anchors.csv")[-1]
    assert (anchor["ledger"], anchor["line"], anchor["row_id"], anchor["reason"], anchor["recorded_by"]) == (
        "assessments.csv", "3", "asm-0002", "status corrected after the 2022 review", "Ana")
    assert run(capsys, "validate", "--workspace", ws)[0] == 0
    assert run(capsys, "reanchor", "assessments.csv", "--reason", "again", "--by", "Ana", "--workspace", ws)[1] \
        .startswith("monitor: assessments.csv: every row is as recorded; nothing re-anchored")
    assert run(capsys, "assess", "A/HRC/RES/55/25:OP3", "met", "--rationale", "r", "--evidence", "e",
               "--date", "2025-01-10", "--workspace", ws)[0] == 0
    assert run(capsys, "validate", "--workspace", ws)[0] == 0
    # the accepted row edited once more is refused again; so is an edit of the anchors file
    lines[2] = lines[2].replace(",met,", ",not_started,")
    ledger.write_text("\n".join(lines) + "\n" + ledger.read_text(encoding="utf-8").split("\n", len(lines) - 1)[-1],
                      encoding="utf-8")
    assert run(capsys, "validate", "--workspace", ws)[0] == 2
    anchors = curated(ws, "anchors.csv")
    anchors.write_text(anchors.read_text(encoding="utf-8").replace("Ana", "Bob"), encoding="utf-8")
    code, _, err = run(capsys, "status", "--workspace", ws)
    assert code == 2 and "anchors.csv: line 2 (anchor_id 'anc-0001')" in err and "never edited" in err
    code, _, err = run(capsys, "reanchor", "indicators.csv", "--reason", "r", "--by", "Ana", "--workspace", ws)
    assert code == 2 and "not a ledger of this workspace" in err


def test_migrate_chains_existing_ledgers(capsys, workspace_copy):
    ws = workspace_copy
    chained = {}
    for name in ("observations.csv", "events.csv", "assessments.csv"):  # as they were before the chain
        chained[name] = curated(ws, name).read_text(encoding="utf-8")
        frame = pd.read_csv(curated(ws, name), dtype=str, keep_default_na=False)
        frame.drop(columns="row_digest").to_csv(curated(ws, name), index=False, lineterminator="\n")
    code, out, _ = run(capsys, "validate", "--workspace", ws)
    assert code == 0 and "observations.csv, header row, row_digest: no 'row_digest' column" in out
    code, _, err = record(capsys, ws)
    assert code == 2 and "monitor migrate" in err
    code, out, _ = run(capsys, "migrate", "--workspace", ws)
    assert code == 0 and out.count("row_digest chained over every row") == 3
    for name, text in chained.items():  # the digests depend on the rows alone: the same as the repository's
        assert curated(ws, name).read_text(encoding="utf-8") == text
    assert run(capsys, "migrate", "--workspace", ws)[1].startswith("monitor: every curated file has every column")
    assert record(capsys, ws)[0] == 0 and run(capsys, "validate", "--workspace", ws)[0] == 0


def test_build_manifest_records_the_chain_heads(capsys, workspace_copy):
    code, _, err = run(capsys, "build", "--no-images", "--as-of", "2025-06-30", "--out", workspace_copy / "out",
                       "--workspace", workspace_copy)
    assert code == 0, err
    heads = json.loads((workspace_copy / "out" / "manifest.json").read_text(encoding="utf-8"))["ledgers"]
    for name in ("observations.csv", "events.csv", "assessments.csv"):
        recorded = rows(workspace_copy, name)
        assert heads[name] == {"rows": len(recorded), "head": recorded[-1]["row_digest"]}


# 3. Files the tool writes: locks and temporary files

def test_symlinked_lock_does_not_truncate_its_target(capsys, workspace_copy):
    target = workspace_copy / "precious.txt"
    target.write_text("keep me\n", encoding="utf-8")
    lock = curated(workspace_copy, ".observations.csv.lock")
    lock.unlink(missing_ok=True)
    lock.symlink_to(target)
    code, _, err = record(capsys, workspace_copy)
    assert code == 2 and ".observations.csv.lock: the lock file is a symbolic link" in err
    assert target.read_text(encoding="utf-8") == "keep me\n"
    lock.unlink()
    lock.write_text("left by someone\n", encoding="utf-8")  # a plain lock file is used, never truncated
    assert record(capsys, workspace_copy)[0] == 0
    assert lock.read_text(encoding="utf-8") == "left by someone\n"


def test_temporary_files_of_a_killed_command_are_removed(capsys, workspace_copy):
    stale = curated(workspace_copy, ".observations.k1ll3d.tmp")
    stale.write_text("half a ledger", encoding="utf-8")
    assert run(capsys, "validate", "--workspace", workspace_copy)[0] == 0  # readers never read hidden files
    assert record(capsys, workspace_copy)[0] == 0
    assert not stale.exists()
    ignored = [line.strip() for line in (Path(__file__).parents[1] / ".gitignore").read_text().splitlines()]
    assert {".*.lock", "*.tmp", ".*.tmp"} <= set(ignored)
