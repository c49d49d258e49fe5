"""Where a workspace's data and exports live, and how a new one is made."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

ENV_VARIABLE = "MONITOR_WORKSPACE"


def _repository_root() -> Path | None:
    # An editable install runs from src/monitor/ inside the repository.
    candidate = Path(__file__).resolve().parents[2]
    if (candidate / "data" / "raw").is_dir() and (candidate / "pyproject.toml").is_file():
        return candidate
    return None


@dataclass(frozen=True)
class Workspace:
    root: Path

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def raw(self) -> Path:
        return self.data / "raw"

    @property
    def reference(self) -> Path:
        return self.data / "reference"

    @property
    def curated(self) -> Path:
        return self.data / "curated"

    @property
    def generated(self) -> Path:
        return self.data / "generated"

    @property
    def exports(self) -> Path:
        return self.root / "exports"

    def check(self) -> "Workspace":
        if not self.root.is_dir():
            raise InputError(f"{self.root}: workspace folder does not exist (create one with 'monitor init')")
        if not self.data.is_dir():
            raise InputError(f"{self.root}: not a workspace (no data/ folder; create one with 'monitor init')")
        return self

    @classmethod
    def locate(cls, explicit: str | os.PathLike | None = None) -> "Workspace":
        """The workspace named by --workspace, else $MONITOR_WORKSPACE, else the repository's."""
        chosen = explicit or os.environ.get(ENV_VARIABLE)
        if chosen:
            return cls(Path(chosen).expanduser().resolve())
        root = _repository_root()
        return cls(root if root else Path.cwd().resolve())


_README_REFERENCE = """\
# Reference data of this workspace

Vocabularies ship with the `monitor` package (`src/monitor/vocabularies/`). A CSV here
with the same name (`actors.csv`, `themes.csv`, `event_types.csv`, `verbs.csv`,
`openers.csv`, `modifiers.csv`, `kinds.csv`, `bodies.csv`, `hrc-sessions.csv`) adds rows
to the package's table or replaces rows with the same key. Same columns as the package's
file, plus an optional `remove` column: a row with `remove` = `yes` (only the key filled
in) deletes the package's row with that key. Any other column is refused.

The package's actors know no country: their names and aliases say `{country}`,
`{demonym}`, `{of_country_fr}` ..., filled in from each resolution's title and text
("Government of {country}" -> "Government of Haiti"). Bodies of one country only (a
peace operation's acronym, a national commission) belong here.
"""

_README_EXPORTS = """\
# Exports

Deliverables written by `monitor build`, one folder per as-of date (`exports/<YYYY-MM-DD>/`).
Generated: everything here but this README is ignored by git and can be deleted at any time.
"""


def init_workspace(target: Path, title_en: str = "", title_fr: str = "", short_name: str = "") -> Workspace:
    """Create an empty workspace with the standard layout and workspace.yml; refuse to overwrite one."""
    from .config import CONFIG_FILE, initial_config
    from .curated_files import write_curated_files
    from .files import write_atomic

    target = Path(target).expanduser().resolve()
    if target.exists() and not target.is_dir():
        raise InputError(f"{target}: exists and is not a folder")
    for existing in ("data", CONFIG_FILE):
        if (target / existing).exists():
            raise InputError(f"{target}: already holds a workspace ({existing} exists)")
    config = initial_config(title_en, title_fr, short_name)  # a bad short name is refused before anything is made
    workspace = Workspace(target)
    for folder in (workspace.raw, workspace.reference, workspace.curated, workspace.exports):
        folder.mkdir(parents=True, exist_ok=True)
    write_atomic(workspace.reference / "README.md", _README_REFERENCE)
    write_atomic(workspace.exports / "README.md", _README_EXPORTS)
    write_curated_files(workspace.curated, workspace.reference)
    write_atomic(target / CONFIG_FILE, config)
    write_atomic(target / ".gitignore", "/data/generated/\n/exports/*\n!/exports/README.md\n")
    return workspace
