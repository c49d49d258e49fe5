"""Tables for people: the codes of a table (statuses, kinds, deadline states, actors, themes) as their labels."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import labels as L
from .actors import actor_labels
from .schemas import split_list

_VOCABULARY_COLUMNS = {"status": "statuses", "current_status": "statuses", "paragraph_status": "statuses", "kind": "kinds", "themes": "themes",
                       "confidence": "confidence", "latest_confidence": "confidence", "type": "event_types",
                       "change": "changes"}
_ACTOR_COLUMNS = ("addressee", "addressees", "actors_mentioned")


def readable(frame: pd.DataFrame, lang: str = "en", reference: Path | None = None, country_of=None) -> pd.DataFrame:
    """The frame with each code column shown by its label; country_of(resolution_id) binds actors to a country.

    A value with no label (an event type column that holds something else, an unknown code) stays as it is.
    """
    shown = frame.copy()
    for column, vocabulary in _VOCABULARY_COLUMNS.items():
        if column in shown.columns:
            names = L.vocabulary_labels(vocabulary, lang, reference)
            shown[column] = [_mapped(v, names) for v in shown[column]]
    if "deadline_state" in shown.columns:
        shown["deadline_state"] = [L.deadline_state(v, lang) if isinstance(v, str) else v
                                   for v in shown["deadline_state"]]
    actors = [c for c in _ACTOR_COLUMNS if c in shown.columns]
    if actors:
        cache: dict = {}
        resolutions = shown["resolution_id"] if "resolution_id" in shown.columns else [None] * len(shown)
        for column in actors:
            values = []
            for value, resolution_id in zip(shown[column], resolutions):
                country = country_of(resolution_id) if country_of and resolution_id else None
                if country not in cache:
                    cache[country] = actor_labels(lang, reference, country)
                values.append(_mapped(value, cache[country]))
            shown[column] = values
    return shown


def _mapped(value, names: dict[str, str]):
    if isinstance(value, (list, tuple)):
        return [names.get(str(v), v) for v in value]
    if isinstance(value, str) and "|" in value and all(v in names for v in split_list(value)):
        return [names[v] for v in split_list(value)]
    if isinstance(value, str):
        return names.get(value, value)
    return value
