"""What changed between two resolutions: paragraphs aligned by their text, changes classified, words shown."""

from __future__ import annotations

import difflib
import re

import pandas as pd

from .parse.model import Resolution

CHANGES = ("unchanged", "reworded", "strengthened", "weakened", "new", "dropped")
DIFF_COLUMNS = [
    "from_paragraph", "to_paragraph", "kind", "change", "similarity", "from_opener", "to_opener",
    "from_strength", "to_strength", "removed", "added",
]
# Below this share of words in common two paragraphs are different asks, not one reworded.
MIN_SIMILARITY = 0.45


def _words(text: str) -> list[str]:
    return re.findall(r"[\w'’-]+", text.lower())


def similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, _words(a), _words(b), autojunk=False).ratio()


def word_changes(old: str, new: str) -> tuple[str, str]:
    """Runs of words removed from old and added in new, joined by ' … '."""
    a, b = old.split(), new.split()
    removed, added = [], []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag in ("replace", "delete"):
            removed.append(" ".join(a[i1:i2]))
        if tag in ("replace", "insert"):
            added.append(" ".join(b[j1:j2]))
    return " … ".join(removed), " … ".join(added)


def align(old: Resolution, new: Resolution, strengths: dict[str, dict[str, int]] | None = None) -> pd.DataFrame:
    """Every pair and orphan of paragraphs between old and new, preambular and operative apart.

    strengths maps resolution_id -> paragraph_id -> opener strength (from the commitments), so a
    changed opener reads as strengthened or weakened.
    """
    strengths = strengths or {}
    rows = []
    for kind in ("preambular", "operative"):
        before = [p for p in old.paragraphs if p.kind == kind]
        after = [p for p in new.paragraphs if p.kind == kind]
        scored = sorted(
            ((similarity(a.text, b.text), i, j) for i, a in enumerate(before) for j, b in enumerate(after)),
            key=lambda t: (-t[0], abs(t[1] - t[2])),
        )
        used_old, used_new, pairs = set(), set(), []
        for score, i, j in scored:
            if score < MIN_SIMILARITY:
                break
            if i in used_old or j in used_new:
                continue
            used_old.add(i), used_new.add(j)
            pairs.append((i, j, score))
        for i, j, score in pairs:
            a, b = before[i], after[j]
            sa = strengths.get(old.resolution_id, {}).get(a.paragraph_id)
            sb = strengths.get(new.resolution_id, {}).get(b.paragraph_id)
            if _words(a.text) == _words(b.text):
                change = "unchanged"
            elif sa is not None and sb is not None and sb > sa:
                change = "strengthened"
            elif sa is not None and sb is not None and sb < sa:
                change = "weakened"
            else:
                change = "reworded"
            removed, added = word_changes(a.text, b.text)
            rows.append({"from_paragraph": a.paragraph_id, "to_paragraph": b.paragraph_id, "kind": kind,
                         "change": change, "similarity": round(score, 3), "from_opener": a.opener,
                         "to_opener": b.opener, "from_strength": sa, "to_strength": sb,
                         "removed": removed, "added": added})
        for i, a in enumerate(before):
            if i not in used_old:
                rows.append({"from_paragraph": a.paragraph_id, "to_paragraph": None, "kind": kind, "change": "dropped",
                             "similarity": None, "from_opener": a.opener, "to_opener": None,
                             "from_strength": strengths.get(old.resolution_id, {}).get(a.paragraph_id),
                             "to_strength": None, "removed": a.text, "added": ""})
        for j, b in enumerate(after):
            if j not in used_new:
                rows.append({"from_paragraph": None, "to_paragraph": b.paragraph_id, "kind": kind, "change": "new",
                             "similarity": None, "from_opener": None, "to_opener": b.opener, "from_strength": None,
                             "to_strength": strengths.get(new.resolution_id, {}).get(b.paragraph_id),
                             "removed": "", "added": b.text})
    frame = pd.DataFrame(rows, columns=DIFF_COLUMNS)
    order = frame["to_paragraph"].fillna(frame["from_paragraph"]).str.extract(r"(\d+)$")[0].astype(int)
    frame = frame.assign(_kind=frame["kind"].map({"preambular": 0, "operative": 1}), _order=order)
    return frame.sort_values(["_kind", "_order", "change"]).drop(columns=["_kind", "_order"]).reset_index(drop=True)
