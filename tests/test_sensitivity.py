"""Sensitivity on every row (issue 13, item 5): new rows are internal, and `build --public` leaves out every
row, source, note and value above public from every deliverable, saying how much it left out."""

import csv
import html
import json
import zipfile
from pathlib import Path

import pytest

from monitor.cli import main
from monitor.ledger import migrate_file
from monitor.observations import OBSERVATION_SCHEMA
from monitor.sensitivity import is_official

MARKER = "CONFIDENTIAL-MARKER-7f3a"
AS_OF = "2025-12-31"
ON = "2025-06-30"
COMMITMENT = "A/HRC/RES/46/28:OP2"  # decided by assessment: a planted judgment would move its status
# a public observation the repository's ledger holds (obs-0001: from the resolution's own text)
PUBLIC_NOTE = "more than 19,800 testimonies from victims"


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def rows(ws: Path, name: str) -> list[dict]:
    return list(csv.DictReader(open(ws / "data" / "curated" / name, encoding="utf-8")))


def plant(capsys, ws: Path) -> None:
    """A confidential observation, event and assessment with the marker in every text field they have."""
    common = ("--workspace", ws, "--sensitivity", "confidential", "--by", f"{MARKER} by")
    assert run(capsys, "record", "violations_documented", f"{MARKER} value", "--date", ON,
               "--source", f"https://example.org/{MARKER}/source", "--confidence", "secondary",
               "--note", f"{MARKER} note", *common)[0] == 0
    assert run(capsys, "record-event", "country_visit", "--date", ON, "--title", f"{MARKER} title",
               "--source", f"https://example.org/{MARKER}/event", "--commitments", COMMITMENT,
               "--note", f"{MARKER} event note", "--id", f"{MARKER.lower()}-event", *common)[0] == 0
    assert run(capsys, "assess", COMMITMENT, "met", "--date", ON, "--rationale", f"{MARKER} rationale",
               "--evidence", f"https://example.org/{MARKER}/evidence", *common)[0] == 0


def texts(folder: Path) -> dict[str, str]:
    """Every file under a folder as text (each member of an xlsx archive, its XML), by its path."""
    found = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as archive:
                for member in archive.namelist():
                    found[f"{path.name}!{member}"] = archive.read(member).decode("utf-8", "replace")
        else:
            found[path.name] = path.read_bytes().decode("utf-8", "replace")
    return found


def marked(folder: Path) -> list[str]:
    return [name for name, content in texts(folder).items() if MARKER.lower() in content.lower()]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The workspace with confidential rows planted, built once in full and once --public."""
    import shutil

    from conftest import ROOT

    ws = tmp_path_factory.mktemp("sensitivity") / "ws"
    shutil.copytree(ROOT / "data", ws / "data", ignore=shutil.ignore_patterns("generated"))
    shutil.copy2(ROOT / "workspace.yml", ws / "workspace.yml")
    (ws / "exports").mkdir()
    assert main(["migrate", "--workspace", str(ws)]) == 0  # whatever columns the repository's ledgers lack
    plant(_Silent(), ws)
    full, public = ws / "exports" / "full", ws / "exports" / "public"
    assert main(["build", "--workspace", str(ws), "--as-of", AS_OF, "--no-images", "--out", str(full)]) == 0
    assert main(["build", "--workspace", str(ws), "--as-of", AS_OF, "--no-images", "--public",
                 "--out", str(public)]) == 0
    return ws, full, public


class _Silent:
    """capsys for a module fixture: the commands' output is not needed."""

    def readouterr(self):
        return "", ""


@pytest.fixture
def ws(capsys, workspace_copy):
    """A copy of the repository's workspace with every column a newer version reads."""
    assert run(capsys, "migrate", "--workspace", workspace_copy)[0] == 0
    return workspace_copy


def test_new_rows_default_to_internal_and_take_a_sensitivity(capsys, ws):
    assert run(capsys, "record", "violations_documented", "internal by default", "--date", ON,
               "--source", "https://example.org/a", "--workspace", ws)[0] == 0
    assert run(capsys, "record", "violations_documented", "kept confidential", "--date", ON,
               "--source", "https://example.org/b", "--sensitivity", "confidential", "--workspace", ws)[0] == 0
    assert run(capsys, "record-event", "country_visit", "--date", ON, "--title", "a visit",
               "--source", "https://example.org/c", "--workspace", ws)[0] == 0
    assert run(capsys, "assess", COMMITMENT, "met", "--date", ON, "--rationale", "why",
               "--evidence", "A/HRC/58/1", "--sensitivity", "public", "--workspace", ws)[0] == 0
    observations = rows(ws, "observations.csv")
    assert [r["sensitivity"] for r in observations[-2:]] == ["internal", "confidential"]
    assert rows(ws, "events.csv")[-1]["sensitivity"] == "internal"
    assert rows(ws, "assessments.csv")[-1]["sensitivity"] == "public"


@pytest.mark.parametrize("command", [
    ("record", "violations_documented", "a value", "--source", "https://example.org/a"),
    ("record-event", "country_visit", "--title", "a visit", "--source", "https://example.org/c"),
    ("assess", COMMITMENT, "met", "--rationale", "why", "--evidence", "A/HRC/58/1"),
])
def test_bad_sensitivity_is_refused_naming_the_field(capsys, ws, command):
    ledger = {"record": "observations.csv", "record-event": "events.csv", "assess": "assessments.csv"}[command[0]]
    before = (ws / "data" / "curated" / ledger).read_bytes()
    code, _, err = run(capsys, *command, "--date", ON, "--sensitivity", "secret", "--workspace", ws)
    assert code == 2
    assert "sensitivity" in err and "'secret'" in err
    assert (ws / "data" / "curated" / ledger).read_bytes() == before


def test_imported_observations_take_the_sensitivity_column(capsys, ws, tmp_path):
    given = tmp_path / "new.csv"
    given.write_text("indicator_id,date,value,source,confidence,sensibilité\n"
                     f"violations_documented,{ON},one,https://example.org/1,secondary,confidential\n"
                     f"violations_documented,{ON},two,https://example.org/2,secondary,\n", encoding="utf-8")
    assert run(capsys, "import-observations", given, "--sensitivity", "public", "--workspace", ws)[0] == 0
    assert [r["sensitivity"] for r in rows(ws, "observations.csv")[-2:]] == ["confidential", "public"]


def test_migration_marks_rows_from_un_sources_public(tmp_path):
    ledger = tmp_path / "observations.csv"
    # the columns of a ledger written before sensitivity (and before any column added since)
    header = ["observation_id", "indicator_id", "date", "date_end", "precision", "value", "qualifier", "source",
              "source_date", "confidence", "note", "recorded_at", "recorded_by"]
    lines = [",".join(header),
             "obs-0001,x,2021-03-24,,day,1,exact,A/HRC/RES/46/28,,primary,a note,2026-11-28,me",
             'obs-0002,x,2021-03-24,,day,2,exact,"S/2020/1281, paras 2-3",,primary,"a, note",2026-11-28,me',
             "obs-0003,x,2021-03-24,,day,3,exact,https://www.ohchr.org/en/press,,primary,,2026-11-28,me",
             "obs-0004,x,2021-03-24,,day,4,exact,https://news.example.org/a,,secondary,,2026-11-28,me",
             "obs-0005,x,2021-03-24,,day,5,exact,https://www.ohchr.org/a ; https://blog.example/b,,secondary,,2026-11-28,me"]
    ledger.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert "sensitivity" in migrate_file(ledger, OBSERVATION_SCHEMA)
    migrated = list(csv.DictReader(open(ledger, encoding="utf-8")))
    assert [r["sensitivity"] for r in migrated] == ["public", "public", "public", "internal", "internal"]
    assert [r["note"] for r in migrated[:2]] == ["a note", "a, note"]
    assert list(migrated[0]) == OBSERVATION_SCHEMA.column_names  # in the schema's place, after confidence


def test_official_sources():
    assert is_official("A/HRC/RES/46/28 OP19") and is_official("https://news.un.org/fr/story/1")
    assert is_official("SC/15341") and is_official("https://docs.un.org/en/A/HRC/58/1")
    assert not is_official("https://unwatch.org/a") and not is_official("https://fakeun.org/a")
    assert not is_official("") and not is_official("a victims' association, interview")


def test_repository_ledgers_are_migrated():
    from conftest import ROOT

    for name in ("observations.csv", "events.csv", "assessments.csv"):
        values = {r["sensitivity"] for r in rows(ROOT, name)}
        assert values <= {"public", "internal", "confidential"} and "public" in values, name


def test_public_build_leaves_no_confidential_marker_anywhere(built):
    _, full, public = built
    assert marked(full), "the full build shows the planted rows"
    assert marked(public) == []


def test_public_build_keeps_the_public_rows(built):
    _, _, public = built
    found = texts(public)
    workbook = html.unescape("\n".join(c for n, c in found.items() if ".xlsx!xl/worksheets/" in n))
    assert PUBLIC_NOTE in workbook and "A/HRC/RES/46/28" in workbook
    dashboard = next(c for n, c in found.items() if n.startswith("dashboard-"))
    assert "cvjr_testimonies" in next(c for n, c in found.items() if n.startswith("indicators-"))
    assert "19800" in next(c for n, c in found.items() if n.startswith("indicators-")) or "19800" in dashboard


def test_public_build_says_how_much_it_left_out(built):
    ws, _, public = built
    left = {name: sum(r["sensitivity"] != "public" for r in rows(ws, f"{name}.csv"))
            for name in ("observations", "events", "assessments")}
    manifest = json.loads((public / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["public"] is True
    assert {k: manifest["left_out"][k] for k in left} == left
    sentence = (f"{left['observations']} observations, {left['events']} events and "
                f"{left['assessments']} assessments marked internal or confidential are left out")
    dashboard = next(public.glob("dashboard-*.html")).read_text(encoding="utf-8")
    footer = dashboard[dashboard.index('<footer id="provenance">'):]
    assert sentence in footer
    found = texts(public)
    workbook = html.unescape("\n".join(c for n, c in found.items() if ".xlsx!xl/worksheets/" in n))
    assert sentence in workbook and "Public version" in workbook


def test_public_status_is_computed_without_restricted_rows(built):
    _, full, public = built
    day = AS_OF

    def status(folder):
        found = list(csv.DictReader(open(folder / f"status-{day}.csv", encoding="utf-8")))
        return {r["commitment_id"]: r["status"] for r in found}
    assert status(full)[COMMITMENT] == "met"
    assert status(public)[COMMITMENT] != "met"


@pytest.mark.parametrize("name", ["10_commitments_and_indicators", "20_status_dashboard", "30_excel_report"])
def test_notebooks_take_a_public_parameter(name):
    from conftest import ROOT

    text = (ROOT / "notebooks" / f"{name}.py").read_text(encoding="utf-8")
    cell = text.split('# %% tags=["parameters"]', 1)[1].split("# %%", 1)[0]
    assert "public = False" in cell
    assert "as_shared(load_workspace(Workspace.locate(workspace)), public)" in text or "public=public" in text


def test_as_shared_is_the_public_view_only_when_asked():
    from monitor.pipeline import load_workspace
    from monitor.sensitivity import as_shared
    from monitor.workspace import Workspace

    data = load_workspace(Workspace.locate(None))
    assert as_shared(data, False) is data
    shared = as_shared(data, True)
    assert set(shared.curated.observations["sensitivity"]) == {"public"}
    assert len(shared.curated.observations) < len(data.curated.observations)


def _fill(path: Path, out: Path, commitment: str, values: dict, recorded: str | None = None) -> Path:
    """The Assessments sheet with a commitment's empty row (or the recorded row `recorded`) given values."""
    import openpyxl

    book = openpyxl.load_workbook(path)
    sheet = book["Assessments"]
    headers = {c.value: c.column for c in sheet[1]}
    row = next(r for r in range(2, sheet.max_row + 1)
               if sheet.cell(r, headers["Commitment"]).value == commitment
               and sheet.cell(r, headers["Assessment"]).value == recorded)
    for name, value in values.items():
        sheet.cell(row, headers[name]).value = value
    book.save(out)
    return out


def test_workbook_import_reads_the_sensitivity_column(capsys, built, tmp_path):
    import shutil

    source, full, _ = built
    ws = tmp_path / "ws"
    shutil.copytree(source / "data", ws / "data")
    shutil.copy2(source / "workspace.yml", ws / "workspace.yml")
    workbook = next(full.glob("*.xlsx"))
    new = {"Status": "In progress", "Rationale": "schools reopened", "Evidence": "https://example.org/w"}
    bad = _fill(workbook, tmp_path / "bad.xlsx", COMMITMENT, {**new, "Sensitivity": "secret"})
    code, _, err = run(capsys, "import-workbook", bad, "--workspace", ws)
    assert code == 2 and "Sensitivity" in err and "'secret'" in err
    given = _fill(workbook, tmp_path / "given.xlsx", COMMITMENT, {**new, "Sensitivity": "Confidentiel"})
    assert run(capsys, "import-workbook", given, "--workspace", ws)[0] == 0
    assert rows(ws, "assessments.csv")[-1]["sensitivity"] == "confidential"
    empty = _fill(workbook, tmp_path / "empty.xlsx", "A/HRC/RES/46/28:OP9", new)
    assert run(capsys, "import-workbook", empty, "--sensitivity", "public", "--workspace", ws)[0] == 0
    assert rows(ws, "assessments.csv")[-1]["sensitivity"] == "public"
    # a recorded row made public: a correction, the row it corrects no longer counts
    recorded = rows(ws, "assessments.csv")[0]
    opened = _fill(workbook, tmp_path / "opened.xlsx", recorded["commitment_id"], {"Sensitivity": "Public"},
                   recorded=recorded["assessment_id"])
    assert run(capsys, "import-workbook", opened, "--workspace", ws)[0] == 0
    last = rows(ws, "assessments.csv")[-1]
    assert (last["corrects"], last["sensitivity"], last["status"]) == (recorded["assessment_id"], "public",
                                                                        recorded["status"])


def test_public_view_drops_restricted_rows_and_baselines():
    import pandas as pd

    from monitor.curated import CuratedTables
    from monitor.sensitivity import public_curated

    indicators = pd.DataFrame({"indicator_id": ["a", "b", "c"], "baseline_value": ["1", "2", ""],
                               "baseline_date": ["2021-01-01", "2021-01-01", ""],
                               "baseline_source": ["A/HRC/RES/46/28 OP19", "https://example.org/witness", ""]})
    observations = pd.DataFrame({"observation_id": ["obs-0001", "obs-0002", "obs-0003"],
                                 "sensitivity": ["public", "confidential", ""]})
    curated = CuratedTables(indicators=indicators, observations=observations)
    public, left_out = public_curated(curated)
    assert list(public.observations["observation_id"]) == ["obs-0001"]  # an empty cell is internal
    assert list(public.indicators["baseline_value"]) == ["1", "", ""]
    assert list(public.indicators["baseline_source"]) == ["A/HRC/RES/46/28 OP19", "", ""]
    assert left_out == {"observations": 2, "events": 0, "assessments": 0, "baselines": 1}
