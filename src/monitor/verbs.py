"""Operative verbs in a paragraph and their place on the strength scale."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .vocab import load_vocabulary

# Words that may stand between a clause boundary and its verb ("and also welcomes", "and, in addition,
# encourages", "et, à cet égard, leur demande"); they do not move the verb's strength. "all" covers a
# known typo in 46/28 OP27 ("all calls upon").
_LEADS = {
    "en": ("also", "further", "furthermore", "moreover", "in addition", "again", "once again", "once more",
           "at the same time", "in this regard", "in that regard", "in this respect", "in this context",
           "to this end", "to that end", "therefore", "accordingly", "likewise", "similarly", "equally",
           "strongly", "firmly", "urgently", "all"),
    "fr": ("également", "en outre", "de plus", "par ailleurs", "de nouveau", "à nouveau", "aussi",
           "à cet égard", "à ce titre", "à cet effet", "à cette fin", "dans ce contexte", "en même temps"),
}
_AND = {"en": "and", "fr": "et"}
# Words a verb phrase may carry inside it: "calls in particular for", "calls also upon"
_INSIDE = r"(?:(?:in particular|in this regard|also|further|again|once again|once more)\s+)?"
# French object pronouns stand before the verb: "et les encourage à", "leur demande de", "l'exhorte à"
_FR_PRONOUN = r"(?:(?P<pronoun>les|leur|lui|le|la)\s+|(?P<elided>l['’])\s*)?"
ASK_STRENGTH = 2  # an object pronoun goes with a verb that asks; "et la note" is an article and a noun


@dataclass(frozen=True)
class VerbUse:
    phrase: str
    lemma: str
    strength: int
    start: int  # where the verb phrase starts
    end: int
    pronoun: bool = False  # a French object pronoun stands before the verb ("les encourage"): it names the addressee


def _alternatives(words: tuple[str, ...]) -> str:
    return "|".join(r"\s+".join(re.escape(w) for w in word.split()) for word in sorted(words, key=len, reverse=True))


class VerbFinder:
    def __init__(self, lang: str = "en", reference_dir: Path | None = None):
        table = load_vocabulary("verbs", reference_dir)
        table = table[table["lang"] == lang]
        self._entries = {p.lower(): (l, int(s)) for p, l, s in zip(table["phrase"], table["lemma"], table["strength"])}
        alternatives = []
        for phrase in sorted(self._entries, key=len, reverse=True):
            words = [re.escape(w) for w in phrase.split()]
            alternatives.append(rf"\s+{_INSIDE}".join(words))
        verbs = "|".join(alternatives)
        conjunction = re.escape(_AND.get(lang, "and"))
        lead = rf"(?:(?:{_alternatives(_LEADS.get(lang, ()))}),?\s+)*"
        pronoun = _FR_PRONOUN if lang == "fr" else ""
        self._clause = re.compile(
            rf"(?:^|(?<=[,;:])\s+(?:{conjunction},?\s+)?|\s+{conjunction},?\s+){lead}{pronoun}(?P<verb>{verbs})(?![\w-])",
            re.IGNORECASE,
        )
        # the opener may follow up to three modifiers ("Once again strongly urges", "In addition encourages")
        self._opening = re.compile(rf"^(?:[^\W\d_][\w’'-]*,?\s+){{0,3}}?(?P<verb>{verbs})(?![\w-])", re.IGNORECASE)

    def _entry(self, text: str) -> tuple[str, int]:
        key = re.sub(rf"\s+{_INSIDE}", " ", re.sub(r"\s+", " ", text.lower()) + " ").strip()
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
            pronoun = bool(found.groupdict().get("pronoun") or found.groupdict().get("elided"))
            if pronoun and strength < ASK_STRENGTH:
                continue
            uses.append(VerbUse(found.group("verb"), lemma, strength, found.start("verb"), found.end("verb"), pronoun))
        return uses


@lru_cache(maxsize=4)
def verb_finder(lang: str = "en", reference_dir: str | None = None) -> VerbFinder:
    return VerbFinder(lang, Path(reference_dir) if reference_dir else None)
