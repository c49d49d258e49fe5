"""Workspaces for the Central African Republic, Haiti and both at once, made through the CLI as a new user would:
their outputs carry their own countries' names and indicators, and nothing of another workspace's data."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import openpyxl
import pytest

from monitor.cli import main
from workspaces import AS_OF

ROOT = Path(__file__).resolve().parents[1]
# Words of the Mali workspace's data (its reference vocabularies, indicators and events) and of Mali itself
MALI_WORDS = re.compile(r"\b(Mali|Malian|malien\w*|MINUSMA|CVJR|DDR|Sahel|Barkhane|ECOWAS|CEDEAO|Bamako|"
                        r"mali-monitor)\b", re.IGNORECASE)
COUNTRY_WORDS = {"car": re.compile(r"Central African|centrafricain\w*", re.IGNORECASE),
                 "haiti": re.compile(r"Haiti|Haïti|haïtien\w*|Haitian", re.IGNORECASE)}


def mali_ids() -> set[str]:
    """Ids only the Mali workspace's data defines: its indicators, events and its own actors and themes."""
    ids = set()
    for name, column in (("curated/indicators.csv", "indicator_id"), ("curated/events.csv", "event_id"),
                         ("reference/actors.csv", "actor_id"), ("reference/themes.csv", "theme_id")):
        with open(ROOT / "data" / name, encoding="utf-8") as handle:
            ids |= {row[column] for row in csv.DictReader(handle) if row.get("remove", "") != "yes"}
    from monitor.vocab import load_vocabulary

    generic = set(load_vocabulary("actors")["actor_id"]) | set(load_vocabulary("themes")["theme_id"])
    return ids - generic


def outputs(root: Path) -> dict[str, str]:
    """Every text a build wrote, by where it is: workbook cells and properties, dashboard, CSVs, manifest, names."""
    found: dict[str, str] = {}
    for folder in (root / "exports" / AS_OF.isoformat(), root / "exports" / "fr", root / "data" / "generated"):
        for path in sorted(folder.iterdir()):
            found[f"name:{path}"] = path.name
            if path.suffix == ".xlsx":
                book = openpyxl.load_workbook(path, read_only=False)
                props = book.properties
                found[f"{path.name}:properties"] = " ".join(str(v) for v in (props.title, props.subject,
                                                                                props.keywords, props.category))
                for ws in book.worksheets:
                    cells = [str(c) for row in ws.iter_rows(values_only=True) for c in row if c is not None]
                    found[f"{path.name}:{ws.title}"] = ws.title + "\n" + "\n".join(cells)
            elif path.suffix == ".html":
                html = path.read_text(encoding="utf-8")
                # plotly.js itself is inlined once, in the first script: the library is not the workspace's text
                start = html.index('<script type="text/javascript">')
                found[str(path)] = html[:start] + html[html.index("</script>", start):]
            elif path.suffix in (".csv", ".json"):
                found[str(path)] = path.read_text(encoding="utf-8")
    return found


@pytest.mark.parametrize("name", ["car", "haiti", "both"])
def test_no_output_carries_another_workspaces_words(country_workspaces, name):
    texts = outputs(country_workspaces[name])
    assert len(texts) > 20, "the workbook's sheets, the dashboard, the CSVs and the manifest were read"
    ids = sorted(mali_ids(), key=len, reverse=True)
    assert {"cvjr_testimonies", "minusma", "election_date_scheduled"} <= set(ids)
    mali_id = re.compile(r"\b(" + "|".join(map(re.escape, ids)) + r")\b")
    for where, text in texts.items():
        assert not MALI_WORDS.search(text), f"{where}: {MALI_WORDS.search(text).group(0)!r}"
        assert not mali_id.search(text), f"{where}: the Mali workspace's id {mali_id.search(text).group(0)!r}"
        for other, words in COUNTRY_WORDS.items():
            if name not in (other, "both"):
                assert not words.search(text), f"{where}: {words.search(text).group(0)!r} of the {other} workspace"


def test_names_and_titles_come_from_the_workspace(country_workspaces):
    car, haiti = country_workspaces["car"], country_workspaces["haiti"]
    assert (car / "exports" / AS_OF.isoformat() / f"central-african-republic-monitor-{AS_OF}.xlsx").is_file(), \
        "no short name given: taken from the first resolution"
    assert (haiti / "exports" / AS_OF.isoformat() / f"haiti-{AS_OF}.xlsx").is_file()
    html = (haiti / "exports" / AS_OF.isoformat() / f"dashboard-{AS_OF}.html").read_text(encoding="utf-8")
    assert "<h1>Haiti: follow-up of the Council&#x27;s resolutions</h1>" in html
    french = (haiti / "exports" / "fr" / f"dashboard-{AS_OF}.html").read_text(encoding="utf-8")
    assert "<h1>Haïti : suivi des résolutions du Conseil</h1>" in french
    text = (car / "workspace.yml").read_text(encoding="utf-8")
    assert 'en: "Central African Republic resolution monitor"' in text
    assert 'fr: "Suivi des résolutions : République centrafricaine"' in text


def test_the_dashboard_draws_the_analysts_own_indicators(country_workspaces):
    html = (country_workspaces["car"] / "exports" / AS_OF.isoformat() / f"dashboard-{AS_OF}.html").read_text("utf-8")
    figures = re.findall(r'id="fig-([^"]+)"', html)
    assert figures == ["status_overview", "paragraph_map", "status_history", "evolution", "journalists_detained",
                       "child_policy_adopted", "milestones", "reporting_calendar"]
    assert "Government of the Central African Republic" in html
    assert "Independent Expert on the situation of human rights in the Central African Republic" in html
    haiti = (country_workspaces["haiti"] / "exports" / AS_OF.isoformat() / f"dashboard-{AS_OF}.html").read_text("utf-8")
    assert re.findall(r'id="fig-([^"]+)"', haiti)[4:] == ["killings_recorded", "schools_open", "milestones",
                                                         "reporting_calendar"]


def workbook(root: Path, name: str):
    return openpyxl.load_workbook(next((root / "exports" / AS_OF.isoformat()).glob("*.xlsx")), read_only=True)[name]


def rows(ws) -> list[dict]:
    values = list(ws.iter_rows(values_only=True))
    return [dict(zip(values[0], row)) for row in values[1:]]


def test_statuses_follow_the_direction_and_the_rules(country_workspaces, capsys):
    car = country_workspaces["car"]
    commitments = {r["Commitment"]: r for r in rows(workbook(car, "Commitments"))}
    assert commitments["A/HRC/RES/54/31:OP24"]["Status"] == "Not met or reversed", "5 journalists, up from 2: worse"
    assert commitments["A/HRC/RES/54/31:OP15"]["Status"] == "Not started", "still no policy"
    assert commitments["A/HRC/RES/54/31:OP46"]["Status"] == "Met"
    assert commitments["A/HRC/RES/54/31:OP30"]["Status"] == "In progress", "the analyst's assessment"
    assert commitments["A/HRC/RES/54/31:OP5"]["Addressees"].startswith("Government of the Central African Republic")
    assert main(["timeline", "--workspace", str(car), "--format", "json"]) == 0
    timeline = json.loads(capsys.readouterr().out)
    assert [(r["type"], r["state"]) for r in timeline] == [("election_postponed", "occurred"),
                                                          ("election_scheduled", "scheduled")]
    assert timeline[1]["deadline_of"] is None, "57/35 OP5 sets no deadline"


def test_sources_that_disagree_are_both_drawn(country_workspaces):
    from monitor.dashboards import dashboard_figures
    from monitor.pipeline import load_workspace
    from monitor.workspace import Workspace

    figure = dashboard_figures(load_workspace(Workspace(country_workspaces["haiti"])), AS_OF)["killings_recorded"]
    chosen = [t for t in figure.data if (t.meta or {}).get("series") == "chosen"][0]
    other = [t for t in figure.data if (t.meta or {}).get("series") == "other"][0]
    assert [float(v) for v in chosen.y] == [1500.0] and list(chosen.marker.symbol) == ["circle-open"], \
        "'over 1,500', the higher confidence, as an open marker"
    assert [float(v) for v in other.y] == [1400.0] and "other sources" in other.name


def test_one_workspace_two_countries(country_workspaces, capsys):
    root = country_workspaces["both"]
    summary = [c for row in workbook(root, "Summary").iter_rows(values_only=True) for c in row if isinstance(c, str)]
    # one set per country and resolution, the one in force first: renewals are never added up
    assert "Central African Republic · A/HRC/RES/57/35 (in force): Commitments by status" in summary
    assert "Central African Republic · A/HRC/RES/54/31: Commitments by status" in summary
    assert "Haiti · A/HRC/RES/58/32 (in force): Commitments by status" in summary
    assert "Government of Haiti" in summary and "Government of the Central African Republic" in summary
    from monitor.dashboards import dashboard_figures
    from monitor.pipeline import load_workspace
    from monitor.workspace import Workspace

    data = load_workspace(Workspace(root))
    assert dict(zip(data.series["resolution_id"], data.series["series_id"])) == {
        "A/HRC/RES/54/31": "central-african-republic", "A/HRC/RES/57/35": "central-african-republic",
        "A/HRC/RES/55/24": "haiti", "A/HRC/RES/58/32": "haiti"}
    overview = dashboard_figures(data, AS_OF)["status_overview"]
    addressees = {y for t in overview.data if t.meta["dimension"] == "addressee" for y in t.y}
    assert {"Government of Haiti", "Government of the Central African Republic"} <= addressees
    assert sum(sum(t.x) for t in overview.data if t.meta["dimension"] == "addressee") == len(data.commitments)
    assert main(["diff", "--workspace", str(root), "A/HRC/RES/54/31", "A/HRC/RES/58/32"]) == 0
    assert "belong to different series" in capsys.readouterr().err
    assert main(["diff", "--workspace", str(root), "A/HRC/RES/55/24", "A/HRC/RES/58/32"]) == 0
    assert "different series" not in capsys.readouterr().err
