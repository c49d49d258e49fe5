"""Asks: one row per clause of an operative paragraph that asks something of someone, each with its addressee."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pandas as pd

from .actors import OWN_BODY_ACTOR, actor_finder
from .commitments import _ASIDE, _PRONOUN, _REPORTING, _clause_addressees, _deadline, commitment_id
from .country import find_country
from .parse.model import Resolution
from .schemas import Column, Schema
from .sessions import SessionCalendar
from .verbs import VerbUse, verb_finder

ASK_SCHEMA = Schema(
    "asks",
    (
        Column("ask_id", pattern=r"\S+:OP\d+\.\d+", description="<commitment_id>.<n>, e.g. A/HRC/RES/55/25:OP3.2"),
        Column("commitment_id", pattern=r"\S+:OP\d+"),
        Column("resolution_id"),
        Column("paragraph_id", pattern=r"OP\d+"),
        Column("n", "int", description="the ask's place among the paragraph's asks, from 1 (positions are not counted)"),
        Column("verb", description="lemma of the clause's verb"),
        Column("strength", "int", choices=("2", "3", "4", "5"), description="its place on the strength scale"),
        Column("kind", choices=("action", "decision", "reporting"), description="what the clause asks"),
        Column("addressee", required=False, choices="actors", description="the actor asked (a pronoun: the actor named last before it)"),
        Column("addressees", "list", required=False, choices="actors", description="every actor the clause asks"),
        Column("object", required=False, description="what is asked, in a few words (the infinitive phrase, shortened)"),
        Column("deadline", "date", required=False, description="the earliest date after adoption the clause itself sets"),
        Column("deadline_opens", "date", required=False),
        Column("deadline_text", required=False),
        Column("text", description="the clause, from its verb to the next clause"),
        Column("text_fr", required=False, description="the French clause, paired by position and verb, where the workspace holds one"),
        Column("curated_fields", "list", required=False),
        Column("curation_notes", "list", required=False),
        Column("warnings", "list", required=False),
    ),
    key=("ask_id",),
    description="One row per clause of an operative paragraph that asks something of someone (a position has none)",
)

ASK_STRENGTH = 2  # encourages, invites, recommends and above ask something; condemns, welcomes ... do not
OBJECT_WORDS = 8  # the object is shortened to this many words
# The boundary before a clause and the few words between it and the verb ("and further", ", at the same time",
# ", et les"): the clause's text starts with them
_BOUNDARY = re.compile(r"(?:[,;:]\s+(?:(?:and|et),?\s+)?|\s(?:and|et),?\s+)(?P<lead>(?:(?!(?:and|et)\b)[^\s,;:]+\s+){0,4}(?:l['’])?)$",
                       re.IGNORECASE)
_TAIL = re.compile(r"[\s,;:.]*(?:\b(?:and|et)\s*)?[\s,;:.]*$", re.IGNORECASE)
_INFINITIVE = re.compile(r"\bto\s+(?!the\b|a\b|an\b|all\b|its\b|their\b|this\b|that\b|these\b|those\b)[a-z]", re.IGNORECASE)
_OPENING = re.compile(r"^(?:\w+\s+){0,3}$")  # the paragraph's first words before its verb ("Also strongly")
# an actor named as the support, mandate or authority behind another is not the one asked ("with the support of X")
_MODIFIER = re.compile(r"\b(?:support|assistance|help|mandate|authority|auspices|leadership|cooperation|consultation|"
                       r"coordination|partnership)\s+(?:of|with)\s+(?:the\s+)?$|\bsupported\s+by\s+(?:the\s+)?$",
                       re.IGNORECASE)
_ADJACENT = re.compile(r"^[\s,]*(?:(?:also|further|again|once again|in particular|in this regard|to|on|upon)\s+|,\s*)*$",
                       re.IGNORECASE)
_ACTOR_LIKE = re.compile(r"^\s*(?:the|all|both|each|relevant|(?-i:[A-Z]))", re.IGNORECASE)
_AND_UPON = re.compile(r"\s+and\s+(upon)\s+(?=\S)", re.IGNORECASE)
_PLURAL_PRONOUN = re.compile(r"^\s*them\b", re.IGNORECASE)
_SMALL_END = {"of", "the", "a", "an", "and", "or", "to", "in", "on", "for", "with", "by", "its", "their", "at",
              "from", "as", "that", "such"}


def ask_id(cid: str, n: int | str) -> str:
    return f"{cid}.{n}"


def parse_ask_number(value) -> tuple[int | None, str | None]:
    """An ask cell as a number: (None, None) when empty (the whole paragraph), (None, why) when bad."""
    text = str(value if value is not None else "").strip()
    if text in ("", "nan", "None"):
        return None, None
    if not re.fullmatch(r"\d+", text) or int(text) < 1:
        return None, f"an ask is a whole number from 1 (the ask's place in its paragraph), not {text!r}"
    return int(text), None


def whole_paragraph(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows of a curated table that bear on the whole paragraph (an empty ask, or a file without the column)."""
    if "ask" not in frame.columns or frame.empty:
        return frame
    return frame[frame["ask"].astype(str).str.strip().isin(("", "nan", "None"))]


def clause_uses(text: str, finder, split_upon: bool = False) -> list[VerbUse]:
    """The paragraph's clause-initial verbs, the opening verb first (as monitor.commitments reads them).

    With split_upon, "calls upon X to ... and upon Y to ..." is two asks: the second starts at its "upon".
    """
    opening = finder.opening(text)
    uses = finder.clauses(text)
    if opening and (not uses or uses[0].start != opening.start):
        uses = [opening] + [u for u in uses if u.start > opening.start]
    if not split_upon:
        return uses
    split = []
    for index, use in enumerate(uses):
        split.append(use)
        stop = uses[index + 1].start if index + 1 < len(uses) else len(text)
        if use.phrase.lower().endswith("upon"):
            split += [VerbUse(m.group(1), use.lemma, use.strength, m.start(1), m.end(1))
                      for m in _AND_UPON.finditer(text, use.end, stop)]
    return split


def french_clauses(text: str, reference_dir: Path | None = None) -> list[VerbUse]:
    """The French version's clause verbs ("et les encourage à": VerbFinder reads the object pronoun)."""
    return clause_uses(text, verb_finder("fr", str(reference_dir) if reference_dir else None))


def _clause_start(text: str, use: VerbUse, first: bool) -> int:
    """Where a clause starts: the paragraph's start for its opening verb ("Also strongly condemns"), else
    just after the boundary before the verb's lead words and pronoun ("and further encourages", "et les encourage")."""
    before = text[:use.start]
    if first and _OPENING.match(before):
        return 0
    found = _BOUNDARY.search(before)
    return found.start("lead") if found else use.start


def _clause_spans(text: str, uses: list[VerbUse]) -> list[tuple[int, int]]:
    """Each clause's (start, end): from its lead words to the connector before the next clause."""
    starts = [_clause_start(text, use, index == 0) for index, use in enumerate(uses)]
    spans = []
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(text)
        tail = _TAIL.search(text, start, end)
        spans.append((start, tail.start() if tail and tail.start() > start else end))
    return spans


def short_object(clause: str, verb_end: int, verb: str, addressed: bool) -> str | None:
    """The infinitive phrase ("to respect ..."), or the words after the verb ("calls for the adoption ..."), shortened.

    The infinitive counts where it follows the verb and its addressees: "encourages the establishment
    of a fund, to support ..." asks for the fund, not for the support.
    """
    rest = clause[verb_end:]
    found = _INFINITIVE.search(rest) if not verb.endswith(" for") else None
    gap = rest[:found.start()] if found else ""
    # "Decides to ...", "encourages them to ...", "encourages the parties and all stakeholders to ...": the
    # infinitive is what is asked; "urges immediate discussion among ... to ..." asks for the discussion
    if found and (addressed or not gap.strip() or (_ACTOR_LIKE.match(gap) and not re.search(r"[,;]", gap))):
        rest = rest[found.start() + 3:]
    else:
        rest = re.sub(r"^\s*(?:that|for)\b", "", rest)
    for _ in range(3):  # an aside right after the verb ("to provide to the Council, within ..., a report"): skip it
        cut = _ASIDE.search(rest)
        after = rest.find(",", cut.end()) if cut and rest[cut.start()] == "," else -1
        if cut is None or len(rest[:cut.start()].split()) >= 5 or after < 0:
            break
        rest = rest[:cut.start()] + " " + rest[after + 1:]
    cut = _ASIDE.search(rest) or re.search(r"[(]", rest)
    words = (rest[:cut.start()] if cut else rest).split()
    if len(words) < 3:  # an aside that does not close: read on through it
        words = rest.split()
    shortened = len(words) > OBJECT_WORDS
    words = words[:OBJECT_WORDS]
    while words and words[-1].lower().strip(",;.") in _SMALL_END:
        words.pop()
        shortened = True
    if not words:
        return None
    return " ".join(words).strip(",;.") + (" …" if shortened else "")


def addressees(text: str, uses: list[VerbUse], finder) -> list[list[str]]:
    """Each clause's addressees (monitor.commitments' reading), without actors named as support or mandate,
    and a pronoun ("encourages them") read as the actor named last before it that is not such a modifier,
    agreeing in number where one does ("them": the authorities, not the Government)."""
    mentions = [m for m in finder.find(text) if not _MODIFIER.search(text[max(0, m.start - 40):m.start])]
    result = []
    for use, names in zip(uses, _clause_addressees(text, uses, finder)):
        stop = next((u.start for u in uses if u.start > use.start), len(text))
        window = [m for m in mentions if use.end <= m.start < stop]
        # the addressee follows its verb ("urges all parties"); an actor further on belongs to what is asked
        # ("urges immediate political discussion among all the signatories to ...")
        if window and not _ADJACENT.match(text[use.end:window[0].start]):
            window = []
        names = [n for n in names if any(m.actor_id == n for m in window)]
        if _PRONOUN.match(text[use.end:stop]):
            earlier = [m for m in mentions if m.end <= use.start]
            plural = [m for m in earlier if re.search(r"(?:s|ies)$", m.text, re.IGNORECASE)]
            singular = [m for m in earlier if m not in plural]
            agreeing = plural if _PLURAL_PRONOUN.match(text[use.end:stop]) else singular
            chosen = (agreeing or earlier)[-1:]
            names = [m.actor_id for m in chosen]
        result.append(names)
    return result


def pair_clauses(english: list[VerbUse], french: list[VerbUse], english_names: list[list[str]] | None = None,
                 french_names: list[list[str]] | None = None) -> dict[int, int]:
    """English clause index -> French clause index, by position and verb (and addressee, where both name one).

    Clauses keep their order; a pair scores for its verbs' strength agreeing (UN French renders one
    English verb by several: "demande" for calls upon and requests, "engage" for urges and encourages)
    and for an addressee both clauses name. The best-scoring alignment wins (a small dynamic programme),
    so a clause one version lacks leaves the others paired.
    """
    english_names = english_names or [[] for _ in english]
    french_names = french_names or [[] for _ in french]

    def score(i: int, j: int) -> float:
        shared = set(english_names[i]) & set(french_names[j])
        return 0.5 + (2 if english[i].strength == french[j].strength else 0) + (3 if shared else 0)

    rows, cols = len(english), len(french)
    best = [[0.0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(rows - 1, -1, -1):
        for j in range(cols - 1, -1, -1):
            best[i][j] = max(score(i, j) + best[i + 1][j + 1], best[i + 1][j], best[i][j + 1])
    pairs: dict[int, int] = {}
    i = j = 0
    while i < rows and j < cols:
        if best[i][j] == score(i, j) + best[i + 1][j + 1]:
            pairs[i] = j
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs


def _named_near(text: str, uses: list[VerbUse], finder, reach: int = 80) -> list[list[str]]:
    """The actors each clause names just after its verb (the French clauses' addressees, roughly)."""
    mentions = finder.find(text)
    return [[m.actor_id for m in mentions if u.end <= m.start < u.end + reach] for u in uses]


def build_asks(resolution: Resolution, french_texts: dict[str, str] | None = None,
               reference_dir: Path | None = None) -> pd.DataFrame:
    """Every ask of the resolution's operative paragraphs, with its French clause where one is held."""
    reference = str(reference_dir) if reference_dir else None
    verbs = verb_finder(resolution.language, reference)
    country = resolution.country_names or find_country(resolution)
    actors = actor_finder(reference, country)
    calendar = SessionCalendar(reference_dir)
    own_actor = OWN_BODY_ACTOR.get(resolution.body or "")
    french_texts = french_texts or {}
    rows = []
    for paragraph in resolution.operative():
        text = paragraph.text
        uses = clause_uses(text, verbs, split_upon=True)
        addressed = addressees(text, uses, actors)
        spans = _clause_spans(text, uses)
        text_fr = french_texts.get(paragraph.paragraph_id)
        french = french_clauses(text_fr, reference_dir) if text_fr else []
        pairs = pair_clauses(uses, french, addressed, _named_near(text_fr, french, actors)) if french else {}
        french_spans = _clause_spans(text_fr, french) if french else []
        cid = commitment_id(resolution.resolution_id or "unknown", paragraph.paragraph_id)
        n = 0
        for index, (use, names, (start, end)) in enumerate(zip(uses, addressed, spans)):
            if use.strength < ASK_STRENGTH:
                continue
            n += 1
            warnings = []
            clause = text[start:end]
            if use.lemma == "decide" and own_actor:
                names = list(dict.fromkeys([own_actor] + names))
            if not names:
                warnings.append("the clause names no addressee")
            deadline, opens, deadline_text, _ = _deadline(SimpleNamespace(text=clause), resolution, calendar)
            if use.lemma == "decide":
                kind = "reporting" if _REPORTING.search(clause) else "decision"
            else:
                kind = "reporting" if _REPORTING.search(clause) and use.strength >= 3 else "action"
            clause_fr = None
            if text_fr and index in pairs:
                a, b = french_spans[pairs[index]]
                clause_fr = text_fr[a:b]
                if use.strength != french[pairs[index]].strength:
                    warnings.append(f"French clause paired by position: its verb is {french[pairs[index]].phrase!r}")
            elif text_fr:
                warnings.append(f"no French clause pairs with this one (English verbs: "
                                f"{', '.join(u.lemma for u in uses)}; French: {', '.join(u.lemma for u in french) or 'none'})")
            rows.append({
                "ask_id": ask_id(cid, n), "commitment_id": cid, "resolution_id": resolution.resolution_id,
                "paragraph_id": paragraph.paragraph_id, "n": n, "verb": use.lemma, "strength": use.strength,
                "kind": kind, "addressee": names[0] if names else None, "addressees": names,
                "object": short_object(clause, use.end - start, use.lemma, bool(names)), "deadline": deadline,
                "deadline_opens": opens, "deadline_text": deadline_text, "text": clause, "text_fr": clause_fr,
                "curated_fields": [], "curation_notes": [], "warnings": warnings,
            })
    return pd.DataFrame(rows, columns=ASK_SCHEMA.column_names)


def ask_counts(asks: pd.DataFrame) -> dict[str, int]:
    """commitment_id -> how many asks its paragraph has."""
    return asks.groupby("commitment_id").size().astype(int).to_dict() if not asks.empty else {}


def check_ask(cid: str, value, counts: dict[str, int] | None) -> str | None:
    """Why an ask cell is bad for its commitment (not a number from 1, or beyond its paragraph's asks); None if good.

    counts is ask_counts(asks); None skips the existence check (no resolution loaded).
    """
    n, why = parse_ask_number(value)
    if why or n is None or counts is None:
        return why
    have = counts.get(cid, 0)
    if n > have:
        held = f"has {have} ask{'s' if have > 1 else ''} (1 to {have})" if have else "asks nothing (a position)"
        return f"no ask {n} in {cid}: its paragraph {held}; see 'monitor asks'"
    return None
