"""How far an indicator's latest value has moved: by the rule's comparison, else its direction and type."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .reasons import Reason, label, reason

THRESHOLDS = (">=", ">", "<=", "<", "==")
# Statuses on the way to the target, worst first: a value range spanning several of them
# claims only what the whole range shows.
LADDER = ("not_met", "not_started", "in_progress", "partially_met", "met")
INF = float("inf")


@dataclass(frozen=True)
class Verdict:
    status: str | None  # None: the indicator alone cannot decide (the caller falls back to assessments)
    reason: str  # a monitor.reasons.Reason: English, with its French


def indicator_name(indicator: dict) -> Reason:
    """An indicator's name in English and, where it has one, French."""
    return Reason(indicator["name_en"], indicator.get("name_fr") or indicator["name_en"])


def _type(value_type: str) -> Reason:
    return label("type_", value_type, en=value_type)


def cannot_decide(indicator: dict, rule: dict) -> str | None:
    """Why an indicator, with no comparison in its rule, cannot decide a status alone; None if it can."""
    if rule.get("comparison"):
        return None
    name = indicator_name(indicator)
    if indicator["type"] == "narrative":
        return reason("narrative", name=name)
    if indicator["type"] == "flow":
        return reason("flow", name=name)
    if indicator["direction"] == "none":
        return reason("no_direction", name=name)
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


def decided_by(indicator: dict, rule: dict) -> Reason:
    """What decides, in words: the rule's explicit comparison wins over the indicator's direction."""
    comparison = rule.get("comparison") or ""
    if comparison in THRESHOLDS:
        return reason("by_threshold", comparison=comparison, target=target_of(indicator, rule))
    if comparison:
        return reason("by_comparison", comparison=comparison)
    return reason("by_direction", direction=label("reason:direction_", indicator["direction"], en=indicator["direction"]))


def _shown(value, qualifier: str) -> Reason:
    """A value with its qualifier: 'over 23000'."""
    if qualifier == "exact":
        return Reason(f"{value}")
    words = label("reason:qualifier_", qualifier)
    return Reason(f"{words} {value}", f"{words.fr} {value}")


def _quoted(text: Reason) -> Reason:
    """A value's text quoted: repr() in English (as before), French quotation marks in French."""
    return Reason(repr(str(text)), f"« {text.fr} »")


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
    name, value, qualifier = indicator_name(indicator), latest["value"], latest.get("qualifier") or "exact"
    shown = _shown(value, qualifier)
    head = reason("head", decided=decided, name=name, shown=shown, date=latest["date"])
    if comparison == "exists":
        return Verdict("met", reason("recorded", head=head))
    why = cannot_decide(indicator, rule)
    if why:
        return Verdict(None, reason("indicator_cannot", why=why))
    x = measure(value, value_type)
    if x is None:
        what = reason("narrative_value") if value_type == "narrative" else reason("not_a_value", type=_type(value_type))
        return Verdict("no_data", reason("comparison_inapplicable" if comparison else "head_what", head=head, what=what))
    r = measure(reference["value"], value_type)
    if r is None:
        return Verdict("no_data", reason("reference_not_a_value", head=head, value=repr(reference["value"]),
                                         label=reference["label"], type=_type(value_type)))
    t = measure(target_text, value_type) if target_text else None
    if target_text and t is None:
        return Verdict("no_data", reason("target_not_a_value", head=head, target=repr(target_text), type=_type(value_type)))
    if t is None and (comparison in THRESHOLDS or kind == "reach"):
        return Verdict("no_data", reason("rule_needs_target" if comparison else "reach_needs_target", head=head))
    sense = _sense(kind, value_type, t, r)
    flip = 1 if sense == "up" else -1  # a downward sense is mirrored so that progress is always upward
    met = None if t is None or kind == "==" else (flip * t, 1 if kind in (">", "<") else 0)
    p = measure(rule.get("partial") or "", value_type)
    if rule.get("partial") and p is None:
        return Verdict("no_data", reason("partial_not_a_value", head=head, partial=repr(rule["partial"]),
                                         type=_type(value_type)))
    partial = None if p is None else (flip * p, 0)
    low, high = _bounds(x, "exact" if value_type == "yesno" else qualifier)  # "over yes" means nothing more than yes
    if flip < 0:
        low, high = (-high[0], -high[1]), (-low[0], -low[1])
    worst, best = (_rung(point, flip * r, met, partial) for point in (low, high))
    if kind == "==" and qualifier == "exact" and x == t:
        worst = best = LADDER.index("met")
    if worst == LADDER.index("not_met") and best > worst:
        return Verdict("no_data", reason("cannot_show", head=head, shown=_quoted(shown),
                                         since=reason("since", value=reference["value"], label=reference["label"])))
    status = LADDER[worst]
    phrase = _phrase(status, sense, value_type, reference, target_text, rule.get("partial") or "")
    if value_type == "date" and status == "met" and x > as_of.toordinal():
        # a milestone dated after as_of is a schedule: it has not happened yet
        status = "in_progress"
        phrase = reason("not_reached_yet", target=target_text, as_of=as_of.isoformat())
    elif status == "not_started" and reference.get("same"):
        phrase = reason("first_no_change")
    if best > worst:
        phrase = reason("no_more", phrase=phrase, shown=_quoted(shown))
    return Verdict(status, reason("verdict", head=head, phrase=phrase))


def _phrase(status: str, sense: str, kind: str, reference: dict, target: str, partial: str) -> Reason:
    """The movement in words: which way from the reference, and how it stands against the target."""
    up, down = {"date": ("later", "earlier"), "yesno": ("changed", "changed")}.get(kind, ("up", "down"))
    moved_well = reason(f"move_{up if sense == 'up' else down}")
    moved_badly = reason(f"move_{down if sense == 'up' else up}")
    since = reason("since", value=reference["value"], label=reference["label"])
    side = "after" if sense == "down" else "before"
    aim = reason((f"aim_{side}" if kind == "date" else "aim_short") if target else "aim_none", target=target)
    if status == "met":
        if kind == "date" and sense == "down":
            return reason("on_or_before", target=target)
        return reason("reaches" if sense == "up" else "at_or_below", target=target)
    if status == "partially_met":
        return reason("past_partial", partial=partial, aim=aim)
    if status == "in_progress":
        return reason("moved", moved=moved_well, since=since, aim=aim)
    if status == "not_started":
        return reason("unchanged", since=since, aim=aim)
    return reason("reversed" if sense == "up" else "worsening", moved=moved_badly, since=since)
