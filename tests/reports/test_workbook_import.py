"""The round trip: edit the Assessments sheet with openpyxl, import it, and refuse hostile or broken files."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from monitor.assessments import load_assessments
from monitor.errors import InputError
from monitor.pipeline import load_workspace
from monitor.reports.excel import write_workbook
from monitor.reports.workbook_import import WorkbookImportError, import_workbook
from monitor.workspace import Workspace

AS_OF = dt.date(2025, 6, 30)


@pytest.fixture()
def exported(workspace_copy):
    """A workspace copy and its workbook."""
    workspace = Workspace(workspace_copy)
    data = load_workspace(workspace)
    return workspace, {"en": write_workbook(data, AS_OF, workspace_copy / "exports" / "wb-en.xlsx"), "data": data}


def _ledger(workspace: Workspace) -> bytes:
    return (workspace.curated / "assessments.csv").read_bytes()


def _assessments(workspace: Workspace):
    return load_assessments(workspace.curated)


def _edit(path: Path, out: Path, edits: list[dict], sheet: str = "Assessments") -> Path:
    """Fill in the empty row of each commitment named: {commitment header: id, other header: value, ...}."""
    book = openpyxl.load_workbook(path)
    ws = book[sheet]
    headers = {c.value: c.column for c in ws[1]}
    id_header, commitment_header = list(headers)[0], list(headers)[1]
    for edit in edits:
        edit = dict(edit)
        commitment = edit.pop("commitment")
        row = next(r for r in range(2, ws.max_row + 1)
                   if ws.cell(r, headers[commitment_header]).value == commitment
                   and ws.cell(r, headers[id_header]).value is None)
        for name, value in edit.items():
            ws.cell(row, headers[name]).value = value
    book.save(out)
    return out


GOOD = {"commitment": "A/HRC/RES/46/28:OP2", "Status": "In progress",
        "Rationale": "Schools reopened in Mopti region (OCHA update)", "Evidence": "https://example.org/ocha/2025-05"}


def test_untouched_workbook_changes_nothing(exported):
    workspace, paths = exported
    ledger = _ledger(workspace)
    result = import_workbook(workspace, paths["en"])
    assert result.added.empty and result.changes.empty and not result.problems
    assert _ledger(workspace) == ledger


def test_good_edit_adds_one_assessment_and_a_repeat_adds_nothing(exported, tmp_path):
    workspace, paths = exported
    edited = _edit(paths["en"], tmp_path / "edited.xlsx", [GOOD])
    before = _assessments(workspace)
    result = import_workbook(workspace, edited, who="field office")
    after = _assessments(workspace)
    assert len(after) == len(before) + 1
    new = after.iloc[-1]
    assert (new["commitment_id"], new["status"], new["assessor"], new["date"], new["recorded_by"]) == (
        "A/HRC/RES/46/28:OP2", "in_progress", "analyst", AS_OF.isoformat(), "field office")
    assert new["assessment_id"] == f"asm-{len(after):04d}" and new["recorded_at"]
    assert list(result.changes["field"]) == ["status", "rationale", "evidence"]
    assert result.changes.iloc[0][["commitment_id", "new"]].tolist() == ["A/HRC/RES/46/28:OP2", "in_progress"]
    assert result.problems == [] and result.already_recorded == 0
    ledger = _ledger(workspace)
    again = import_workbook(workspace, edited, who="field office")
    assert again.added.empty and again.changes.empty and again.already_recorded == 1
    assert _ledger(workspace) == ledger


def test_assessments_a_rule_decides_are_recorded_with_a_warning(exported, tmp_path, capsys):
    from monitor.cli import main

    workspace, paths = exported
    decided = {**GOOD, "commitment": "A/HRC/RES/46/28:OP19", "Status": "Met", "Rationale": "The CVJR finished its work"}
    event = {**GOOD, "commitment": "A/HRC/RES/46/28:OP26", "Status": "In progress", "Rationale": "An electoral law"}
    edited = _edit(paths["en"], tmp_path / "overridden.xlsx", [GOOD, decided, event])
    code = main(["import-workbook", str(edited), "--workspace", str(workspace.root)])
    out, err = capsys.readouterr()
    assert code == 0 and "recorded 3 assessment(s)" in out
    warnings = [line for line in err.splitlines() if line.startswith("monitor: warning: ")]
    assert len(warnings) == 2  # OP2 is decided by its assessments: no warning
    assert "will not change the status: A/HRC/RES/46/28:OP19 is decided by its indicator rule" in warnings[0]
    assert "will not change the status: A/HRC/RES/46/28:OP26 is decided by its event rule" in warnings[1]
    assert warnings[0].startswith("monitor: warning: row ")
    status = load_workspace(workspace).status(AS_OF).set_index("commitment_id")
    op19 = status.loc["A/HRC/RES/46/28:OP19"]
    assert op19["status"] == "superseded" and bool(op19["overrides_assessment"])
    assert f"the analyst's assessment of {AS_OF.isoformat()} (met) is overridden by the indicator rule" in op19["reason"]
    assert not status.loc["A/HRC/RES/46/28:OP2", "overrides_assessment"]


def test_french_workbook_imports_french_labels(exported, tmp_path):
    workspace, paths = exported
    french = write_workbook(paths["data"], AS_OF, tmp_path / "wb-fr.xlsx", "fr")
    edited = _edit(french, tmp_path / "fr.xlsx", [{
        "commitment": "A/HRC/RES/46/28:OP5", "Statut": "Pas commencé", "Évaluateur": "government",
        "Justification": "Rien n'est signalé", "Preuve": "A/HRC/58/XX"}], sheet="Évaluations")
    result = import_workbook(workspace, edited)
    assert result.added[["status", "assessor"]].values.tolist() == [["not_started", "government"]]


def test_bad_status_names_the_cell_and_writes_nothing(exported, tmp_path):
    workspace, paths = exported
    edited = _edit(paths["en"], tmp_path / "bad.xlsx", [GOOD, {**GOOD, "commitment": "A/HRC/RES/46/28:OP4",
                                                              "Status": "Done"}])
    ledger = _ledger(workspace)
    with pytest.raises(WorkbookImportError) as raised:
        import_workbook(workspace, edited)
    assert isinstance(raised.value, InputError)  # exit 2 in the CLI
    [problem] = raised.value.problems
    assert (problem.sheet, problem.column, problem.header) == ("Assessments", "H", "Status")
    assert "unknown status 'Done'" in problem.reason
    assert f"sheet Assessments, row {problem.row}, column H (Status)" in str(raised.value)
    assert _ledger(workspace) == ledger


def test_partial_writes_the_good_rows_only(exported, tmp_path):
    workspace, paths = exported
    edited = _edit(paths["en"], tmp_path / "partial.xlsx", [
        GOOD, {**GOOD, "commitment": "A/HRC/RES/46/28:OP4", "Status": "Done"},
        {"commitment": "A/HRC/RES/46/28:OP9", "Status": "Met"}])
    before = len(_assessments(workspace))
    result = import_workbook(workspace, edited, partial=True)
    assert list(result.added["commitment_id"]) == ["A/HRC/RES/46/28:OP2"]
    assert len(_assessments(workspace)) == before + 1
    reasons = {(p.header, p.reason.split(":")[0]) for p in result.problems}
    assert ("Status", "unknown status 'Done' (allowed") in reasons
    assert {p.header for p in result.problems} == {"Status", "Rationale", "Evidence"}  # OP9: status alone is not enough
    assert len(result.problems_frame()) == 3


def _edit_recorded(path: Path, out: Path, edits: dict[str, dict], sheet: str = "Assessments") -> tuple[Path, dict]:
    """Edit recorded rows, as a user who removes the protection: {assessment id: {header: value}}; -> (file, rows)."""
    book = openpyxl.load_workbook(path)
    ws = book[sheet]
    ws.protection.sheet = False
    headers = {c.value: c.column for c in ws[1]}
    rows = {}
    for assessment_id, values in edits.items():
        rows[assessment_id] = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == assessment_id)
        for name, value in values.items():
            ws.cell(rows[assessment_id], headers[name]).value = value
    book.save(out)
    return out, rows


def _status_of(capsys, workspace: Workspace, commitment_id: str) -> dict:
    import json

    from monitor.cli import main

    assert main(["status", "--as-of", AS_OF.isoformat(), "--format", "json", "--workspace", str(workspace.root)]) == 0
    return next(r for r in json.loads(capsys.readouterr().out) if r["commitment_id"] == commitment_id)


def test_editing_a_recorded_row_records_a_correction(exported, tmp_path, capsys):
    from monitor.cli import main

    workspace, paths = exported
    before = _assessments(workspace)
    old = before.set_index("assessment_id").loc["asm-0004"]
    assert (old["commitment_id"], old["status"], old["date"]) == ("A/HRC/RES/46/28:OP29", "in_progress", "2024-12-31")
    # the correction is dated before the row it corrects: the corrected row must still stop counting
    edited, _ = _edit_recorded(paths["en"], tmp_path / "corrected.xlsx", {"asm-0004": {
        "Status": "Partially met", "Date": "2024-12-20", "Rationale": "The visit took place; access was restricted"}})
    code = main(["import-workbook", str(edited), "--workspace", str(workspace.root), "--by", "field office"])
    out = capsys.readouterr().out
    assert code == 0
    assert ("corrected: A/HRC/RES/46/28:OP29 in_progress → partially_met, superseding the assessment of 2024-12-31 "
            "by analyst") in out
    assert "recorded 1 assessment(s)" in out and "(1 correction(s))" in out
    after = _assessments(workspace)
    assert len(after) == len(before) + 1
    assert after.iloc[:-1].equals(before)  # append-only: the corrected row is kept as it was
    new = after.iloc[-1]
    assert (new["corrects"], new["commitment_id"], new["ask"], new["status"], new["date"], new["assessor"]) == (
        "asm-0004", "A/HRC/RES/46/28:OP29", "", "partially_met", "2024-12-20", "analyst")
    assert new["evidence"] == old["evidence"] and new["recorded_by"] == "field office"
    status = _status_of(capsys, workspace, "A/HRC/RES/46/28:OP29")
    assert status["status"] == "partially_met" and "assessment of 2024-12-20" in status["reason"]
    ledger = _ledger(workspace)
    assert main(["import-workbook", str(edited), "--workspace", str(workspace.root)]) == 0
    again = capsys.readouterr().out
    assert "recorded 0 assessment(s)" in again and "1 already recorded" in again and "corrected:" not in again
    assert _ledger(workspace) == ledger


def test_a_corrected_row_edited_again_in_an_old_workbook_is_refused(exported, tmp_path):
    workspace, paths = exported
    first, _ = _edit_recorded(paths["en"], tmp_path / "first.xlsx", {"asm-0004": {"Status": "Met"}})
    import_workbook(workspace, first)
    second, rows = _edit_recorded(paths["en"], tmp_path / "second.xlsx", {"asm-0004": {"Status": "Not started"}})
    ledger = _ledger(workspace)
    with pytest.raises(WorkbookImportError) as raised:
        import_workbook(workspace, second)
    [problem] = raised.value.problems
    assert (problem.row, problem.header) == (rows["asm-0004"], "Status")
    assert "asm-0004 was corrected already, by asm-" in problem.reason and "edit that row instead" in problem.reason
    assert _ledger(workspace) == ledger


def test_labels_in_english_and_french_are_read_in_any_case(exported, tmp_path):
    workspace, paths = exported
    edited = _edit(paths["en"], tmp_path / "labels.xlsx", [
        {**GOOD, "Status": "  partiellement   RÉALISÉ ", "Assessor": "Société civile"},
        {**GOOD, "commitment": "A/HRC/RES/46/28:OP5", "Status": "Réalisé", "Assessor": " independent expert"},
        {**GOOD, "commitment": "A/HRC/RES/46/28:OP4", "Status": "not STARTED", "Assessor": "Nations unies"}])
    result = import_workbook(workspace, edited)
    assert result.added[["commitment_id", "status", "assessor"]].values.tolist() == [  # in the sheet's order
        ["A/HRC/RES/46/28:OP2", "partially_met", "civil_society"], ["A/HRC/RES/46/28:OP4", "not_started", "un"],
        ["A/HRC/RES/46/28:OP5", "met", "independent_expert"]]


def test_bad_cells_of_a_correction_are_named_exit_2_nothing_written(exported, tmp_path, capsys):
    from monitor.cli import main

    workspace, paths = exported
    edited, rows = _edit_recorded(paths["en"], tmp_path / "bad.xlsx", {
        "asm-0002": {"Status": "Fait"}, "asm-0003": {"Assessor": "the press"},
        "asm-0004": {"Assessment": "asm-9999", "Status": "Met"}})
    ledger = _ledger(workspace)
    code = main(["import-workbook", str(edited), "--workspace", str(workspace.root)])
    err = capsys.readouterr().err
    assert code == 2 and "nothing recorded: 3 cell(s) failed" in err
    assert f"sheet Assessments, row {rows['asm-0002']}, column H (Status): unknown status 'Fait'" in err
    assert f"sheet Assessments, row {rows['asm-0003']}, column G (Assessor): unknown assessor 'the press'" in err
    assert (f"sheet Assessments, row {rows['asm-0004']}, column A (Assessment): no assessment 'asm-9999' in the "
            "ledger: was the id edited?") in err
    assert _ledger(workspace) == ledger


def test_assessors_show_as_labels_in_the_language_of_the_workbook(exported, tmp_path):
    workspace, paths = exported
    french = write_workbook(paths["data"], AS_OF, tmp_path / "wb-fr.xlsx", "fr")
    ws = openpyxl.load_workbook(french)["Évaluations"]
    headers = {c.value: c.column for c in ws[1]}
    column = headers["Évaluateur"]
    recorded = {ws.cell(r, column).value for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value}
    assert recorded == {"Analyste", "Expert indépendant", "Nations Unies"}
    letter = openpyxl.utils.get_column_letter(column)
    [rule] = [v for v in ws.data_validations.dataValidation if str(v.sqref).startswith(letter)]
    assert rule.formula1 == '"Analyste,Expert indépendant,Gouvernement,Société civile,Nations Unies"'
    assert import_workbook(workspace, french).added.empty  # the labels read back as the ledger's ids


def test_a_ledger_without_the_corrects_column_loads_and_migrates(exported, capsys):
    from monitor.cli import main

    workspace, _ = exported
    path = workspace.curated / "assessments.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    at = lines[0].split(",").index("corrects")
    path.write_text("\n".join(",".join(line.split(",")[:at] + line.split(",")[at + 1:]) if line else line
                              for line in lines), encoding="utf-8")
    assert _status_of(capsys, workspace, "A/HRC/RES/46/28:OP29")["status"] == "in_progress"
    assert main(["migrate", "--workspace", str(workspace.root)]) == 0
    assert "assessments.csv: added the column(s) corrects" in capsys.readouterr().out
    assert path.read_text(encoding="utf-8").split("\n") == lines


def test_workbook_of_an_older_build_imports(exported, tmp_path):
    """Columns moved and dropped, custom properties gone: ids and header names still lead."""
    workspace, paths = exported
    edited = _edit(paths["en"], tmp_path / "e.xlsx", [GOOD])
    book = openpyxl.load_workbook(edited)
    ws = book["Assessments"]
    ws.delete_cols(4, 2)  # no "Opening phrase" nor "Current status" in that build
    ws.insert_cols(1)  # and a leading column of its own
    ws.cell(1, 1).value = "Remarks"
    book.custom_doc_props.props = []
    book.save(tmp_path / "older.xlsx")
    result = import_workbook(workspace, tmp_path / "older.xlsx")
    assert list(result.added["commitment_id"]) == ["A/HRC/RES/46/28:OP2"]


# ---------------------------------------------------------------------------- hostile files


def _rewrite(source: Path, target: Path, replace: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item.filename, replace.get(item.filename, src.read(item.filename)))
    return target


BOMB = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<!DOCTYPE lolz [<!ENTITY lol "lolololololololololololololololololololol">
<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>"""


def _sheet_part(path: Path, name: str) -> str:
    import re

    with zipfile.ZipFile(path) as archive:
        order = re.findall(r'<sheet name="([^"]+)"', archive.read("xl/workbook.xml").decode())
    return f"xl/worksheets/sheet{order.index(name) + 1}.xml"


def _hostile(kind: str, paths: dict, tmp_path: Path) -> Path:
    good = paths["en"]
    target = tmp_path / f"{kind}.xlsx"
    if kind == "not_xlsx":
        target.write_text("commitment_id,status\nA/HRC/RES/46/28:OP2,met\n")
    elif kind == "truncated":
        data = good.read_bytes()
        target.write_bytes(data[: len(data) // 2])
    elif kind == "xml_bomb":
        _rewrite(good, target, {_sheet_part(good, "Assessments"): BOMB})
    elif kind == "zip_bomb":
        buffer = io.BytesIO()
        with zipfile.ZipFile(good) as src, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as dst:
            for item in src.infolist():
                dst.writestr(item.filename, src.read(item.filename))
            dst.writestr("xl/media/padding.bin", b"\0" * (64 * 1024 * 1024))
        target.write_bytes(buffer.getvalue())
    elif kind == "sheet_renamed":
        book = openpyxl.load_workbook(good)
        book["Assessments"].title = "My assessments"
        book.save(target)
    elif kind == "column_removed":
        book = openpyxl.load_workbook(good)
        book["Assessments"].delete_cols(8)  # Status
        book.save(target)
    elif kind == "column_renamed":
        book = openpyxl.load_workbook(good)
        book["Assessments"]["I1"].value = "Why"  # Rationale
        book.save(target)
    elif kind == "other_resolution":
        book = openpyxl.load_workbook(good)
        ws = book["Assessments"]
        for row in range(2, ws.max_row + 1):
            ws.cell(row, 2).value = str(ws.cell(row, 2).value).replace("A/HRC/RES/46/28", "A/HRC/RES/99/1")
        for prop in book.custom_doc_props.props:
            if prop.name == "resolutions":
                prop.value = "A/HRC/RES/99/1"
        book.save(target)
        _edit(target, target, [{**GOOD, "commitment": "A/HRC/RES/99/1:OP2"}])
    return target


@pytest.mark.parametrize("kind, message", [
    ("not_xlsx", "not an Excel workbook"),
    ("truncated", "truncated"),
    ("xml_bomb", "refused: its XML declares entities"),
    ("zip_bomb", "refused"),
    ("sheet_renamed", "no sheet named Assessments or Évaluations"),
    ("column_removed", "no column 'Status'"),
    ("column_renamed", "no column 'Rationale'"),
    ("other_resolution", "a workbook of another resolution (A/HRC/RES/99/1)"),
])
def test_hostile_files_are_refused_and_nothing_written(exported, tmp_path, kind, message):
    workspace, paths = exported
    path = _hostile(kind, paths, tmp_path)
    ledger = _ledger(workspace)
    with pytest.raises(InputError) as raised:
        import_workbook(workspace, path)
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)  # one line for the CLI
    assert _ledger(workspace) == ledger


def test_openpyxl_reads_through_defusedxml():
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML, "defusedxml must be installed: openpyxl guards against XML bombs only with it"



def test_workbook_date_serial_outside_the_calendar_is_refused(exported, tmp_path):
    workspace, paths = exported
    bad = [(-5, "outside the spreadsheet calendar"), (3_000_000, "outside the spreadsheet calendar"),
           (1, "before 1945"), ("0001-01-01", "before 1945"), ("9999-12-31", "more than 10 years ahead"),
           ("20221231", "not a date")]
    edits = [{**GOOD, "commitment": f"A/HRC/RES/46/28:OP{n}", "Date": f"serial {day}" if isinstance(day, int) else day}
             for n, (day, _) in zip((2, 4, 5, 6, 7, 8), bad)]
    edited = _edit(paths["en"], tmp_path / "serial.xlsx", edits)
    book = openpyxl.load_workbook(edited)
    sheet = book["Assessments"]
    column = next(c.column for c in sheet[1] if c.value == "Date")
    for row in range(2, sheet.max_row + 1):
        cell = sheet.cell(row, column)
        if str(cell.value).startswith("serial "):
            cell.value, cell.number_format = int(cell.value.split()[1]), "General"  # a serial typed in a plain cell
    book.save(edited)
    ledger = _ledger(workspace)
    with pytest.raises(WorkbookImportError) as raised:
        import_workbook(workspace, edited)
    dates = [p for p in raised.value.problems if p.header == "Date"]
    assert [reason in p.reason for p, (_, reason) in zip(dates, bad)] == [True] * len(bad), dates
    assert _ledger(workspace) == ledger


def test_oversized_inputs_are_refused(exported, tmp_path, monkeypatch):
    from monitor.reports import workbook_import

    workspace, paths = exported
    ledger = _ledger(workspace)
    # openpyxl cuts what it writes at Excel's 32,767 characters; a planted cell is longer, so the limit is lowered
    monkeypatch.setattr(workbook_import, "MAX_CELL_CHARS", 1000)
    edited = _edit(paths["en"], tmp_path / "long.xlsx", [{**GOOD, "Rationale": "x" * 1001}])
    with pytest.raises(InputError, match=r"column \w+: 1,001 characters, above Excel's limit of 1,000 for a cell"):
        import_workbook(workspace, edited)
    monkeypatch.setattr(workbook_import, "MAX_FILE_BYTES", 1000)
    with pytest.raises(InputError, match="above the limit of 1,000 bytes"):
        import_workbook(workspace, paths["en"])
    monkeypatch.setattr(workbook_import, "MAX_FILE_BYTES", 50 * 1024 * 1024)
    monkeypatch.setattr(workbook_import, "MAX_UNPACKED_BYTES", 1000)
    with pytest.raises(InputError, match="above the limit of 1,000"):
        import_workbook(workspace, paths["en"])
    assert _ledger(workspace) == ledger
