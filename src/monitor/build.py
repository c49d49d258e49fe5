"""`monitor build`: datasets into data/generated/, deliverables into exports/<as-of>/."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .files import staged_folder, write_atomic
from .output import to_csv, to_json
from .pipeline import WorkspaceData, load_workspace
from .provenance import stamp
from .sensitivity import public_manifest, public_only
from .snapshot import in_force
from .workspace import Workspace


@dataclass
class BuildResult:
    generated: list[Path]
    exported: list[Path]
    data: WorkspaceData
    notes: list[str]


def _quiet(step: str) -> None:
    pass


def asks_export(data: WorkspaceData, as_of: dt.date):
    """The asks with their status on as_of beside their paragraph's: the asks-<as-of>.csv export."""
    status = data.ask_status(as_of)
    keep = ["ask_id", "rule", "rule_from", "own", "status", "reason", "evidence", "evidence_date", "deadline_state",
            "paragraph_status", "as_of"]
    return data.asks.merge(status[keep], on="ask_id", how="left")


def export_folder(workspace: Workspace, as_of: dt.date, out: Path | None) -> Path:
    """Where the deliverables go: exports/<as-of>/ or --out, never inside data/ and never over a folder of other files."""
    folder = Path(out) if out else workspace.exports / as_of.isoformat()
    data = workspace.data.resolve()
    target = folder.resolve()
    if target == data or data in target.parents:
        raise InputError(f"--out {folder}: inside the workspace's data/ folder, which holds inputs only; "
                         "give a folder outside data/ (the default is exports/<as-of>/)")
    # the build replaces the folder whole, so it must be a previous build or empty
    if target.is_dir() and any(target.iterdir()) and not (target / "manifest.json").is_file():
        raise InputError(f"--out {folder}: a folder of other files (no manifest.json of a previous build); "
                         "a build replaces its folder whole: give a new or empty folder")
    if target.exists() and not target.is_dir():
        raise InputError(f"--out {folder}: is a file, not a folder")
    return folder


def build(workspace: Workspace, as_of: dt.date, out: Path | None = None, lang: str = "en",
          images: bool = True, progress=_quiet, public: bool = False) -> BuildResult:
    """Load inputs, compute every table, then write: nothing is written if any input is bad.

    progress(step) is told each step as it starts (the CLI shows them on a terminal). A public build
    reads only the ledgers' public rows, writes its deliverables to exports/<as-of>-public/ by default
    and leaves data/generated/ (the workspace's own datasets, every row in) as it was.
    """
    from .dashboards import dashboard_figures, find_browser, render_dashboard, write_images
    from .reports.excel import render_workbook, workbook_content

    if public and not out:  # beside the full build's folder, never mixed with it
        out = workspace.exports / f"{as_of.isoformat()}-public"
    export_dir = export_folder(workspace, as_of, out)
    progress("reading the resolutions and the curated data")
    whole = load_workspace(workspace)
    if public:
        # before the snapshot, so that every status, figure and export is computed from public rows alone
        whole = public_only(whole)
    # the deliverables show the snapshot as of the date: resolutions adopted later are in none of them
    data = in_force(whole, as_of)
    inputs = [
        {"symbol": s.symbol, "file": str(s.file.relative_to(workspace.root)), "sha256": s.sha256}
        for s in data.sources
    ]
    manifest = stamp(workspace.root, as_of, inputs)
    manifest["counts"] = {
        "resolutions": len(data.resolutions),
        "paragraphs": int(len(data.paragraphs)),
        "commitments": int(len(data.commitments)),
        "warnings": len(data.problems),
    }
    # the chain heads: a later edit, deletion or recomputation of a ledger no longer matches the head a
    # committed or shared manifest holds (the ledgers' own digests catch edits of one row)
    from .curated_files import CURATED_FILES
    from .ledger import ledger_heads

    manifest["ledgers"] = ledger_heads(workspace.curated, CURATED_FILES)
    if public:
        manifest.update(public_manifest(data.left_out))
    # Everything is rendered before the first write, so a failure leaves old outputs whole.
    from .indicators import latest_values

    progress(f"computing the status of {len(data.commitments)} commitments as of {as_of.isoformat()}")
    status = data.status(as_of)
    indicators = latest_values(data.curated.indicators, data.curated.observations, as_of)
    # the workspace's datasets (data/generated) hold every resolution; the status is the snapshot's
    tables = {
        "status": status,
        "indicators": indicators,
        "resolutions": whole.metadata,
        "paragraphs": whole.paragraphs,
        "references": whole.references,
        "commitments": whole.commitments,
        "asks": whole.asks,
        "issues": whole.issues(),
    }
    generated_files = {}
    for name, frame in tables.items():
        generated_files[f"{name}.csv"] = to_csv(frame)
        generated_files[f"{name}.json"] = to_json(frame)
    generated_files["manifest.json"] = json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
    export_files = {
        f"commitments-{as_of.isoformat()}.csv": to_csv(data.commitments, for_spreadsheets=True),
        f"status-{as_of.isoformat()}.csv": to_csv(status, for_spreadsheets=True),
        f"asks-{as_of.isoformat()}.csv": to_csv(asks_export(data, as_of), for_spreadsheets=True),
        f"indicators-{as_of.isoformat()}.csv": to_csv(indicators, for_spreadsheets=True),
        f"issues-{as_of.isoformat()}.csv": to_csv(data.issues(), for_spreadsheets=True),
        "manifest.json": generated_files["manifest.json"],
    }
    progress("laying out the workbook")
    workbook = workbook_content(data, as_of, lang)
    progress("drawing the dashboard's figures")
    figures = dashboard_figures(data, as_of, lang)
    export_files[f"dashboard-{as_of.isoformat()}.html"] = render_dashboard(data, as_of, lang, figures=figures)
    progress("writing the datasets and deliverables")
    generated, exported = [], []
    for name, content in ({} if public else generated_files).items():
        path = workspace.generated / name
        write_atomic(path, content)
        generated.append(path)
    notes = []
    # the deliverables are written into a hidden sibling renamed whole: a killed build leaves the old folder
    with staged_folder(export_dir) as staging:
        for name, content in export_files.items():
            path = staging / name
            write_atomic(path, content)
            exported.append(path)
        exported.append(render_workbook(workbook, staging / f"{data.short_name}-{as_of.isoformat()}.xlsx"))
        if images and find_browser():
            progress(f"drawing {len(figures)} static images with Chromium")
            exported += write_images(figures, staging / "figures", fmt="png")
        elif images:
            notes.append("static figure images need Chromium (Debian: apt-get install chromium); the HTML dashboard has them all")
    exported = [export_dir / path.relative_to(staging) for path in exported]
    return BuildResult(generated, exported, data, notes)
