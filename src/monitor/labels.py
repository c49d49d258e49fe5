"""Every word the deliverables show, in English and French: one table (vocabularies/labels.csv) and the vocabularies.

Keys are plain for the dashboard's words and prefixed for the workbook's: `sheet:<key>` (sheet names),
`header:<key>` (column headers), `book:<key>` (its fixed texts), `deadline:<state>` (deadline states),
`assessor:<id>` (whose judgment an assessment is).
Statuses, kinds, themes, actors, confidence, event types, changes and SDG targets take their labels from
their own vocabularies.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pandas as pd

from .vocab import load_vocabulary

LANGUAGES = ("en", "fr")

# Which column of a vocabulary holds its id and which its label, per language.
_VOCABULARY_COLUMNS = {
    "statuses": ("status_id", "label"),
    "themes": ("theme_id", "label"),
    "kinds": ("kind_id", "label"),
    "event_types": ("event_type", "label"),
    "confidence": ("confidence_id", "label"),
    "sensitivity": ("sensitivity_id", "label"),
    "actors": ("actor_id", "name"),
    "changes": ("change_id", "label"),
}


def check_language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"language {lang!r} is not one of {', '.join(LANGUAGES)}")
    return lang


@lru_cache(maxsize=1)
def _table() -> dict[str, dict[str, str]]:
    path = Path(str(resources.files("monitor") / "vocabularies" / "labels.csv"))
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    return {row["key"]: {lang: row[lang] for lang in LANGUAGES} for row in frame.to_dict("records")}


def text(key: str, lang: str, **values) -> str:
    """The label `key` in `lang`, with {placeholders} filled in."""
    entry = _table()[key][check_language(lang)]
    return entry.format(**values) if values else entry


def has(key: str) -> bool:
    return key in _table()


def sheet_name(key: str, lang: str) -> str:
    return text(f"sheet:{key}", lang)


def header(key: str, lang: str) -> str:
    return text(f"header:{key}", lang)


def book_text(key: str, lang: str) -> str:
    return text(f"book:{key}", lang)


def deadline_state(key: str, lang: str) -> str:
    return text(f"deadline:{key}", lang) if has(f"deadline:{key}") else key


def assessor_labels(lang: str) -> dict[str, str]:
    """assessor id -> its label in `lang`, in the table's order."""
    return {key: text(f"assessor:{key}", lang) for key in keys_with("assessor:")}


def keys_with(prefix: str) -> list[str]:
    """The keys after a prefix ('header:' -> every column key with a header), in the table's order."""
    return [k[len(prefix):] for k in _table() if k.startswith(prefix)]


def header_names(key: str) -> tuple[str, ...]:
    """A column's header in every language."""
    return tuple(_table()[f"header:{key}"][lang] for lang in LANGUAGES)


def vocabulary_labels(name: str, lang: str, reference: Path | None = None) -> dict[str, str]:
    """id -> label in `lang`, in the vocabulary's order."""
    id_column, prefix = _VOCABULARY_COLUMNS[name]
    frame = load_vocabulary(name, reference)
    if "order" in frame.columns:
        frame = frame.assign(_order=frame["order"].astype(int)).sort_values("_order", kind="stable")
    return dict(zip(frame[id_column], frame[f"{prefix}_{check_language(lang)}"]))


def sdg_target_labels(lang: str, reference: Path | None = None, marked: bool = True) -> dict[str, str]:
    """SDG target code -> "16.3 Rule of law and equal access to justice", with "(unverified)" after a label written
    for the package rather than taken from the UN's wording unless marked is False; in the vocabulary's order."""
    frame = load_vocabulary("sdg_targets", reference)
    marker = f" ({text('unverified', lang)})" if marked else ""
    return {code: f"{code} {label}" + ("" if code not in unverified_sdg_targets(reference) else marker)
            for code, label in zip(frame["target"], frame[f"label_{check_language(lang)}"])}


def unverified_sdg_targets(reference: Path | None = None) -> set[str]:
    """The SDG targets whose labels were written for the package (verified=false), not the UN's own."""
    frame = load_vocabulary("sdg_targets", reference)
    return {code for code, verified in zip(frame["target"], frame["verified"])
            if str(verified).strip().lower() not in ("true", "yes", "1")}


def change(key: str, lang: str) -> str:
    return vocabulary_labels("changes", lang).get(key, key)


def change_fills() -> dict[str, str]:
    """change id -> colour (Okabe-Ito, readable by colour-blind readers), in the vocabulary's order."""
    frame = load_vocabulary("changes").assign(_order=lambda f: f["order"].astype(int)).sort_values("_order")
    return dict(zip(frame["change_id"], frame["colour"]))


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


def long_date(day: dt.date | str, lang: str) -> str:
    """2025-12-31 -> '31 December 2025' (en) or '31 décembre 2025' (fr); '1er' for the first in French."""
    day = dt.date.fromisoformat(str(day)[:10])
    first = "1er" if lang == "fr" and day.day == 1 else str(day.day)
    return f"{first} {text(f'month_{day.month}', lang)} {day.year}"


def separators(lang: str) -> str:
    """plotly's layout.separators: decimal mark then thousands separator."""
    return ", " if check_language(lang) == "fr" else ".,"
