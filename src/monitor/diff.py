"""What changed between two resolutions: paragraphs paired (monitor.matching), changes classified and explained."""

from __future__ import annotations

import difflib

import pandas as pd

from . import labels as L
from .matching import MIN_COVERAGE, MIN_OBJECT, MIN_SIMILARITY, Matching, clauses, match, moved_opening, words
from .parse.model import Paragraph, Resolution
from .verbs import verb_finder

# merged counts each older paragraph that went into one newer paragraph, split each newer part of one
# older paragraph; every other row is one paragraph of both texts (or of one, for new and dropped).
CHANGES = ("unchanged", "reworded", "strengthened", "weakened", "merged", "split", "new", "dropped")
DIFF_COLUMNS = [
    "from_paragraph", "to_paragraph", "kind", "change", "similarity", "measure", "reason", "reason_fr", "continues",
    "from_opener", "to_opener", "from_strength", "to_strength", "removed", "added",
]
__all__ = ["CHANGES", "DIFF_COLUMNS", "MIN_SIMILARITY", "align", "similarity", "word_changes"]


def similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, words(a), words(b), autojunk=False).ratio()


def word_changes(old: str, new: str) -> tuple[str, str]:
    """Runs of words removed from old and added in new, joined by ' … ' (a typographic apostrophe is no change)."""
    a, b = old.split(), new.split()
    removed, added = [], []
    same = [[w.replace("’", "'") for w in words] for words in (a, b)]
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, *same, autojunk=False).get_opcodes():
        if tag in ("replace", "delete"):
            removed.append(" ".join(a[i1:i2]))
        if tag in ("replace", "insert"):
            added.append(" ".join(b[j1:j2]))
    return " … ".join(removed), " … ".join(added)


def _number(value: float, lang: str) -> str:
    shown = f"{value:.2f}"
    return shown.replace(".", ",") if lang == "fr" else shown


def _listed(items: list[str], lang: str) -> str:
    word = " and " if lang == "en" else " et "
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + word + items[-1]


def _render(parts: list[tuple[str, dict]], lang: str) -> str:
    """The reason in one language: each part's template from the labels table, numbers and lists in its style."""
    shown = []
    for key, values in parts:
        filled = {k: _number(v, lang) if isinstance(v, float) else
                  (_listed(v, lang) if isinstance(v, list) and not all(isinstance(x, float) for x in v) else
                   (", ".join(_number(x, lang) for x in v) if isinstance(v, list) else v))
                  for k, v in values.items()}
        shown.append(L.text(f"reason:{key}", lang, **filled))
    return "; ".join(shown)


def _short(resolution: Resolution) -> str:
    return resolution.number or str(resolution.resolution_id)


class _Opening:
    """The opening verb's lemma and strength of each paragraph; given strengths (curated) win."""

    def __init__(self, resolution: Resolution, strengths: dict[str, dict[str, int]], lang: str):
        self.given = strengths.get(resolution.resolution_id, {})
        self.finder = verb_finder(lang)

    def __call__(self, paragraph: Paragraph) -> tuple[str, int | None]:
        found = self.finder.opening(paragraph.text)
        lemma = found.lemma if found else (paragraph.lemma or paragraph.opener.lower())
        strength = self.given.get(paragraph.paragraph_id)
        if strength is None and paragraph.kind == "operative" and found is not None:
            strength = found.strength
        return lemma, None if strength is None else int(strength)


def _rows(m: Matching, old: Resolution, new: Resolution, kind: str, strengths, lang: str) -> list[dict]:
    into, out_of = {}, {}
    for link in m.links:
        into.setdefault(link.new, []).append(link)
        out_of.setdefault(link.old, []).append(link)
    opening_old, opening_new = _Opening(old, strengths, lang), _Opening(new, strengths, lang)
    rows = []
    for link in m.links:
        a, b = m.before[link.old].paragraph, m.after[link.new].paragraph
        (la, sa), (lb, sb) = opening_old(a), opening_new(b)
        parts: list[tuple[str, dict]] = []
        moved = la != lb and moved_opening(clauses(a.text, lang), clauses(b.text, lang))
        if len(into[link.new]) > 1:
            change = "merged"
            group = sorted(into[link.new], key=lambda x: x.old)
            parts.append(("merged_2" if len(group) == 2 else "merged", {
                "paragraphs": [m.before[x.old].paragraph.paragraph_id for x in group], "old": _short(old),
                "paragraph": b.paragraph_id, "values": [m.scores(x.old, link.new)[1] for x in group]}))
        elif len(out_of[link.old]) > 1:
            change = "split"
            group = sorted(out_of[link.old], key=lambda x: x.new)
            clause = [x for x in group if x.measure == "clause"]
            if clause:
                rest = [m.after[x.new].paragraph.paragraph_id for x in group if x.measure != "clause"]
                parts.append(("split_clause", {"paragraph": a.paragraph_id, "opener": a.opener,
                                               "other": m.after[clause[0].new].paragraph.paragraph_id, "rest": rest}))
            else:
                parts.append(("split", {"paragraph": a.paragraph_id, "old": _short(old), "new": _short(new),
                                        "paragraphs": [m.after[x.new].paragraph.paragraph_id for x in group],
                                        "values": [m.scores(link.old, x.new)[2] for x in group]}))
        elif m.before[link.old].words == m.after[link.new].words:
            change = "unchanged"
        elif sa is not None and sb is not None and sa != sb and not moved:
            change = "strengthened" if sb > sa else "weakened"
        else:
            change = "reworded"
        if link.mandate:
            parts.insert(0, ("renewal_of_established" if link.established else "renewal", {"holder": link.mandate}))
        measure, value = _shown(m, link, change)
        if change == "unchanged":
            parts.append(("same_words", {}))
        elif change in ("strengthened", "weakened", "reworded") and not link.mandate:
            parts.append(_measured(measure, value, a.paragraph_id, b.paragraph_id, m.scores(link.old, link.new)))
        if la != lb and change != "unchanged" and not (change == "split" and parts[-1][0] == "split_clause"):
            parts.append((f"opening_{moved}" if moved else "opener_moved",
                          {"old": la, "new": lb, "old_strength": "?" if sa is None else str(sa),
                           "new_strength": "?" if sb is None else str(sb)}))
        removed, added = word_changes(a.text, b.text)
        rows.append({"from_paragraph": a.paragraph_id, "to_paragraph": b.paragraph_id, "kind": kind, "change": change,
                     "similarity": round(value, 3), "measure": measure, "reason": _render(parts, "en"),
                     "reason_fr": _render(parts, "fr"), "continues": link.continues, "from_opener": a.opener,
                     "to_opener": b.opener, "from_strength": sa, "to_strength": sb, "removed": removed, "added": added})
    rows += _orphans(m, old, new, kind, into, out_of, opening_old, opening_new)
    return rows


def _shown(m: Matching, link, change: str) -> tuple[str, float]:
    """The measure shown beside a pair: coverage for a merge or split, the object's similarity for a verb
    changed on the same object, else the words' similarity when it reaches the bar, else what linked them."""
    ratio, old_in_new, new_in_old = m.scores(link.old, link.new)
    if change == "merged":
        return "coverage", old_in_new
    if change == "split":
        return (link.measure, link.value) if link.measure == "clause" else ("coverage", new_in_old)
    if change in ("strengthened", "weakened"):
        value = link.value if link.measure == "object" else m.object_ratio(link.old, link.new)
        if value >= MIN_OBJECT:
            return "object", value
        kept = m.object_coverage(link.old, link.new)  # the same object, with words added or taken away
        if kept >= MIN_COVERAGE:
            return "object_coverage", kept
    if ratio >= MIN_SIMILARITY or link.mandate:
        return "words", ratio
    return link.measure, link.value


def _measured(measure: str, value: float, old_id: str, new_id: str, scores) -> tuple[str, dict]:
    if measure == "coverage":
        inner, outer = (old_id, new_id) if scores[1] >= scores[2] else (new_id, old_id)
        return "coverage", {"inner": inner, "outer": outer, "value": value}
    return measure, {"value": value}


def _orphans(m: Matching, old, new, kind, into, out_of, opening_old, opening_new) -> list[dict]:
    rows = []
    for side, items, linked, other in (("dropped", m.before, out_of, new), ("new", m.after, into, old)):
        for index, prepared in enumerate(items):
            if index in linked:
                continue
            p = prepared.paragraph
            parts = [(side, {"other": _short(other), "min": MIN_SIMILARITY, "coverage": MIN_COVERAGE})]
            closest = m.closest(index, old=side == "dropped")
            if closest is not None and closest[1] >= 0.2:
                near = (m.after if side == "dropped" else m.before)[closest[0]].paragraph.paragraph_id
                parts.append(("closest", {"paragraph": near, "value": closest[1]}))
            strength = (opening_old if side == "dropped" else opening_new)(p)[1]
            rows.append({"from_paragraph": p.paragraph_id if side == "dropped" else None,
                         "to_paragraph": p.paragraph_id if side == "new" else None, "kind": kind, "change": side,
                         "similarity": None, "measure": None, "reason": _render(parts, "en"),
                         "reason_fr": _render(parts, "fr"), "continues": None,
                         "from_opener": p.opener if side == "dropped" else None,
                         "to_opener": p.opener if side == "new" else None,
                         "from_strength": strength if side == "dropped" else None,
                         "to_strength": strength if side == "new" else None,
                         "removed": p.text if side == "dropped" else "", "added": p.text if side == "new" else ""})
    return rows


def align(old: Resolution, new: Resolution, strengths: dict[str, dict[str, int]] | None = None) -> pd.DataFrame:
    """Every pair and orphan of paragraphs between old and new, preambular and operative apart.

    One row per linked pair: a merge of two older paragraphs into one is two rows, both `merged`.
    `similarity` is the value of `measure` (monitor.matching.MEASURES) that made the pair, `reason` and
    `reason_fr` say why, and `continues` marks the pair that carries a merged or split paragraph's
    lineage. strengths maps resolution_id -> paragraph_id -> opener strength (the commitments', so a
    curated strength counts); a paragraph without one takes its opening verb's from the verbs vocabulary.
    """
    strengths = strengths or {}
    lang = old.language or "en"
    rows = []
    for kind in ("preambular", "operative"):
        before = [p for p in old.paragraphs if p.kind == kind]
        after = [p for p in new.paragraphs if p.kind == kind]
        rows += _rows(match(before, after, renewals=kind == "operative", lang=lang), old, new, kind, strengths, lang)
    frame = pd.DataFrame(rows, columns=DIFF_COLUMNS)
    number = lambda column: frame[column].str.extract(r"(\d+)$")[0].astype(float)  # noqa: E731
    frame = frame.assign(_kind=frame["kind"].map({"preambular": 0, "operative": 1}),
                         _order=number("to_paragraph").fillna(number("from_paragraph")),
                         _from=number("from_paragraph").fillna(-1))
    return (frame.sort_values(["_kind", "_order", "_from", "change"]).drop(columns=["_kind", "_order", "_from"])
            .reset_index(drop=True))
