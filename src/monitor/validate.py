"""`monitor validate`: every curated file against its schema and against each other, every problem listed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from .asks import ask_counts, check_ask
from .assessments import ASSESSMENT_SCHEMA, ASSESSMENTS_FILE, bad_correction, load_assessments
from .curation import ANNOTATIONS_FILE, ANNOTATIONS_SCHEMA
from .ledger import ADDED_COLUMNS, ChainBroken, cached_check, missing_added_columns, settle
from .curated import CuratedTables
from .dates import date_problems, day_or_none
from .events import EVENT_SCHEMA, EVENTS_FILE, load_events
from .indicators import INDICATOR_SCHEMA, INDICATORS_FILE, load_indicators
from .observations import (OBSERVATION_SCHEMA, OBSERVATIONS_FILE, check_appended, check_observations, check_value,
                           load_observations)
from .problems import Problem
from .rules import RULE_SCHEMA, RULES_FILE, load_rules
from .schemas import split_list
from .vocab import vocabulary_values


def check_ledgers(curated: Path, reference_dir: Path | None, commitments: pd.DataFrame,
                  today: dt.date | None = None, asks: pd.DataFrame | None = None) -> tuple[CuratedTables, list[Problem]]:
    """Load indicators, observations, events, assessments and rules; return them and every problem.

    asks (monitor.asks' table) lets the ask column of assessments and rules be checked against it.
    """
    today = today or dt.date.today()
    counts = ask_counts(asks) if asks is not None else None
    vocabularies = vocabulary_values(reference_dir)
    path = lambda name: str(curated / name)  # noqa: E731 - a short local naming helper
    broken: list[Problem] = []

    def broken_at(name: str, exc: ChainBroken) -> Problem:
        return Problem("error", path(name), f"line {exc.line}", "row_digest", exc.detail)

    def chained(loader, name):
        """The ledger, and its first row not as recorded as a problem: listed with the others, not alone."""
        try:
            return loader(curated)
        except ChainBroken as exc:
            broken.append(broken_at(name, exc))
            return exc.frame

    tables = CuratedTables(
        indicators=load_indicators(curated),
        # a large ledger's chain is verified by a forked copy while its rows are checked here (settled below)
        observations=chained(lambda folder: load_observations(folder, defer=True), OBSERVATIONS_FILE),
        events=chained(load_events, EVENTS_FILE),
        assessments=chained(load_assessments, ASSESSMENTS_FILE),
        rules=load_rules(curated),
    )
    problems: list[Problem] = broken
    problems += INDICATOR_SCHEMA.check(tables.indicators, path(INDICATORS_FILE), vocabularies)
    # a million observations take a minute to check row by row: the problems are kept with the verified
    # ledger, under its bytes, the indicators, the vocabularies and the day (future dates are refused)
    problems += cached_check(curated / OBSERVATIONS_FILE, "checks",
                             (tables.indicators.to_csv(index=False), _vocabulary_key(vocabularies), today.isoformat()),
                             lambda: check_observations(tables.observations, path(OBSERVATIONS_FILE),
                                                        tables.indicators, None, today, vocabularies),
                             lambda known: check_appended(tables.observations, known, path(OBSERVATIONS_FILE),
                                                          tables.indicators, today, vocabularies))
    try:
        settle(curated / OBSERVATIONS_FILE)
    except ChainBroken as exc:  # listed first, where the read would have listed it
        problems.insert(0, broken_at(OBSERVATIONS_FILE, exc))
    problems += EVENT_SCHEMA.check(tables.events, path(EVENTS_FILE), vocabularies)
    # the ask column is checked below, with a message that names the paragraph's asks
    problems += [p for p in ASSESSMENT_SCHEMA.check(tables.assessments, path(ASSESSMENTS_FILE), vocabularies)
                 if p.field != "ask"]
    problems += [p for p in RULE_SCHEMA.check(tables.rules, path(RULES_FILE), vocabularies) if p.field != "ask"]
    for name, schema in ((OBSERVATIONS_FILE, OBSERVATION_SCHEMA), (EVENTS_FILE, EVENT_SCHEMA),
                         (ASSESSMENTS_FILE, ASSESSMENT_SCHEMA), (RULES_FILE, RULE_SCHEMA),
                         (ANNOTATIONS_FILE, ANNOTATIONS_SCHEMA)):
        for column in missing_added_columns(curated / name, schema):
            since, meaning = ADDED_COLUMNS[column]
            problems.append(Problem("warning", path(name), "header row", column,
                                    f"no {column!r} column (written before {since}): read as empty, {meaning}; "
                                    "'monitor migrate' adds it, and appending is refused until then"))
    if any(p.location == "header" for p in problems):
        return tables, problems
    known = set(commitments["commitment_id"])
    indicator_ids = set(tables.indicators["indicator_id"])
    event_ids = set(tables.events["event_id"])
    linked: set[str] = set()
    for offset, row in enumerate(tables.indicators.to_dict("records")):
        for column in ("baseline_value", "target_value"):
            # a baseline or target off its type would make every status of the indicator meaningless
            message = check_value(str(row[column]).strip(), row["type"]) if str(row[column]).strip() else None
            if message:
                problems.append(Problem("error", path(INDICATORS_FILE), f"row {offset + 2}", column, message))
        # dates written by hand, or before they were checked on the way in (9999-12-31 placeholders)
        for column, why in date_problems(row, ("baseline_date", "target_date"), today):
            problems.append(Problem("error", path(INDICATORS_FILE), f"row {offset + 2}", column, why))
        for cid in split_list(row["commitments"]):
            linked.add(cid)
            if cid not in known:
                problems.append(Problem("error", path(INDICATORS_FILE), f"row {offset + 2}", "commitments",
                                        f"no such commitment {cid!r}"))
    for offset, row in enumerate(tables.events.to_dict("records")):
        where = f"row {offset + 2}"
        for cid in split_list(row["commitments"]):
            if cid not in known:
                problems.append(Problem("error", path(EVENTS_FILE), where, "commitments", f"no such commitment {cid!r}"))
        day = day_or_none(row["date"])
        if row["state"] == "occurred" and day and day > today:
            problems.append(Problem("error", path(EVENTS_FILE), where, "date",
                                    f"{row['date']} is in the future: only a scheduled event may be"))
        for column, why in date_problems(row, ("date", "date_end", "announced_on", "source_date"), today):
            problems.append(Problem("error", path(EVENTS_FILE), where, column, why))
    for offset, row in enumerate(tables.assessments.to_dict("records")):
        if row["commitment_id"] not in known:
            problems.append(Problem("error", path(ASSESSMENTS_FILE), f"row {offset + 2}", "commitment_id",
                                    f"no such commitment {row['commitment_id']!r}"))
        elif check_ask(row["commitment_id"], row["ask"], counts):
            problems.append(Problem("error", path(ASSESSMENTS_FILE), f"row {offset + 2}", "ask",
                                    check_ask(row["commitment_id"], row["ask"], counts)))
        for column, why in date_problems(row, ("date",), today):
            problems.append(Problem("error", path(ASSESSMENTS_FILE), f"row {offset + 2}", column, why))
        if bad_correction(row, tables.assessments):
            problems.append(Problem("error", path(ASSESSMENTS_FILE), f"row {offset + 2}", "corrects",
                                    bad_correction(row, tables.assessments)))
    for offset, row in enumerate(tables.rules.to_dict("records")):
        where = f"row {offset + 2}"
        if row["commitment_id"] not in known:
            problems.append(Problem("error", path(RULES_FILE), where, "commitment_id",
                                    f"no such commitment {row['commitment_id']!r}"))
        elif check_ask(row["commitment_id"], row["ask"], counts):
            problems.append(Problem("error", path(RULES_FILE), where, "ask", check_ask(row["commitment_id"], row["ask"], counts)))
        if row["rule"] == "indicator" and row["indicator_id"] not in indicator_ids:
            problems.append(Problem("error", path(RULES_FILE), where, "indicator_id",
                                    f"an indicator rule needs a known indicator, not {row['indicator_id']!r}"))
        if row["rule"] == "event" and not row["event_type"]:
            problems.append(Problem("error", path(RULES_FILE), where, "event_type", "an event rule needs an event_type"))
        for event_id in split_list(row["superseded_by"]):
            if event_id not in event_ids:
                problems.append(Problem("error", path(RULES_FILE), where, "superseded_by", f"no such event {event_id!r}"))
    # A successor inherits its predecessor's rule and indicators through its lineage.
    from .status import resolve_rules

    lineage = dict(zip(commitments["commitment_id"], commitments["lineage_id"])) if "lineage_id" in commitments else {}
    linked_lineages = {lineage.get(cid, cid) for cid in linked}
    rules = resolve_rules(commitments, tables.rules)
    for cid in sorted(known):
        rule = rules[cid]
        if rule["rule"] in ("position", "decision") or lineage.get(cid, cid) in linked_lineages:
            continue
        problems.append(Problem("warning", path(INDICATORS_FILE), "", "commitments",
                                f"{cid} is linked to no indicator (nor is its lineage) and its rule is not a position or a decision"))
    return tables, problems


def _vocabulary_key(vocabularies: dict[str, set[str]]) -> tuple:
    return tuple(sorted((name, tuple(sorted(values))) for name, values in vocabularies.items()))
