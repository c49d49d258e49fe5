"""The curated files a new workspace starts with: header rows, and a README generated from their schemas."""

from __future__ import annotations

from pathlib import Path

from .assessments import ASSESSMENT_SCHEMA, ASSESSMENTS_FILE
from .chain import ANCHOR_SCHEMA, ANCHORS_FILE
from .curation import ANNOTATIONS_FILE, ANNOTATIONS_SCHEMA
from .events import EVENT_SCHEMA, EVENTS_FILE
from .files import write_atomic
from .indicators import INDICATOR_SCHEMA, INDICATORS_FILE
from .observations import OBSERVATION_SCHEMA, OBSERVATIONS_FILE
from .rules import RULE_SCHEMA, RULES_FILE
from .schemas import Column, Schema
from .vocab import VOCABULARY_SCHEMAS, load_vocabulary

README_FILE = "README.md"

# file, schema, how it changes
CURATED_FILES: tuple[tuple[str, Schema, str], ...] = (
    (ANNOTATIONS_FILE, ANNOTATIONS_SCHEMA, "edited by hand"),
    (INDICATORS_FILE, INDICATOR_SCHEMA, "`monitor add-indicator`, or edited by hand"),
    (OBSERVATIONS_FILE, OBSERVATION_SCHEMA, "append-only: `monitor record`, `monitor import-observations`"),
    (EVENTS_FILE, EVENT_SCHEMA, "append-only: `monitor record-event`"),
    (ASSESSMENTS_FILE, ASSESSMENT_SCHEMA, "append-only: `monitor assess`, `monitor import-workbook`"),
    (RULES_FILE, RULE_SCHEMA, "`monitor add-rule` adds a commitment's rule; to change one, edit its row by hand"),
    (ANCHORS_FILE, ANCHOR_SCHEMA, "append-only: `monitor reanchor` accepts a ledger edited by hand, with why and who"),
)

_INTRO = """\
# Curated data: human judgement, committed, validated on every run

Written by `monitor init` from the tables' schemas. `monitor validate` checks every file
and lists every problem with file, row, column and reason. Lists inside a cell are
separated by `|`; dates are `YYYY-MM-DD`. The append-only ledgers are never edited: a
correction is a new row.
"""


def _allowed(column: Column, reference_dir: Path | None) -> str:
    if column.choices is None:
        return ""
    if isinstance(column.choices, tuple):
        values = column.choices
    else:  # a vocabulary: its values as the workspace sees them, in the vocabulary's order
        key = VOCABULARY_SCHEMAS[column.choices].key[0]
        values = tuple(load_vocabulary(column.choices, reference_dir)[key])
    return ", ".join(f"`{v}`" for v in values)


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def schema_section(name: str, schema: Schema, changes: str, reference_dir: Path | None = None) -> str:
    """One file's section: what it holds, how it changes, its key, and a table of its columns."""
    lines = [f"## `{name}`", "", f"{schema.description}.", "", f"How it changes: {changes}."]
    if schema.key:
        lines += ["", f"One row per {', '.join(f'`{k}`' for k in schema.key)}."]
    lines += ["", "| column | type | required | allowed values | meaning |", "|---|---|---|---|---|"]
    for column in schema.columns:
        lines.append(f"| `{column.name}` | {column.type} | {'yes' if column.required else 'no'} | "
                     f"{_cell(_allowed(column, reference_dir))} | {_cell(column.description)} |")
    return "\n".join(lines) + "\n"


def curated_readme(reference_dir: Path | None = None) -> str:
    """data/curated/README.md for a new workspace, every column of every curated file described."""
    return "\n".join([_INTRO, *(schema_section(n, s, c, reference_dir) for n, s, c in CURATED_FILES)])


def write_curated_files(curated_dir: Path, reference_dir: Path | None = None) -> list[Path]:
    """Every curated file with its header row, and the README; returns the paths written."""
    curated_dir = Path(curated_dir)
    written = []
    for name, schema, _ in CURATED_FILES:
        write_atomic(curated_dir / name, ",".join(schema.column_names) + "\n")
        written.append(curated_dir / name)
    write_atomic(curated_dir / README_FILE, curated_readme(reference_dir))
    return written + [curated_dir / README_FILE]
