"""At the size to plan for: figures and sheets that stay readable, whatever the number of resolutions, renewal
pairs and observations (tables made in memory); and a build of 150 resolutions and 10^5 observations
(benchmarks/synthetic.py, generated and built once for the module) whose dashboard loads in Chromium."""

from __future__ import annotations

import datetime as dt
import json
import sys
import warnings
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from monitor.cli import main

from monitor.config import FigureConfig
from monitor.dashboards import figures as F
from monitor.dashboards import indicator_figures as I
from monitor.dashboards.phone import phone_figure
from monitor.indicator_series import MAX_POINTS
from monitor.reports.excel import MAX_PROPERTY, fit_property
from observation_frames import observation_frame

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from synthetic import make_workspace  # noqa: E402  (benchmarks/ is no package)

RESOLUTIONS, OBSERVATIONS = 150, 100_000
AS_OF = dt.date(2025, 12, 31)
RANK = {"primary": 3, "mirror": 2, "secondary": 1}


# --------------------------------------------------------------------------- figures, in memory

def change_counts(pairs: int) -> pd.DataFrame:
    rows = []
    for index in range(pairs):
        old, new = f"A/HRC/RES/{40 + index}/1", f"A/HRC/RES/{41 + index}/1"
        for theme in (F.tables.ALL_THEMES, "accountability", "elections"):
            for change, count in (("unchanged", index % 4 + 1), ("reworded", 2), ("new", 1)):
                rows.append({"from_resolution": old, "to_resolution": new, "theme": theme, "change": change,
                             "count": count, "paragraphs": "OP1, OP2"})
    return pd.DataFrame(rows)


def test_the_evolution_figure_of_30_pairs_shows_the_recent_ones_and_adds_up_the_rest():
    counts = change_counts(30)
    adopted = {f"A/HRC/RES/{41 + i}/1": dt.date(2000 + i, 3, 1) for i in range(30)}
    fig = F.evolution_figure(counts, AS_OF, adopted=adopted)
    titles = [a.text for a in fig.layout.annotations if a.name != "source" and a.yanchor == "bottom"]
    assert titles[:F.EVOLUTION_PAIRS] == ["25 earlier pairs, added up", "65/1 → 66/1", "66/1 → 67/1", "67/1 → 68/1",
                                          "68/1 → 69/1", "69/1 → 70/1"]
    panels = {t.xaxis for t in fig.data}
    assert len(panels) == F.EVOLUTION_PAIRS
    # the earlier pairs' counts, added up: unchanged is 1, 2, 3, 4, 1 ... over the first 25 pairs
    kept = [t for t in fig.data if t.meta["change"] == "unchanged" and t.meta["to_resolution"] == F.EARLIER[1]][0]
    assert list(kept.x) == [sum(i % 4 + 1 for i in range(25))] * 3
    # panels in rows of two, each row under the other, all within the figure
    domains = sorted({tuple(fig.layout[k].domain) for k in fig.layout if k.startswith("yaxis")})
    assert len(domains) == F.EVOLUTION_PAIRS // F.EVOLUTION_COLUMNS
    assert fig.layout.height < 300 + 3 * (30 * 3 + 70) + 100
    assert phone_figure(fig).layout.height > 0  # the phone layout is made from it too


def test_the_evolution_figure_of_2_pairs_is_unchanged_by_the_limit():
    fig = F.evolution_figure(change_counts(2), AS_OF)
    assert {t.meta["to_resolution"] for t in fig.data} == {"A/HRC/RES/41/1", "A/HRC/RES/42/1"}
    assert fig.layout.xaxis2.matches == "x" and fig.layout.height == 300 + 30 * 3


def observations(count: int, indicator: str = "ind", per_day: int = 40, values=None, seed: int = 0) -> pd.DataFrame:
    """`count` observations of one indicator, `per_day` on each day up to AS_OF (the first from a primary source)."""
    days = -(-count // per_day)
    dates = np.repeat(pd.date_range(end=AS_OF, periods=days, freq="D").strftime("%Y-%m-%d"), per_day)[:count]
    return observation_frame(dates, per_day, indicator, seed, values, high=5000, qualified=("over", 0.1),
                             source="https://example.org/a")


def indicators(kind: str = "count") -> pd.DataFrame:
    return pd.DataFrame([{"indicator_id": "ind", "name_en": "Persons", "name_fr": "Personnes", "unit": "persons",
                          "type": kind, "baseline_value": "", "baseline_date": "", "baseline_source": "",
                          "target_value": "", "target_date": "", "direction": "increase", "commitments": "",
                          "note": ""}])


@pytest.mark.parametrize("kind", ["count", "panels", "percent"])
def test_an_indicator_of_100000_observations_draws_a_bounded_number_of_points_with_webgl(kind):
    spec = FigureConfig("ind", kind, indicators=("ind",))
    ledger = observations(100_000)  # 2,500 days (357 weeks), 40 sources a day
    draw = {"count": I.count_figure, "panels": I.panels_figure, "percent": I.percent_figure}[kind]
    fig = draw(spec, ledger, indicators("percent" if kind == "percent" else "count"), AS_OF, "en",
               confidence_rank=RANK)
    points = F.drawn_points(fig)
    assert points <= 3 * MAX_POINTS + 10, points  # chosen line, the others' range, the latest value's label
    line = [t for t in fig.data if (t.meta or {}).get("series") == "chosen"][0]
    assert line.type == "scattergl" and len(line.x) <= MAX_POINTS
    assert [t.type for t in fig.data if (t.meta or {}).get("series") == "other"] == ["scattergl"]
    latest = [t for t in fig.data if (t.meta or {}).get("series") == "latest"][0]
    assert latest.type == "scatter" and latest.x[0] == "2025-12-31"
    source = [a.text for a in fig.layout.annotations if a.name == "source"][0].replace("<br>", " ")
    assert "100,000 observations drawn as one point per week" in source
    assert phone_figure(fig).data[0].type == "scattergl"


def test_a_flow_of_100000_batches_is_summed_per_period():
    spec = FigureConfig("ind", "panels", indicators=("ind",))
    ledger = observations(100_000, per_day=20, values=[1] * 100_000)  # a batch a day for 5,000 days, 20 sources each
    fig = I.panels_figure(spec, ledger, indicators("flow"), AS_OF, "en", confidence_rank=RANK)
    [bars] = [t for t in fig.data if t.type == "bar"]
    assert len(bars.x) <= MAX_POINTS and sum(bars.y) == 5_000  # each day's batch counted once, from one source


def test_a_yes_no_indicator_of_100000_observations_is_runs_and_ticks_per_period():
    spec = FigureConfig("ind", "yesno", indicators=("ind",))
    values = ["yes" if (i // 12_000) % 2 == 0 else "no" for i in range(100_000)]  # the value turns every 300 days
    fig = I.yesno_figure(spec, observations(100_000, values=values), indicators("yesno"), AS_OF, "en",
                         confidence_rank=RANK)
    spans = [t for t in fig.data if t.type == "bar"]
    assert sum(len(t.x) for t in spans) <= 10  # one band per run: 2,500 days of 300-day runs
    [ticks] = [t for t in fig.data if (t.meta or {}).get("series") == "observations"]
    assert len(ticks.x) <= MAX_POINTS and ticks.type == "scattergl"


def test_document_properties_fit_excels_limit():
    symbols = "|".join(f"A/HRC/RES/{50 + i // 40}/{i % 40 + 1}" for i in range(157))
    cut = fit_property(symbols, "|")
    assert len(cut) <= MAX_PROPERTY and cut.endswith("|…") and symbols.startswith(cut[:-2])
    assert fit_property("short") == "short"
    long = "Situation of human rights in " * 20
    assert len(fit_property(long)) == MAX_PROPERTY and fit_property(long).endswith("…")
    assert fit_property("é" * 300)[-1] == "…" and len(fit_property("😀" * 300).encode("utf-16-le")) // 2 <= 255


def test_the_status_history_of_20_resolutions_has_six_panels_the_first_adding_up_the_earliest():
    rows = [{"session": session, "date": pd.Timestamp(day), "resolution_id": f"A/HRC/RES/{40 + r}/1", "status": status,
             "count": r % 3 + 1, "paragraphs": "OP1"}
            for r in range(20) for session, day in ((50, "2022-07-08"), (None, "2025-12-31"))
            for status in ("met", "not_started")]
    fig = F.status_history_figure(pd.DataFrame(rows), AS_OF)
    titles = [a.text for a in fig.layout.annotations if a.name != "source" and a.yanchor == "bottom"]
    assert titles[:F.HISTORY_PANELS] == ["The 15 resolutions adopted first, added up",
                                         *[f"A/HRC/RES/{r}/1" for r in range(55, 60)]]
    summed = [t for t in fig.data if t.meta == {"status": "met", "resolution_id": F.EARLIER[1]}][0]
    assert list(summed.y) == [sum(r % 3 + 1 for r in range(15))] * 2
    assert fig.layout.height == 260 + 190 * F.HISTORY_PANELS


def test_the_observations_sheet_of_a_100000_row_ledger_holds_the_drawn_rows_under_its_note(tmp_path):
    import types

    import openpyxl
    import xlsxwriter

    from monitor.reports import excel
    from monitor.reports.styles import StyleBook

    ledger = pd.concat([observations(60_000), observations(40_000, indicator="few_days", per_day=400, seed=1),
                        observations(300, indicator="short", per_day=1, seed=2)], ignore_index=True)
    ledger["observation_id"] = [f"obs-{i:07d}" for i in range(1, len(ledger) + 1)]
    data = types.SimpleNamespace(workspace=types.SimpleNamespace(reference=None),
                                 curated=types.SimpleNamespace(indicators=indicators()))
    v = excel._Vocabularies(data, "en")
    table = excel._observations_table(data, ledger, AS_OF, v)
    frame = table.frame
    # the short series whole; each long one as drawn: at most 400 chosen rows and 800 of other sources
    assert (frame["indicator_id"] == "short").sum() == 300
    for indicator in ("ind", "few_days"):
        assert (frame["indicator_id"] == indicator).sum() <= 3 * MAX_POINTS
    assert set(frame["observation_id"]) <= set(ledger["observation_id"])
    assert frame["summarised"].max() > 1 and len(frame) < len(ledger) / 20
    path = tmp_path / "observations.xlsx"
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    content = types.SimpleNamespace(lang="en", as_of=AS_OF, title="Scale")
    excel._write_table(book, table, StyleBook(book, v.statuses, "en"), content)
    book.close()
    sheet = openpyxl.load_workbook(path, read_only=True)["Observations"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0].startswith("This sheet shows what the report shows") and "observations-2025-12-31.csv" in rows[0][0]
    assert "100,300 observations" in rows[0][0] and "datapackage.json" in rows[0][0]
    assert rows[1][:3] == ("Observation", "Indicator", "Date") and "Observations summarised" in rows[1]
    assert len(rows) == len(frame) + 2


def test_a_workbook_whose_resolutions_list_was_cut_imports_into_its_workspace(tmp_path):
    """The custom property naming 150 resolutions is cut at 255 characters with an ellipsis: import-workbook
    checks the symbols left and skips the ellipsis, rather than taking it for another workspace's."""
    import types

    from monitor.errors import InputError
    from monitor.reports.workbook_import import _check_resolutions, _Sheet

    symbols = [f"A/HRC/RES/{50 + i // 40}/{i % 40 + 1}" for i in range(150)]
    cut = fit_property("|".join(symbols), "|")
    data = types.SimpleNamespace(metadata=pd.DataFrame({"resolution_id": symbols}))
    sheet = _Sheet("Assessments", 1, {"commitment_id": 0}, {}, [("A/HRC/RES/50/1:OP1",)], {"resolutions": cut})
    _check_resolutions(tmp_path / "book.xlsx", sheet, data)  # no refusal
    other = types.SimpleNamespace(metadata=pd.DataFrame({"resolution_id": ["S/RES/2584 (2021)"]}))
    with pytest.raises(InputError, match="a workbook of another resolution"):
        _check_resolutions(tmp_path / "book.xlsx", sheet, other)


# --------------------------------------------------------------------------- a workspace at scale

@pytest.fixture(scope="module")
def scale(tmp_path_factory):
    """The synthetic workspace, built once (no images), with the warnings the build raised."""
    root = make_workspace(tmp_path_factory.mktemp("scale") / "ws", RESOLUTIONS, OBSERVATIONS, seed=0)
    out = root / "exports" / "scale"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        code = main(["build", "--workspace", str(root), "--as-of", AS_OF.isoformat(), "--out", str(out),
                     "--no-images"])
    return {"root": root, "out": out, "code": code, "warnings": [str(w.message) for w in caught]}


def test_a_build_of_150_resolutions_and_100000_observations_succeeds(scale):
    assert scale["code"] == 0
    manifest = json.loads((scale["out"] / "manifest.json").read_text(encoding="utf-8"))
    resolutions = pd.read_csv(scale["root"] / "data" / "generated" / "resolutions.csv", dtype=str)
    assert len(resolutions) == RESOLUTIONS  # the workspace's datasets hold every one; the snapshot those adopted
    assert manifest["counts"]["resolutions"] == (resolutions["adoption_date"] <= AS_OF.isoformat()).sum() > 100
    assert not [w for w in scale["warnings"] if "255" in w], scale["warnings"]  # no property over Excel's limit


def test_the_workbook_holds_what_the_report_shows_and_says_where_the_ledger_is(scale):
    [path] = scale["out"].glob("*.xlsx")
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        sheet = book["Observations"]
        rows = list(sheet.iter_rows(values_only=True))
        properties = book.properties
        assert all(len(v or "") <= MAX_PROPERTY for v in (properties.title, properties.subject, properties.keywords))
    finally:
        book.close()
    ledger = pd.read_csv(scale["out"] / f"observations-{AS_OF.isoformat()}.csv", dtype=str, keep_default_na=False)
    assert len(ledger) >= 90_000  # the export has the whole ledger (as the as-of date knows it)
    note, header, body = rows[0][0], rows[1], rows[2:]
    assert f"observations-{AS_OF.isoformat()}.csv" in note and "datapackage.json" in note
    indicators = pd.read_csv(scale["root"] / "data" / "curated" / "indicators.csv", dtype=str)
    assert len(body) <= 3 * MAX_POINTS * len(indicators) and len(body) < len(ledger) / 5
    summarised = header.index("Observations summarised")
    assert sum(r[summarised] for r in body) >= len(body) and max(r[summarised] for r in body) > 1


def test_the_dashboard_loads_in_chromium(scale, browser):  # browser: the session's Chromium (tests/conftest.py)
    [path] = scale["out"].glob("dashboard-*.html")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    try:
        page.goto(path.as_uri(), wait_until="load", timeout=120_000)
        count = page.locator("section.figure").count()
        page.wait_for_function(f"document.querySelectorAll('section.figure .js-plotly-plot .main-svg').length >= {count}"
                               " && document.documentElement.dataset.fitted !== undefined", timeout=120_000)
        drawn = page.evaluate("""() => [...document.querySelectorAll('section.figure .js-plotly-plot')].map(div =>
            [div.id, div._fullData.length, div._fullData.filter(t => t.type === 'scattergl').length,
             div.querySelectorAll('.point').length])""")
    finally:
        context.close()
    assert problems == [], problems
    assert len(drawn) == count and all(traces > 0 for _, traces, _, _ in drawn), drawn
    assert any(gl for _, _, gl, _ in drawn), "the long series are drawn with WebGL"
    # SVG points a page draws stay few, whatever the ledger's size (the paragraph map's tiles are most of them)
    assert sum(points for *_, points in drawn) < 20_000, drawn
