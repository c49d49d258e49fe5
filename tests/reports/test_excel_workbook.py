"""The workbook reopened with openpyxl: sheets, headers, row counts, panes, filters, dropdowns, fills,
charts, properties, the formula-injection guard, French labels and the atomic write."""

from __future__ import annotations

import csv
import datetime as dt
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from monitor.assessments import append_assessments
from monitor.ledger import append_rows
from monitor.observations import append_observations
from monitor.pipeline import load_workspace
from monitor import labels as L
from monitor.reports.excel import printed_columns, workbook_content, write_workbook
from monitor.vocab import vocabulary_values
from monitor.vocab import load_vocabulary
from monitor.workspace import Workspace

ROOT = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2025, 6, 30)
SHEETS_EN = ["Brief", "About", "Summary", "Commitments", "Asks", "Indicators", "Observations", "Timeline", "Changes", "Assessments",
             "Issues"]
SHEETS_FR = ["Note", "À propos", "Synthèse", "Engagements", "Demandes", "Indicateurs", "Observations", "Chronologie", "Modifications",
             "Évaluations", "Problèmes"]
HOSTILE = {
    "observation": '=HYPERLINK("http://evil.example","click")',
    "assessment": "+cmd|' /C calc'!A0",
    "event": "@SUM(1+1)*cmd|' /C calc'!A0",
    "annotation": "=1+2 (an analyst's note that looks like a formula)",
}


def _append_event(curated: Path, title: str) -> None:
    from monitor.events import EVENT_SCHEMA

    row = {c: "" for c in EVENT_SCHEMA.column_names}
    row.update({"event_id": "test-injected-title", "date": "2022-01-05", "precision": "day", "type": "other",
                "state": "occurred", "title": title, "source": "-2+3 (a source that starts with a minus)",
                "confidence": "primary", "recorded_at": "2026-01-01", "recorded_by": "test"})
    # appended as monitor appends, its row_digest chained: a row written by hand would be refused
    append_rows(curated / "events.csv", EVENT_SCHEMA, pd.DataFrame([row]))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A workspace copy with formula-looking texts in four ledgers, and its workbook in English and French."""
    root = tmp_path_factory.mktemp("excel") / "ws"
    shutil.copytree(ROOT / "data", root / "data", ignore=shutil.ignore_patterns("generated"))
    shutil.copy2(ROOT / "workspace.yml", root / "workspace.yml")
    workspace = Workspace(root)
    data = load_workspace(workspace)
    vocabularies = vocabulary_values(workspace.reference)
    append_observations(workspace.curated, pd.DataFrame([{
        "indicator_id": "cvjr_testimonies", "date": "2022-02-01", "value": "19900", "source": "A/HRC/49/TEST",
        "confidence": "primary", "note": HOSTILE["observation"]}]), data.curated.indicators, vocabularies,
        "test", "test")
    append_assessments(workspace.curated, pd.DataFrame([{
        "commitment_id": "A/HRC/RES/46/28:OP4", "date": "2022-03-01", "assessor": "civil_society",
        "status": "not_started", "rationale": HOSTILE["assessment"], "evidence": "https://example.org/x"}]),
        set(data.commitments["commitment_id"]), vocabularies, "test", "test")
    _append_event(workspace.curated, HOSTILE["event"])
    with open(workspace.curated / "commitment_annotations.csv", "a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerow(
            ["A/HRC/RES/46/28:OP5", "", "kind", "action", HOSTILE["annotation"], "test", "2026-01-01"])
    data = load_workspace(workspace)
    paths = {lang: write_workbook(data, AS_OF, root / "exports" / f"mali-monitor-{lang}.xlsx", lang)
             for lang in ("en", "fr")}
    return {"data": data, "paths": paths, "workspace": workspace,
            "en": openpyxl.load_workbook(paths["en"]), "fr": openpyxl.load_workbook(paths["fr"])}


def _rows(ws) -> list[tuple]:
    return [r for r in ws.iter_rows(min_row=2, values_only=True)]


def _headers(ws) -> list[str]:
    return [c.value for c in ws[1]]


def test_sheets_in_order(built):
    assert built["en"].sheetnames == SHEETS_EN
    assert built["fr"].sheetnames == SHEETS_FR


def test_headers_and_row_counts_equal_the_data(built):
    data, book = built["data"], built["en"]
    content = workbook_content(data, AS_OF, "en")
    for table in content.tables:
        ws = book[L.sheet_name(table.key, "en")]
        top = 2 if table.note else 1  # a sheet with a note has its header under it
        columns, printed = printed_columns(table)  # the printed columns first, then the others
        assert sorted(c.key for c in columns) == sorted(c.key for c in table.columns)
        assert [c.value for c in ws[top]] == [L.header(c.key, "en") for c in columns], table.key
        assert ws.print_area.endswith(f"${openpyxl.utils.get_column_letter(printed)}${len(table.frame) + top}"), table.key
        assert ws.max_row - top == len(table.frame), table.key
    observations = data.curated.observations
    assert book["Commitments"].max_row - 1 == len(data.commitments)
    # a small ledger is shown whole, under the note that says where the whole ledger goes
    assert book["Observations"].max_row - 2 == int((observations["date"] <= AS_OF.isoformat()).sum())
    assert book["Observations"]["A1"].value.startswith("This sheet shows what the report shows")
    assert book["Issues"].max_row - 1 == len(data.issues())
    assert book["Indicators"].max_row - 1 == len(data.curated.indicators)
    recorded = data.curated.assessments
    assert book["Assessments"].max_row - 1 == int((recorded["date"] <= AS_OF.isoformat()).sum()) + len(data.commitments)
    ids = [r[0] for r in _rows(book["Commitments"])]
    assert ids == list(data.commitments["commitment_id"])


def test_panes_filters_widths_and_print_setup(built):
    book = built["en"]
    expected = {"Commitments": "B2", "Indicators": "B2", "Observations": "B3", "Timeline": "B2",
                "Assessments": "D2", "Issues": "A2"}
    for name, pane in expected.items():
        ws = book[name]
        header = int(pane[1:]) - 1  # the Observations sheet's header is under its note
        assert ws.freeze_panes == pane, name
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith(f"A{header}:"), name
        assert ws.page_setup.orientation == "landscape", name
        assert not ws.sheet_properties.pageSetUpPr.fitToPage, name  # a chosen scale, never shrunk to fit
        assert 75 <= int(ws.page_setup.scale or 100) <= 100, name  # (100 is written as no scale)  # 11-point text prints at 8.25 points or more
        assert ws.print_title_rows == f"${header}:${header}" and ws.print_title_cols == "$A:$A", name
        assert "&P" in ws.oddFooter.right.text and "&N" in ws.oddFooter.right.text and "&A" in ws.oddFooter.left.text
        assert "31 December" not in ws.oddHeader.right.text and "30 June 2025" in ws.oddHeader.right.text
    assert book["Commitments"].column_dimensions["B"].width > 40  # the paragraph's text, wrapped
    assert book["Commitments"]["B2"].alignment.wrap_text
    header = book["Commitments"]["A1"]
    assert header.font.b and header.fill.fgColor.rgb.endswith("1F3864")  # explicit fill: LibreOffice ignores table styles


def test_timeline_in_date_order(built):
    dates = [r[0] for r in _rows(built["en"]["Timeline"])]
    assert dates and all(isinstance(d, dt.datetime) for d in dates)
    assert dates == sorted(dates)


def _status_colours(lang: str) -> dict[str, str]:
    statuses = load_vocabulary("statuses")
    return {row[f"label_{lang}"]: row["colour"].lstrip("#").upper() for row in statuses.to_dict("records")}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_status_cells_are_filled_with_the_vocabulary_colour(built, lang):
    book = built[lang]
    colours = _status_colours(lang)
    ws = book[L.sheet_name("commitments", lang)]
    column = _headers(ws).index(L.header("status", lang)) + 1
    seen = set()
    for row in range(2, ws.max_row + 1):
        cell = ws.cell(row, column)
        assert cell.value in colours, cell.value
        assert cell.fill.fill_type == "solid"
        assert cell.fill.fgColor.rgb.upper().endswith(colours[cell.value]), (cell.coordinate, cell.value)
        seen.add(cell.value)
    assert len(seen) >= 3
    summary = book[L.sheet_name("summary", lang)]
    legend = {summary.cell(r, 1).value: summary.cell(r, 1).fill.fgColor.rgb for r in range(3, 3 + len(colours))}
    assert list(legend) == list(colours)  # the vocabulary's order
    assert all(legend[label].upper().endswith(colour) for label, colour in colours.items())


def test_summary_counts_each_resolution_apart(built):
    data = built["data"]
    status = data.status(AS_OF)
    statuses = load_vocabulary("statuses")
    ws = built["en"]["Summary"]
    titles = {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1)
              if isinstance(ws.cell(r, 1).value, str) and ws.cell(r, 1).value.endswith("Commitments by status")}
    # the resolution in force first, then each predecessor: never one table adding renewals up
    assert list(titles) == [f"{r}{' (in force)' if r.endswith('58/30') else ''}: Commitments by status"
                            for r in ("A/HRC/RES/58/30", "A/HRC/RES/55/25", "A/HRC/RES/46/28")]
    for title, start in titles.items():
        resolution = title.split(" ")[0].rstrip(":")
        counts = status[status["resolution_id"] == resolution]["status"].value_counts()
        table = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(start + 2, start + 2 + len(statuses))}
        assert table == {row["label_en"]: int(counts.get(row["status_id"], 0)) for row in statuses.to_dict("records")}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_assessment_dropdown_lists_the_status_vocabulary(built, lang):
    ws = built[lang][L.sheet_name("assessments", lang)]
    headers = _headers(ws)
    status_letter = openpyxl.utils.get_column_letter(headers.index(L.header("status", lang)) + 1)
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    status_dv = [dv for dv in lists if str(dv.sqref).startswith(f"{status_letter}2:")]
    assert len(status_dv) == 1
    assert str(status_dv[0].sqref) == f"{status_letter}2:{status_letter}{ws.max_row}"
    expected = list(load_vocabulary("statuses").sort_values("order", key=lambda s: s.astype(int))[f"label_{lang}"])
    assert status_dv[0].formula1.strip('"').split(",") == expected
    assert status_dv[0].showErrorMessage


def test_assessment_ids_are_protected_and_empty_rows_editable(built):
    data = built["data"]
    ws = built["en"]["Assessments"]
    assert ws.protection.sheet
    headers = _headers(ws)
    col = {h: i + 1 for i, h in enumerate(headers)}
    empty_rows = [r for r in range(2, ws.max_row + 1) if ws.cell(r, col["Assessment"]).value is None]
    assert len(empty_rows) == len(data.commitments)  # one row to fill in per commitment
    assert [ws.cell(r, col["Commitment"]).value for r in empty_rows] == list(data.commitments["commitment_id"])
    for r in empty_rows[:5]:
        assert ws.cell(r, col["Commitment"]).protection.locked
        assert ws.cell(r, col["Assessment"]).protection.locked
        for name in ("Status", "Rationale", "Evidence", "Date", "Assessor"):
            assert not ws.cell(r, col[name]).protection.locked, name
    recorded = [r for r in range(2, ws.max_row + 1) if ws.cell(r, col["Assessment"]).value]
    assert recorded
    for r in recorded:  # open to a correction, ids still locked, and not filled like a new row
        assert not ws.cell(r, col["Status"]).protection.locked and not ws.cell(r, col["Rationale"]).protection.locked
        assert ws.cell(r, col["Assessment"]).protection.locked and ws.cell(r, col["Commitment"]).protection.locked
        assert not ws.cell(r, col["Rationale"]).fill.fgColor.rgb.upper().endswith("FFF4C2")


def test_charts_on_the_summary_sheet(built):
    with zipfile.ZipFile(built["paths"]["en"]) as archive:
        names = archive.namelist()
        charts = sorted(n for n in names if re.fullmatch(r"xl/charts/chart\d+\.xml", n))
        assert len(charts) == 2
        workbook = archive.read("xl/workbook.xml").decode()
        order = re.findall(r'<sheet name="([^"]+)"', workbook)
        summary_rels = archive.read(f"xl/worksheets/_rels/sheet{order.index('Summary') + 1}.xml.rels").decode()
        assert "drawing" in summary_rels
        status_chart = archive.read(charts[0]).decode()
        assert "<c:barChart>" in status_chart and "Summary" in status_chart
        # every point of the status chart in its vocabulary colour
        for colour in load_vocabulary("statuses")["colour"]:
            assert colour.lstrip("#").upper() in status_chart


def test_document_properties(built):
    book, data = built["en"], built["data"]
    props = book.properties
    symbols = list(data.metadata["resolution_id"])
    assert all(s in props.title for s in symbols) and AS_OF.isoformat() in props.title
    assert props.creator.startswith("monitor ")
    assert "Mali" in props.subject
    custom = {p.name: p.value for p in book.custom_doc_props.props}
    assert custom["resolutions"] == "|".join(symbols)
    assert custom["as_of"] == AS_OF.isoformat() and custom["lang"] == "en"
    about = {r[0]: r[1] for r in built["en"]["About"].iter_rows(values_only=True)}
    assert about["Status as of"].date() == AS_OF
    assert about["Code version"].startswith("monitor ")


def _cells_with(book, text: str):
    return [c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value == text]


def test_formula_looking_text_stays_text(built):
    book = built["en"]
    for key in ("observation", "assessment", "event"):
        cells = _cells_with(book, HOSTILE[key])
        assert cells, key
        for cell in cells:
            assert cell.data_type == "s", (key, cell.coordinate)
            assert cell.quotePrefix, (key, cell.coordinate)  # stays text when edited or re-saved
    source = _cells_with(book, "-2+3 (a source that starts with a minus)")
    assert source and all(c.data_type == "s" and c.quotePrefix for c in source)
    notes = [c for ws in book.worksheets for row in ws.iter_rows() for c in row
             if isinstance(c.value, str) and HOSTILE["annotation"] in c.value]
    assert notes and all(c.data_type == "s" for c in notes)
    with zipfile.ZipFile(built["paths"]["en"]) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert "<f>" not in archive.read(name).decode(), name  # not a single live formula


def test_french_labels(built):
    book = built["fr"]
    ws = book["Engagements"]
    assert _headers(ws)[:3] == ["Engagement", "Texte", "Destinataires"]
    assert L.header("status", "fr") in _headers(ws)
    labels_fr = set(load_vocabulary("statuses")["label_fr"])
    status_col = _headers(ws).index("Statut") + 1
    assert {ws.cell(r, status_col).value for r in range(2, ws.max_row + 1)} <= labels_fr
    deadline = _headers(ws).index(L.header("deadline", "fr")) + 1
    assert any(ws.cell(r, deadline).number_format == "dd/mm/yyyy" for r in range(2, ws.max_row + 1)
               if ws.cell(r, deadline).value)
    assert book["Synthèse"]["A1"].value == "A/HRC/RES/58/30 (en vigueur) : Engagements par statut"
    assert {p.name: p.value for p in book.custom_doc_props.props}["lang"] == "fr"


def test_atomic_write_keeps_the_old_file_on_failure(built, tmp_path, monkeypatch):
    import monitor.reports.excel as excel

    target = tmp_path / "report.xlsx"
    target.write_bytes(b"the previous workbook")

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(excel, "_write_summary", broken)
    with pytest.raises(RuntimeError):
        write_workbook(built["data"], AS_OF, target)
    assert target.read_bytes() == b"the previous workbook"
    assert [p.name for p in tmp_path.iterdir()] == ["report.xlsx"]


def test_unknown_language_is_refused(built, tmp_path):
    from monitor.errors import InputError

    with pytest.raises(InputError, match="language"):
        write_workbook(built["data"], AS_OF, tmp_path / "x.xlsx", "de")
    assert not (tmp_path / "x.xlsx").exists()


def test_dropdown_falls_back_to_the_legend_when_labels_do_not_fit_a_list(tmp_path):
    """A label with a comma (from a workspace's own status vocabulary) cannot go in an inline list."""
    root = tmp_path / "ws"
    shutil.copytree(ROOT / "data", root / "data", ignore=shutil.ignore_patterns("generated"))
    shutil.copy2(ROOT / "workspace.yml", root / "workspace.yml")
    statuses = load_vocabulary("statuses")
    statuses.loc[statuses["status_id"] == "not_met", "label_en"] = "Not met, or reversed"
    (root / "data" / "reference").mkdir(exist_ok=True)
    statuses.to_csv(root / "data" / "reference" / "statuses.csv", index=False)
    data = load_workspace(Workspace(root))
    book = openpyxl.load_workbook(write_workbook(data, AS_OF, tmp_path / "wb.xlsx"))
    [status_dv] = [dv for dv in book["Assessments"].data_validations.dataValidation if str(dv.sqref).startswith("H2:")]
    about = book["About"]
    reference = status_dv.formula1.split("!")[1].replace("$", "")
    labels = [c[0].value for c in about[reference]]
    assert labels == list(statuses["label_en"]) and "Not met, or reversed" in labels


def test_election_lateness_on_the_timeline(built):
    ws = built["en"]["Timeline"]
    headers = _headers(ws)
    what, late = headers.index("What"), headers.index("Days after the deadline")
    held = [r for r in _rows(ws) if r[what] == "Referendum held"]
    assert held, "the 2023 referendum, a milestone of the election figure"
    assert all(r[late] == (r[0].date() - dt.date(2022, 3, 31)).days for r in held)
    postponed = [r for r in _rows(ws) if r[what] == "Election postponed"]
    assert postponed and all(r[late] == (r[0].date() - dt.date(2022, 3, 31)).days for r in postponed)


def test_codes_reach_the_reader_as_labels(built):
    book = built["en"]
    ws = book["Indicators"]
    headers = _headers(ws)
    types = {ws.cell(r, headers.index("Type") + 1).value for r in range(2, ws.max_row + 1)}
    assert "yes or no" in types and not types & {"yesno", "count", "stock"}
    directions = {ws.cell(r, headers.index(L.header("direction", "en")) + 1).value for r in range(2, ws.max_row + 1)}
    assert directions <= {"increase", "decrease", "reach the target", "no direction"}
    commitments = book["Commitments"]
    judged = [c for row in commitments.iter_rows(min_row=2, values_only=True) for c in row
              if isinstance(c, str) and "(20" in c and ": " in c and c.split(": ")[0] in L.assessor_labels("en").values()]
    assert judged and not any("independent_expert:" in c or ": in_progress" in c for c in judged)


def test_a_cumulative_count_that_falls_says_its_sources_differ():
    import pandas as pd

    from monitor.reports.excel import _trends

    rows = pd.DataFrame({"indicator_id": ["a", "a", "b", "b"], "value": ["22600", "19800", "5", "3"],
                         "date": ["2022-01-01", "2022-06-01"] * 2, "recorded_at": ["1", "2"] * 2})
    trends = _trends(rows, "en", {"a": "count", "b": "stock"})
    assert trends == {"a": "lower than before: a cumulative count, so its sources differ", "b": "down"}
