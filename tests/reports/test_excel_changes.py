"""The Changes sheet: every aligned pair or orphan of operative paragraphs between consecutive resolutions
of the series, in English and French, coloured by change, with the words removed and added."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from monitor.diff import align
from monitor.lineage import consecutive_pairs, strengths_of
from monitor.pipeline import load_workspace
from monitor import labels as L
from monitor.dashboards.tables import paragraph_changes
from monitor.reports.excel import workbook_content, write_workbook
from monitor.reports.workbook_import import import_workbook
from monitor.vocab import load_vocabulary
from monitor.workspace import Workspace

AS_OF = dt.date(2025, 6, 30)
R46, R55, R58 = "A/HRC/RES/46/28", "A/HRC/RES/55/25", "A/HRC/RES/58/30"


@pytest.fixture(scope="module")
def data():
    return load_workspace(Workspace.locate(None))


@pytest.fixture(scope="module")
def books(data, tmp_path_factory):
    folder = tmp_path_factory.mktemp("changes")
    paths = {lang: write_workbook(data, AS_OF, folder / f"wb-{lang}.xlsx", lang) for lang in ("en", "fr")}
    return {"paths": paths, **{lang: openpyxl.load_workbook(path) for lang, path in paths.items()}}


def aligned_operative(data) -> int:
    strengths = strengths_of(data.commitments)
    total = 0
    for old, new in consecutive_pairs(data.resolutions):
        aligned = align(old, new, strengths)
        total += int((aligned["kind"] == "operative").sum())
    return total


def records(ws, lang: str) -> list[dict]:
    headers = [c.value for c in ws[1]]
    keys = {L.header(k, lang): k for k in L.keys_with("header:")}
    return [dict(zip([keys[h] for h in headers], row)) for row in ws.iter_rows(min_row=2, values_only=True)]


def find(rows, old, new, from_paragraph=None, to_paragraph=None) -> dict:
    [row] = [r for r in rows if r["from_resolution"] == old and r["to_resolution"] == new
             and (from_paragraph is None or r["from_paragraph"] == from_paragraph)
             and (to_paragraph is None or r["to_paragraph"] == to_paragraph)]
    return row


@pytest.mark.parametrize("lang, name", [("en", "Changes"), ("fr", "Modifications")])
def test_sheet_present_in_both_languages(books, lang, name):
    book = books[lang]
    assert name in book.sheetnames
    assert book.sheetnames.index(name) == book.sheetnames.index(L.sheet_name("timeline", lang)) + 1
    headers = [c.value for c in book[name][1]]
    assert headers[:5] == [L.header(k, lang) for k in
                           ("from_resolution", "to_resolution", "from_paragraph", "to_paragraph", "change")]
    labels = {L.change(c, lang) for c in L.change_fills()}
    assert {r["change"] for r in records(book[name], lang)} <= labels


def test_one_row_per_aligned_operative_pair_or_orphan(data, books):
    expected = aligned_operative(data)
    assert expected == 70  # 39 for 46/28 -> 55/25, 31 for 55/25 -> 58/30
    assert len(paragraph_changes(data.resolutions, data.commitments)) == expected
    for lang in ("en", "fr"):
        assert books[lang][L.sheet_name("changes", lang)].max_row - 1 == expected
    [table] = [t for t in workbook_content(data, AS_OF, "en").tables if t.key == "changes"]
    assert len(table.frame) == expected
    rows = records(books["en"]["Changes"], "en")
    pairs = [(r["from_resolution"], r["to_resolution"]) for r in rows]
    assert pairs == sorted(pairs, key=[(R46, R55), (R55, R58)].index), "pairs in order of adoption"
    assert {r["from_resolution"] for r in rows} == {R46, R55}


def test_the_report_paragraph_along_its_chain(books):
    rows = records(books["en"]["Changes"], "en")
    first = find(rows, R46, R55, from_paragraph="OP31")
    assert first["to_paragraph"] == "OP26" and first["change"] == "Reworded"
    assert first["removed"] == "forty-ninth" and first["added"] == "fifty-eighth"
    assert 0.9 < first["similarity"] < 1
    assert first["from_opener"] == first["to_opener"] == "Also requests"
    second = find(rows, R55, R58, from_paragraph="OP26")
    assert second["to_paragraph"] == "OP26" and second["change"] == "Reworded"
    assert (second["removed"], second["added"]) == ("fifty-eighth", "sixty-first")
    assert first["reason"] == "similar wording (word similarity 0.94)"
    fr = find(records(books["fr"]["Modifications"], "fr"), R46, R55, from_paragraph="OP31")
    assert fr["change"] == "Reformulé" and fr["themes"]
    assert fr["reason"] == "formulation proche (similarité des mots 0,94)"


def test_the_mandate_renewal_says_why(books):
    rows = records(books["en"]["Changes"], "en")
    renewal = find(rows, R46, R55, from_paragraph="OP28")
    assert renewal["to_paragraph"] == "OP23"
    assert renewal["reason"] == "both renew the mandate of the Independent Expert on the situation of human rights in Mali"
    fr = find(records(books["fr"]["Modifications"], "fr"), R46, R55, from_paragraph="OP28")
    assert fr["reason"].startswith("les deux renouvellent le mandat")


def test_dropped_paragraphs(books, data):
    rows = records(books["en"]["Changes"], "en")
    for paragraph, theme in (("OP22", "Regional forces and cooperation"), ("OP11", "The 2015 Peace Agreement")):
        row = find(rows, R46, R55, from_paragraph=paragraph)
        assert row["change"] == "Dropped" and row["to_paragraph"] is None and row["similarity"] is None
        assert row["added"] is None and row["removed"].startswith("Calls upon")
        assert theme in row["themes"], "a dropped paragraph keeps the themes of its commitment"
    commitments = data.commitments.set_index("commitment_id")
    assert commitments.loc[f"{R46}:OP22", "dropped_in"] == R55


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_change_cells_are_filled_and_the_sheet_formatted(books, lang):
    ws = books[lang][L.sheet_name("changes", lang)]
    column = [c.value for c in ws[1]].index(L.header("change", lang)) + 1
    colours = {L.change(k, lang): colour.lstrip("#").upper() for k, colour in L.change_fills().items()}
    seen = set()
    for row in range(2, ws.max_row + 1):
        cell = ws.cell(row, column)
        assert cell.fill.fill_type == "solid" and cell.fill.fgColor.rgb.upper().endswith(colours[cell.value])
        seen.add(cell.value)
    assert len(seen) == 6, "the six categories of Mali's renewals occur (nothing is merged or split)"
    assert ws.freeze_panes == "E2"
    assert ws.auto_filter.ref == f"A1:L{ws.max_row}"
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$1:$1"
    assert ws["G1"].value == L.header("reason", lang) and ws["G2"].alignment.wrap_text
    assert ws.column_dimensions["J"].width > 40 and ws["J2"].alignment.wrap_text
    assert ws["A1"].font.b and ws["A1"].fill.fgColor.rgb.endswith("1F3864")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_import_does_not_depend_on_the_changes_sheet(workspace_copy, tmp_path, lang):
    """The importer reads the Assessments sheet only: with the Changes sheet or without it, an edit imports."""
    workspace = Workspace(workspace_copy)
    path = write_workbook(load_workspace(workspace), AS_OF, tmp_path / "wb.xlsx", lang)
    assert import_workbook(workspace, path).added.empty
    book = openpyxl.load_workbook(path)
    del book[L.sheet_name("changes", lang)]
    ws = book[L.sheet_name("assessments", lang)]
    headers = {c.value: c.column for c in ws[1]}
    row = next(r for r in range(2, ws.max_row + 1)
               if ws.cell(r, headers[L.header("commitment_id", lang)]).value == f"{R46}:OP2"
               and ws.cell(r, headers[L.header("assessment_id", lang)]).value is None)
    statuses = load_vocabulary("statuses").set_index("status_id")
    ws.cell(row, headers[L.header("status", lang)]).value = statuses.loc["in_progress", f"label_{lang}"]
    ws.cell(row, headers[L.header("rationale", lang)]).value = "Schools reopened (OCHA update)"
    ws.cell(row, headers[L.header("evidence", lang)]).value = "https://example.org/ocha/2025-05"
    edited = tmp_path / "edited.xlsx"
    book.save(edited)
    result = import_workbook(workspace, edited)
    assert len(result.added) == 1 and not result.problems
    assert result.added.iloc[0]["status"] == "in_progress"
