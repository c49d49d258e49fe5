"""Operative paragraphs as trackable commitments: verb and strength, kind, addressees, themes and goals, deadline."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd

from .actors import OWN_BODY_ACTOR, ActorFinder, actor_finder
from .country import find_country
from .deadlines import council_deadlines
from .parse.model import Paragraph, Resolution
from .kinds import REPORTING, paragraph_kind
from .schemas import Column, Schema
from .sessions import SessionCalendar
from .sources import symbol_id
from .themes import theme_finder
from .time_expressions import find_time_expressions
from .verbs import VerbUse, verb_finder

COMMITMENT_SCHEMA = Schema(
    "commitments",
    (
        Column("commitment_id", pattern=r"\S+:OP\d+"),
        Column("resolution_id"),
        Column("paragraph_id", pattern=r"OP\d+"),
        Column("number", "int"),
        Column("lineage_id", description="commitment_id of the first commitment of its chain across renewals"),
        Column("opener"),
        Column("verb", description="lemma of the opening verb"),
        Column("strength", "int", choices=("1", "2", "3", "4", "5"),
               description="place of the opening verb on the strength scale (5 decides ... 1 positions)"),
        Column("strongest", "int", description="highest strength of any verb in the paragraph"),
        Column("kind", choices="kinds"),
        Column("addressee", required=False, choices="actors", description="addressee of the opening verb"),
        Column("addressees", "list", required=False, choices="actors", description="every addressee of an ask"),
        Column("verbs", "list", description="every clause-initial verb, in order"),
        Column("actors_mentioned", "list", required=False, choices="actors"),
        Column("themes", "list", required=False, choices="themes"),
        Column("sdg_targets", "list", required=False, choices="sdg_targets",
               description="SDG targets its themes serve (the themes vocabulary's sdg_targets), or an analyst's"),
        Column("subjects", "list", required=False,
               description="UNBIS Thesaurus subjects of its resolution (the XML's classification, or monitor add --subject)"),
        Column("deadline", "date", required=False),
        Column("deadline_opens", "date", required=False, description="when the deadline's window opens"),
        Column("deadline_text", required=False),
        Column("deadline_precision", required=False, choices=("day", "month", "quarter", "year")),
        Column("text"),
        Column("text_fr", required=False, description="the French version's text, where the workspace holds one"),
        Column("previous_commitment", required=False, description="the same ask in the previous resolution of the series"),
        Column("change_from_previous", required=False,
               choices=("unchanged", "reworded", "strengthened", "weakened", "merged", "split")),
        Column("dropped_in", required=False, description="the next resolution of the series, which no longer asks it"),
        Column("merged_into", required=False,
               description="the next resolution's commitment its ask was merged into, whose chain goes on from another"),
        Column("split_from", required=False,
               description="the previous commitment this one was split from, whose chain goes on in another part"),
        Column("curated_fields", "list", required=False),
        Column("curation_notes", "list", required=False),
        Column("warnings", "list", required=False),
    ),
    key=("commitment_id",),
    description="One row per operative paragraph of each resolution in the workspace",
)

# a report or dialogue asked for, not one merely named (monitor.kinds)
_REPORTING = REPORTING
_PRONOUN = re.compile(r"^\s*(?:them|it|him|her)\b", re.IGNORECASE)
# a comma and a word that opens an aside rather than naming one more addressee
_ASIDE = re.compile(
    r",\s*(?:with|without|within|in|into|as|including|inter|through|under|by|for|on|at|upon|from|where|when|"
    r"whenever|while|if|which|who|whose|notably|particularly|especially|together|pursuant|subject|consistent|"
    r"according|taking|bearing|based|among|during|after|before|also|avec|dans|en|notamment|conformément|qui|"
    r"y\s+compris|sous|par|pour|selon|dont|agissant|le\s+cas)\b|[;:]",
    re.IGNORECASE,
)
_INFINITIVE = re.compile(r"\s+to\s+(?!the\b|a\b|an\b|all\b|its\b|their\b)[a-z]+", re.IGNORECASE)


def commitment_id(resolution_id: str, paragraph_id: str) -> str:
    """'<symbol without spaces>:<paragraph>': the printed symbol keeps its space, an id never has one."""
    return f"{symbol_id(resolution_id)}:{paragraph_id}"


def _clause_addressees(text: str, uses: list[VerbUse], finder: ActorFinder) -> list[list[str]]:
    """For each verb, the actors it addresses: those named between the verb and its infinitive."""
    mentions = finder.find(text)
    result = []
    for index, use in enumerate(uses):
        stop = uses[index + 1].start if index + 1 < len(uses) else len(text)
        clause = text[use.end:stop]
        # the addressees stand between the verb and its infinitive or a comma that opens an aside
        # ("calls upon X, with the support of Y, to ..."): Y supports, it is not asked; "X, Y and Z to" asks all three
        infinitive = _INFINITIVE.search(clause)
        window_end = _list_end(text, use.end, use.end + (infinitive.start() if infinitive else min(len(clause), 160)))
        named = [m.actor_id for m in mentions if use.end <= m.start < window_end]
        if not named and (use.pronoun or _PRONOUN.match(clause)):
            earlier = [m.actor_id for m in mentions if m.end <= use.start]
            named = earlier[-1:]
        result.append(list(dict.fromkeys(named)))
    return result


def _list_end(text: str, start: int, end: int) -> int:
    """The first comma that opens an aside ("X, with the support of Y, to ..."); a list "X, Y and Z to" goes on."""
    aside = _ASIDE.search(text, start, end)
    return aside.start() if aside else end


def _deadline(paragraph: Paragraph, resolution: Resolution, calendar: SessionCalendar,
              uses: list[VerbUse] | None = None):
    """The earliest future date the Council itself sets: (deadline, window opens, text, precision).

    A date in a clause that only welcomes or notes, or one that belongs to someone else's plan
    ("the strategy ... by 2033", "elections scheduled for December 2025"), stays a reference.
    """
    if uses is None:
        uses = _uses(paragraph.text, verb_finder(resolution.language))
    times = find_time_expressions(paragraph.text, resolution.adoption_date, calendar, resolution.body)
    own = council_deadlines(paragraph.text, times, uses)
    future = [t for t in own if t.date and t.detail.get("after_adoption", True)]
    if not future:
        return None, None, None, None
    first = min(future, key=lambda t: t.date)
    return first.date.isoformat(), _window_opens(first, calendar).isoformat(), first.text, first.precision


def _window_opens(reference, calendar: SessionCalendar) -> dt.date:
    """When a deadline becomes due: the quarter's first day, the session's opening, the month's first day."""
    if reference.detail.get("bound") == "opening":
        return reference.date  # "before its sixtieth session": due on the opening day itself
    if reference.detail.get("starts"):
        return dt.date.fromisoformat(reference.detail["starts"])
    if reference.detail.get("session"):
        opens = calendar.start_of(reference.detail["session"])
        if opens:
            return opens
        first_month = calendar.first_month_of(reference.detail["session"])
        if first_month:
            return first_month
    if reference.precision == "month":
        return reference.date.replace(day=1)
    if reference.precision == "year":
        return reference.date.replace(month=1, day=1)
    return reference.date


def _uses(text: str, verbs) -> list[VerbUse]:
    """Every clause verb, the opening verb first."""
    opening = verbs.opening(text)
    uses = verbs.clauses(text)
    if opening and (not uses or uses[0].start != opening.start):
        uses = [opening] + [u for u in uses if u.start > opening.start]
    return uses


def build_commitments(resolution: Resolution, reference_dir: Path | None = None) -> pd.DataFrame:
    """One commitment per operative paragraph, from the text alone (curation comes after)."""
    verbs = verb_finder(resolution.language, str(reference_dir) if reference_dir else None)
    country = resolution.country_names or find_country(resolution)
    actors = actor_finder(str(reference_dir) if reference_dir else None, country)
    themes = theme_finder(str(reference_dir) if reference_dir else None)
    calendar = SessionCalendar(reference_dir)
    own_actor = OWN_BODY_ACTOR.get(resolution.body or "")
    rows = []
    for paragraph in resolution.operative():
        warnings: list[str] = []
        opening = verbs.opening(paragraph.text)
        uses = verbs.clauses(paragraph.text)
        if opening and (not uses or uses[0].start != opening.start):
            uses = [opening] + [u for u in uses if u.start > opening.start]
        if opening is None:
            warnings.append(f"opening verb '{paragraph.opener}' is not on the strength scale; read as a position")
        addressed = _clause_addressees(paragraph.text, uses, actors)
        strength = opening.strength if opening else 1
        strongest = max([u.strength for u in uses] + [strength])
        asks = [names for use, names in zip(uses, addressed) if use.strength >= 2]
        addressees = list(dict.fromkeys(a for names in asks for a in names))
        if opening and opening.lemma == "decide" and own_actor:
            addressee = own_actor
            addressees = list(dict.fromkeys([own_actor] + addressees))
        else:
            first = addressed[0] if addressed and opening and opening.strength >= 2 else []
            addressee = first[0] if first else (addressees[0] if addressees else None)
        kind = paragraph_kind(paragraph.text, uses, opening)
        if kind == "action" and not addressees:
            warnings.append("asks something but names no addressee")
        deadline, opens, deadline_text, precision = _deadline(paragraph, resolution, calendar, uses)
        cid = commitment_id(resolution.resolution_id or "unknown", paragraph.paragraph_id)
        found_themes = themes.find(paragraph.text)
        rows.append({
            "commitment_id": cid,
            "resolution_id": resolution.resolution_id,
            "paragraph_id": paragraph.paragraph_id,
            "number": paragraph.number,
            "lineage_id": cid,
            "opener": paragraph.opener,
            "verb": opening.lemma if opening else paragraph.lemma,
            "strength": strength,
            "strongest": strongest,
            "kind": kind,
            "addressee": addressee,
            "addressees": addressees,
            "verbs": [u.lemma for u in uses] or [paragraph.lemma],
            "actors_mentioned": list(dict.fromkeys(m.actor_id for m in actors.find(paragraph.text))),
            "themes": found_themes,
            "sdg_targets": themes.sdg_targets(found_themes),
            "subjects": list(resolution.subjects),  # a resolution's subjects are every paragraph's
            "deadline": deadline,
            "deadline_opens": opens,
            "deadline_text": deadline_text,
            "deadline_precision": precision,
            "text": paragraph.text,
            "curated_fields": [],
            "curation_notes": [],
            "warnings": warnings,
        })
    return pd.DataFrame(rows, columns=COMMITMENT_SCHEMA.column_names)


def retarget(commitments: pd.DataFrame, reference_dir: Path | None = None) -> pd.DataFrame:
    """After curation: a commitment whose themes an analyst corrected serves the corrected themes' SDG targets,
    unless the analyst corrected its sdg_targets too."""
    themes = theme_finder(str(reference_dir) if reference_dir else None)
    out = commitments.copy()
    for index in out.index:
        curated = out.at[index, "curated_fields"]
        if "themes" in curated and "sdg_targets" not in curated:
            out.at[index, "sdg_targets"] = themes.sdg_targets(out.at[index, "themes"])
    return out
