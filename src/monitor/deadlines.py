"""Which of a paragraph's time expressions are the Council's own deadlines, and which belong to someone else."""

from __future__ import annotations

import re

from .references import Reference
from .verbs import VerbUse

ASK_STRENGTH = 2  # a date the Council sets stands in a clause that asks (encourages ... decides)

# Someone else's plan or calendar: a date after a participle ("scheduled for December 2025", "adopted in 2023")
# or a relative clause ("which provides for the start of reparations in 2024") belongs to what it describes
_THEIRS_BEFORE = re.compile(
    r"\b(?:scheduled|planned|set|slated|foreseen|envisaged|announced|expected|due|adopted|signed|established|"
    r"renewed|extended|launched|covering|ending|expiring|valid|initially\s+provided|provided|"
    r"prévue?s?|fixée?s?|annoncée?s?|adoptée?s?|signée?s?|renouvelée?s?|prorogée?s?)"
    r"(?:\s+(?:for|in|until|on|to|pour|en|jusqu[’']\w*|au))?\s*$"
    # a relative clause; "that" only as one ("ensure that elections are held in 2025" is the Council's ask)
    r"|\b(?:which|whose|qui|dont|that\s+(?:provides?|aims?|plans?|foresees?|envisages?|sets?|expires?|runs?|ends?))"
    r"\s+(?:[\w’'-]+\s+){0,6}?$",
    re.IGNORECASE,
)
# A plan, strategy, policy or mandate of its own, with words that qualify it before the date ("the strategy to
# end child marriage by 2033", "the mandate of the Special Criminal Court until 2028"); "to adopt the strategy
# by 2026" sets the Council's date for the adoption
_PLAN = re.compile(
    r"\b(?:plan|strategy|policy|programme|program|agenda|vision|road\s*map|framework|compact|pact|mandate|charter|"
    r"agreement|accord|timetable|calendar|plans?\s+d[’']action|stratégie|politique|programme|feuille\s+de\s+route|"
    r"mandat|charte|accord|calendrier|chronogramme)s?\s+(?:of|for|to|on|against|aimed|aiming|de|du|des|d[’']|pour|"
    r"visant|contre|sur)\b(?:(?!\band\s+to\b|\bet\s+(?:de|à)\b)[^,;])*$",
    re.IGNORECASE,
)
# A citation of another document: a symbol, a resolution, an act or decree, a parenthesis
_CITATION = re.compile(
    r"\b(?:[A-Z]{1,5}/[\w./]+|resolutions?\s+\d|décisions?\s+\d|Act\s+No|Law\s+No|Decree\s+No|loi\s+n|décret\s+n)"
    r"[^,;]*$",
)
# What a period or session governs is the act the Council asks or decides ("to extend the mandate for one year")
_OWN_KINDS = ("period", "within", "session", "recurring")


def clause_of(position: int, uses: list[VerbUse]) -> VerbUse | None:
    """The clause verb a position falls under: the last verb that starts before it."""
    before = [u for u in uses if u.start <= position]
    return before[-1] if before else None


def belongs_to_others(text: str, time: Reference, use: VerbUse) -> bool:
    """Whether a date in an asking clause is another's: a plan's own target, a scheduled date, a citation."""
    before = text[use.end:time.start]
    if text[:time.start].count("(") > text[:time.start].count(")"):
        return True  # inside a parenthesis: a citation or an aside
    if _CITATION.search(before):
        return True
    if time.detail.get("kind") in _OWN_KINDS:
        return False
    if _THEIRS_BEFORE.search(before[-60:]):
        return True
    # what the Council decides about a mandate is its own ("Decides to extend the mandate ... until ...")
    return use.lemma != "decide" and bool(_PLAN.search(before[-120:]))


def council_deadlines(text: str, times: list[Reference], uses: list[VerbUse]) -> list[Reference]:
    """The time expressions that are the Council's own deadlines: in a clause that asks, not someone else's."""
    own = []
    for time in times:
        use = clause_of(time.start, uses)
        if use is None or use.strength < ASK_STRENGTH:
            continue  # welcomed, noted, recalled: a reference, not an ask
        if time.detail.get("body") == "other":
            continue  # the General Assembly's session is not the Council's
        if not belongs_to_others(text, time, use):
            own.append(time)
    return own
