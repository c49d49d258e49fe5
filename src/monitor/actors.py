"""Finding actors (addressees) in text through the actor vocabulary and its aliases."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .schemas import split_list
from .vocab import load_vocabulary

OWN_BODY_ACTOR = {"HRC": "hrc", "GA": "general_assembly", "SC": "security_council"}


@dataclass(frozen=True)
class Mention:
    actor_id: str
    text: str
    start: int
    end: int


class ActorFinder:
    def __init__(self, reference_dir: Path | None = None):
        table = load_vocabulary("actors", reference_dir)
        self.names = dict(zip(table["actor_id"], table["name_en"]))
        alias_to_actor: dict[str, str] = {}
        for actor_id, aliases in zip(table["actor_id"], table["aliases"]):
            for alias in split_list(aliases):
                alias_to_actor.setdefault(alias.lower(), actor_id)
        self._alias_to_actor = alias_to_actor
        ordered = sorted(alias_to_actor, key=len, reverse=True)
        self._pattern = re.compile(
            r"(?<![\w-])(?:" + "|".join(re.escape(a).replace(r"\ ", r"\s+") for a in ordered) + r")(?![\w-])",
            re.IGNORECASE,
        )

    def find(self, text: str) -> list[Mention]:
        return [
            Mention(self._alias_to_actor[re.sub(r"\s+", " ", m.group(0)).lower()], m.group(0), m.start(), m.end())
            for m in self._pattern.finditer(text)
        ]

    def ids(self) -> set[str]:
        return set(self.names)


@lru_cache(maxsize=4)
def actor_finder(reference_dir: str | None = None) -> ActorFinder:
    return ActorFinder(Path(reference_dir) if reference_dir else None)
