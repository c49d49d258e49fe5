"""monitor.config: workspace.yml read, checked key by key, written by init and filled in by the first add."""

from __future__ import annotations

import pytest

from monitor.config import (CONFIG_FILE, check_references, fill_missing_names, initial_config, load_config,
                            slugify)
from monitor.errors import InputError


def write(tmp_path, text: str):
    (tmp_path / CONFIG_FILE).write_text(text, encoding="utf-8")
    return tmp_path


def test_no_file_means_defaults(tmp_path):
    config = load_config(tmp_path)
    assert config.title == {} and config.short_name == "" and config.series == ()
    assert config.dashboard.figures is None and config.languages == ("en", "fr")


def test_a_full_file(tmp_path):
    config = load_config(write(tmp_path, """
title: {en: Haiti monitor, fr: Suivi Haïti}
short_name: haiti-monitor
languages: [fr, en]
series:
  - id: haiti
    resolutions: [A/HRC/RES/55/24, A/HRC/RES/58/32]
    country: {en: Haiti, fr: Haïti}
dashboard:
  key_indicators: [gangs_killings]
  hide: [evolution]
  figures:
    - {id: killings, kind: count, indicators: [gangs_killings], markers: [massacres]}
    - {id: votes, kind: milestones, event_types: [election_scheduled, election_held], schedules: [vote_date]}
"""))
    assert config.title_in("fr") == "Suivi Haïti" and config.short_name == "haiti-monitor"
    assert config.languages == ("fr", "en")
    assert config.series[0].resolutions == ("A/HRC/RES/55/24", "A/HRC/RES/58/32")
    assert config.series[0].country == {"en": "Haiti", "fr": "Haïti"}
    killings, votes = config.dashboard.figures
    assert (killings.kind, killings.indicators, killings.markers) == ("count", ("gangs_killings",), ("massacres",))
    assert votes.event_types == ("election_scheduled", "election_held") and votes.schedules == ("vote_date",)
    assert config.dashboard.hide == ("evolution",)


@pytest.mark.parametrize("text, named", [
    ("colour: blue\n", "colour: unknown key"),
    ("short_name: Haiti Monitor\n", "short_name:"),
    ("languages: [en, de]\n", "languages: unknown language 'de'"),
    ("title: {en: x, es: y}\n", "title.es: unknown language"),
    ("series: [{id: a}]\n", "series[0].resolutions"),
    ("series: [{id: a, resolutions: [X]}, {id: a, resolutions: [Y]}]\n", "series[1].id"),
    ("series: [{id: a, resolutions: [X]}, {id: b, resolutions: [X]}]\n", "X is in both 'a' and 'b'"),
    ("dashboard: {figures: [{id: a, kind: pie, indicators: [x]}]}\n", "dashboard.figures[0].kind: 'pie'"),
    ("dashboard: {figures: [{kind: count, indicators: [x]}]}\n", "dashboard.figures[0].id"),
    ("dashboard: {figures: [{id: a, kind: count}]}\n", "dashboard.figures[0].indicators"),
    ("dashboard: {figures: [{id: a, kind: milestones}]}\n", "dashboard.figures[0]: a milestones figure"),
    ("dashboard: {figures: [{id: a, kind: count, indicators: [x]}, {id: a, kind: count, indicators: [y]}]}\n",
     "figure id 'a' is used twice"),
    ("dashboard: {figures: [{id: a, kind: count, indicators: [x], colour: red}]}\n", "figures[0].colour: unknown key"),
    ("title: [\n", "not valid YAML at line"),
])
def test_a_wrong_key_is_named(tmp_path, text, named):
    with pytest.raises(InputError) as caught:
        load_config(write(tmp_path, text))
    assert named in str(caught.value) and CONFIG_FILE in str(caught.value)


def test_names_must_exist_in_the_workspace(tmp_path):
    config = load_config(write(tmp_path, """
series: [{id: a, resolutions: [A/HRC/RES/1/1]}]
dashboard:
  figures:
    - {id: f, kind: milestones, event_types: [election_held], schedules: [when]}
"""))
    check_references(config, {"A/HRC/RES/1/1"}, {"when": "date"}, {"election_held"})
    with pytest.raises(InputError, match=r"series\[0\].resolutions: no resolution 'A/HRC/RES/1/1'"):
        check_references(config, set(), {"when": "date"}, {"election_held"})
    with pytest.raises(InputError, match=r"schedules: 'when' is a count indicator, not a date"):
        check_references(config, {"A/HRC/RES/1/1"}, {"when": "count"}, {"election_held"})
    with pytest.raises(InputError, match=r"schedules: no indicator 'when'"):
        check_references(config, {"A/HRC/RES/1/1"}, {}, {"election_held"})
    with pytest.raises(InputError, match=r"event_types: unknown event type 'election_held'"):
        check_references(config, {"A/HRC/RES/1/1"}, {"when": "date"}, set())


def test_init_text_loads_and_the_first_add_fills_the_names(tmp_path):
    write(tmp_path, initial_config())
    assert load_config(tmp_path).short_name == ""
    assert fill_missing_names(tmp_path, {"en": "Haiti resolution monitor", "fr": "Suivi des résolutions : Haïti"},
                              "haiti-monitor")
    text = (tmp_path / CONFIG_FILE).read_text(encoding="utf-8")
    assert "# What this workspace tracks" in text, "the comments stay"
    config = load_config(tmp_path)
    assert config.short_name == "haiti-monitor" and config.title == {
        "en": "Haiti resolution monitor", "fr": "Suivi des résolutions : Haïti"}
    assert not fill_missing_names(tmp_path, {"en": "Other"}, "other"), "names given are never replaced"
    assert load_config(tmp_path).short_name == "haiti-monitor"


def test_init_keeps_what_it_is_given(tmp_path):
    write(tmp_path, initial_config("Somalia: HRC follow-up", "Somalie : suivi du CDH", "somalia"))
    config = load_config(tmp_path)
    assert config.title == {"en": "Somalia: HRC follow-up", "fr": "Somalie : suivi du CDH"}
    assert config.short_name == "somalia"
    with pytest.raises(InputError, match="--short-name"):
        initial_config(short_name="Not A Name")


def test_slugify():
    assert slugify("the Central African Republic") == "central-african-republic"
    assert slugify("Haïti") == "haiti" and slugify("Côte d'Ivoire") == "cote-d-ivoire"
