"""Finding actors (addressees) in text through the actor vocabulary and its aliases, bound to a resolution's country."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .country import Country
from .schemas import split_list
from .vocab import load_vocabulary

OWN_BODY_ACTOR = {"HRC": "hrc", "GA": "general_assembly", "SC": "security_council"}

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
# Labels where the country is unknown: the State concerned, whichever it is.
GENERIC_PLACES = {
    "country": "the State concerned", "country_fr": "l'État concerné", "of_country_fr": "de l'État concerné",
    "in_country_fr": "dans l'État concerné", "demonym": "national", "demonym_fr": "national",
}
# "..." in an alias: up to six capitalised words or small joining words ("United Nations ... Mission in")
_ANY_WORDS = r"\s+(?:(?:(?-i:[A-ZÀ-Þ])[\w’'-]*|of|the|for|and|on)\s+){0,6}?"


@dataclass(frozen=True)
class Mention:
    actor_id: str
    text: str
    start: int
    end: int


def fill(template: str, values: dict[str, tuple[str, ...]]) -> list[str]:
    """Every filling of a template's {placeholders}; none when one has no value."""
    names = list(dict.fromkeys(_PLACEHOLDER.findall(template)))
    if not names:
        return [template]
    choices = [values.get(name, ()) for name in names]
    filled = []
    for combination in itertools.product(*choices):
        text = template
        for name, value in zip(names, combination):
            text = text.replace("{" + name + "}", value)
        filled.append(text)
    return filled


def _alias_pattern(alias: str) -> str:
    parts = []
    for part in alias.split(" ... "):
        escaped = re.escape(part).replace(r"\ ", r"\s+").replace("'", "['’]")
        # a capitalised State is a country; "the state of emergency" and "federal member states" are not
        parts.append(re.sub(r"(?<![\w])State", "(?-i:S)tate", escaped))
    pattern = _ANY_WORDS.join(parts)
    # "the" is optional before any alias, so that "the United Nations Mission in X" is read whole,
    # not as "the United Nations" followed by words
    return pattern if alias.lower().startswith("the ") else r"(?:the\s+)?" + pattern


class ActorFinder:
    def __init__(self, reference_dir: Path | None = None, country: Country | None = None):
        table = load_vocabulary("actors", reference_dir)
        self.names = dict(zip(table["actor_id"], table["name_en"]))
        values = country.placeholders() if country else {}
        chosen: dict[str, tuple[str, str]] = {}  # alias, lower-cased -> (alias, actor)
        for actor_id, aliases in zip(table["actor_id"], table["aliases"]):
            for template in split_list(aliases):
                for alias in fill(template, values):
                    # a later row (a workspace's) wins over the package's for the same alias
                    chosen[re.sub(r"\s+", " ", alias.lower())] = (alias, actor_id)
        ordered = sorted(chosen.values(), key=lambda item: len(item[0]), reverse=True)
        self._ordered = ordered
        # each alias's words, the longest first: a text that lacks one cannot hold the alias, so a text is
        # searched only for the aliases it can hold (one alternation of hundreds was most of a parse)
        self._words = [sorted(set(re.findall(r"\w+", alias.lower())), key=len, reverse=True) for alias, _ in ordered]
        self._compiled: dict[int, re.Pattern] = {}

    def _pattern(self, index: int) -> re.Pattern:
        """The alias's own pattern, compiled once: an alternation of the aliases a text may hold was compiled
        once for each such set, thousands of times over a Council's resolutions."""
        if index not in self._compiled:
            self._compiled[index] = re.compile(rf"(?<![\w-])(?:{_alias_pattern(self._ordered[index][0])})(?![\w-])",
                                               re.IGNORECASE)
        return self._compiled[index]

    def find(self, text: str) -> list[Mention]:
        """The aliases in text, read as one alternation of them, longest first, would read them: from the
        left, at each place the first alias (the longest) that matches there, then on after it."""
        lowered = text.lower()
        chosen = [i for i, words in enumerate(self._words) if all(w in lowered for w in words)]
        patterns = [self._pattern(i) for i in chosen]
        upcoming = [pattern.search(text) for pattern in patterns]  # each alias's next match
        found, position = [], 0
        while True:
            best = None
            for k, pattern in enumerate(patterns):
                if upcoming[k] is not None and upcoming[k].start() < position:
                    upcoming[k] = pattern.search(text, position)
                if upcoming[k] is not None and (best is None or upcoming[k].start() < upcoming[best].start()):
                    best = k
            if best is None:
                return found
            match = upcoming[best]
            found.append(Mention(self._ordered[chosen[best]][1], match.group(0), match.start(), match.end()))
            position = max(match.end(), match.start() + 1)

    def ids(self) -> set[str]:
        return set(self.names)


@lru_cache(maxsize=16)
def actor_finder(reference_dir: str | None = None, country: Country | None = None) -> ActorFinder:
    """The finder for one workspace's vocabulary and one country (each country its own aliases)."""
    return ActorFinder(Path(reference_dir) if reference_dir else None, country)


def actor_labels(lang: str = "en", reference_dir: Path | None = None,
                 country: Country | None = None) -> dict[str, str]:
    """actor_id -> name in 'en' or 'fr', {country} and the like filled in, or 'the State concerned' without one."""
    if lang not in ("en", "fr"):
        raise ValueError(f"language {lang!r} is not one of en, fr")
    table = load_vocabulary("actors", reference_dir)
    values = country.placeholders() if country else {}
    labels = {}
    for actor_id, template in zip(table["actor_id"], table[f"name_{lang}"]):
        known = {name: (values.get(name) or (GENERIC_PLACES.get(name, ""),))[:1]
                 for name in _PLACEHOLDER.findall(template)}
        labels[actor_id] = fill(template, known)[0]
    return labels
