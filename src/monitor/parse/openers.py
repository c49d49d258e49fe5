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
    ordered = sorted({p.strip() for p in phrases if p.strip()}, key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered)


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
        if not found:
            return None
        head = found.group("head")
        modifiers = tuple(
            re.sub(r"\s+", " ", m.group(0).strip(" ,")).lower()
            for chunk in (found.group("before"), found.group("after"))
            for m in self._modifier.finditer(chunk)
        )
        return OpenerMatch(
            opener=re.sub(r"\s+", " ", found.group(0)).rstrip(","),
            head=head,
            lemma=self._lemmas.get((part, _fold(head)), _fold(head)),
            modifiers=modifiers,
            part=part,
            end=found.end(),
        )



def _fold(phrase: str) -> str:
    return re.sub(r"\s+", " ", phrase.strip().lower())


@lru_cache(maxsize=8)
def opener_matcher(lang: str = "en", reference_dir: str | None = None) -> OpenerMatcher:
    return OpenerMatcher(lang, Path(reference_dir) if reference_dir else None)
