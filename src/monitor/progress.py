"""How far an indicator's latest value has moved: by the rule's comparison, else its direction and type."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

THRESHOLDS = (">=", ">", "<=", "<", "==")
# Statuses on the way to the target, worst first: a value range spanning several of them
# claims only what the whole range shows.
LADDER = ("not_met", "not_started", "in_progress", "partially_met", "met")
INF = float("inf")


@dataclass(frozen=True)
class Verdict:
    status: str | None  # None: the indicator alone cannot decide (the caller falls back to assessments)
    reason: str


def cannot_decide(indicator: dict, rule: dict) -> str | None:
    """Why an indicator, with no comparison in its rule, cannot decide a status alone; None if it can."""
    if rule.get("comparison"):
        return None
    name = indicator["name_en"]
    if indicator["type"] == "narrative":
        return f"{name} is a narrative indicator: its observations describe, they do not measure"
    if indicator["type"] == "flow":
        return f"{name} is a flow (one batch or period at a time): one batch says nothing of progress"
    if indicator["direction"] == "none":
        return f"{name} has no direction (none): nothing says which way is progress"
    return None


def measure(value, indicator_type: str) -> float | None:
    """A value as a number to compare: dates as day numbers, yes as 1 and no as 0; None if it is none of these."""
    text = str(value if value is not None else "").strip()
    if indicator_type == "date":
        try:
            return float(dt.date.fromisoformat(text).toordinal())
        except ValueError:
            return None
    if indicator_type == "yesno":
        return {"yes": 1.0, "no": 0.0}.get(text.lower())
    if indicator_type == "narrative":
        return None
    try:
        return float(text)
    except ValueError:
        return None


def _bounds(x: float, qualifier: str) -> tuple[tuple, tuple]:
    """The range a qualified value can stand for, as (value, nudge) points: nudge +1 is just above, -1 just below.

    "over v" excludes v, "at least v" includes it; "about v" is a little either side of v, so it
    shows a threshold passed only when v itself is strictly past it (about 30000 does not reach 30000).
    """
    return {
        "at_least": ((x, 0), (INF, 0)), "over": ((x, 1), (INF, 0)),
        "at_most": ((-INF, 0), (x, 0)), "under": ((-INF, 0), (x, -1)),
        "about": ((x, -1), (x, 1)),
    }.get(qualifier, ((x, 0), (x, 0)))


def _rung(x: tuple, reference: float, met: tuple | None, partial: tuple | None) -> int:
    """Where a point stands, in the upward sense (a downward sense is mirrored by the caller)."""
    if met is not None and x >= met:
        return LADDER.index("met")
    if partial is not None and x >= partial:
        return LADDER.index("partially_met")
    if x > (reference, 0):
        return LADDER.index("in_progress")
    return LADDER.index("not_started" if x == (reference, 0) else "not_met")


def _sense(kind: str, indicator_type: str, target: float | None, reference: float) -> str:
    """'up' or 'down': which way is progress, for a direction or a rule's comparison."""
    if kind in ("increase", ">=", ">"):
        return "up"
    if kind in ("decrease", "<=", "<"):
        return "down"
    # reach and ==: toward the target; a milestone date is reached on or before its target
    if indicator_type == "date":
        return "down"
    return "up" if target is None or target >= reference else "down"


def target_of(indicator: dict, rule: dict) -> str:
    """The rule's target, else the indicator's; a milestone date may give it as its target date."""
    target = rule.get("target") or indicator.get("target_value") or ""
    if indicator["type"] == "date" and not target:
        target = indicator.get("target_date") or ""
    return target


def decided_by(indicator: dict, rule: dict) -> str:
    """What decides, in words: the rule's explicit comparison wins over the indicator's direction."""
    comparison = rule.get("comparison") or ""
    if comparison in THRESHOLDS:
        return f"decided by the rule's comparison ({comparison} {target_of(indicator, rule)})"
    if comparison:
        return f"decided by the rule's comparison ({comparison})"
    return f"decided by the indicator's direction ({indicator['direction']})"


def judge(indicator: dict, rule: dict, latest: dict, reference: dict, as_of: dt.date) -> Verdict:
    """The status an indicator's latest observation shows against its reference and target.

    reference: {"value", "label"}: the baseline ("at baseline") or, without one, the first
    observation after adoption. A rule's comparison wins over the indicator's direction.
    """
    value_type = indicator["type"]
    comparison = rule.get("comparison") or ""
    target_text = target_of(indicator, rule)
    kind = comparison or indicator["direction"]  # the criterion: the rule's comparison, else the direction
    decided = decided_by(indicator, rule)
    name, value, qualifier = indicator["name_en"], latest["value"], latest.get("qualifier") or "exact"
    shown = f"{qualifier.replace('_', ' ') + ' ' if qualifier != 'exact' else ''}{value}"
    head = f"{decided}: {name}: {shown} on {latest['date']}"
    if comparison == "exists":
        return Verdict("met", f"{head}, recorded")
    why = cannot_decide(indicator, rule)
    if why:
        return Verdict(None, f"{why}, so the indicator alone cannot decide")
    x = measure(value, value_type)
    if x is None:
        what = "a narrative value has nothing to compare" if value_type == "narrative" else f"not a {value_type} value"
        return Verdict("no_data", f"{head}: {what}, so the rule's comparison cannot be applied"
                       if comparison else f"{head}: {what}")
    r = measure(reference["value"], value_type)
    if r is None:
        return Verdict("no_data", f"{head}: {reference['value']!r} {reference['label']} is not a {value_type} value")
    t = measure(target_text, value_type) if target_text else None
    if target_text and t is None:
        return Verdict("no_data", f"{head}: the target {target_text!r} is not a {value_type} value")
    if t is None and (comparison in THRESHOLDS or kind == "reach"):
        return Verdict("no_data", f"{head}: {'the rule' if comparison else 'the direction reach'} needs a target, "
                       "and neither the rule nor the indicator gives one")
    sense = _sense(kind, value_type, t, r)
    flip = 1 if sense == "up" else -1  # a downward sense is mirrored so that progress is always upward
    met = None if t is None or kind == "==" else (flip * t, 1 if kind in (">", "<") else 0)
    p = measure(rule.get("partial") or "", value_type)
    if rule.get("partial") and p is None:
        return Verdict("no_data", f"{head}: the rule's partial level {rule['partial']!r} is not a {value_type} value")
    partial = None if p is None else (flip * p, 0)
    low, high = _bounds(x, "exact" if value_type == "yesno" else qualifier)  # "over yes" means nothing more than yes
    if flip < 0:
        low, high = (-high[0], -high[1]), (-low[0], -low[1])
    worst, best = (_rung(point, flip * r, met, partial) for point in (low, high))
    if kind == "==" and qualifier == "exact" and x == t:
        worst = best = LADDER.index("met")
    if worst == LADDER.index("not_met") and best > worst:
        return Verdict("no_data", f"{head}: {shown!r} cannot show whether it moved from "
                       f"{reference['value']} {reference['label']}")
    status = LADDER[worst]
    phrase = _phrase(status, sense, value_type, reference, target_text, rule.get("partial") or "")
    if value_type == "date" and status == "met" and x > as_of.toordinal():
        # a milestone dated after as_of is a schedule: it has not happened yet
        status = "in_progress"
        phrase = f"on or before the target {target_text}, but not reached yet on {as_of.isoformat()}"
    elif status == "not_started" and reference.get("same"):
        phrase = "the first observation after adoption, and no baseline: no change to show yet"
    if best > worst:
        phrase += f" ({shown!r} shows no more than that)"
    return Verdict(status, f"{head}, {phrase}")


def _phrase(status: str, sense: str, kind: str, reference: dict, target: str, partial: str) -> str:
    """The movement in words: which way from the reference, and how it stands against the target."""
    up, down = {"date": ("later than", "earlier than"), "yesno": ("changed from", "changed from")}.get(
        kind, ("up from", "down from"))
    moved_well = up if sense == "up" else down
    moved_badly = down if sense == "up" else up
    since = f"{reference['value']} {reference['label']}"
    side = "after" if sense == "down" else "before"
    aim = (f", still {side} the target {target}" if kind == "date" else f", short of the target {target}") if target else ""
    if status == "met":
        if kind == "date" and sense == "down":
            return f"on or before the target {target}"
        return f"reaches the target {target}" if sense == "up" else f"at or below the target {target}"
    if status == "partially_met":
        return f"past the partial level {partial}{aim}"
    if status == "in_progress":
        return f"{moved_well} {since}{aim}"
    if status == "not_started":
        return f"unchanged from {since}{aim}"
    return f"{moved_badly} {since}: " + ("reversed" if sense == "up" else "worsening")
