"""Time to implementation per ask: adopted, deadline, the first day it was met, how long that took and on whose evidence."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from .assessments import ASSESSORS
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
        indicators = {row["indicator_id"]: row for row in ledgers.indicators.to_dict("records")}
        for rule in rules[rules["rule"] == "indicator"].to_dict("records"):
            indicator = indicators.get(rule["indicator_id"])
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
        self.floors = sorted(set(rank.values()) | {0})
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


def _sub_ledgers(evidence: _Evidence, cids: set[str], day: dt.date, latest: dict) -> Ledgers:
    """The ledgers of a run over cids on day: their rules, events and assessments, and of each indicator that
    decides one of them only the observations the engine can choose on that day (that day's, the latest before
    it at each confidence floor, the references): it decides as it would over the whole ledgers."""
    ledgers, rules = evidence.ledgers, evidence.rules[evidence.rules["commitment_id"].isin(cids)]
    rows: set[int] = set()
    for iid in set(rules.loc[rules["rule"] == "indicator", "indicator_id"]):
        rows |= set(evidence.obs_of.get((iid, day), ())) | evidence.references.get(iid, set())
        rows |= set(latest.get(iid, {}).values())
    events = {i for cid in cids for i in evidence.events_of.get(cid, ())}
    events |= {evidence.event_index[e] for ids in rules["superseded_by"] for e in split_list(ids) if e in evidence.event_index}
    assessments = sorted({i for cid in cids for i in evidence.assessments_of.get(cid, ())})
    return Ledgers(ledgers.commitments[ledgers.commitments["commitment_id"].isin(cids)].reset_index(drop=True),
                   ledgers.resolutions, ledgers.indicators,
                   ledgers.observations.iloc[sorted(rows)].reset_index(drop=True),
                   ledgers.events.iloc[sorted(events)].reset_index(drop=True),
                   ledgers.assessments.iloc[assessments].reset_index(drop=True),
                   rules.reset_index(drop=True), ledgers.confidence_rank)


def first_met(data, as_of: dt.date) -> dict[str, tuple[dt.date, dict]]:
    """ask_id -> (the first day its status was met, its ask-status row that day).

    The status engine runs day by day over the days something can turn met, each time only over the
    commitments whose evidence is dated that day and that still have an ask not met, with only the evidence
    the engine can choose then: the work grows with the evidence, not with days times commitments.
    """
    evidence = _Evidence(data, as_of)
    asks_of = {cid: group for cid, group in data.asks.groupby("commitment_id")}
    pending = set(asks_of)
    first: dict[str, tuple[dt.date, dict]] = {}
    latest: dict[str, dict[float, int]] = {}  # indicator -> confidence floor -> its latest observation so far
    for day in sorted(set(evidence.affected) | set(evidence.obs_on)):
        cids = evidence.affected.get(day, set()) & pending
        if cids:
            sub = _sub_ledgers(evidence, cids, day, latest)
            asks = pd.concat([asks_of[c] for c in sorted(cids)], ignore_index=True)
            for row in ask_status_as_of(sub, asks, status_as_of(sub, day), day).to_dict("records"):
                if row["status"] == "met" and row["ask_id"] not in first:
                    first[row["ask_id"]] = (day, row)
            pending -= {cid for cid in cids if all(a in first for a in asks_of[cid]["ask_id"])}
        for index in evidence.obs_on.get(day, ()):  # the day's values join the latest ones at each floor
            order, mine = evidence.obs_order[index], latest.setdefault(evidence.obs_indicator[index], {})
            for floor in evidence.floors:
                if order[1] >= floor and (floor not in mine or evidence.obs_order[mine[floor]] <= order):
                    mine[floor] = index
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
