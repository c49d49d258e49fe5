"""Time to implementation per ask: adopted, deadline, the first day it was met, how long that took and on whose evidence."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from .assessments import ASSESSORS, current_assessments
from .dates import day_or_none
from .ask_status import ask_status_as_of
from .progress import cannot_decide
from .rules import RULE_SCHEMA
from .schemas import Column, Schema, split_list
from .status import Ledgers, resolve_rules, status_as_of
from .scope import adoption_dates

IMPLEMENTATION_SCHEMA = Schema(
    "implementation",
    (
        Column("ask_id", pattern=r"\S+:OP\d+\.\d+", description="<commitment_id>.<n>"),
        Column("commitment_id", pattern=r"\S+:OP\d+"),
        Column("resolution_id"),
        Column("adopted", "date", required=False, description="the resolution's adoption date"),
        Column("deadline", "date", required=False, description="the earliest date after adoption the clause sets"),
        Column("first_met", "date", required=False,
               description="the first day its status was met, by the date (empty: never met by then)"),
        Column("days_to_met", "int", required=False, description="days from adoption to first_met"),
        Column("met_on_time", "bool", required=False, description="first met on or before its deadline (empty: no deadline, or never met)"),
        Column("met_rule", required=False, description="the rule that decided it was met (decision, event, indicator, assessment)"),
        Column("met_evidence", required=False, description="the source of the evidence that met it"),
        Column("met_assessor", required=False, choices=ASSESSORS, description="whose assessment met it, where one did"),
        Column("status", choices="statuses", description="its status on the as-of date"),
        Column("as_of", "date"),
    ),
    key=("ask_id",),
    description="Time to implementation: one row per ask, from adoption to the first day it was met",
)


def _explicit_rules(ledgers: Ledgers) -> pd.DataFrame:
    """Every paragraph's rule as its own (inherited and default ones resolved once, over all the commitments),
    with the asks' own rules: a run over a few commitments then decides each as a run over all would."""
    columns = list(RULE_SCHEMA.column_names)
    resolved = [{**{c: "" for c in columns}, **{k: v for k, v in rule.items() if k in columns}, "ask": ""}
                for rule in resolve_rules(ledgers.commitments, ledgers.rules).values()]
    rules = ledgers.rules
    own = rules[rules["ask"].astype(str).str.strip() != ""] if not rules.empty else rules
    own = own.reindex(columns=columns, fill_value="")
    return pd.concat([pd.DataFrame(resolved, columns=columns), own], ignore_index=True)


class _Evidence:
    """The ledgers' rows indexed by the commitments they bear on, and the days on which a status can turn met:
    an adoption (a decision), an occurred event of a rule's type, an observation of an indicator that decides a
    rule or that indicator's target date, an assessment judging met. A status is a function of the evidence
    dated by the day, so it turns met on no other day."""

    def __init__(self, data, as_of: dt.date):
        self.ledgers = ledgers = data.ledgers()
        self.rules = rules = _explicit_rules(ledgers)
        self.as_of = as_of
        rank = ledgers.confidence_rank
        self.affected: dict[dt.date, set[str]] = {}
        # indicator -> the paragraphs one of whose rules it decides; where it cannot decide alone (a flow, no
        # direction), the assessments decide, and only a met assessment's day can turn the status met
        self.ruled_by: dict[str, set[str]] = {}
        self.indicator = {row["indicator_id"]: row for row in ledgers.indicators.to_dict("records")}
        for rule in rules[rules["rule"] == "indicator"].to_dict("records"):
            indicator = self.indicator.get(rule["indicator_id"])
            if indicator is not None and cannot_decide(indicator, rule) is None:
                self.ruled_by.setdefault(rule["indicator_id"], set()).add(rule["commitment_id"])
        adopted = adoption_dates(data.metadata)
        self.resolution = dict(zip(ledgers.commitments["commitment_id"], ledgers.commitments["resolution_id"]))
        for cid, rid in self.resolution.items():
            self._touch(adopted.get(rid), [cid])
        events = ledgers.events
        self.events_of: dict[str, list[int]] = {}
        self.event_index = dict(zip(events["event_id"], range(len(events)))) if not events.empty else {}
        types = set(rules["event_type"]) - {""}
        for index, (listed, kind, state, date) in enumerate(zip(events.get("commitments", []), events.get("type", []),
                                                                 events.get("state", []), events.get("date", []))):
            named = split_list(listed)
            for cid in named:
                self.events_of.setdefault(cid, []).append(index)
            if state == "occurred" and kind in types:
                self._touch(day_or_none(date), named)
        assessments = ledgers.assessments
        self.assessments_of = {k: list(v) for k, v in assessments.groupby("commitment_id").indices.items()} \
            if not assessments.empty else {}
        if not assessments.empty:
            met = assessments[assessments["status"] == "met"]
            for cid, date in zip(met["commitment_id"], met["date"]):
                self._touch(day_or_none(date), [cid])
        indicators = ledgers.indicators
        for iid, date in zip(indicators.get("indicator_id", []), indicators.get("target_date", [])):
            self._touch(day_or_none(date), self.ruled_by.get(iid, ()))
        observations = ledgers.observations
        self.obs_on: dict[dt.date, list[int]] = {}  # day -> its observations of the ruling indicators
        self.obs_of: dict[tuple[str, dt.date], list[int]] = {}
        n = len(observations)
        self.obs_indicator = observations["indicator_id"].tolist() if n else []
        # the engine's order of observations: date, then the better source, then the one recorded last
        self.obs_order = list(zip(observations["date"].astype(str), observations["confidence"].map(rank).fillna(0),
                                  observations["recorded_at"].astype(str))) if n else []
        for index, (iid, date) in enumerate(zip(self.obs_indicator, observations["date"] if n else [])):
            if iid in self.ruled_by:
                day = day_or_none(date)
                if day is None or day > as_of:
                    continue
                self.obs_on.setdefault(day, []).append(index)
                self.obs_of.setdefault((iid, day), []).append(index)
                self._touch(day, self.ruled_by[iid])
                if self.indicator[iid]["type"] == "date":  # a milestone is met once its own date has come
                    self._touch(day_or_none(observations["value"].iat[index]), self.ruled_by[iid])
        self.floors = sorted(set(rank.values()) | {0})
        self.commitment = {row["commitment_id"]: row for row in ledgers.commitments.to_dict("records")}
        self.rules_of: dict[str, list[dict]] = {}
        for rule in rules.to_dict("records"):
            self.rules_of.setdefault(rule["commitment_id"], []).append(rule)
        # a corrected judgment never counts, whatever its date (as the engine reads them)
        self.current = current_assessments(assessments, None) if not assessments.empty else assessments
        self.assessments_of = {k: list(v) for k, v in self.current.groupby("commitment_id").indices.items()} \
            if not self.current.empty else {}
        # the rows as records, copied into each run's pseudo-commitments without a frame operation per copy
        used = sorted({i for indices in self.obs_of.values() for i in indices})  # only the ruling indicators'
        self.obs_records = dict(zip(used, observations.iloc[used].to_dict("records"))) if used else {}
        self.event_records = events.to_dict("records")
        self.assessment_records = self.current.to_dict("records")
        self.references = self._references(adopted, rank)

    def _touch(self, day, cids) -> None:
        if day is not None and day <= self.as_of:
            self.affected.setdefault(day, set()).update(cids)

    def _references(self, adopted, rank) -> dict[str, set[int]]:
        """indicator -> the observations that are a rule's reference where the indicator has no baseline: its first
        after the paragraph's adoption at the rule's confidence (the engine's ordering)."""
        found: dict[str, set[int]] = {}
        mine: dict[str, list[int]] = {}
        for (iid, _), indices in self.obs_of.items():
            mine.setdefault(iid, []).extend(indices)
        for rule in self.rules[self.rules["rule"] == "indicator"].to_dict("records"):
            adoption = adopted.get(self.resolution.get(rule["commitment_id"]))
            floor = rank.get(rule["min_confidence"], 0)
            candidates = [i for i in mine.get(rule["indicator_id"], ())
                          if self.obs_order[i][1] >= floor and (adoption is None or self.obs_order[i][0] > adoption.isoformat())]
            if candidates:
                first = min(candidates, key=lambda i: (self.obs_order[i][0], -self.obs_order[i][1], self.obs_order[i][2]))
                found.setdefault(rule["indicator_id"], set()).add(first)
        return found


def met_candidates(data, as_of: dt.date) -> list[dt.date]:
    """The days on which some status can turn met (see _Evidence)."""
    return sorted(_Evidence(data, as_of).affected)


# pseudo-commitments per run of the engine: it filters each commitment's evidence over the whole run's ledgers,
# so a run's cost grows with the square of its size, and a run has a fixed cost of its own
BATCH = 50


def _observations_for(evidence: _Evidence, rules: list[dict], day: dt.date, latest: dict) -> list[int]:
    """Of each indicator deciding one of the rules, the observations the engine can choose on day: that day's,
    the latest before it at each confidence floor, and the references (first after adoption)."""
    rows: set[int] = set()
    for iid in {r["indicator_id"] for r in rules if r["rule"] == "indicator"}:
        rows |= set(evidence.obs_of.get((iid, day), ())) | evidence.references.get(iid, set())
        rows |= set(latest.get(iid, {}).values())
    return sorted(rows)


def _run(evidence: _Evidence, pairs: list[tuple], asks_of: dict, run_as_of: dt.date) -> list[tuple]:
    """(day, ask_id, row) of every ask met in one engine run over pseudo-commitments, one per (day, commitment):
    each a copy of the commitment, its rules, indicators and asks under ids of its own, holding only the evidence
    dated by its day, so that the run decides each as a run on that day would (run_as_of is the day itself
    where the decision reads the date, as a date indicator's does)."""
    ledgers = evidence.ledgers
    commitments, rules, indicators, asks = [], [], [], []
    observations, events, assessments = [], [], []
    for k, (day, cid, rows) in enumerate(pairs):
        pid, iso = f"{cid}@{k}", day.isoformat()
        commitments.append({**evidence.commitment[cid], "commitment_id": pid, "lineage_id": pid,
                            "previous_commitment": ""})
        renamed = {}
        for rule in evidence.rules_of.get(cid, ()):
            if rule["indicator_id"]:
                renamed[rule["indicator_id"]] = f"{rule['indicator_id']}@{k}"
            rules.append({**rule, "commitment_id": pid, "indicator_id": renamed.get(rule["indicator_id"], ""),
                          "superseded_by": "|".join(f"{e}@{k}" for e in split_list(rule["superseded_by"]))})
        indicators += [{**evidence.indicator[i], "indicator_id": new} for i, new in renamed.items()
                       if i in evidence.indicator]
        observations += [{**row, "indicator_id": renamed.get(row["indicator_id"]),
                          "observation_id": f"{row['observation_id']}@{k}"}
                         for row in (evidence.obs_records[i] for i in rows) if str(row["date"]) <= iso]
        superseding = [evidence.event_index[e] for r in evidence.rules_of.get(cid, ())
                       for e in split_list(r["superseded_by"]) if e in evidence.event_index]
        for i in sorted(set(evidence.events_of.get(cid, ())) | set(superseding)):
            row = evidence.event_records[i]
            if str(row["date"]) <= iso:
                # still linked to the commitment only if it was: a superseding event is found by its id
                events.append({**row, "event_id": f"{row['event_id']}@{k}",
                               "commitments": pid if cid in split_list(row["commitments"]) else ""})
        assessments += [{**row, "commitment_id": pid} for row in
                        (evidence.assessment_records[i] for i in evidence.assessments_of.get(cid, ()))
                        if str(row["date"]) <= iso]
        asks += [{**row, "commitment_id": pid, "ask_id": f"{pid}.{row['n']}"} for row in asks_of[cid]]
    sub = Ledgers(pd.DataFrame(commitments), ledgers.resolutions,
                  pd.DataFrame(indicators, columns=list(ledgers.indicators.columns)),
                  pd.DataFrame(observations, columns=list(ledgers.observations.columns)),
                  pd.DataFrame(events, columns=list(ledgers.events.columns)),
                  pd.DataFrame(assessments, columns=list(evidence.current.columns)),
                  pd.DataFrame(rules, columns=list(evidence.rules.columns)), ledgers.confidence_rank)
    status = ask_status_as_of(sub, pd.DataFrame(asks), status_as_of(sub, run_as_of), run_as_of)
    back = {f"{cid}@{k}": (day, cid) for k, (day, cid, _) in enumerate(pairs)}
    met = []
    for row in status[status["status"] == "met"].to_dict("records"):
        day, cid = back[row["commitment_id"]]
        met.append((day, f"{cid}.{row['n']}", row))
    return met


def first_met(data, as_of: dt.date) -> dict[str, tuple[dt.date, dict]]:
    """ask_id -> (the first day its status was met, its ask-status row that day).

    The status engine decides, on the days something can turn met (_Evidence), for the commitments whose
    evidence is dated that day, each with only the evidence the engine can choose then; the days and
    commitments go through the engine together, BATCH at a time: the work grows with the evidence.
    """
    evidence = _Evidence(data, as_of)
    asks_of = {cid: group.to_dict("records") for cid, group in data.asks.groupby("commitment_id")}
    adopted = adoption_dates(data.metadata)
    dated = {r["commitment_id"] for r in evidence.rules.to_dict("records")
             if r["rule"] == "indicator" and evidence.indicator.get(r["indicator_id"], {}).get("type") == "date"}
    pairs, on_their_day = [], {}
    latest: dict[str, dict[float, int]] = {}  # indicator -> confidence floor -> its latest observation so far
    for day in sorted(set(evidence.affected) | set(evidence.obs_on)):
        for cid in sorted(evidence.affected.get(day, ())):
            adoption = adopted.get(evidence.resolution.get(cid))
            if cid not in asks_of or (adoption and day < adoption):  # nothing is met before adoption
                continue
            pair = (day, cid, _observations_for(evidence, evidence.rules_of.get(cid, []), day, latest))
            (on_their_day.setdefault(day, []) if cid in dated else pairs).append(pair)
        for index in evidence.obs_on.get(day, ()):  # the day's values join the latest ones at each floor
            order, mine = evidence.obs_order[index], latest.setdefault(evidence.obs_indicator[index], {})
            for floor in evidence.floors:
                if order[1] >= floor and (floor not in mine or evidence.obs_order[mine[floor]] <= order):
                    mine[floor] = index
    first: dict[str, tuple[dt.date, dict]] = {}

    def keep(found) -> None:
        for day, ask_id, row in found:
            if ask_id not in first or day < first[ask_id][0]:
                first[ask_id] = (day, row)

    def done(cid) -> bool:
        return all(f"{cid}.{ask['n']}" in first for ask in asks_of[cid])
    chunk = []
    for pair in pairs:  # in day order: a commitment whose asks are all met needs no later day
        if not done(pair[1]):
            chunk.append(pair)
        if len(chunk) == BATCH:
            keep(_run(evidence, chunk, asks_of, as_of))
            chunk = []
    if chunk:
        keep(_run(evidence, chunk, asks_of, as_of))
    for day, group in sorted(on_their_day.items()):
        group = [p for p in group if not done(p[1])]
        if group:
            keep(_run(evidence, group, asks_of, day))
    return first


def _assessor(assessments: pd.DataFrame, ask: dict, evidence, day) -> str | None:
    """Whose met judgment of the ask (or of its whole paragraph) on that day rests on that evidence."""
    if assessments.empty or not evidence:
        return None
    judged = assessments["ask"].astype(str).str.strip() if "ask" in assessments.columns else ""
    found = assessments[(assessments["commitment_id"] == ask["commitment_id"]) & judged.isin(["", str(ask["n"])])
                        & (assessments["status"] == "met") & (assessments["evidence"] == evidence)
                        & (assessments["date"].astype(str) == str(day))]
    return None if found.empty else str(found.iloc[-1]["assessor"])


def implementation_table(data, as_of: dt.date) -> pd.DataFrame:
    """Every ask of the workspace (a monitor.pipeline.WorkspaceData) with the first day its status was met.

    first_met runs the ask status engine on the days and commitments where something can turn met.
    """
    columns = IMPLEMENTATION_SCHEMA.column_names
    if data.asks.empty:
        return pd.DataFrame(columns=columns)
    first = first_met(data, as_of)
    now = data.ask_status(as_of).set_index("ask_id")["status"].to_dict()
    adopted = adoption_dates(data.metadata)
    rows = []
    for ask in data.asks.to_dict("records"):
        day, met = first.get(ask["ask_id"], (None, None))
        adoption = adopted.get(ask["resolution_id"])
        deadline = day_or_none(ask.get("deadline"))
        rows.append({
            "ask_id": ask["ask_id"], "commitment_id": ask["commitment_id"], "resolution_id": ask["resolution_id"],
            "adopted": adoption.isoformat() if adoption else None,
            "deadline": deadline.isoformat() if deadline else None,
            "first_met": day.isoformat() if day else None,
            "days_to_met": (day - adoption).days if day and adoption else None,
            "met_on_time": (day <= deadline) if day and deadline else None,
            "met_rule": met["rule"] if met else None,
            "met_evidence": met["evidence"] if met else None,
            "met_assessor": _assessor(data.curated.assessments, ask, met["evidence"], met["evidence_date"])
            if met else None,
            "status": now.get(ask["ask_id"], "no_data"),
            "as_of": as_of.isoformat(),
        })
    frame = pd.DataFrame(rows, columns=columns)
    frame["days_to_met"] = frame["days_to_met"].astype("Int64")  # whole days, empty where never met
    return frame
