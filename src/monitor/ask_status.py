"""Status per ask, and a paragraph's status rolled up from its asks (README: "How a status is decided")."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pandas as pd

from .assessments import current_assessments
from .asks import whole_paragraph
from .dates import day_or_none
from .reasons import Reason, joined, reason, word
from .schemas import Column, Schema, split_list
from .status import Ledgers, deadline_state, resolve_rules, status_as_of

ASK_STATUS_SCHEMA = Schema(
    "ask_status",
    (
        Column("ask_id"),
        Column("commitment_id"),
        Column("resolution_id"),
        Column("paragraph_id"),
        Column("n", "int"),
        Column("verb"),
        Column("addressee", required=False, choices="actors"),
        Column("object", required=False),
        Column("rule"),
        Column("rule_from", description="the ask's own curated rule, or its paragraph's"),
        Column("own", "bool", description="decided by the ask's own rule or its own assessments, not only its paragraph's"),
        Column("status", choices="statuses"),
        Column("reason"),
        Column("reason_fr", required=False, description="the reason in French"),
        Column("evidence", required=False),
        Column("evidence_date", "date", required=False),
        Column("deadline", "date", required=False),
        Column("deadline_state", choices=("none", "upcoming", "due", "overdue", "met_on_time", "met_late")),
        Column("assessments", required=False),
        Column("paragraph_status", choices="statuses", description="the status of the ask's paragraph, rolled up"),
        Column("as_of", "date"),
        Column("known_on", "date", required=False),
    ),
    key=("ask_id",),
    description="The status of every ask on a date, beside its paragraph's",
)

_UNTRACKED = ("superseded", "position")  # asks whose object is gone or that are not tracked do not weigh


def roll_up_status(statuses: list[str]) -> str:
    """A paragraph's status from its asks' statuses (superseded and position asks do not weigh, unless all are so).

    met: every ask met. partially met: some met or partially met, not all. in progress: none met,
    some in progress. not met: none met or in progress, some not met or reversed. not started: the
    rest, some not started. no data: no ask has any.
    """
    live = [s for s in statuses if s not in _UNTRACKED]
    if not live:
        return "superseded" if "superseded" in statuses else "position"
    if all(s == "met" for s in live):
        return "met"
    for status, when in (("partially_met", ("met", "partially_met")), ("in_progress", ("in_progress",)),
                         ("not_met", ("not_met",)), ("not_started", ("not_started",))):
        if any(s in when for s in live):
            return status
    return "no_data"


def _ask_key(frame: pd.DataFrame) -> pd.Series:
    return frame["commitment_id"].astype(str) + "." + frame["ask"].astype(str).str.strip()


def _named_asks(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of a curated table that name an ask, keyed by ask id in commitment_id (ask cleared)."""
    if frame.empty or "ask" not in frame.columns:
        return frame.iloc[0:0]
    named = frame[frame["ask"].astype(str).str.strip() != ""]
    return named.assign(commitment_id=_ask_key(named), ask="")


def _known(assessments: pd.DataFrame, as_of: dt.date, known_on: dt.date | None) -> pd.DataFrame:
    if assessments.empty:
        return assessments
    keep = [(day_or_none(d) or dt.date.max) <= as_of and (known_on is None or str(r)[:10] <= known_on.isoformat())
            for d, r in zip(assessments["date"], assessments["recorded_at"])]
    return assessments[keep]


def ask_status_as_of(ledgers: Ledgers, asks: pd.DataFrame, paragraphs: pd.DataFrame, as_of: dt.date,
                     known_on: dt.date | None = None) -> pd.DataFrame:
    """Every ask's status: by its own rule, else its paragraph's rule applied to its own assessments; an ask
    with neither takes its paragraph's own status (paragraphs: status_as_of's table, before any roll-up)."""
    columns = ASK_STATUS_SCHEMA.column_names
    if asks.empty:
        return pd.DataFrame(columns=columns)
    # a corrected judgment neither counts nor makes its ask judged
    ledgers = replace(ledgers, assessments=current_assessments(ledgers.assessments, known_on))
    own_rules = _named_asks(ledgers.rules)
    own_assessments = _named_asks(ledgers.assessments)
    known = _known(own_assessments, as_of, known_on)
    judged = set(known["commitment_id"]) if not known.empty else set()
    ruled = set(own_rules["commitment_id"]) if not own_rules.empty else set()
    paragraph_rules = resolve_rules(ledgers.commitments, ledgers.rules)
    by_paragraph = paragraphs.set_index("commitment_id").to_dict("index")
    decided_alone = asks[asks["ask_id"].isin(ruled | judged)]
    decided = _decide(ledgers, decided_alone, own_rules, own_assessments, paragraph_rules, as_of, known_on)
    rows = []
    for ask in asks.to_dict("records"):
        paragraph = by_paragraph.get(ask["commitment_id"], {})
        base = {"ask_id": ask["ask_id"], "commitment_id": ask["commitment_id"], "resolution_id": ask["resolution_id"],
                "paragraph_id": ask["paragraph_id"], "n": ask["n"], "verb": ask["verb"], "addressee": ask["addressee"],
                "object": ask["object"], "deadline": ask["deadline"], "as_of": as_of.isoformat(),
                "known_on": known_on.isoformat() if known_on else None}
        own = decided.get(ask["ask_id"])
        if own is not None:
            rule_from = "curated for the ask" if ask["ask_id"] in ruled else f"its paragraph's ({paragraph.get('rule_from', '')})"
            rows.append({**base, "rule": own["rule"], "rule_from": rule_from, "own": True, "status": own["status"],
                         "reason": own["reason"], "reason_fr": own["reason_fr"], "evidence": own["evidence"],
                         "evidence_date": own["evidence_date"],
                         "deadline_state": own["deadline_state"], "assessments": own["assessments"]})
            continue
        status = paragraph.get("status", "no_data")
        met_on = day_or_none(paragraph.get("evidence_date"))
        why = reason("as_paragraph", reason=joined(paragraph.get("reason", ""), paragraph.get("reason_fr")))
        rows.append({**base, "rule": paragraph.get("rule", ""), "rule_from": "its paragraph's", "own": False,
                     "status": status, "reason": str(why), "reason_fr": why.fr,
                     "evidence": paragraph.get("evidence"), "evidence_date": paragraph.get("evidence_date"),
                     "deadline_state": deadline_state(status, day_or_none(ask["deadline"]),
                                                      day_or_none(ask.get("deadline_opens")), as_of, met_on),
                     "assessments": paragraph.get("assessments")})
    frame = pd.DataFrame(rows, columns=[c for c in columns if c != "paragraph_status"] + ["paragraph_status"])
    return frame[columns]


def _decide(ledgers: Ledgers, asks: pd.DataFrame, own_rules: pd.DataFrame, own_assessments: pd.DataFrame,
            paragraph_rules: dict[str, dict], as_of: dt.date, known_on: dt.date | None) -> dict[str, dict]:
    """The status engine on the asks that have a rule or judgments of their own, each ask as a commitment."""
    if asks.empty:
        return {}
    kinds = dict(zip(ledgers.commitments["commitment_id"], ledgers.commitments["kind"]))
    pseudo = pd.DataFrame({
        "commitment_id": asks["ask_id"], "resolution_id": asks["resolution_id"], "paragraph_id": asks["paragraph_id"],
        "kind": asks["commitment_id"].map(kinds), "deadline": asks["deadline"], "deadline_opens": asks["deadline_opens"],
        "lineage_id": asks["ask_id"],
    })
    ruled = set(own_rules["commitment_id"]) if not own_rules.empty else set()
    rules = [r for r in own_rules.to_dict("records") if r["commitment_id"] in set(asks["ask_id"])]
    for ask in asks.to_dict("records"):
        if ask["ask_id"] not in ruled:  # no rule of its own: its paragraph's, applied to its own judgments
            rule = paragraph_rules[ask["commitment_id"]]
            rules.append({**{k: v for k, v in rule.items() if k != "rule_from"}, "commitment_id": ask["ask_id"], "ask": ""})
    judged = set(own_assessments["commitment_id"]) if not own_assessments.empty else set()
    whole = whole_paragraph(ledgers.assessments)
    borrowed = [whole[whole["commitment_id"] == a["commitment_id"]].assign(commitment_id=a["ask_id"])
                for a in asks.to_dict("records") if a["ask_id"] not in judged and not whole.empty]
    # an ask's own rule with no judgment of its own reads its paragraph's judgments
    assessments = pd.concat([own_assessments, *borrowed], ignore_index=True) if borrowed else own_assessments
    events = ledgers.events
    if not events.empty:
        ids_of = asks.groupby("commitment_id")["ask_id"].apply(list).to_dict()
        events = events.assign(commitments=[
            "|".join(split_list(v) + [a for cid in split_list(v) for a in ids_of.get(cid, [])])
            for v in events["commitments"]])
    mine = Ledgers(pseudo, ledgers.resolutions, ledgers.indicators, ledgers.observations, events,
                   assessments.reset_index(drop=True),
                   pd.DataFrame(rules, columns=list(ledgers.rules.columns)), ledgers.confidence_rank)
    table = status_as_of(mine, as_of, known_on)
    return {row["commitment_id"]: row for row in table.to_dict("records")}


def roll_up(paragraphs: pd.DataFrame, asks: pd.DataFrame, opens: dict[str, str] | None = None) -> pd.DataFrame:
    """Paragraph statuses with each paragraph's asks rolled up (asks: ask_status_as_of's table).

    A paragraph none of whose asks has a rule or judgment of its own keeps its own status;
    otherwise roll_up_status decides, and the reason lists the asks. opens: commitment_id -> the
    day its deadline's window opens (the commitments' deadline_opens).
    """
    opens = opens or {}
    out = paragraphs.copy()
    out["asks"] = None
    if asks.empty:
        return out
    # each paragraph's asks as positions in the asks' columns, read once as lists: this runs for every
    # paragraph on every date of a history, where a frame per paragraph (a groupby) cost most of it
    column = {name: asks[name].tolist() for name in
              ("commitment_id", "paragraph_id", "n", "status", "own", "evidence", "evidence_date")}
    positions: dict[str, list[int]] = {}
    for position, cid in enumerate(column["commitment_id"]):
        positions.setdefault(cid, []).append(position)
    for index, cid, deadline, as_of in zip(out.index, out["commitment_id"].tolist(), out["deadline"].tolist(),
                                           out["as_of"].tolist()):
        mine = positions.get(cid)
        if mine is None:
            continue
        parts = [(column["paragraph_id"][i], column["n"][i], column["status"][i]) for i in mine]
        listing = "; ".join(f"{p}.{n} {s.replace('_', ' ')}" for p, n, s in parts)
        out.at[index, "asks"] = listing
        if not any(column["own"][i] for i in mine):
            continue
        status = roll_up_status([s for _, _, s in parts])
        evidence = list(dict.fromkeys(e for e in (column["evidence"][i] for i in mine) if isinstance(e, str) and e))
        dates = [d for d in (column["evidence_date"][i] for i in mine) if day_or_none(d)]
        out.at[index, "status"] = status
        out.at[index, "rule"] = "asks"
        out.at[index, "rule_from"] = f"rolled up from its {len(mine)} asks"
        why = reason("rolled_up", listing=_listing(parts, listing), why=reason(f"why_{status}"))
        out.at[index, "reason"] = str(why)
        out.at[index, "reason_fr"] = why.fr
        out.at[index, "evidence"] = "; ".join(evidence) or None
        out.at[index, "evidence_date"] = max(dates, key=day_or_none) if dates else None
        out.at[index, "deadline_state"] = deadline_state(
            status, day_or_none(deadline), day_or_none(opens.get(cid)), day_or_none(as_of),
            day_or_none(out.at[index, "evidence_date"]))
    return out


def _listing(parts: list[tuple], english: str) -> Reason:
    """The asks' statuses, 'OP3.1 met; OP3.2 in progress', with the French status words; parts: each ask's
    (paragraph_id, n, status)."""
    french = "; ".join(f"{p}.{n} {word('statuses', s).fr}" for p, n, s in parts)
    return Reason(english, french.replace("; ", " ; "))
