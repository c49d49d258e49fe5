"""`monitor build`: datasets into data/generated/, deliverables into exports/<as-of>/."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from .files import write_atomic
from .output import to_csv, to_json
from .pipeline import WorkspaceData, load_workspace
from .provenance import stamp
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


def build(workspace: Workspace, as_of: dt.date, out: Path | None = None, lang: str = "en",
          images: bool = True, progress=_quiet) -> BuildResult:
    """Load inputs, compute every table, then write: nothing is written if any input is bad.

    progress(step) is told each step as it starts (the CLI shows them on a terminal).
    """
    from .dashboards import dashboard_figures, find_browser, render_dashboard, write_images
    from .reports.excel import render_workbook, workbook_content

    progress("reading the resolutions and the curated data")
    whole = load_workspace(workspace)
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
    export_dir = Path(out) if out else workspace.exports / as_of.isoformat()
    export_files = {
        f"commitments-{as_of.isoformat()}.csv": to_csv(data.commitments),
        f"status-{as_of.isoformat()}.csv": to_csv(status),
        f"asks-{as_of.isoformat()}.csv": to_csv(asks_export(data, as_of)),
        f"indicators-{as_of.isoformat()}.csv": to_csv(indicators),
        f"issues-{as_of.isoformat()}.csv": to_csv(data.issues()),
        "manifest.json": generated_files["manifest.json"],
    }
    progress("laying out the workbook")
    workbook = workbook_content(data, as_of, lang)
    progress("drawing the dashboard's figures")
    figures = dashboard_figures(data, as_of, lang)
    export_files[f"dashboard-{as_of.isoformat()}.html"] = render_dashboard(data, as_of, lang, figures=figures)
    progress("writing the datasets and deliverables")
    generated, exported = [], []
    for name, content in generated_files.items():
        path = workspace.generated / name
        write_atomic(path, content)
        generated.append(path)
    for name, content in export_files.items():
        path = export_dir / name
        write_atomic(path, content)
        exported.append(path)
    exported.append(render_workbook(workbook, export_dir / f"{data.short_name}-{as_of.isoformat()}.xlsx"))
    notes = []
    if images and find_browser():
        progress(f"drawing {len(figures)} static images with Chromium")
        exported += write_images(figures, export_dir / "figures", fmt="png")
    elif images:
        notes.append("static figure images need Chromium (Debian: apt-get install chromium); the HTML dashboard has them all")
    return BuildResult(generated, exported, data, notes)
