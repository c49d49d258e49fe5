"""Operative verbs in a paragraph and their place on the strength scale."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .vocab import load_vocabulary

# Words that may stand between a clause boundary and its verb ("and also welcomes",
# "and further encourages"); "all" covers a known typo in 46/28 OP27 ("all calls upon").
_LEAD = r"(?:(?:also|further|again|once again|in this regard|strongly|firmly|all)\s+)*"


@dataclass(frozen=True)
class VerbUse:
    phrase: str
    lemma: str
    strength: int
    start: int  # where the verb phrase starts
    end: int


class VerbFinder:
    def __init__(self, lang: str = "en", reference_dir: Path | None = None):
        table = load_vocabulary("verbs", reference_dir)
        table = table[table["lang"] == lang]
        self._entries = {p.lower(): (l, int(s)) for p, l, s in zip(table["phrase"], table["lemma"], table["strength"])}
        # "calls in particular for" reads as "calls for"
        alternatives = []
        for phrase in sorted(self._entries, key=len, reverse=True):
            words = [re.escape(w) for w in phrase.split()]
            alternatives.append(r"\s+(?:in particular\s+|in this regard\s+)?".join(words))
        verbs = "|".join(alternatives)
        self._clause = re.compile(
            rf"(?:^|(?<=[,;:])\s+(?:and\s+)?|\s+and\s+){_LEAD}(?P<verb>{verbs})(?![\w-])", re.IGNORECASE
        )
        self._opening = re.compile(rf"^(?:\w+\s+){{0,2}}?(?P<verb>{verbs})(?![\w-])", re.IGNORECASE)

    def _entry(self, text: str) -> tuple[str, int]:
        key = re.sub(r"\s+(?:in particular|in this regard)\s+", " ", re.sub(r"\s+", " ", text.lower()))
        return self._entries[key]

    def opening(self, text: str) -> VerbUse | None:
        """The verb that opens the paragraph, modifiers skipped ('Also strongly condemns')."""
        found = self._opening.match(text)
        if not found:
            return None
        lemma, strength = self._entry(found.group("verb"))
        return VerbUse(found.group("verb"), lemma, strength, found.start("verb"), found.end("verb"))

    def clauses(self, text: str) -> list[VerbUse]:
        """Every clause-initial verb in the paragraph, in order."""
        uses = []
        for found in self._clause.finditer(text):
            lemma, strength = self._entry(found.group("verb"))
            uses.append(VerbUse(found.group("verb"), lemma, strength, found.start("verb"), found.end("verb")))
        return uses


@lru_cache(maxsize=4)
def verb_finder(lang: str = "en", reference_dir: str | None = None) -> VerbFinder:
    return VerbFinder(lang, Path(reference_dir) if reference_dir else None)
