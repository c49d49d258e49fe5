"""Appends that read no row: bytes kept, torn rows refused, concurrent writers, the sidecar index, duplicates, the cache."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from monitor import ledger
from monitor.ledger import read_ledger
from monitor.ledger_index import index_path
from monitor.observations import OBSERVATION_SCHEMA
from cli_helpers import curated, rows, run

SRC = Path(__file__).resolve().parents[1] / "src"


def record(capsys, ws, value="7", source="https://example.org/a"):
    return run(capsys, "record", "cvjr_public_hearings", value, "--date", "2023-06-01", "--source", source,
               "--confidence", "secondary", "--by", "tester", "--workspace", ws)


def test_an_append_keeps_every_byte_and_adds_one_row(capsys, workspace_copy):
    ledger_file = curated(workspace_copy, "observations.csv")
    before = ledger_file.read_bytes()
    assert record(capsys, workspace_copy)[0] == 0
    after = ledger_file.read_bytes()
    assert after.startswith(before) and after.endswith(b"\n")
    added = after[len(before):].decode("utf-8")
    assert added.count("\n") == 1 and added.startswith("obs-0065,cvjr_public_hearings,2023-06-01,")
    assert index_path(ledger_file).is_file()
    # the index is the shortcut, the chain the proof: the next append links to the row just written
    assert record(capsys, workspace_copy, value="8")[0] == 0
    recorded = read_ledger(ledger_file, OBSERVATION_SCHEMA)  # verifies every link
    assert recorded["observation_id"].tolist()[-2:] == ["obs-0065", "obs-0066"]
    assert recorded["value"].tolist()[-2:] == ["7", "8"]


def test_a_torn_last_row_is_refused_naming_its_line(capsys, workspace_copy):
    ledger_file = curated(workspace_copy, "observations.csv")
    whole = ledger_file.read_bytes()
    ledger_file.write_bytes(whole[:-20])  # a write cut off before the end of the last row's digest
    code, _, err = run(capsys, "status", "--as-of", "2024-01-01", "--workspace", workspace_copy)
    assert code == 2 and "observations.csv: line 65 is incomplete" in err
    start = whole.rindex(b"\n", 0, len(whole) - 1) + 1
    assert f"bytes {start} to {len(whole) - 20}" in err and f"truncate -s {start} " in err
    assert record(capsys, workspace_copy)[0] == 2
    assert ledger_file.read_bytes() == whole[:-20]  # nothing glued to the torn row
    # a row cut inside a quoted note (a line break in it) ends with a line break, and is refused all the same
    ledger_file.write_bytes(whole + b'obs-0065,cvjr_public_hearings,2023-06-02,,day,3,exact,A/HRC/1,,primary,public,'
                                    b'"first line of a note\n')
    code, _, err = record(capsys, workspace_copy)
    assert code == 2 and "line 66 is incomplete" in err and f"truncate -s {len(whole)} " in err
    os.truncate(ledger_file, len(whole))  # what the message says to do
    assert record(capsys, workspace_copy)[0] == 0
    assert run(capsys, "validate", "--workspace", workspace_copy)[0] == 0


WRITER = textwrap.dedent("""
    import sys
    from monitor.cli import main
    ws, who = sys.argv[1], sys.argv[2]
    for n in range(8):
        code = main(["record", "cvjr_public_hearings", str(100 + n), "--date", "2023-06-01", "--source",
                     f"https://example.org/{who}/{n}", "--by", who, "--workspace", ws])
        assert code == 0, code
""")


def test_two_processes_appending_at_once_lose_no_row(workspace_copy):
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(workspace_copy), who], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) for who in ("ana", "bob")]
    for writer in writers:
        assert writer.wait(timeout=120) == 0, writer.stderr.read()
    recorded = read_ledger(curated(workspace_copy, "observations.csv"), OBSERVATION_SCHEMA)  # every link verified
    new = recorded.iloc[64:]
    assert len(new) == 16
    assert sorted(new["source"]) == sorted(f"https://example.org/{w}/{n}" for w in ("ana", "bob") for n in range(8))
    assert new["observation_id"].tolist() == [f"obs-{n:04d}" for n in range(65, 81)]


def test_a_hand_edit_rebuilds_the_index_and_the_chain_still_names_the_row(capsys, workspace_copy):
    ws = workspace_copy
    ledger_file = curated(ws, "observations.csv")
    assert record(capsys, ws)[0] == 0
    recorded = ledger_file.read_bytes()
    lines = recorded.decode("utf-8").split("\n")
    # an edit that keeps the file's size and time: its last bytes (here, all of it) differ from the index's
    stat = ledger_file.stat()
    assert ",yes,exact," in lines[5]
    lines[5] = lines[5].replace(",yes,exact,", ",yes,about,", 1)
    ledger_file.write_text("\n".join(lines), encoding="utf-8")
    assert ledger_file.stat().st_size == stat.st_size
    os.utime(ledger_file, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    code, _, err = record(capsys, ws, value="8")
    assert code == 2 and "observations.csv: line 6 (observation_id 'obs-0005') is not as it was recorded" in err
    code, out, _ = run(capsys, "validate", "--workspace", ws)
    assert code == 2 and "observations.csv, line 6, row_digest: (observation_id 'obs-0005')" in out
    # an edit of the size: read whole and refused the same way
    ledger_file.write_bytes(recorded.replace(b",yes,exact,", b",no,exact,", 1))
    code, _, err = record(capsys, ws, value="8")
    assert code == 2 and "line 6 (observation_id 'obs-0005') is not as it was recorded" in err
    ledger_file.write_bytes(recorded)  # put back: the index made again from it takes the next row
    assert record(capsys, ws, value="8")[0] == 0
    assert rows(ws, "observations.csv")[-1]["value"] == "8"


def test_an_edit_the_index_cannot_see_is_still_named_by_the_chain(capsys, workspace_copy):
    """An edit far from the end of a large ledger, keeping its size and time: the append goes on (it links to
    the last row as the file holds it), and every full read names the edited row."""
    ws = workspace_copy
    ledger_file = curated(ws, "observations.csv")
    given = ws / "many.csv"
    given.write_text("indicator_id,date,value,source,confidence\n" + "".join(
        f"cvjr_public_hearings,2023-06-01,{n},https://example.org/report/{n:04d},secondary\n" for n in range(1000)),
        encoding="utf-8")
    assert run(capsys, "import-observations", given, "--by", "tester", "--workspace", ws)[0] == 0
    assert ledger_file.stat().st_size > 2 * (1 << 16)
    stat = ledger_file.stat()
    text = ledger_file.read_text(encoding="utf-8")
    ledger_file.write_text(text.replace(",yes,exact,", ",yes,about,", 1), encoding="utf-8")
    os.utime(ledger_file, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert record(capsys, ws, value="5000")[0] == 0
    code, out, _ = run(capsys, "validate", "--workspace", ws)
    assert code == 2 and "observations.csv, line 6, row_digest: (observation_id 'obs-0005')" in out
    assert out.count("row_digest") == 1  # the appended row links as it should


def test_a_missing_or_damaged_index_is_made_again(capsys, workspace_copy):
    ledger_file = curated(workspace_copy, "observations.csv")
    assert record(capsys, workspace_copy)[0] == 0
    index_path(ledger_file).write_bytes(b"not an index")
    assert record(capsys, workspace_copy, value="8")[0] == 0
    index_path(ledger_file).unlink()
    assert record(capsys, workspace_copy, value="9")[0] == 0
    assert index_path(ledger_file).stat().st_size > 100
    assert [r["observation_id"] for r in rows(workspace_copy, "observations.csv")[-3:]] == ["obs-0065", "obs-0066", "obs-0067"]
    assert run(capsys, "validate", "--workspace", workspace_copy)[0] == 0


def test_duplicates_are_refused_through_the_index(capsys, workspace_copy):
    ws = workspace_copy
    assert record(capsys, ws)[0] == 0
    before = curated(ws, "observations.csv").read_bytes()
    code, _, err = record(capsys, ws)
    assert code == 2 and "exact duplicate of an observation already recorded" in err
    assert curated(ws, "observations.csv").read_bytes() == before
    event = ["record-event", "other", "--date", "2023-06-01", "--title", "A meeting", "--source", "A/HRC/1",
             "--by", "tester", "--workspace", ws]
    assert run(capsys, *event)[0] == 0
    code, _, err = run(capsys, *event)
    assert code == 2 and "the same event is already recorded as 'other-2023-06-01'" in err
    code, _, err = run(capsys, *event[:5], "Another meeting", *event[6:], "--id", "other-2023-06-01")
    assert code == 2 and "'other-2023-06-01' is already in the events ledger" in err
    assert run(capsys, *event[:5], "Another meeting", *event[6:])[0] == 0  # its id made unique through the index
    assert rows(ws, "events.csv")[-1]["event_id"] == "other-2023-06-01-2"
    judged = ["assess", "A/HRC/RES/55/25:OP3", "met", "--rationale", "done", "--evidence", "A/HRC/2",
              "--date", "2025-01-10", "--workspace", ws]
    assert run(capsys, *judged)[0] == 0
    code, _, err = run(capsys, *judged)
    assert code == 2 and "the same judgment is already recorded" in err


def test_a_verified_ledger_is_read_from_the_cache_until_its_bytes_change(capsys, workspace_copy, monkeypatch):
    ledger_file = curated(workspace_copy, "observations.csv")
    first = read_ledger(ledger_file, OBSERVATION_SCHEMA)
    assert list((workspace_copy / ".cache" / "ledger-observations.csv").glob("*.pickle"))

    def unverified(*args):
        raise AssertionError("the chain was walked again")
    monkeypatch.setattr(ledger, "verify_chain", unverified)
    assert read_ledger(ledger_file, OBSERVATION_SCHEMA).equals(first)
    # any edit is other bytes: the cache misses and the chain is walked, and names the row
    monkeypatch.undo()
    ledger_file.write_text(ledger_file.read_text(encoding="utf-8").replace(",public,", ",internal,", 1), encoding="utf-8")
    with pytest.raises(ledger.ChainBroken, match="line 2 .observation_id 'obs-0001'. is not as it was recorded"):
        read_ledger(ledger_file, OBSERVATION_SCHEMA)


def test_the_checks_of_a_verified_ledger_are_cached_with_what_they_depend_on(capsys, workspace_copy, monkeypatch):
    from monitor import validate

    ws = workspace_copy
    assert run(capsys, "validate", "--workspace", ws)[0] == 0
    table = curated(ws, "indicators.csv")
    assert ",hearings,count," in table.read_text(encoding="utf-8")
    table.write_text(table.read_text(encoding="utf-8").replace(",hearings,count,", ",hearings,yesno,", 1),
                     encoding="utf-8")
    code, first, _ = run(capsys, "validate", "--workspace", ws)  # another indicator table: checked again
    assert code == 2 and "observations.csv, row 3, value: value '2' is not yes or no" in first

    def unchecked(*args, **kwargs):
        raise AssertionError("the observations were checked again")
    monkeypatch.setattr(validate, "check_observations", unchecked)
    code, again, _ = run(capsys, "validate", "--workspace", ws)
    assert code == 2 and again == first


def test_rows_appended_after_a_cached_ledger_are_read_and_checked_alone(capsys, workspace_copy, monkeypatch):
    ws = workspace_copy
    ledger_file = curated(ws, "observations.csv")
    read_ledger(ledger_file, OBSERVATION_SCHEMA)  # verified and cached
    assert record(capsys, ws)[0] == 0
    walked = []
    real = ledger.walk
    monkeypatch.setattr(ledger, "walk", lambda columns, *a, **k: walked.append(len(columns[0])) or real(columns, *a, **k))
    grown = read_ledger(ledger_file, OBSERVATION_SCHEMA)
    assert walked == [1] and grown["observation_id"].tolist()[-2:] == ["obs-0064", "obs-0065"]
    # a row added by hand after the cached bytes is refused as a full read refuses it
    last = ledger_file.read_text(encoding="utf-8").split("\n")[-2].rsplit(",", 1)[0] + ","
    ledger_file.write_text(ledger_file.read_text(encoding="utf-8") + last.replace("obs-0065", "obs-0066", 1) + "\n",
                           encoding="utf-8")
    with pytest.raises(ledger.ChainBroken, match="line 67 .observation_id 'obs-0066'. has no row_digest"):
        read_ledger(ledger_file, OBSERVATION_SCHEMA)


def test_a_ledger_appended_to_is_checked_only_in_its_new_rows(capsys, workspace_copy, monkeypatch):
    """validate after an append checks the new row against the others, not the whole ledger again."""
    from monitor import observations, validate

    ws = workspace_copy
    assert run(capsys, "validate", "--workspace", ws)[0] == 0  # the whole ledger checked, and kept
    assert record(capsys, ws)[0] == 0
    checked = []

    def counted(name, real):
        return lambda rows, *args, **kwargs: checked.append((name, len(rows))) or real(rows, *args, **kwargs)
    monkeypatch.setattr(validate, "check_observations", counted("whole", validate.check_observations))
    monkeypatch.setattr(observations, "check_observations", counted("appended", observations.check_observations))
    code, out, _ = run(capsys, "validate", "--workspace", ws)
    assert code == 0 and checked == [("appended", 1)], out
    monkeypatch.undo()
    # the same answer as a whole check: none of the shipped ledger's rows is faulty, nor the new one
    assert run(capsys, "--no-cache", "validate", "--workspace", ws)[:2] == (0, out)
