"""Status of every commitment as of a date (and as known on a date), with reason, evidence and deadline state."""

from __future__ import annotations

import datetime as dt
import weakref
from dataclasses import dataclass

import pandas as pd

from .assessments import current_assessments
from .corrections import current_rows
from .asks import whole_paragraph
from .dates import day_or_none
from .distinct import of_series, per_row
from .progress import cannot_decide, decided_by, indicator_name, judge
from .reasons import french, label, reason, typed, word
from .schemas import Column, Schema, split_list

STATUS_SCHEMA = Schema(
    "status",
    (
        Column("commitment_id"),
        Column("resolution_id"),
        Column("paragraph_id"),
        Column("kind"),
        Column("rule"),
        Column("rule_from", description="curated, inherited from a predecessor, or the default for its kind"),
        Column("lineage_id"),
        Column("status", choices="statuses"),
        Column("reason"),
        Column("reason_fr", required=False, description="the reason in French (text an analyst typed marked as such)"),
        Column("evidence", required=False, description="source of what decided the status"),
        Column("evidence_date", "date", required=False),
        Column("confidence", required=False),
        Column("deadline", "date", required=False),
        Column("deadline_state", choices=("none", "upcoming", "due", "overdue", "met_on_time", "met_late")),
        Column("assessments", required=False, description="latest judgment of each assessor"),
        Column("disagreement", "bool"),
        Column("overrides_assessment", "bool",
               description="the rule's evidence decided a status other than the analyst's latest assessment"),
        Column("asks", required=False, description="each ask's status (monitor.ask_status), e.g. 'OP3.1 met; OP3.2 in progress'"),
        Column("as_of", "date"),
        Column("known_on", "date", required=False),
    ),
    key=("commitment_id",),
)


@dataclass
class Ledgers:
    """The curated evidence a status is computed from."""

    commitments: pd.DataFrame
    resolutions: pd.DataFrame  # metadata: resolution_id, adoption_date
    indicators: pd.DataFrame
    observations: pd.DataFrame
    events: pd.DataFrame
    assessments: pd.DataFrame
    rules: pd.DataFrame
    confidence_rank: dict[str, int]

    def known_on(self, day: dt.date | None) -> "Ledgers":
        """Only what had been recorded by the end of that day."""
        if day is None:
            return self

        def recorded(frame: pd.DataFrame) -> pd.DataFrame:
            if frame.empty:
                return frame
            return frame[frame["recorded_at"].astype(str).str[:10] <= day.isoformat()]

        # a correction or withdrawal recorded later was not known then: the row it replaces still counted
        return Ledgers(self.commitments, self.resolutions, self.indicators,
                       current_rows(recorded(self.observations), "observation_id"),
                       current_rows(recorded(self.events), "event_id"), recorded(self.assessments), self.rules,
                       self.confidence_rank)


def _keep(frame: pd.DataFrame, column: str, test) -> pd.DataFrame:
    """Rows whose column passes test; safe on empty frames (an empty mask would select columns)."""
    if frame.empty:
        return frame
    return frame.loc[[bool(test(v)) for v in frame[column]]]


def _days(frame: pd.DataFrame) -> pd.Series:
    """The date column as days, parsed once for the whole ledger (YYYY-MM-DD, a time may follow): each
    distinct date once, as a ledger of a million rows holds a few thousand."""
    codes, uniques = of_series(frame["date"])
    days = pd.to_datetime(pd.Series([str(u)[:10] for u in uniques], dtype=object), format="%Y-%m-%d",
                          errors="coerce")
    return pd.Series(days.to_numpy()[codes], index=frame.index, name="date")


class _Evidence:
    """The ledgers grouped once per computation: observations by indicator, events and assessments by
    commitment, each row's day and confidence rank computed in one pass.

    The engine decides one commitment at a time; filtering the whole ledger for each of them made a status
    cost commitments x rows. Each group keeps the ledger's row order, so every sort below breaks ties as before.
    """

    def __init__(self, ledgers: "Ledgers"):
        self.observations = _grouped_once(ledgers.observations, "indicator_id", ledgers.confidence_rank)
        self.assessments = _Groups(_ranked(ledgers.assessments, ledgers.confidence_rank), "commitment_id")
        self.events = _ranked(ledgers.events, ledgers.confidence_rank)
        self._events_of: dict[str, list[int]] = {}
        if not self.events.empty:
            for position, cell in enumerate(self.events["commitments"]):
                for cid in dict.fromkeys(split_list(cell)):
                    self._events_of.setdefault(cid, []).append(position)

    def observations_of(self, indicator_id: str) -> pd.DataFrame:
        return self.observations.get(indicator_id, _EMPTY)

    def assessments_of(self, commitment_id: str) -> pd.DataFrame:
        return self.assessments.get(commitment_id, _EMPTY)

    def events_of(self, commitment_id: str) -> pd.DataFrame:
        positions = self._events_of.get(commitment_id)
        return self.events.iloc[positions] if positions else _EMPTY


_EMPTY = pd.DataFrame()


def _ranked(frame: pd.DataFrame, confidence_rank: dict[str, int]) -> pd.DataFrame:
    """The ledger with _day and _conf (its confidence's rank; 0 for an unknown one) beside its columns."""
    if frame.empty:
        return frame
    extra = {"_day": _days(frame)}
    if "confidence" in frame.columns:
        codes, uniques = of_series(frame["confidence"])
        extra["_conf"] = pd.Series(per_row([confidence_rank.get(u, 0) if isinstance(u, str) else 0 for u in uniques],
                                           codes, int), index=frame.index)
    return frame.assign(**extra)


class _Groups:
    """A ledger's rows grouped by a column (an indicator, a commitment), each group taken from the ledger when
    first asked for: a status reads a few of them, and taking every group of a million rows costs a second."""

    def __init__(self, frame: pd.DataFrame, column: str) -> None:
        self._frame = frame
        self._positions = frame.groupby(column, sort=False).indices if not frame.empty else {}
        self._taken: dict[str, pd.DataFrame] = {}

    def get(self, key, default=None):
        if key not in self._positions:
            return default
        if key not in self._taken:  # the rows in the ledger's order, as groupby gives them
            self._taken[key] = self._frame.take(self._positions[key])
        return self._taken[key]


# the observations ledgers grouped lately, by the frame they came from: a history asks for the status on
# many dates from the same ledger, which is grouped once (an entry goes when its frame does)
_GROUPED: dict[tuple, tuple[weakref.ref, _Groups]] = {}


def _grouped_once(frame: pd.DataFrame, column: str, confidence_rank: dict[str, int]) -> _Groups:
    key = (id(frame), column, tuple(sorted(confidence_rank.items())))
    found = _GROUPED.get(key)
    if found is not None and found[0]() is frame:
        return found[1]
    for stale in [k for k, (ref, _) in _GROUPED.items() if ref() is None]:
        del _GROUPED[stale]
    groups = _Groups(_ranked(frame, confidence_rank), column)
    _GROUPED[key] = (weakref.ref(frame), groups)
    return groups


class _Decision:
    def __init__(self, status, reason, evidence=None, evidence_date=None, confidence=None, from_assessment=False):
        self.status, self.reason = status, reason
        self.evidence, self.evidence_date, self.confidence = evidence, evidence_date, confidence
        self.from_assessment = from_assessment  # decided by the assessments, not by the rule's own evidence


def _rank(ledgers: Ledgers, confidence: str) -> int:
    return ledgers.confidence_rank.get(confidence, 0)


def _by_event(rule, row, evidence: _Evidence, ledgers, as_of, deadline) -> _Decision:
    events = evidence.events_of(row["commitment_id"])
    if not events.empty:
        events = events[(events["type"] == rule["event_type"]) & (events["state"] == "occurred")
                        & (events["_day"] <= pd.Timestamp(as_of))]
    strong = events[events["_conf"] >= _rank(ledgers, rule["min_confidence"])] if not events.empty else events
    if not strong.empty:
        first = strong.sort_values("date").iloc[0]
        return _Decision("met", reason("event_met", title=typed(first["title"]), date=first["date"],
                                       confidence=word("confidence", first["confidence"], first["confidence"])),
                         first["source"], first["date"], first["confidence"])
    if not events.empty:
        weak = events.sort_values("date").iloc[0]
        return _Decision("no_data", reason("event_weak", confidence=word("confidence", weak["confidence"], weak["confidence"]),
                                           title=typed(weak["title"]),
                                           min=word("confidence", rule["min_confidence"], rule["min_confidence"])),
                         weak["source"], weak["date"], weak["confidence"])
    kind = word("event_types", rule["event_type"])
    if deadline and as_of > deadline:
        return _Decision("not_met", reason("event_overdue", label=kind, deadline=deadline.isoformat()))
    if deadline:
        return _Decision("not_started", reason("event_none_due", label=kind, deadline=deadline.isoformat()))
    return _Decision("not_started", reason("event_none", label=kind))


def _by_indicator(rule, row, evidence: _Evidence, ledgers, as_of, adopted, latest_assessments) -> _Decision:
    indicator_id = rule["indicator_id"]
    indicator = ledgers.indicators[ledgers.indicators["indicator_id"] == indicator_id].iloc[0].to_dict()
    undecided = cannot_decide(indicator, rule)
    if undecided:
        return _fallback(reason("indicator_cannot", why=undecided), latest_assessments)
    observations = evidence.observations_of(indicator_id)
    if not observations.empty:
        observations = observations[(observations["_day"] <= pd.Timestamp(as_of))
                                    & (observations["_conf"] >= _rank(ledgers, rule["min_confidence"]))]
    after = observations[observations["_day"] > pd.Timestamp(adopted)] if not observations.empty else observations
    if after.empty:
        return _Decision("no_data", reason("not_observed", decided=decided_by(indicator, rule), name=indicator_name(indicator),
                                           min=word("confidence", rule["min_confidence"], rule["min_confidence"])))
    ranked = after.assign(_rank=after["_conf"])
    latest = ranked.sort_values(["date", "_rank", "recorded_at"]).iloc[-1]
    if indicator["baseline_value"]:
        reference = {"value": indicator["baseline_value"], "label": reason("at_baseline")}
    else:  # no baseline: the first observation after adoption is where it started
        first = ranked.sort_values(["date", "_rank", "recorded_at"], ascending=[True, False, True]).iloc[0]
        reference = {"value": first["value"], "label": reason("first_observed", date=first["date"]),
                     "same": first["observation_id"] == latest["observation_id"]}
    verdict = judge(indicator, rule, latest, reference, as_of)
    if verdict.status is None:
        return _fallback(verdict.reason, latest_assessments)
    return _Decision(verdict.status, verdict.reason, latest["source"], latest["date"], latest["confidence"])


def _fallback(why: str, latest_assessments: pd.DataFrame) -> _Decision:
    """An indicator that cannot decide leaves the status to the assessments, and says so."""
    if latest_assessments.empty:
        return _Decision("no_data", reason("fallback_none", why=why), from_assessment=True)
    chosen = _by_assessment(latest_assessments)
    return _Decision(chosen.status, reason("fallback_assessment", why=why, chosen=chosen.reason), chosen.evidence,
                     chosen.evidence_date,
                     from_assessment=True)


def _assessments_by_assessor(evidence: _Evidence, commitment_id, as_of) -> pd.DataFrame:
    frame = evidence.assessments_of(commitment_id)
    if frame.empty:
        return frame
    frame = frame[frame["_day"] <= pd.Timestamp(as_of)]
    if frame.empty:
        return frame
    return frame.sort_values(["date", "recorded_at"]).groupby("assessor", as_index=False).tail(1)


def _by_assessment(latest: pd.DataFrame) -> _Decision:
    if latest.empty:
        return _Decision("no_data", reason("no_assessment"))
    analyst = latest[latest["assessor"] == "analyst"]
    chosen = (analyst if not analyst.empty else latest.sort_values("date")).iloc[-1]
    return _Decision(chosen["status"], reason("assessment", assessor=label("reason:assessor_", chosen["assessor"]),
                                              date=chosen["date"], rationale=typed(chosen["rationale"])),
                     chosen["evidence"], chosen["date"])


def rule_decides(rule: dict, indicators: pd.DataFrame) -> bool:
    """Whether the rule's own evidence decides, so that an assessment cannot change the status."""
    if rule["rule"] == "assessment":
        return False
    if rule["rule"] != "indicator":
        return True
    indicator = indicators[indicators["indicator_id"] == rule["indicator_id"]]
    return indicator.empty or cannot_decide(indicator.iloc[0].to_dict(), rule) is None


def _overridden(rule, decision, latest: pd.DataFrame) -> pd.Series | None:
    """The analyst's latest assessment, where the rule's own evidence decided a different status."""
    if rule is None or rule["rule"] == "assessment" or decision.from_assessment or latest.empty:
        return None
    analyst = latest[latest["assessor"] == "analyst"]
    if analyst.empty or analyst.iloc[-1]["status"] == decision.status:
        return None
    return analyst.iloc[-1]


def _superseding(rule, ledgers, as_of) -> pd.Series | None:
    ids = split_list(rule["superseded_by"])
    if not ids or ledgers.events.empty:
        return None
    events = _keep(ledgers.events, "event_id", lambda e: e in ids)
    events = _keep(events, "state", lambda s: s == "occurred")
    events = _keep(events, "date", lambda d: day_or_none(d) <= as_of)
    events = _keep(events, "confidence", lambda c: _rank(ledgers, c) >= _rank(ledgers, rule["min_confidence"]))
    return None if events.empty else events.sort_values("date").iloc[0]


_DEFAULT_RULE = {"position": "position", "decision": "decision"}


def resolve_rules(commitments: pd.DataFrame, curated: pd.DataFrame) -> dict[str, dict]:
    """Each commitment's rule: its own curated one, else its predecessor's, else a default for its kind.

    Only the rules of whole paragraphs count here; an ask's own rule is monitor.ask_status's.
    """
    own = {r["commitment_id"]: r for r in whole_paragraph(curated).to_dict("records")}
    previous = dict(zip(commitments["commitment_id"], commitments.get("previous_commitment", pd.Series(dtype=object))))
    kinds = dict(zip(commitments["commitment_id"], commitments["kind"]))
    resolved = {}
    for cid in commitments["commitment_id"]:
        if cid in own:
            resolved[cid] = {**own[cid], "rule_from": "curated"}
            continue
        ancestor = previous.get(cid)
        while isinstance(ancestor, str) and ancestor and ancestor not in own:
            ancestor = previous.get(ancestor)
        if isinstance(ancestor, str) and ancestor in own:
            resolved[cid] = {**own[ancestor], "commitment_id": cid, "rule_from": f"inherited from {ancestor}"}
            continue
        rule = _DEFAULT_RULE.get(kinds[cid], "assessment")
        resolved[cid] = {"commitment_id": cid, "rule": rule, "indicator_id": "", "event_type": "", "comparison": "",
                         "target": "", "partial": "", "min_confidence": "secondary", "superseded_by": "",
                         "reason": reason("default_rule", kind=word("kinds", kinds[cid], kinds[cid])),
                         "rule_from": "default"}
    return resolved


def deadline_state(status: str, deadline: dt.date | None, opens: dt.date | None, as_of: dt.date,
                   met_on: dt.date | None) -> str:
    if deadline is None:
        return "none"
    if status == "met":
        return "met_on_time" if met_on is None or met_on <= deadline else "met_late"
    if as_of > deadline:
        return "overdue"
    if as_of >= (opens or deadline):
        return "due"
    return "upcoming"


def status_as_of(ledgers: Ledgers, as_of: dt.date, known_on: dt.date | None = None) -> pd.DataFrame:
    """Every commitment's status using only what held on as_of (and was recorded by known_on)."""
    ledgers = ledgers.known_on(known_on)
    # a paragraph's own status reads only the judgments of the whole paragraph; asks roll up in monitor.ask_status;
    # a corrected assessment no longer counts, whatever its date
    ledgers = Ledgers(ledgers.commitments, ledgers.resolutions, ledgers.indicators, ledgers.observations,
                      ledgers.events, whole_paragraph(current_assessments(ledgers.assessments)), ledgers.rules,
                      ledgers.confidence_rank)
    adopted = dict(zip(ledgers.resolutions["resolution_id"], ledgers.resolutions["adoption_date"]))
    rules = resolve_rules(ledgers.commitments, ledgers.rules)
    evidence = _Evidence(ledgers)
    rows = []
    for row in ledgers.commitments.to_dict("records"):
        cid = row["commitment_id"]
        adoption = day_or_none(adopted.get(row["resolution_id"]))
        deadline, opens = day_or_none(row.get("deadline")), day_or_none(row.get("deadline_opens"))
        rule = rules.get(cid)
        latest = _assessments_by_assessor(evidence, cid, as_of)
        if adoption and as_of < adoption:
            decision = _Decision("no_data", reason("not_adopted", as_of=as_of.isoformat(), adoption=adoption.isoformat()))
        elif rule["rule"] == "position":
            decision = _Decision("position", typed(rule["reason"]))
        elif rule["rule"] == "decision":
            decision = _Decision("met", reason("council_decided", resolution=row["resolution_id"],
                                               reason=typed(rule["reason"])),
                                 row["resolution_id"], adoption.isoformat() if adoption else None, "primary")
        elif rule["rule"] == "event":
            decision = _by_event(rule, row, evidence, ledgers, as_of, deadline)
        elif rule["rule"] == "indicator":
            decision = _by_indicator(rule, row, evidence, ledgers, as_of, adoption, latest)
        else:
            decision = _by_assessment(latest)
        if rule is not None and decision.status not in ("met", "position") and not (adoption and as_of < adoption):
            superseding = _superseding(rule, ledgers, as_of)
            if superseding is not None:
                decision = _Decision("superseded", reason("superseded", title=typed(superseding["title"]),
                                                          date=superseding["date"]),
                                     superseding["source"], superseding["date"], superseding["confidence"])
        if decision.status == "met" and not decision.evidence:
            decision = _Decision("no_data", reason("met_needs_evidence", reason=decision.reason))
        overridden = _overridden(rule, decision, latest) if not (adoption and as_of < adoption) else None
        if overridden is not None:
            decision.reason = reason("overridden", reason=decision.reason, date=overridden["date"],
                                     status=word("statuses", overridden["status"]),
                                     rule=label("reason:rule_", rule["rule"]))
        judgments = "; ".join(f"{a['assessor']}: {a['status']} ({a['date']})" for a in latest.to_dict("records")) if not latest.empty else ""
        rows.append({
            "commitment_id": cid,
            "resolution_id": row["resolution_id"],
            "paragraph_id": row["paragraph_id"],
            "kind": row["kind"],
            "rule": rule["rule"] if rule is not None else "",
            "rule_from": rule["rule_from"] if rule is not None else "",
            "lineage_id": row.get("lineage_id") or cid,
            "status": decision.status,
            "reason": str(decision.reason),
            "reason_fr": french(decision.reason),
            "evidence": decision.evidence,
            "evidence_date": decision.evidence_date,
            "confidence": decision.confidence,
            "deadline": row.get("deadline"),
            "deadline_state": deadline_state(decision.status, deadline, opens, as_of, day_or_none(decision.evidence_date)),
            "assessments": judgments,
            "disagreement": (not latest.empty) and latest["status"].nunique() > 1,
            "overrides_assessment": overridden is not None,
            "as_of": as_of.isoformat(),
            "known_on": known_on.isoformat() if known_on else None,
        })
    return pd.DataFrame(rows, columns=STATUS_SCHEMA.column_names)
