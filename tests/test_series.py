"""monitor.series: renewals grouped by the workspace file, else by body and title; one series per country."""

from __future__ import annotations

import datetime as dt

from monitor.config import SeriesConfig, WorkspaceConfig
from monitor.country import Country
from monitor.lineage import consecutive_pairs
from monitor.parse.model import Resolution
from monitor.series import assign_series, series_map


def resolution(symbol, title, adopted, country=None):
    made = Resolution(symbol=symbol, body="HRC", title=title, adoption_date=dt.date.fromisoformat(adopted))
    made.country_names = Country(name=country) if country else None
    return made


HAITI = "Technical assistance and capacity-building to improve the situation of human rights in Haiti"
SUDAN = "Technical assistance and capacity-building for South Sudan"
TEXTS = [resolution("A/HRC/RES/58/32", HAITI, "2025-04-04", "Haiti"),
         resolution("A/HRC/RES/55/24", HAITI, "2024-04-04", "Haiti"),
         resolution("A/HRC/RES/55/26", SUDAN, "2024-04-04", "South Sudan"),
         resolution("A/HRC/RES/58/31", SUDAN + " ", "2025-04-04", "South Sudan")]


def test_detected_from_the_titles():
    series = assign_series(TEXTS)
    assert series_map(series) == {"A/HRC/RES/55/24": "haiti", "A/HRC/RES/55/26": "south-sudan",
                                  "A/HRC/RES/58/32": "haiti", "A/HRC/RES/58/31": "south-sudan"}
    positions = dict(zip(series["resolution_id"], series["position"]))
    assert positions["A/HRC/RES/55/24"] == 1 and positions["A/HRC/RES/58/32"] == 2
    assert set(series.loc[series["series_id"] == "haiti", "country"]) == {"Haiti"}


def test_the_file_wins():
    config = WorkspaceConfig(series=(SeriesConfig("ht", ("A/HRC/RES/55/24",), country={"en": "the Republic of Haiti"}),))
    series = assign_series(TEXTS, config)
    chosen = series_map(series)
    assert chosen["A/HRC/RES/55/24"] == "ht" and chosen["A/HRC/RES/58/32"] == "haiti", \
        "a resolution the file does not list forms its own series with its title's"
    assert series.loc[series["series_id"] == "ht", "country"].item() == "the Republic of Haiti"


def test_renewal_pairs_never_cross_a_series():
    pairs = {(a.resolution_id, b.resolution_id) for a, b in consecutive_pairs(TEXTS, series_map(assign_series(TEXTS)))}
    assert pairs == {("A/HRC/RES/55/24", "A/HRC/RES/58/32"), ("A/HRC/RES/55/26", "A/HRC/RES/58/31")}
