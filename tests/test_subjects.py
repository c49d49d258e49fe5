"""UNBIS subjects and SDG targets on every commitment: from the XML, `add --subject`, the themes' mapping, curation."""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import openpyxl
import pytest
import yaml

from cli_helpers import XML, copied, made_workspace, run
from conftest import SEED
from monitor.commitments import build_commitments
from monitor.errors import InputError
from monitor.parse import parse_path, parse_text
from monitor.pipeline import load_workspace
from monitor.vocab import load_vocabulary
from monitor.workspace import Workspace

AS_OF = dt.date(2025, 6, 30)
THEMES_HEADER = "theme_id,order,label_en,label_fr,keywords,description,sdg_targets\n"


def _unbis_terms(path: Path) -> list[str]:
    """The UNBIS Thesaurus keywords of an AKN4UN file, read with a regular expression, not the parser."""
    found = re.findall(r'<keyword value="([^"]+)"[^>]*dictionary="UNBIS Thesaurus"', path.read_text(encoding="utf-8"))
    return list(dict.fromkeys(found))


def _one(text: str, reference: Path | None = None):
    """The commitment of a one-paragraph Council text written here."""
    resolution = parse_text(f"The Human Rights Council,\n\n1. {text}\n")
    resolution.body, resolution.adoption_date = "HRC", dt.date(2025, 4, 4)
    return build_commitments(resolution, reference).iloc[0]


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A workspace of 55/25 (UN XML) made with init and add, once for the module."""
    return made_workspace(tmp_path_factory.mktemp("subjects"), "subjects", XML)


@pytest.fixture()
def ws(template, tmp_path) -> Path:
    return copied(template, tmp_path)


def _annotate(ws: Path, *rows: tuple[str, str, str]) -> Path:
    path = ws / "data" / "curated" / "commitment_annotations.csv"
    with open(path, "a", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        for commitment, field, value in rows:
            writer.writerow([commitment, "", field, value, "checked against the text", "tester", "2025-01-10"])
    return path


# ---------------------------------------------------------------------------- subjects

def test_xml_subjects_are_on_every_commitment():
    expected = _unbis_terms(XML)
    assert "TRANSITIONAL JUSTICE" in expected and "HUMAN RIGHTS" in expected
    commitments = build_commitments(parse_path(XML))
    assert len(commitments) > 20
    assert all(list(s) == expected for s in commitments["subjects"])


def test_text_input_has_no_subjects_unless_given_with_add(tmp_path, capsys):
    ws = made_workspace(tmp_path, "seed")
    code, _, err = run(capsys, "add", SEED, "--workspace", ws, "--subject", "HUMAN RIGHTS",
                       "--subject", "TECHNICAL  COOPERATION", "--subject", "HUMAN RIGHTS")
    assert code == 0, err
    record = yaml.safe_load((ws / "data" / "raw" / "a-hrc-res-46-28" / "source.yml").read_text(encoding="utf-8"))
    assert record["subjects"] == ["HUMAN RIGHTS", "TECHNICAL COOPERATION"]  # once each, blanks collapsed
    commitments = load_workspace(Workspace(ws)).commitments
    assert all(list(s) == ["HUMAN RIGHTS", "TECHNICAL COOPERATION"] for s in commitments["subjects"])
    # the same text parsed alone carries none: a text or PDF has no classification
    assert all(list(s) == [] for s in build_commitments(parse_path(SEED))["subjects"])


def test_subjects_given_for_an_xml_follow_its_own(tmp_path, capsys):
    ws = made_workspace(tmp_path, "xml")
    code, _, err = run(capsys, "add", XML, "--workspace", ws, "--subject", "ELECTIONS", "--subject", "HUMAN RIGHTS")
    assert code == 0, err
    subjects = load_workspace(Workspace(ws)).commitments["subjects"].iloc[0]
    assert list(subjects) == _unbis_terms(XML) + ["ELECTIONS"]  # HUMAN RIGHTS is the XML's already


@pytest.mark.parametrize("term", ["HUMAN RIGHTS|MALI", "  ", "TWO\nLINES"])
def test_a_bad_subject_term_is_refused(tmp_path, capsys, term):
    ws = made_workspace(tmp_path, "seed")
    code, _, err = run(capsys, "add", SEED, "--workspace", ws, "--subject", term)
    assert code == 2 and "--subject" in err and "Traceback" not in err
    assert not (ws / "data" / "raw" / "a-hrc-res-46-28").exists()


# ---------------------------------------------------------------------------- SDG targets

def test_package_themes_give_their_targets():
    row = _one("Urges all parties to end the recruitment and use of children and to protect schools;")
    assert "children" in row["themes"]
    assert row["sdg_targets"] == ["4.a", "8.7", "16.2"]  # in the target vocabulary's order


def test_a_workspace_theme_mapped_to_targets_gives_them(tmp_path):
    (tmp_path / "themes.csv").write_text(
        THEMES_HEADER + "water,16,Water,Eau,drinking water|eau potable,Access to water,6.1|16.3\n", encoding="utf-8")
    (tmp_path / "sdg_targets.csv").write_text(
        "target,goal,label_en,label_fr,verified\n6.1,6,Safe drinking water,Eau potable,false\n", encoding="utf-8")
    row = _one("Calls upon the Government to ensure access to drinking water;", tmp_path)
    assert row["themes"] == ["water"]
    assert row["sdg_targets"] == ["6.1", "16.3"]


def test_a_themes_file_without_the_column_keeps_the_package_targets(tmp_path):
    (tmp_path / "themes.csv").write_text(
        "theme_id,order,label_en,label_fr,keywords,description\n"
        "children,4,Children,Enfants,children|schools,Children and schools\n"
        "water,16,Water,Eau,drinking water,Access to water\n", encoding="utf-8")
    themes = load_vocabulary("themes", tmp_path).set_index("theme_id")
    assert themes.loc["children", "sdg_targets"] == load_vocabulary("themes").set_index("theme_id").loc[
        "children", "sdg_targets"] != ""
    assert themes.loc["water", "sdg_targets"] == ""
    assert themes.loc["children", "label_en"] == "Children"  # the workspace's row still replaces the package's


def test_an_unknown_target_in_the_themes_file_is_refused_with_its_row(tmp_path):
    (tmp_path / "themes.csv").write_text(
        THEMES_HEADER + "water,16,Water,Eau,drinking water,Access to water,6.1\n"
        "housing,17,Housing,Logement,housing,Housing,11.1|16.99\n", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_vocabulary("themes", tmp_path)
    message = str(raised.value)
    assert "themes.csv" in message and "row 2" in message and "sdg_targets" in message and "'6.1'" in message
    assert "(and 1 more problems)" in message  # row 3's 16.99 too


def test_every_package_target_is_well_formed_and_unverified():
    targets = load_vocabulary("sdg_targets")
    assert {"16.3", "16.10", "5.2", "16.a"} <= set(targets["target"])
    assert all(code.split(".")[0] == goal for code, goal in zip(targets["target"], targets["goal"]))
    # the labels are this package's short wording, not the UN's: every one says so
    assert set(targets["verified"]) == {"false"}
    used = {code for value in load_vocabulary("themes")["sdg_targets"] for code in value.split("|") if code}
    assert used <= set(targets["target"])


# ---------------------------------------------------------------------------- curation

def test_an_annotation_overrides_targets_and_subjects(ws):
    _annotate(ws, ("A/HRC/RES/55/25:OP1", "sdg_targets", "5.2|16.1"),
              ("A/HRC/RES/55/25:OP2", "subjects", "WOMEN'S RIGHTS|HUMAN RIGHTS"),
              ("A/HRC/RES/55/25:OP3", "themes", "civic_space"))
    commitments = load_workspace(Workspace(ws)).commitments.set_index("commitment_id")
    op1, op2, op3 = (commitments.loc[f"A/HRC/RES/55/25:OP{n}"] for n in (1, 2, 3))
    assert op1["sdg_targets"] == ["5.2", "16.1"] and "sdg_targets" in op1["curated_fields"]
    assert op2["subjects"] == ["WOMEN'S RIGHTS", "HUMAN RIGHTS"] and "subjects" in op2["curated_fields"]
    assert any(n.startswith("subjects: checked against the text") for n in op2["curation_notes"])
    # a corrected theme brings its own targets, where the analyst left the targets alone
    assert op3["themes"] == ["civic_space"] and op3["sdg_targets"] == ["16.10"]
    untouched = commitments.loc["A/HRC/RES/55/25:OP4"]
    assert untouched["subjects"] == _unbis_terms(XML) and untouched["curated_fields"] == []


def test_an_unknown_target_in_an_annotation_is_refused_with_its_row(ws, capsys):
    path = _annotate(ws, ("A/HRC/RES/55/25:OP1", "sdg_targets", "16.3"), ("A/HRC/RES/55/25:OP2", "sdg_targets", "16.3|99.9"))
    before = path.read_bytes()
    code, out, err = run(capsys, "commitments", "--workspace", ws)
    assert code == 2 and "Traceback" not in err
    assert "commitment_annotations.csv" in err and "row 3" in err and "value" in err and "'99.9'" in err
    assert path.read_bytes() == before


# ---------------------------------------------------------------------------- workbook and dashboard

@pytest.mark.parametrize("lang, targets, subjects, marker", [
    ("en", "SDG targets", "UNBIS subjects", "(unverified)"),
    ("fr", "Cibles des ODD", "Sujets UNBIS", "(non vérifié)"),
])
def test_the_commitments_sheet_has_filterable_target_and_subject_columns(template, tmp_path, lang, targets,
                                                                         subjects, marker):
    from monitor.reports.excel import write_workbook

    data = load_workspace(Workspace(template))
    path = write_workbook(data, AS_OF, tmp_path / f"book-{lang}.xlsx", lang)
    sheet = openpyxl.load_workbook(path).worksheets[3]
    header = [c.value for c in sheet[1]]
    assert targets in header and subjects in header
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0]}
    expected = data.commitments.set_index("commitment_id")
    checked = 0
    for cid, row in rows.items():
        codes = expected.loc[cid, "sdg_targets"]
        cell = row[header.index(targets)]
        if codes:
            assert re.findall(r"(?:^|; )(\d+\.\w+) ", cell) == list(codes)
            assert marker in cell
            checked += 1
        else:
            assert cell is None
        assert row[header.index(subjects)].split("; ") == _unbis_terms(XML)
    assert checked > 10
    # the sheet's autofilter spans the new columns
    last = openpyxl.utils.get_column_letter(max(header.index(targets), header.index(subjects)) + 1)
    ref = sheet.auto_filter.ref
    assert ref and openpyxl.utils.column_index_from_string(re.match(r"[A-Z]+\d+:([A-Z]+)", ref).group(1)) >= \
        openpyxl.utils.column_index_from_string(last)


def test_the_dashboard_counts_commitments_by_sdg_target(template):
    from monitor.dashboards import dashboard_figures

    data = load_workspace(Workspace(template))
    figure = dashboard_figures(data, AS_OF)["status_overview"]
    traces = [t for t in figure.data if t.meta["dimension"] == "sdg_target"]
    expected = sum(len(t) for t in data.commitments["sdg_targets"])
    assert expected > 0 and sum(sum(t.x) for t in traces) == expected, "a paragraph counts under each target"
    shown = {y for t in traces for y in t.y}
    assert "16.3 Rule of law and equal access to justice" in shown
    titles = [a.text for a in figure.layout.annotations]
    assert "By SDG target of its themes (labels unverified)" in titles
    french = dashboard_figures(data, AS_OF, "fr")["status_overview"]
    assert "Par cible ODD de ses thèmes (libellés non vérifiés)" in [a.text for a in french.layout.annotations]


def test_each_paragraph_tile_names_its_targets_and_subjects(template):
    from monitor.dashboards import dashboard_figures

    data = load_workspace(Workspace(template))
    figure = dashboard_figures(data, AS_OF)["paragraph_map"]
    targets = dict(zip(data.commitments["paragraph_id"], data.commitments["sdg_targets"]))
    hovers = {re.search(r"<b>(OP\d+)</b>", label).group(1): custom[4]
              for trace in figure.data for label, custom in zip(trace.text, trace.customdata)}
    assert set(hovers) == set(targets)
    for paragraph, hover in hovers.items():
        flat = hover.replace("<br>", " ")
        assert ("<b>SDG targets</b>: " + ", ".join(targets[paragraph]) in flat) == bool(targets[paragraph])
        assert "<b>UNBIS subjects</b>: HUMAN RIGHTS, INTERNAL SECURITY, TRANSITIONAL JUSTICE" in flat
    assert "%{customdata[4]}" in figure.data[0].hovertemplate
