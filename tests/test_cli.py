"""The command line: formats, exit codes, --workspace, build outputs, bad input leaves nothing written."""

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SEED
from monitor.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_parse_table_csv_json(capsys):
    code, out, err = run(capsys, "parse", str(SEED))
    assert code == 0 and "OP36" in out and "Strongly condemns" in out
    code, out, _ = run(capsys, "parse", str(SEED), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 60
    assert list(rows[0]) == ["paragraph_id", "kind", "number", "opener", "text"]
    assert rows[24]["paragraph_id"] == "OP1" and rows[24]["opener"] == "Strongly condemns"
    code, out, _ = run(capsys, "parse", str(SEED), "--format", "json", "--all-columns")
    records = json.loads(out)
    assert records[7]["footnotes"] == ["1: A/HRC/46/68."]
    assert records[0]["resolution_id"] == "A/HRC/RES/46/28"


def test_parse_other_tables(capsys):
    _, out, _ = run(capsys, "parse", str(SEED), "--table", "metadata", "--format", "json")
    assert json.loads(out)[0]["adoption_date"] == "2021-03-24"
    _, out, _ = run(capsys, "parse", str(SEED), "--table", "references", "--format", "csv")
    assert "A/HRC/RES/20/17" in out and "2022-03-31" in out


def test_commitments_json(capsys):
    code, out, _ = run(capsys, "commitments", "--format", "json", "--all-columns", "--resolution", "A/HRC/RES/46/28")
    records = json.loads(out)
    assert code == 0 and len(records) == 36
    op2 = records[1]
    assert op2["commitment_id"] == "A/HRC/RES/46/28:OP2" and op2["verbs"][:2] == ["call upon", "urge"]
    assert op2["addressee"] == "all_parties"


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02binary", b"Milk\nEggs\n"], ids=["empty", "binary", "no-operative"])
def test_bad_input_exits_2_with_one_line(capsys, tmp_path, content):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    code, out, err = run(capsys, "parse", str(path))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("monitor: error: ") and str(path) in err


def test_missing_path_and_folder(capsys, tmp_path):
    assert run(capsys, "parse", str(tmp_path / "missing.md"))[0] == 2
    code, _, err = run(capsys, "parse", str(tmp_path))
    assert code == 2 and "folder" in err


def test_build_writes_datasets_and_deliverables(capsys, workspace_copy, tmp_path):
    out = tmp_path / "deliverables"
    code, stdout, _ = run(capsys, "build", "--workspace", str(workspace_copy), "--as-of", "2022-06-30", "--out", str(out))
    # as of 2022-06-30 only 46/28 was in force: the deliverables show its 36 commitments, the datasets all 98
    assert code == 0 and "1 resolution(s)" in stdout and "36 commitments" in stdout
    generated = workspace_copy / "data" / "generated"
    commitments = list(csv.DictReader(open(generated / "commitments.csv", encoding="utf-8")))
    assert len(commitments) == 36 + 31 + 31 and commitments[0]["commitment_id"] == "A/HRC/RES/46/28:OP1"
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["as_of"] == "2022-06-30"
    assert manifest["inputs"][0]["sha256"] == "563a341b5d85201cc1040f958bbaec6f1079017f3e2cdbd60760a7d1da304945"
    assert (out / "commitments-2022-06-30.csv").is_file()
    paragraphs = json.loads((generated / "paragraphs.json").read_text())
    assert len(paragraphs) == 60 + 53 + 54


def test_build_default_export_folder(capsys, workspace_copy):
    code, _, _ = run(capsys, "build", "--workspace", str(workspace_copy), "--as-of", "2023-01-01")
    assert code == 0
    assert (workspace_copy / "exports" / "2023-01-01" / "commitments-2023-01-01.csv").is_file()


def test_workspace_from_environment(capsys, workspace_copy, monkeypatch):
    monkeypatch.setenv("MONITOR_WORKSPACE", str(workspace_copy))
    assert run(capsys, "build", "--as-of", "2023-01-01")[0] == 0
    assert (workspace_copy / "data" / "generated" / "commitments.csv").is_file()


def test_changed_raw_file_is_refused_and_nothing_written(capsys, workspace_copy):
    raw = workspace_copy / "data" / "raw" / "a-hrc-res-46-28" / "A_HRC_RES_46_28-EN.md"
    raw.write_text(raw.read_text(encoding="utf-8").replace("19,800", "19,900"), encoding="utf-8")
    code, _, err = run(capsys, "build", "--workspace", str(workspace_copy), "--as-of", "2023-01-01")
    assert code == 2 and "sha256" in err and "A_HRC_RES_46_28-EN.md" in err
    assert not (workspace_copy / "data" / "generated").exists()
    assert not (workspace_copy / "exports" / "2023-01-01").exists()


def test_bad_curated_value_names_file_row_and_keeps_old_outputs(capsys, workspace_copy):
    assert run(capsys, "build", "--workspace", str(workspace_copy), "--as-of", "2023-01-01")[0] == 0
    before = (workspace_copy / "data" / "generated" / "commitments.csv").read_bytes()
    annotations = workspace_copy / "data" / "curated" / "commitment_annotations.csv"
    bad_row = len(annotations.read_text(encoding="utf-8").splitlines()) + 1
    with open(annotations, "a", encoding="utf-8") as handle:
        handle.write("A/HRC/RES/46/28:OP19,,kind,obligation,typo,analyst,2026-11-28\n")
    code, _, err = run(capsys, "build", "--workspace", str(workspace_copy), "--as-of", "2023-01-01")
    assert code == 2
    assert "commitment_annotations.csv" in err and f"row {bad_row}" in err and "obligation" in err
    assert (workspace_copy / "data" / "generated" / "commitments.csv").read_bytes() == before


def test_init_creates_an_empty_workspace(capsys, tmp_path):
    target = tmp_path / "new"
    assert run(capsys, "init", str(target))[0] == 0
    assert (target / "data" / "raw").is_dir() and (target / "exports" / "README.md").is_file()
    assert (target / "data" / "curated" / "commitment_annotations.csv").read_text().startswith("commitment_id,ask,field")
    code, out, _ = run(capsys, "commitments", "--workspace", str(target), "--format", "csv")
    assert code == 0 and out.startswith("commitment_id")
    assert run(capsys, "init", str(target))[0] == 2  # refuses to overwrite


def test_not_a_workspace(capsys, tmp_path):
    code, _, err = run(capsys, "commitments", "--workspace", str(tmp_path))
    assert code == 2 and "not a workspace" in err


def test_installed_entry_point_runs():
    monitor = Path(sys.executable).with_name("monitor")
    result = subprocess.run([str(monitor), "parse", str(SEED), "--format", "csv"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("\n") > 60
    result = subprocess.run([str(monitor), "parse", "/nonexistent/file.md"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_add_then_build(capsys, workspace_copy):
    from conftest import CORPUS

    gasource = CORPUS / "texts" / "unga-80-38.txt"
    code, out, err = run(capsys, "add", str(gasource), "--workspace", str(workspace_copy))
    assert code == 0, err
    folder = workspace_copy / "data" / "raw" / "a-res-80-38"
    assert (folder / "source.yml").is_file() and (folder / "A_RES_80_38.md").read_bytes() == gasource.read_bytes()
    code, _, err = run(capsys, "add", str(gasource), "--workspace", str(workspace_copy))
    assert code == 2 and "already in the workspace" in err
    code, out, _ = run(capsys, "commitments", "--workspace", str(workspace_copy), "--resolution", "A/RES/80/38", "--format", "json")
    assert len(json.loads(out)) == 37


def test_add_refuses_bad_files_and_missing_symbols(capsys, workspace_copy, tmp_path):
    from conftest import CORPUS

    bad = tmp_path / "bad.md"
    bad.write_text("Milk\nEggs\n")
    assert run(capsys, "add", str(bad), "--workspace", str(workspace_copy))[0] == 2
    code, _, err = run(capsys, "add", str(CORPUS / "texts" / "unsc-draft-s-2021-523.txt"), "--workspace", str(workspace_copy))
    assert code == 2 and "--symbol" in err
    assert not (workspace_copy / "data" / "raw" / "s-2021-523").exists()
    assert len(list((workspace_copy / "data" / "raw").iterdir())) == 5
