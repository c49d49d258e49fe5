"""The deliverables through the command line: build --lang fr, and import-workbook's exit codes."""

import openpyxl

from monitor.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _fill(path, out, status):
    book = openpyxl.load_workbook(path)
    ws = book.worksheets[[s.title for s in book.worksheets].index("Assessments")]
    headers = {c.value: c.column for c in ws[1]}
    id_header, commitment_header = list(headers)[0], list(headers)[1]
    row = next(r for r in range(2, ws.max_row + 1)
               if ws.cell(r, headers[commitment_header]).value == "A/HRC/RES/46/28:OP24"
               and ws.cell(r, headers[id_header]).value is None)
    ws.cell(row, headers["Status"]).value = status
    ws.cell(row, headers["Rationale"]).value = "Courts reopened in Gao and Timbuktu"
    ws.cell(row, headers["Evidence"]).value = "https://example.org/report"
    book.save(out)
    return out


def test_build_in_french(capsys, workspace_copy, tmp_path):
    out = tmp_path / "fr"
    code, stdout, _ = run(capsys, "build", "--workspace", str(workspace_copy), "--as-of", "2025-06-30",
                          "--out", str(out), "--lang", "fr", "--no-images")
    assert code == 0
    book = openpyxl.load_workbook(out / "mali-monitor-2025-06-30.xlsx", read_only=True)
    assert "Engagements" in book.sheetnames
    html = (out / "dashboard-2025-06-30.html").read_text(encoding="utf-8")
    assert 'lang="fr"' in html or "Engagements" in html or "engagements" in html


def test_import_workbook_round_trip_and_exit_codes(capsys, workspace_copy, tmp_path):
    out = tmp_path / "en"
    assert run(capsys, "build", "--workspace", str(workspace_copy), "--as-of", "2025-06-30", "--out", str(out),
               "--no-images")[0] == 0
    workbook = out / "mali-monitor-2025-06-30.xlsx"
    ledger = workspace_copy / "data" / "curated" / "assessments.csv"
    before = ledger.read_bytes()

    bad = _fill(workbook, tmp_path / "bad.xlsx", "Finished, more or less")
    code, _, err = run(capsys, "import-workbook", str(bad), "--workspace", str(workspace_copy))
    assert code == 2 and "Assessments" in err and "row" in err
    assert ledger.read_bytes() == before

    good = _fill(workbook, tmp_path / "good.xlsx", "In progress")
    code, out_text, _ = run(capsys, "import-workbook", str(good), "--workspace", str(workspace_copy), "--by", "field office")
    assert code == 0 and "A/HRC/RES/46/28:OP24" in out_text and "recorded 1 assessment(s)" in out_text
    after = ledger.read_bytes()
    code, out_text, _ = run(capsys, "import-workbook", str(good), "--workspace", str(workspace_copy))
    assert code == 0 and "recorded 0 assessment(s)" in out_text
    assert ledger.read_bytes() == after

    code, _, err = run(capsys, "import-workbook", str(tmp_path / "missing.xlsx"), "--workspace", str(workspace_copy))
    assert code == 2 and err.count("\n") == 1
