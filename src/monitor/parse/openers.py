"""Finding the opening phrase of a paragraph: modifiers, head phrase, lemma."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..vocab import load_vocabulary


@dataclass(frozen=True)
class OpenerMatch:
    opener: str  # the span as written, modifiers included
    head: str  # the vocabulary phrase, as written
    lemma: str
    modifiers: tuple[str, ...]
    part: str
    end: int  # offset just after the opener in the text


def _alternation(phrases: list[str]) -> str:
    # longest first: "Prend note avec satisfaction" before "Prend note" before "Prend"
    ordered = sorted({p.strip() for p in phrases if p.strip()}, key=len, reverse=True)
    # "Ayant à l'esprit" reads "Ayant à l’esprit" too: texts use either apostrophe
    return "|".join(re.sub("['’]", "['’]", re.escape(p).replace(r"\ ", r"\s+")) for p in ordered)


# The verb of an opener: its first word, or the first two after a reflexive "Se".
_VERB = re.compile(r"^(?:S(?:e\s+|['’]))?[^\W\d_][\w'’-]*", re.IGNORECASE)


class OpenerMatcher:
    """Matches opening phrases of one language at the start of paragraph text."""

    def __init__(self, lang: str, reference_dir: Path | None = None):
        openers = load_vocabulary("openers", reference_dir)
        modifiers = load_vocabulary("modifiers", reference_dir)
        openers = openers[openers["lang"] == lang]
        modifiers = modifiers[modifiers["lang"] == lang]
        before = modifiers[modifiers["position"] == "before"]["phrase"].tolist()
        after = modifiers[modifiers["position"] == "after"]["phrase"].tolist()
        self._lemmas: dict[tuple[str, str], str] = {}
        self._patterns: dict[str, re.Pattern] = {}
        # French puts adverbs inside a compound opener, after its verb: "Prend également
        # note", "Se déclarant en outre gravement préoccupé"; they are modifiers there too
        self._inside = re.compile(rf"(?:,?\s+(?:{_alternation(after)}))+,?(?=\s)", re.IGNORECASE)
        self._modifier = re.compile(
            rf"(?<![\w-])(?:{_alternation(before + after)})(?![\w-])", re.IGNORECASE
        )
        for part in ("preambular", "operative"):
            rows = openers[openers["part"] == part]
            for phrase, lemma in zip(rows["phrase"], rows["lemma"]):
                self._lemmas[(part, _fold(phrase))] = lemma
            heads = _alternation(rows["phrase"].tolist())
            self._patterns[part] = re.compile(
                rf"^(?P<before>(?:(?:{_alternation(before)}),?\s+)*)"
                rf"(?P<head>{heads})"
                rf"(?P<after>(?:,?\s+(?:{_alternation(after)}))*)"
                r"(?![\w\u00C0-\u024F'’-])",
                re.IGNORECASE,
            )

    def match(self, text: str, part: str) -> OpenerMatch | None:
        found = self._patterns[part].match(text)
        verb = _VERB.match(text)
        inside = self._inside.match(text, verb.end()) if verb else None
        if inside:
            # the compound opener read without the adverbs inside it, if that reads further
            cut = inside.end() - verb.end()
            shorter = self._patterns[part].match(text[:verb.end()] + text[inside.end():])
            if shorter and shorter.end("head") > verb.end() and (found is None or shorter.end() + cut > found.end()):
                return self._result(text, part, shorter, verb.end(), cut, inside.group(0))
        return self._result(text, part, found, 0, 0, "") if found else None

    def _result(self, text: str, part: str, found: re.Match, at: int, cut: int, inside: str) -> OpenerMatch:
        """found matched text with text[at:at + cut] (the adverbs in inside) taken out."""
        head = found.group("head")
        spans = [m.group(0) for chunk in (found.group("before"), inside, found.group("after"))
                 for m in self._modifier.finditer(chunk)]
        end = found.end() + cut
        return OpenerMatch(
            opener=re.sub(r"\s+", " ", text[:end]).rstrip(","),
            head=head,
            lemma=self._lemmas.get((part, _fold(head)), _fold(head)),
            modifiers=tuple(re.sub(r"\s+", " ", m.strip(" ,")).lower() for m in spans),
            part=part,
            end=end,
        )


def _fold(phrase: str) -> str:
    return re.sub(r"\s+", " ", phrase.strip().lower()).replace("’", "'")


@lru_cache(maxsize=8)
def opener_matcher(lang: str = "en", reference_dir: str | None = None) -> OpenerMatcher:
    return OpenerMatcher(lang, Path(reference_dir) if reference_dir else None)


class NoVocabulary:
    """Stands in for the opener vocabulary of a language it has no rows for."""

    def match(self, text: str, part: str):
        return None


def matcher_for(language: str, reference_dir: Path | None = None) -> tuple[object, list[tuple[str, str]]]:
    """The language's opener matcher, and a warning when the vocabularies have no such language."""
    if language in set(load_vocabulary("openers", reference_dir)["lang"]):
        return opener_matcher(language, str(reference_dir) if reference_dir else None), []
    # an empty vocabulary would match the empty string; openers come from italics or first words instead
    return NoVocabulary(), [("", f"no opener vocabulary for language '{language}'; "
                                 "openers taken from the italic spans or first words")]
