"""The observations check by column names the same rows, fields and reasons, in the same order, as the former
check row by row (kept here as the reference), on the shipped ledger and on rows made to fail every test."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from monitor.corrections import is_correction
from monitor.dates import date_problems, day_or_none
from monitor.indicators import load_indicators
from monitor.observations import (IDENTITY_COLUMNS, OBSERVATION_SCHEMA, check_observations, check_value,
                                  identity_codes, load_observations)
from monitor.problems import Problem
from monitor.schemas import _allowed, _check_value
from monitor.vocab import vocabulary_values

ROOT = Path(__file__).resolve().parents[1]
CURATED = ROOT / "data" / "curated"
TODAY = dt.date(2025, 12, 31)


def schema_row_by_row(schema, frame, source, vocabularies, first_row):
    """The schema's value checks as they were, cell by cell (the header and key checks are shared)."""
    problems = [p for p in schema.check(frame.iloc[0:0], source, vocabularies) if p.location == "header"]
    if problems:
        return problems
    for column in schema.columns:
        allowed = _allowed(column, vocabularies)
        for offset, value in enumerate(frame[column.name].tolist()):
            message = _check_value(column, value, allowed)
            if message:
                problems.append(Problem("error", source, f"row {offset + first_row}", column.name, message))
    keyed = schema.check(frame[list(schema.key)].assign(**{c.name: "" for c in schema.columns if c.name not in schema.key}),
                         source, {}, first_row) if schema.key else []
    return problems + [p for p in keyed if p.message.startswith("duplicate key")]


def row_by_row(rows, source, indicators, existing, today, vocabularies, first_row=2):
    """The check as it was before it ran by column: one dict per row."""
    problems = schema_row_by_row(OBSERVATION_SCHEMA, rows, source, vocabularies, first_row)
    if any(p.location == "header" for p in problems):
        return problems
    types = dict(zip(indicators["indicator_id"], indicators["type"]))
    seen = set()
    if existing is not None:
        seen = {_identity(r) for r in existing.to_dict("records")}
    for offset, row in enumerate(rows.to_dict("records")):
        where = f"row {offset + first_row}"
        if row["indicator_id"] not in types:
            problems.append(Problem("error", source, where, "indicator_id", f"unknown indicator {row['indicator_id']!r}"))
        else:
            message = check_value(str(row["value"]).strip(), types[row["indicator_id"]])
            if message:
                problems.append(Problem("error", source, where, "value", message))
        for column in ("date", "date_end"):
            day = day_or_none(row[column])
            if day and day > today:
                problems.append(Problem("error", source, where, column,
                                        f"{day.isoformat()} is in the future: an observed value cannot be"))
        for column, why in date_problems(row, ("date", "date_end", "source_date"), today):
            problems.append(Problem("error", source, where, column, why))
        if row["precision"] == "range" and not row["date_end"]:
            problems.append(Problem("error", source, where, "date_end", "a range needs date_end"))
        identity = _identity(row)
        if identity in seen and not is_correction(row):
            problems.append(Problem("error", source, where, "", "exact duplicate of an observation already recorded"))
        seen.add(identity)
    return problems


def _identity(row: dict) -> tuple:
    """What made two observations the same record, row by row."""
    return tuple(str(row.get(k, "")).strip() for k in IDENTITY_COLUMNS)


def as_tuples(problems):
    return [(p.severity, p.source, p.location, p.field, p.message) for p in problems]


@pytest.fixture(scope="module")
def shipped():
    return load_indicators(CURATED), load_observations(CURATED), vocabulary_values(ROOT / "data" / "reference")


def test_the_shipped_ledger_checks_alike(shipped):
    indicators, observations, vocabularies = shipped
    for existing in (None, observations.iloc[:10]):
        got = check_observations(observations, "o.csv", indicators, existing, TODAY, vocabularies)
        assert as_tuples(got) == as_tuples(row_by_row(observations, "o.csv", indicators, existing, TODAY, vocabularies))
    assert len(observations) > 50


def bad_rows(observations: pd.DataFrame) -> pd.DataFrame:
    """Rows that fail each test alone and several at once, repeated, among good ones."""
    good = observations.iloc[:6].copy()
    edits = [
        {"indicator_id": "no_such_indicator"},
        {"value": "many"}, {"value": " 12 "}, {"value": "-3"}, {"value": "nan"}, {"value": "1e400"},
        {"date": "2031-01-01"}, {"date_end": "2032-05-05", "precision": "range"},
        {"date": "1900-01-01"}, {"source_date": "2099-01-01"}, {"date": "2024-05-01", "date_end": "2024-01-01"},
        {"precision": "range", "date_end": ""}, {"date": "2024-13-40"}, {"confidence": "rumour"},
        {"indicator_id": "no_such_indicator", "date": "2031-01-01", "date_end": "1800-01-01"},
        {"corrects": "obs-0001"},  # a correction that repeats the row it replaces is no duplicate
    ]
    made = [good]
    for index, edit in enumerate(edits * 2):
        row = observations.iloc[[index % len(observations)]].copy()
        for column, value in edit.items():
            row[column] = value
        made.append(row)
    made.append(observations.iloc[:3])  # exact duplicates of earlier rows
    return pd.concat(made, ignore_index=True)


def test_rows_that_fail_every_test_check_alike(shipped):
    indicators, observations, vocabularies = shipped
    rows = bad_rows(observations)
    for existing in (None, observations):
        got = check_observations(rows, "new.csv", indicators, existing, TODAY, vocabularies, first_row=5)
        want = row_by_row(rows, "new.csv", indicators, existing, TODAY, vocabularies, first_row=5)
        assert as_tuples(got) == as_tuples(want)
    messages = " ".join(p.message for p in got)
    for reason in ("unknown indicator", "not a number", "in the future", "before 1945", "a range ends after it starts",
                   "a range needs date_end", "exact duplicate", "years ahead", "unknown value"):
        assert reason in messages


def test_cells_that_are_not_text_check_alike(shipped):
    """A frame made in code, not read from a file: numbers, None and NaN cells are checked as a row would see them."""
    indicators, observations, vocabularies = shipped
    rows = observations.iloc[:8].copy().astype(object)
    rows.loc[rows.index[0], "value"] = 5
    rows.loc[rows.index[1], "value"] = 5.0
    rows.loc[rows.index[2], "value"] = True
    rows.loc[rows.index[3], "date_end"] = np.nan
    rows.loc[rows.index[4], "corrects"] = None
    rows.loc[rows.index[5], "source"] = np.nan
    got = check_observations(rows, "code", indicators, None, TODAY, vocabularies)
    assert as_tuples(got) == as_tuples(row_by_row(rows, "code", indicators, None, TODAY, vocabularies))


def test_identity_codes_match_identities(shipped):
    _, observations, _ = shipped
    rows = pd.concat([observations.iloc[:5], observations.iloc[:2]], ignore_index=True)
    rows.loc[5, "value"] = " " + str(rows.loc[5, "value"]) + " "  # stripped, the same identity
    codes = identity_codes(rows, observations.iloc[:3])
    identities = [_identity(r) for r in rows.to_dict("records")] + \
                 [_identity(r) for r in observations.iloc[:3].to_dict("records")]
    for i in range(len(codes)):
        for j in range(len(codes)):
            assert (codes[i] == codes[j]) == (identities[i] == identities[j])


@pytest.mark.parametrize("size", [600, 1500])
def test_many_distinct_texts_check_alike(shipped, size):
    """Past a few hundred distinct texts a column is first tested whole (past 1,024 rows, without finding its
    distinct texts first): the same faults are named, wherever in the column they are."""
    indicators, observations, vocabularies = shipped
    rows = pd.concat([observations] * (size // len(observations) + 1), ignore_index=True).iloc[:size].copy()
    rows["observation_id"] = [f"obs-{n:05d}" for n in range(size)]
    rows["source"] = [f"https://example.org/{n}" for n in range(size)]
    rows["recorded_at"] = [f"2025-01-01T00:{n // 60 % 60:02d}:{n % 60:02d}Z" for n in range(size)]
    rows["confidence"] = [f"level-{n}" if n % 97 == 0 else c for n, c in enumerate(rows["confidence"])]
    rows.loc[[5, 250, size - 3], "observation_id"] = ["obs-12x", " ", "obs-00001"]
    rows.loc[[7, 300, size - 1], "source"] = ["", "   ", "\t"]
    rows.loc[[9, size - 2], "row_digest"] = ["not-a-digest", "ab"]
    rows.loc[size - 5, "recorded_at"] = " "
    got = check_observations(rows, "many.csv", indicators, None, TODAY, vocabularies)
    assert as_tuples(got) == as_tuples(row_by_row(rows, "many.csv", indicators, None, TODAY, vocabularies))
    assert {(p.location, p.field) for p in got} >= {
        ("row 7", "observation_id"), ("row 252", "observation_id"), (f"row {size - 1}", "observation_id"),
        ("row 9", "source"), ("row 302", "source"), (f"row {size + 1}", "source"), ("row 11", "row_digest"),
        (f"row {size}", "row_digest"), (f"row {size - 3}", "recorded_at")}
    assert any(p.message == "duplicate key 'obs-00001'" for p in got)


def test_appended_rows_are_named_as_the_whole_check_names_them(shipped):
    """The problems of a checked prefix and of the rows appended after it are the whole check's problems."""
    from collections import Counter

    from monitor.observations import check_appended

    indicators, observations, vocabularies = shipped
    frame = bad_rows(observations)
    frame.loc[len(frame) - 1, "observation_id"] = frame.loc[0, "observation_id"]  # an id used before
    whole = as_tuples(check_observations(frame, "o.csv", indicators, None, TODAY, vocabularies))
    for known in (1, len(frame) // 2, len(frame) - 1):
        prefix = check_observations(frame.iloc[:known], "o.csv", indicators, None, TODAY, vocabularies)
        appended = check_appended(frame, known, "o.csv", indicators, TODAY, vocabularies)
        assert all(int(p.location.split()[1]) >= known + 2 for p in appended)
        assert Counter(as_tuples(prefix) + as_tuples(appended)) == Counter(whole), known
    assert ("error", "o.csv", f"row {len(frame) + 1}", "observation_id",
            f"duplicate key {frame.loc[0, 'observation_id']!r}") in whole
