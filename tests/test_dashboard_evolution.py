"""The evolution figure on the workspace's real data: one panel per pair of consecutive resolutions,
operative paragraphs per theme stacked by change, counts equal to monitor.diff.align, French labels."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from monitor import dashboards
from monitor.config import STATUS_FIGURES
from monitor.dashboards import dashboard_figures, find_browser, tables, write_images
from monitor.diff import CHANGES, align
from monitor.lineage import consecutive_pairs, strengths_of
from monitor.pipeline import load_workspace
from monitor.labels import change_fills
from monitor.vocab import load_vocabulary
from monitor.workspace import Workspace

AS_OF = dt.date(2025, 12, 31)
R46, R55, R58 = "A/HRC/RES/46/28", "A/HRC/RES/55/25", "A/HRC/RES/58/30"
PAIRS = [(R46, R55), (R55, R58)]


@pytest.fixture(scope="module")
def data():
    return load_workspace(Workspace.locate(None))


@pytest.fixture(scope="module")
def figure(data):
    return dashboard_figures(data, AS_OF, "en")["evolution"]


@pytest.fixture(scope="module")
def figure_fr(data):
    return dashboard_figures(data, AS_OF, "fr")["evolution"]


@pytest.fixture(scope="module")
def aligned(data):
    """(old, new) -> the operative rows of monitor.diff.align, computed here independently of the figure."""
    strengths = strengths_of(data.commitments)
    out = {}
    for old, new in consecutive_pairs(data.resolutions):
        frame = align(old, new, strengths)
        out[(old.resolution_id, new.resolution_id)] = frame[frame["kind"] == "operative"].reset_index(drop=True)
    return out


def traces(figure, old, new, change=None):
    return [t for t in figure.data if t.meta["from_resolution"] == old and t.meta["to_resolution"] == new
            and (change is None or t.meta["change"] == change)]


def plain(label: str) -> str:
    return re.sub(r"<[^>]+>", "", label.replace("<br>", " "))


def counts_of(trace) -> dict[str, int]:
    return {plain(y): int(x) for y, x in zip(trace.y, trace.x)}


def test_in_the_dashboard_labelled_dated_and_sourced(figure):
    assert "evolution" in STATUS_FIGURES
    assert STATUS_FIGURES.index("evolution") == STATUS_FIGURES.index("status_history") + 1
    layout = figure.layout
    assert layout.meta["figure"] == "evolution" and layout.title.text
    assert layout.title.subtitle.text.startswith(f"As of {AS_OF.isoformat()}")
    assert all(r in layout.title.subtitle.text for r in (R46, R55, R58))
    [source] = [a for a in layout.annotations if a.name == "source"]
    assert source.text.startswith("Source: A/HRC/RES/46/28") and "strength scale" in source.text
    assert [a.text for a in layout.annotations if a.name != "source"][:2] == ["46/28 → 55/25", "55/25 → 58/30"]
    assert layout.xaxis.title.text == layout.xaxis2.title.text == "Operative paragraphs (number)"
    assert layout.xaxis2.matches == "x", "one scale for both panels"
    assert layout.yaxis.title.text == "Theme" and layout.yaxis2.matches == "y"
    assert layout.barmode == "stack"


def test_traces_follow_the_change_categories(figure, aligned):
    labels = dashboards.figures.change_styles("en").set_index("change")["label"]
    names = list(dict.fromkeys(t.name for t in figure.data))
    present = {c for rows in aligned.values() for c in rows["change"]}
    assert present == set(CHANGES) - {"merged", "split"}, "Mali's renewals merge and split nothing"
    assert names == [labels[c] for c in CHANGES if c in present], "legend in monitor.diff's order, every category present"
    assert names[0] == "Kept (unchanged)"
    vocabulary = load_vocabulary("changes")
    patterns = dict(zip(vocabulary["change_id"], vocabulary["pattern"]))
    for trace in figure.data:
        change = trace.meta["change"]
        assert trace.marker.color == change_fills()[change]
        assert trace.marker.pattern.shape == patterns[change]
        assert [int(v) for v in trace.text] == list(trace.x), "the count written on each bar: a cue beside colour"
        assert trace.orientation == "h" and trace.type == "bar"
    assert sum(t.showlegend for t in figure.data) == len(present), "one legend entry per category"
    assert {(t.meta["from_resolution"], t.meta["to_resolution"]) for t in figure.data} == set(PAIRS)
    assert not traces(figure, R55, R58, "dropped") and not traces(figure, R55, R58, "new")


def test_categories_are_all_paragraphs_then_themes_in_vocabulary_order(figure, data):
    order = [plain(c) for c in figure.layout.yaxis.categoryarray][::-1]
    assert order[0] == "All operative paragraphs (each once)"
    themes = dashboards.vocabulary_labels("themes", "en", data.workspace.reference)  # Mali's themes are the workspace's
    present = {t for ts in data.commitments["themes"] for t in ts}
    expected = [label for key, label in themes.items() if key in present]
    shown = order[1:-1] if order[-1] == "No theme" else order[1:]
    assert shown == expected
    used = {plain(y) for t in figure.data for y in t.y}
    assert used <= set(order)


@pytest.mark.parametrize("pair", PAIRS)
def test_counts_equal_the_alignment(figure, aligned, pair):
    rows = aligned[pair]
    everything = "All operative paragraphs (each once)"
    for change in CHANGES:
        expected = int((rows["change"] == change).sum())
        mine = traces(figure, *pair, change)
        got = counts_of(mine[0]).get(everything, 0) if mine else 0
        assert got == expected, (pair, change)
    total = sum(counts_of(t).get(everything, 0) for t in traces(figure, *pair))
    assert total == len(rows)


def test_theme_counts_follow_the_commitments(figure, aligned, data):
    themes = {(r, p): t for r, p, t in zip(data.commitments["resolution_id"], data.commitments["paragraph_id"],
                                           data.commitments["themes"])}
    labels = dashboards.vocabulary_labels("themes", "en", data.workspace.reference)
    for (old, new), rows in aligned.items():
        expected: dict[tuple[str, str], int] = {}
        for row in rows.to_dict("records"):
            key = (new, row["to_paragraph"]) if isinstance(row["to_paragraph"], str) else (old, row["from_paragraph"])
            for theme in themes[key] or ["No theme"]:
                name = labels.get(theme, theme)
                expected[(name, row["change"])] = expected.get((name, row["change"]), 0) + 1
        got = {}
        for trace in traces(figure, old, new):
            for label, count in counts_of(trace).items():
                if label != "All operative paragraphs (each once)":
                    got[(label, trace.meta["change"])] = count
        assert got == expected, (old, new)


def test_dropped_calls_are_named_on_hover(figure):
    [dropped] = traces(figure, R46, R55, "dropped")
    everything = [plain(y) for y in dropped.y].index("All operative paragraphs (each once)")
    ids = dropped.customdata[everything][0].replace("<br>", " ").split(", ")
    assert "OP22" in ids and "OP11" in ids, "the G5 Sahel Joint Force and the 2015 agreement's signatories"
    regional = [plain(y) for y in dropped.y].index("Regional forces and cooperation")
    assert "OP22" in dropped.customdata[regional][0]
    [reworded] = traces(figure, R46, R55, "reworded")
    assert "OP31→OP26" in " ".join(c[0].replace("<br>", " ") for c in reworded.customdata), "moved paragraphs"


def test_only_resolutions_adopted_by_the_date(data):
    early = dashboard_figures(data, dt.date(2024, 12, 31), "en")["evolution"]
    assert {(t.meta["from_resolution"], t.meta["to_resolution"]) for t in early.data} == {(R46, R55)}
    before = dashboards.evolution_figure(
        tables.change_counts(tables.paragraph_changes(data.resolutions, data.commitments, dt.date(2023, 1, 1))),
        dt.date(2023, 1, 1))
    assert not before.data and any(a.name == "source" for a in before.layout.annotations)


def test_french_labels(figure_fr):
    layout = figure_fr.layout
    assert layout.title.text == ("<b>Ce qui a changé d'une résolution à la suivante : "
                                 "paragraphes du dispositif par thème</b>")
    assert layout.title.subtitle.text.startswith("Situation au 2025-12-31")
    assert layout.separators == ", "
    assert any(a.name == "source" and a.text.startswith("Source :") for a in layout.annotations)
    assert layout.xaxis.title.text == "Paragraphes du dispositif (nombre)" and layout.yaxis.title.text == "Thème"
    assert layout.legend.title.text == "Modification"
    names = list(dict.fromkeys(t.name for t in figure_fr.data))
    assert names == ["Maintenu (inchangé)", "Reformulé", "Renforcé", "Affaibli", "Nouveau", "Abandonné"]
    categories = {plain(c) for c in layout.yaxis.categoryarray}
    assert "Tous les paragraphes du dispositif (chacun une fois)" in categories
    assert "Forces et coopération régionales" in categories and "Responsabilité et impunité" in categories
    assert not categories & set(dashboards.vocabulary_labels("themes", "en").values()) - {"Observations"}


@pytest.mark.skipif(find_browser() is None, reason="static images need Chromium")
def test_static_image(figure, tmp_path):
    [path] = write_images({"evolution": figure}, tmp_path, fmt="svg")
    svg = path.read_text(encoding="utf-8")
    assert path.name == "evolution.svg" and "55/25 → 58/30" in svg
