"""Vocabularies (openers, verbs, actors, themes, kinds, bodies, sessions, sensitivity): data files loaded once."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pandas as pd

from .errors import InputError
from .problems import Problem, errors_only
from .schemas import Column, Schema

VOCABULARY_SCHEMAS: dict[str, Schema] = {
    "openers": Schema(
        "openers",
        (
            Column("phrase"),
            Column("lang", choices=("en", "fr")),
            Column("part", choices=("preambular", "operative")),
            Column("lemma"),
        ),
        key=("phrase", "lang", "part"),
        description="Opening phrases of paragraphs, without modifiers",
    ),
    "modifiers": Schema(
        "modifiers",
        (Column("phrase"), Column("lang", choices=("en", "fr")), Column("position", choices=("before", "after"))),
        key=("phrase", "lang", "position"),
        description="Adverbs that qualify an opener without changing it",
    ),
    "verbs": Schema(
        "verbs",
        (
            Column("phrase"),
            Column("lang", choices=("en", "fr")),
            Column("lemma"),
            Column("strength", "int", choices=("1", "2", "3", "4", "5")),
            Column("note", required=False),
        ),
        key=("phrase", "lang"),
        description="Operative verbs and their place on the strength scale",
    ),
    "actors": Schema(
        "actors",
        (
            Column("actor_id", pattern=r"[a-z0-9_]+"),
            Column("name_en"),
            Column("name_fr"),
            Column("type"),
            Column("aliases", "list"),
        ),
        key=("actor_id",),
        description="Addressees and actors with their aliases",
    ),
    "themes": Schema(
        "themes",
        (
            Column("theme_id", pattern=r"[a-z0-9_]+"),
            Column("order", "int"),
            Column("label_en"),
            Column("label_fr"),
            Column("keywords", "list"),
            Column("description"),
            # the universal SDG targets a theme serves (vocabularies/sdg_targets.csv): a workspace's mapping
            Column("sdg_targets", "list", required=False, choices="sdg_targets",
                   description="SDG target codes the theme serves, separated by |"),
        ),
        key=("theme_id",),
    ),
    "sdg_targets": Schema(
        "sdg_targets",
        (
            Column("target", pattern=r"\d{1,2}\.(?:\d{1,2}|[a-z])", description="the target's code, e.g. 16.3 or 16.a"),
            Column("goal", "int", pattern=r"\d{1,2}"),
            Column("label_en"),
            Column("label_fr"),
            Column("verified", "bool",
                   description="false: a label written for this package, not the UN's wording (shown as unverified)"),
        ),
        key=("target",),
        description="Sustainable Development Goal targets, with short labels",
    ),
    "kinds": Schema(
        "kinds",
        (
            Column("kind_id", pattern=r"[a-z_]+"),
            Column("order", "int"),
            Column("label_en"),
            Column("label_fr"),
            Column("description"),
        ),
        key=("kind_id",),
    ),
    "bodies": Schema(
        "bodies",
        (
            Column("body_id"),
            Column("name_en"),
            Column("name_fr"),
            Column("formula_en"),
            Column("formula_fr"),
            Column("resolution_symbol"),
            Column("symbol_prefix"),
        ),
        key=("body_id",),
    ),
    "statuses": Schema(
        "statuses",
        (
            Column("status_id", pattern=r"[a-z_]+"),
            Column("order", "int"),
            Column("label_en"),
            Column("label_fr"),
            Column("colour", pattern=r"#[0-9a-fA-F]{6}"),
            Column("pattern", required=False),
            Column("needs_evidence", "bool"),
            Column("meaning"),
            Column("meaning_fr", required=False),
        ),
        key=("status_id",),
        description="Implementation statuses: labels, colours, order and whether evidence is required",
    ),
    "confidence": Schema(
        "confidence",
        (Column("confidence_id"), Column("rank", "int"), Column("label_en"), Column("label_fr"), Column("meaning")),
        key=("confidence_id",),
    ),
    "sensitivity": Schema(
        "sensitivity",
        (Column("sensitivity_id", pattern=r"[a-z_]+"), Column("order", "int"), Column("label_en"), Column("label_fr"),
         Column("meaning")),
        key=("sensitivity_id",),
        description="Who may see a row: public rows alone go into a public build",
    ),
    "event_types": Schema(
        "event_types",
        (Column("event_type", pattern=r"[a-z_]+"), Column("label_en"), Column("label_fr"), Column("meaning")),
        key=("event_type",),
    ),
    "changes": Schema(
        "changes",
        (Column("change_id", pattern=r"[a-z_]+"), Column("order", "int"), Column("label_en"), Column("label_fr"),
         Column("colour", pattern=r"#[0-9a-fA-F]{6}"), Column("pattern", required=False), Column("meaning")),
        key=("change_id",),
        description="What became of a paragraph from one resolution of a series to the next",
    ),
    "hxl_tags": Schema(
        "hxl_tags",
        (Column("table"), Column("column"), Column("hashtag", pattern=r"#[a-z][a-z0-9_]*(?:\s*\+[a-z][a-z0-9_]*)*"),
         Column("note", required=False)),
        key=("table", "column"),
        description="The HXL hashtag and attributes of each column of the HXL-tagged exports",
    ),
    "hrc-sessions": Schema(
        "hrc-sessions",
        (
            Column("session", "int"),
            Column("period"),
            Column("year", "int"),
            Column("opens_on", "date", required=False),
            Column("last_adoption_day", "date", required=False),
            Column("source", required=False),
            Column("confidence", choices=("primary", "mirror", "secondary", "unverified")),
            Column("note", required=False),
        ),
        key=("session",),
    ),
}


# An override file's optional column: a row with remove=yes deletes the package row with its key.
REMOVE_COLUMN = "remove"


def _read_csv(path: Path) -> pd.DataFrame:
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
        raise InputError(f"{path}: not a readable CSV file ({exc})") from None


def _package_file(name: str) -> Path:
    return Path(str(resources.files("monitor") / "vocabularies" / f"{name}.csv"))


def _keys(frame: pd.DataFrame, key: list[str]) -> pd.Series:
    return frame[key].astype(str).agg("|".join, axis=1) if len(frame) else pd.Series([], dtype=str)


def _with_package_columns(override: pd.DataFrame, frame: pd.DataFrame, schema: Schema) -> pd.DataFrame:
    """An override file without an optional column (one written before the column existed) keeps the package's
    values in it for the rows it replaces, and leaves it empty for its own new rows."""
    key = list(schema.key)
    missing = [c.name for c in schema.columns if not c.required and c.name not in override.columns
               and c.name in frame.columns]
    if not missing or not all(k in override.columns for k in key):
        return override
    override = override.copy()
    package = dict(zip(_keys(frame, key), frame[missing].to_dict("records")))
    for name in missing:
        override[name] = [package.get(k, {}).get(name, "") for k in _keys(override, key)]
    return override


def _merge(frame: pd.DataFrame, override: pd.DataFrame, schema: Schema, path: str,
           vocabularies: dict[str, set[str]] | None = None) -> tuple[pd.DataFrame, list[Problem]]:
    """The package's rows with a workspace's rows added or put in place by key, and those marked remove=yes deleted."""
    key = list(schema.key)
    flags = override.pop(REMOVE_COLUMN) if REMOVE_COLUMN in override.columns else pd.Series("", index=override.index)
    flags = flags.str.strip().str.lower().tolist()
    override = _with_package_columns(override, frame, schema)
    keeping = [flag == "" for flag in flags]  # a bad flag is reported alone, not as a row with empty cells
    kept = override[keeping]
    file_rows = [offset + 2 for offset, keep in enumerate(keeping) if keep]  # the header is row 1
    problems = [_in_file_rows(p, file_rows) for p in schema.check(kept, path, vocabularies)]
    package_keys = set(_keys(frame, key))
    kept_keys = set(_keys(kept, key)) if all(k in kept.columns for k in key) else set()
    removed = set()
    for offset, (flag, row) in enumerate(zip(flags, override.to_dict("records"))):
        where = f"row {offset + 2}"
        if flag not in ("", "yes"):
            problems.append(Problem("error", path, where, REMOVE_COLUMN, f"'yes' or empty, not {flag!r}"))
        if flag != "yes":
            continue
        value = "|".join(str(row.get(k, "")).strip() for k in key)
        if value not in package_keys:
            problems.append(Problem("error", path, where, ",".join(key),
                                    f"remove=yes but the package has no row with the key {value!r}"))
        elif value in kept_keys:
            problems.append(Problem("error", path, where, ",".join(key), f"{value!r} is both removed and given"))
        removed.add(value)
    if errors_only(problems):
        return frame, problems
    frame = pd.concat([frame[~_keys(frame, key).isin(removed)], kept], ignore_index=True)
    return frame.drop_duplicates(subset=key, keep="last").reset_index(drop=True), problems


def _in_file_rows(problem: Problem, file_rows: list[int]) -> Problem:
    """A problem found among the rows kept, located by its row in the file."""
    found = re.fullmatch(r"row (\d+)", problem.location)
    return replace(problem, location=f"row {file_rows[int(found.group(1)) - 2]}") if found else problem


@lru_cache(maxsize=64)
def _load(name: str, reference_dir: str | None, stamp: tuple) -> pd.DataFrame:
    schema = VOCABULARY_SCHEMAS[name]
    base_path = _package_file(name)
    frame = _read_csv(base_path)
    vocabularies = _referred(name, reference_dir)
    problems = schema.check(frame, str(base_path), vocabularies)
    if reference_dir is not None:
        override_path = Path(reference_dir) / f"{name}.csv"
        if override_path.is_file() and not errors_only(problems):
            frame, found = _merge(frame, _read_csv(override_path), schema, str(override_path), vocabularies)
            problems += found
    errors = errors_only(problems)
    if errors:
        raise InputError(f"vocabulary '{name}': {errors[0]}" + (
            f" (and {len(errors) - 1} more problems)" if len(errors) > 1 else ""))
    return frame


# The vocabularies another vocabulary's columns refer to: a theme's sdg_targets are SDG target codes.
_REFERS_TO = {"themes": ("sdg_targets",)}


def _referred(name: str, reference_dir: str | None) -> dict[str, set[str]]:
    """The values of the vocabularies `name` refers to, for its Schema.check (a row naming an unknown one is refused)."""
    return {other: set(load_vocabulary(other, Path(reference_dir) if reference_dir else None)[_VALUE_COLUMNS[other]])
            for other in _REFERS_TO.get(name, ())}


def load_vocabulary(name: str, reference_dir: Path | None = None) -> pd.DataFrame:
    """A vocabulary table: the package's defaults merged with a workspace's data/reference/."""
    if name not in VOCABULARY_SCHEMAS:
        raise KeyError(f"unknown vocabulary {name!r}")
    stamp: tuple = ()
    if reference_dir is not None:
        # the files of the vocabularies it refers to count too: an edited sdg_targets.csv rechecks the themes
        for each in (name, *_REFERS_TO.get(name, ())):
            override = Path(reference_dir) / f"{each}.csv"
            stamp += (override.stat().st_mtime if override.is_file() else None,)
    frame = _load(name, str(reference_dir) if reference_dir else None, stamp)
    return frame.copy()


# The key column of each vocabulary whose values other tables' columns refer to (Column.choices).
_VALUE_COLUMNS = {"kinds": "kind_id", "actors": "actor_id", "themes": "theme_id", "confidence": "confidence_id",
                  "sensitivity": "sensitivity_id", "event_types": "event_type", "statuses": "status_id",
                  "sdg_targets": "target"}


def vocabulary_values(reference_dir: Path | None = None) -> dict[str, set[str]]:
    """The allowed values of every vocabulary a schema names, for Schema.check."""
    return {name: set(load_vocabulary(name, reference_dir)[column]) for name, column in _VALUE_COLUMNS.items()}
