"""Words on the figures in English and French: vocabulary labels, plus the small label table beside this file."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ..vocab import load_vocabulary

LANGUAGES = ("en", "fr")
LABELS_FILE = Path(__file__).with_name("labels.csv")

# Which column of a vocabulary holds its id and its label, per language.
_VOCABULARY_COLUMNS = {
    "statuses": ("status_id", "label"),
    "themes": ("theme_id", "label"),
    "kinds": ("kind_id", "label"),
    "event_types": ("event_type", "label"),
    "confidence": ("confidence_id", "label"),
    "actors": ("actor_id", "name"),
}


def check_language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"language {lang!r} is not one of {', '.join(LANGUAGES)}")
    return lang


@lru_cache(maxsize=1)
def _table() -> dict[str, dict[str, str]]:
    frame = pd.read_csv(LABELS_FILE, dtype=str, keep_default_na=False, encoding="utf-8")
    return {row["key"]: {lang: row[lang] for lang in LANGUAGES} for row in frame.to_dict("records")}


def text(key: str, lang: str, **values) -> str:
    """The label `key` in `lang`, with {placeholders} filled in."""
    return _table()[key][check_language(lang)].format(**values)


def vocabulary_labels(name: str, lang: str, reference: Path | None = None) -> dict[str, str]:
    """id -> label in `lang`, in the vocabulary's order."""
    id_column, prefix = _VOCABULARY_COLUMNS[name]
    frame = load_vocabulary(name, reference)
    if "order" in frame.columns:
        frame = frame.assign(_order=frame["order"].astype(int)).sort_values("_order", kind="stable")
    return dict(zip(frame[id_column], frame[f"{prefix}_{check_language(lang)}"]))


def number(value, lang: str) -> str:
    """19800 -> '19,800' (en) or '19 800' (fr, narrow no-break space)."""
    try:
        amount = float(value)
    except (TypeError, ValueError):
        return str(value)
    shown = f"{amount:,.0f}" if amount == int(amount) else f"{amount:,.1f}"
    if check_language(lang) == "fr":
        shown = shown.replace(",", "\u202f").replace(".", ",")
    return shown


def month_year(day: dt.date | str, lang: str) -> str:
    day = dt.date.fromisoformat(str(day)[:10])
    return f"{text(f'month_{day.month}', lang)} {day.year}"


def separators(lang: str) -> str:
    """plotly's layout.separators: decimal mark then thousands separator."""
    return ", " if check_language(lang) == "fr" else ".,"
