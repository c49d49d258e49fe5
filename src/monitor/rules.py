"""Status rules: per commitment, what decides its status and what supersedes it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .asks import check_ask, whole_paragraph
from .ledger import append_rows, locked, read_ledger, refuse
from .problems import Problem
from .progress import THRESHOLDS, cannot_decide, measure, target_of
from .schemas import Column, Schema, split_list

RULES_FILE = "status_rules.csv"
RULE_KINDS = ("decision", "event", "indicator", "assessment", "position")
COMPARISONS = (">=", ">", "<=", "<", "==", "increase", "exists")

RULE_SCHEMA = Schema(
    "status_rules",
    (
        Column("commitment_id", description="the commitment whose status the rule decides; one rule per commitment and ask"),
        Column("ask", "int", required=False, description=(
            "the ask whose status the rule decides (its number, 'monitor asks'); empty: the whole paragraph, "
            "and every ask without a rule of its own")),
        Column("rule", choices=RULE_KINDS, description=(
            "decision: met on adoption; event: met when an event of event_type linked to the commitment occurs; "
            "indicator: the latest observation compared with the target; assessment: the latest analyst assessment; "
            "position: not tracked")),
        Column("indicator_id", required=False, description="for indicator rules: the indicator (indicators.csv)"),
        Column("event_type", required=False, choices="event_types", description="for event rules: the type of event that meets it"),
        Column("comparison", required=False, choices=COMPARISONS,
               description="for indicators: latest value against the target; increase compares with the baseline; empty: the indicator's direction and type decide"),
        Column("target", required=False, description="for indicators: the number that counts as met; empty: the indicator's target_value"),
        Column("partial", required=False, description="for indicators: the level that counts as partially met"),
        Column("min_confidence", choices="confidence", description="the lowest confidence allowed to change a status"),
        Column("superseded_by", "list", required=False, description="event ids that remove the commitment's object"),
        Column("reason", multiline=True, description="what the rule means, in words; for a position, why it is not tracked"),
    ),
    key=("commitment_id", "ask"),
    description="What decides each commitment's status (or one of its asks')",
)


def load_rules(curated_dir: Path) -> pd.DataFrame:
    return read_ledger(Path(curated_dir) / RULES_FILE, RULE_SCHEMA)


_ONLY_FOR = {"indicator_id": "indicator", "comparison": "indicator", "target": "indicator", "partial": "indicator",
             "event_type": "event"}


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _ask(row: dict) -> str:
    return str(row.get("ask", "") or "").strip()


def check_new_rules(rows: pd.DataFrame, origin: str, existing: pd.DataFrame, commitment_ids: set[str],
                    indicators: pd.DataFrame, event_ids: set[str], vocabularies: dict[str, set[str]],
                    first_row: int = 2, ask_counts: dict[str, int] | None = None) -> list[Problem]:
    """Every problem in new rules: schema, unknown ids and asks, a second rule for a commitment or ask,
    options that do not fit."""
    problems = [p for p in RULE_SCHEMA.check(rows, origin, vocabularies, first_row=first_row)
                if p.field != "ask" or p.location == "header"]
    ruled = {(r["commitment_id"], _ask(r)): (n + 2, r["rule"]) for n, r in enumerate(existing.to_dict("records"))}
    known = {r["indicator_id"]: r for r in indicators.to_dict("records")}
    for offset, row in enumerate(rows.to_dict("records")):
        where = f"row {offset + first_row}"

        def fail(field: str, message: str) -> None:
            problems.append(Problem("error", origin, where, field, message))
        cid, kind, ask = row["commitment_id"], row["rule"], _ask(row)
        named = f"{cid} ask {ask}" if ask else cid
        why = check_ask(cid, ask, ask_counts) if ask and cid in commitment_ids else None
        if cid not in commitment_ids:
            fail("commitment_id", f"no such commitment {cid!r} in the workspace")
        elif why:
            fail("ask", why)
        elif (cid, ask) in ruled:
            line, rule = ruled[(cid, ask)]
            fail("commitment_id", f"{named} already has a rule ({rule}, {RULES_FILE} row {line}); the file holds one "
                 "rule per commitment and ask and is edited by hand, not appended to: change that row to change its rule")
        ruled.setdefault((cid, ask), (offset + first_row, kind))
        for field, owner in _ONLY_FOR.items():
            if row[field].strip() and kind != owner:
                fail(field, f"only an {owner} rule takes {field}, not {_article(kind)} {kind} rule")
        if kind == "event" and not row["event_type"].strip():
            fail("event_type", "an event rule needs the type of event that meets it")
        indicator = known.get(row["indicator_id"])
        if kind == "indicator" and indicator is None:
            fail("indicator_id", f"an indicator rule needs a known indicator, not {row['indicator_id']!r}")
        elif kind == "indicator":
            value_type = indicator["type"]
            if value_type == "plan":
                fail("indicator_id", f"{row['indicator_id']!r} is a plan, never an achievement: it cannot decide a status")
            for field in ("target", "partial"):
                if row[field].strip() and measure(row[field], value_type) is None:
                    fail(field, f"{row[field]!r} is not a {value_type} value")
            if row["comparison"] in THRESHOLDS and not target_of(indicator, row):
                fail("target", f"the comparison {row['comparison']} needs a target (here, or the indicator's)")
        for event_id in split_list(row["superseded_by"]):
            if event_id not in event_ids:
                fail("superseded_by", f"no such event {event_id!r} in the events ledger")
    return problems


def indicator_rules(indicator: dict, existing: pd.DataFrame, reason: str, origin: str) -> tuple[pd.DataFrame, list[Problem]]:
    """An indicator rule for each of the indicator's commitments that has none yet, or why the indicator cannot decide.

    The rules give no comparison, so the indicator's direction and type decide (monitor.progress).
    """
    problems = []
    why = cannot_decide(indicator, {})
    if why:
        # the type is at fault if the indicator could not decide even with a direction
        field = "type" if cannot_decide({**indicator, "direction": "increase"}, {}) else "direction"
        problems.append(Problem("error", origin, "", field, f"{why}: give its commitments a rule with 'monitor add-rule'"))
    elif indicator["direction"] == "reach" and not target_of(indicator, {}):
        problems.append(Problem("error", origin, "", "target_value", "the direction reach needs a target to decide a status"))
    if problems:
        return pd.DataFrame(columns=RULE_SCHEMA.column_names), problems
    target = target_of(indicator, {})
    generated = (f"{indicator['name_en']} ({indicator['indicator_id']}) decides, by its direction "
                 f"({indicator['direction']}{', target ' + target if target else ''})")
    ruled = set(whole_paragraph(existing)["commitment_id"])
    rows = [{"commitment_id": cid, "rule": "indicator", "indicator_id": indicator["indicator_id"],
             "min_confidence": "secondary", "reason": reason.strip() or generated}
            for cid in split_list(indicator["commitments"]) if cid not in ruled]
    return pd.DataFrame([{c: r.get(c, "") for c in RULE_SCHEMA.column_names} for r in rows],
                        columns=RULE_SCHEMA.column_names), []


def append_rule(curated_dir: Path, row: dict, commitment_ids: set[str], indicators: pd.DataFrame, event_ids: set[str],
                vocabularies: dict[str, set[str]], origin: str, ask_counts: dict[str, int] | None = None) -> dict:
    """Validate one commitment's (or ask's) rule and append it, or refuse naming every problem; the file stays as it was."""
    path = Path(curated_dir) / RULES_FILE
    rows = pd.DataFrame([{c: str(row.get(c, "")) for c in RULE_SCHEMA.column_names}])
    with locked(path):
        problems = check_new_rules(rows, origin, load_rules(curated_dir), commitment_ids, indicators, event_ids,
                                   vocabularies, ask_counts=ask_counts)
        if problems:
            refuse(problems)
        append_rows(path, RULE_SCHEMA, rows)
    return rows.iloc[0].to_dict()
