"""Indicators: what is measured for a commitment, its unit, baseline, target and direction."""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import replace
from pathlib import Path

import pandas as pd

from .dates import date_problems, day_or_none
from .ledger import append_rows, locked, read_ledger, refuse
from .observations import OBSERVATION_SCHEMA, check_value
from .problems import Problem
from .schemas import Column, Schema, split_list

INDICATORS_FILE = "indicators.csv"
INDICATOR_TYPES = ("count", "stock", "flow", "plan", "percent", "date", "yesno", "narrative")

DIRECTIONS = ("increase", "decrease", "reach", "none")

INDICATOR_SCHEMA = Schema(
    "indicators",
    (
        Column("indicator_id", pattern=r"[a-z0-9_]+", description="short id: lower-case letters, digits and _"),
        Column("name_en", description="name in English"),
        Column("name_fr", description="name in French"),
        Column("unit", description="what one unit counts (testimonies, persons, days, %)"),
        Column("type", choices=INDICATOR_TYPES,
               description="count: a cumulative count; stock: a level; flow: per batch or period; plan: a planned or announced quantity, never an achievement; percent: a share from 0 to 100, decimals allowed; date: a milestone date; yesno; narrative"),
        Column("baseline_value", required=False, description="the value when tracking starts; fits the type"),
        Column("baseline_date", "date", required=False, description="the date the baseline holds for"),
        Column("baseline_source", required=False, description="where the baseline comes from (document symbol or address)"),
        Column("target_value", required=False, description="the value asked for, if the text sets one"),
        Column("target_date", "date", required=False, description="when the target is due"),
        Column("direction", choices=DIRECTIONS, description="which way is progress: up, down, reaching the target, or none"),
        Column("commitments", "list", description="commitment ids this indicator tracks, separated by |"),
        Column("note", required=False, multiline=True, description="how to read it: what is counted, what is not"),
    ),
    key=("indicator_id",),
    description="What is measured, and for which commitments",
)



def _as(schema: Schema, column: str, name: str, **changes) -> Column:
    """A column of another table's schema under the name this table gives it."""
    return replace(next(c for c in schema.columns if c.name == column), name=name, **changes)


# the table latest_values returns (the build's indicators CSV): its columns are the indicators' and observations'
LATEST_SCHEMA = Schema(
    "indicators",
    (
        _as(INDICATOR_SCHEMA, "indicator_id", "indicator_id"),
        _as(INDICATOR_SCHEMA, "name_en", "name"),
        _as(INDICATOR_SCHEMA, "unit", "unit"),
        _as(INDICATOR_SCHEMA, "type", "type"),
        _as(INDICATOR_SCHEMA, "baseline_value", "baseline"),
        _as(INDICATOR_SCHEMA, "baseline_date", "baseline_date"),
        _as(INDICATOR_SCHEMA, "target_value", "target"),
        _as(OBSERVATION_SCHEMA, "value", "latest_value", required=False, description="the latest value observed by the date"),
        _as(OBSERVATION_SCHEMA, "qualifier", "latest_qualifier", required=False),
        _as(OBSERVATION_SCHEMA, "date", "latest_date", required=False),
        _as(OBSERVATION_SCHEMA, "source", "latest_source", required=False),
        _as(OBSERVATION_SCHEMA, "confidence", "latest_confidence", required=False),
        Column("observations", "int", description="how many observations of it hold by the date"),
        _as(INDICATOR_SCHEMA, "commitments", "commitments"),
    ),
    key=("indicator_id",),
    description="Each indicator with its latest observed value, date, source and confidence as of the date",
)


def load_indicators(curated_dir: Path) -> pd.DataFrame:
    return read_ledger(Path(curated_dir) / INDICATORS_FILE, INDICATOR_SCHEMA)


def latest_values(indicators: pd.DataFrame, observations: pd.DataFrame, as_of=None,
                  confidence_rank: dict[str, int] | None = None) -> pd.DataFrame:
    """Each indicator with its latest observed value, date, source and confidence (as of a date).

    Of two values for the same date, the better source wins (confidence_rank, the confidence
    vocabulary's ranks; the package's by default), then the one recorded last.
    """
    if confidence_rank is None:
        from .vocab import load_vocabulary

        ranks = load_vocabulary("confidence", None)
        confidence_rank = dict(zip(ranks["confidence_id"], ranks["rank"].astype(int)))
    rows = []
    for indicator in indicators.to_dict("records"):
        mine = observations[observations["indicator_id"] == indicator["indicator_id"]] if not observations.empty else observations
        if as_of is not None and not mine.empty:
            mine = mine[mine["date"] <= as_of.isoformat()]
        if not mine.empty:
            mine = mine.assign(_rank=mine["confidence"].map(confidence_rank).fillna(0))
        latest = mine.sort_values(["date", "_rank", "recorded_at"]).iloc[-1] if not mine.empty else None
        rows.append({
            "indicator_id": indicator["indicator_id"],
            "name": indicator["name_en"],
            "unit": indicator["unit"],
            "type": indicator["type"],
            "baseline": indicator["baseline_value"],
            "baseline_date": indicator["baseline_date"],
            "target": indicator["target_value"],
            "latest_value": None if latest is None else latest["value"],
            "latest_qualifier": None if latest is None else latest["qualifier"],
            "latest_date": None if latest is None else latest["date"],
            "latest_source": None if latest is None else latest["source"],
            "latest_confidence": None if latest is None else latest["confidence"],
            "observations": int(len(mine)),
            "commitments": indicator["commitments"],
        })
    return pd.DataFrame(rows, columns=LATEST_SCHEMA.column_names)


def check_new_indicator(rows: pd.DataFrame, origin: str, existing: pd.DataFrame, commitment_ids: set[str],
                        vocabularies: dict[str, set[str]], today: dt.date, first_row: int = 2) -> list[Problem]:
    """Every problem in new indicator rows: schema, ids already taken, unknown commitments, values off type."""
    problems = INDICATOR_SCHEMA.check(rows, origin, vocabularies, first_row=first_row)
    taken = {i: n + 2 for n, i in enumerate(existing["indicator_id"])}
    for offset, row in enumerate(rows.to_dict("records")):
        where = f"row {offset + first_row}"

        def fail(field: str, message: str) -> None:
            problems.append(Problem("error", origin, where, field, message))
        if row["indicator_id"] in taken:
            fail("indicator_id", f"{row['indicator_id']!r} already exists ({INDICATORS_FILE} row "
                 f"{taken[row['indicator_id']]}): choose another id, or edit that row by hand")
        taken.setdefault(row["indicator_id"], offset + first_row)
        for cid in split_list(row["commitments"]):
            if cid not in commitment_ids:
                fail("commitments", f"no such commitment {cid!r} in the workspace"
                     + ("" if commitment_ids else " (it holds no resolution yet: add one with 'monitor add')"))
        if row["type"] in INDICATOR_TYPES:
            for field in ("baseline_value", "target_value"):
                message = check_value(row[field].strip(), row["type"]) if row[field].strip() else None
                if message:
                    fail(field, message)
        if row["baseline_value"].strip():
            for field in ("baseline_date", "baseline_source"):
                if not row[field].strip():
                    fail(field, "a baseline value needs its date and source")
        baseline_day = day_or_none(row["baseline_date"])
        if baseline_day and baseline_day > today:
            fail("baseline_date", f"{baseline_day.isoformat()} is in the future: a baseline is observed")
        for field, why in date_problems(row, ("baseline_date", "target_date"), today):
            fail(field, why)
    return problems


def append_indicator(curated_dir: Path, row: dict, commitment_ids: set[str], vocabularies: dict[str, set[str]],
                     origin: str, today: dt.date | None = None, with_rules: bool = False,
                     rule_reason: str = "") -> tuple[dict, pd.DataFrame]:
    """Validate one indicator and append it, or refuse naming every problem; the files stay as they were.

    With with_rules, an indicator status rule is also appended for each of its commitments that has
    no rule yet. Returns the indicator row and the rules added.
    """
    from .rules import RULE_SCHEMA, RULES_FILE, check_new_rules, indicator_rules, load_rules

    curated_dir = Path(curated_dir)
    path, rules_path = curated_dir / INDICATORS_FILE, curated_dir / RULES_FILE
    rows = pd.DataFrame([{c: str(row.get(c, "")) for c in INDICATOR_SCHEMA.column_names}])
    # Indicators before rules, always: add-rule takes only the rules' lock, so no two writers wait on each other.
    with locked(path), (locked(rules_path) if with_rules else contextlib.nullcontext()):
        existing = load_indicators(curated_dir)
        problems = check_new_indicator(rows, origin, existing, commitment_ids, vocabularies, today or dt.date.today())
        rules = pd.DataFrame(columns=RULE_SCHEMA.column_names)
        if with_rules and not problems:
            current = load_rules(curated_dir)
            rules, problems = indicator_rules(rows.iloc[0].to_dict(), current, rule_reason, origin)
            problems += check_new_rules(rules, origin, current, commitment_ids, pd.concat([existing, rows]),
                                        set(), vocabularies)
        if problems:
            refuse(problems)
        append_rows(path, INDICATOR_SCHEMA, rows)
        if len(rules):
            append_rows(rules_path, RULE_SCHEMA, rules)
    return rows.iloc[0].to_dict(), rules
