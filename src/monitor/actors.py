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
        # each alias's longest word: an alias whose word is not in a text cannot match there, so a text is
        # searched with only the aliases it can hold (one alternation of hundreds was most of a parse)
        self._words = [max(re.findall(r"\w+", alias.lower()), key=len, default="") for alias, _ in ordered]
        self._patterns: dict[tuple[int, ...], tuple[re.Pattern, list[str]]] = {}

    def _pattern_for(self, text: str) -> tuple[re.Pattern, list[str]]:
        lowered = text.lower()
        chosen = tuple(i for i, w in enumerate(self._words) if w in lowered)
        if chosen not in self._patterns:
            aliases = [self._ordered[i] for i in chosen]
            pattern = re.compile(
                r"(?<![\w-])(?:" + "|".join(f"({_alias_pattern(alias)})" for alias, _ in aliases) + r")(?![\w-])",
                re.IGNORECASE,
            ) if aliases else None
            self._patterns[chosen] = (pattern, [actor_id for _, actor_id in aliases])
        return self._patterns[chosen]

    def find(self, text: str) -> list[Mention]:
        pattern, actors = self._pattern_for(text)
        if pattern is None:
            return []
        return [Mention(actors[m.lastindex - 1], m.group(0), m.start(), m.end()) for m in pattern.finditer(text)]

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
