"""`monitor build`: datasets into data/generated/, deliverables into exports/<as-of>/."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from . import rendered
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


# the exports that also get an HXL-tagged variant (monitor.hxl), by their table name
HXL_TABLES = ("commitments", "status", "observations")


def ledger_exports(data: WorkspaceData, as_of: dt.date) -> dict[str, tuple]:
    """The ledgers for the CSV and data-package exports, whole: every row recorded (corrections and withdrawals
    too, so that the file is the ledger as kept) that the as-of date could know of: dated by then, or a scheduled
    event announced by then; assessments only of the snapshot's commitments. name -> (frame, schema)."""
    from .assessments import ASSESSMENT_SCHEMA
    from .events import EVENT_SCHEMA
    from .observations import OBSERVATION_SCHEMA

    tables = data.recorded if data.recorded is not None else data.curated
    day = as_of.isoformat()
    out = {}
    for name, schema in (("observations", OBSERVATION_SCHEMA), ("events", EVENT_SCHEMA),
                         ("assessments", ASSESSMENT_SCHEMA)):
        frame = getattr(tables, name)
        frame = frame[[c for c in schema.column_names if c in frame.columns]]
        if not frame.empty:
            dates = frame["date"].astype(str).str[:10]
            keep = dates <= day
            if "announced_on" in frame.columns:
                announced = frame["announced_on"].astype(str).str[:10]
                keep |= (announced != "") & (announced <= day)
            if name == "assessments":
                keep &= frame["commitment_id"].isin(set(data.commitments["commitment_id"]))
            frame = frame[keep].reset_index(drop=True)
        out[name] = (frame, schema)
    return out


def open_exports(data: WorkspaceData, as_of: dt.date, status, indicators) -> dict[str, str]:
    """The CSV exports with their HXL variants and the data package that describes them: file name -> text."""
    from .asks import ASK_SCHEMA
    from .ask_status import ASK_STATUS_SCHEMA
    from .commitments import COMMITMENT_SCHEMA
    from .datapackage import LINK_SCHEMA, Table, describe, indicator_links, schema_of
    from .hxl import to_hxl_csv
    from .implementation import IMPLEMENTATION_SCHEMA, implementation_table
    from .indicators import LATEST_SCHEMA
    from .schemas import ISSUE_SCHEMA
    from .status import STATUS_SCHEMA
    from .vocab import vocabulary_values

    day = as_of.isoformat()
    frames = {
        "commitments": (data.commitments, COMMITMENT_SCHEMA),
        "status": (status, STATUS_SCHEMA),
        "asks": (asks_export(data, as_of), ASK_SCHEMA, ASK_STATUS_SCHEMA),
        "indicators": (indicators, LATEST_SCHEMA),
        "issues": (data.issues(), ISSUE_SCHEMA),
        **ledger_exports(data, as_of),
        "indicator-commitments": (indicator_links(data.curated.indicators, set(data.commitments["commitment_id"])),
                                  LINK_SCHEMA),
        "implementation": (implementation_table(data, as_of), IMPLEMENTATION_SCHEMA),
    }
    tables = []
    for name, (frame, *schemas) in frames.items():
        # typed by the table's own schema, in the frame's column order
        schema = schema_of(name, list(frame.columns), *schemas)
        tables.append(Table(name, f"{name}-{day}.csv", to_csv(frame, for_spreadsheets=True), schema))
        if name in HXL_TABLES:
            tables.append(Table(f"{name}-hxl", f"{name}-hxl-{day}.csv",
                                to_hxl_csv(frame, name, data.workspace.reference), schema, header_rows=2))
    files = {t.path: t.text for t in tables}
    files["datapackage.json"] = describe(
        tables, vocabulary_values(data.workspace.reference), f"{data.short_name}-{day}", f"{data.title('en')}, {day}",
        description=f"The tables of the build as of {day}: each CSV of this folder, typed from its schema")
    return files


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
    and leaves data/generated/ (the workspace's own datasets, every row in) as it was. A build whose
    inputs, code, commit and options are those of a build kept in the cache (monitor.rendered) writes
    that build's files again, byte for byte, its manifest's built_at included, instead of rendering them.
    """
    from .dashboards.images import find_browser

    if public and not out:  # beside the full build's folder, never mixed with it
        out = workspace.exports / f"{as_of.isoformat()}-public"
    export_dir = export_folder(workspace, as_of, out)
    progress("reading the resolutions and the curated data")
    whole = load_workspace(workspace)
    workspace_key = whole.cache_key
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
    draw_images = bool(images and find_browser())
    key = rendered.render_key(workspace_key, manifest, lang, draw_images, public)
    files = rendered.load(workspace, key)
    notes = []
    if files is not None:
        progress(f"nothing changed since the build of {files.built_at}: writing its files again")
        notes.append(f"nothing changed since the build of {files.built_at}: its files were written again as they "
                     "were (--no-cache renders them afresh)")
    else:
        files = _render(data, whole, as_of, lang, manifest, images, draw_images, public, progress)
    progress("writing the datasets and deliverables")
    generated, exported = [], []
    for name, content in files.generated.items():
        path = workspace.generated / name
        write_atomic(path, content)
        generated.append(path)
    # the deliverables are written into a hidden sibling renamed whole: a killed build leaves the old folder
    with staged_folder(export_dir) as staging:
        for name, content in files.exports.items():
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, content)
            exported.append(export_dir / name)
    rendered.store(workspace, key, files)
    return BuildResult(generated, exported, data, list(files.notes) + notes)


def _render(data: WorkspaceData, whole: WorkspaceData, as_of: dt.date, lang: str, manifest: dict, images: bool,
            draw_images: bool, public: bool, progress) -> rendered.Rendered:
    """Every file of a build, rendered in memory (the workbook and images in a scratch folder): nothing is
    written to the workspace or the deliverables' folder here, so a failure leaves old outputs whole."""
    import tempfile

    from .dashboards import dashboard_figures, render_dashboard, write_images
    from .indicators import latest_values
    from .reports.excel import render_workbook, workbook_content

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
    manifest_text = json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
    generated_files = {}
    for name, frame in tables.items():
        generated_files[f"{name}.csv"] = to_csv(frame)
        generated_files[f"{name}.json"] = to_json(frame)
    generated_files["manifest.json"] = manifest_text
    progress("writing the open exports: CSVs, their HXL variants and the data package")
    export_files = {**open_exports(data, as_of, status, indicators), "manifest.json": manifest_text}
    progress("laying out the workbook")
    workbook = workbook_content(data, as_of, lang)
    progress("drawing the dashboard's figures")
    figures = dashboard_figures(data, as_of, lang)
    export_files[f"dashboard-{as_of.isoformat()}.html"] = render_dashboard(data, as_of, lang, figures=figures)
    out = rendered.Rendered(
        generated={} if public else {name: _bytes(content) for name, content in generated_files.items()},
        exports={name: _bytes(content) for name, content in export_files.items()},
        built_at=manifest["built_at"])
    with tempfile.TemporaryDirectory(prefix="monitor-build-") as scratch:
        scratch = Path(scratch)
        book = render_workbook(workbook, scratch / f"{data.short_name}-{as_of.isoformat()}.xlsx")
        out.exports[book.name] = book.read_bytes()
        if draw_images:
            progress(f"drawing {len(figures)} static images with Chromium")
            for path in write_images(figures, scratch / "figures", fmt="png", workspace=data.workspace):
                out.exports[path.relative_to(scratch).as_posix()] = path.read_bytes()
        elif images:
            out.notes.append("static figure images need Chromium (Debian: apt-get install chromium); "
                             "the HTML dashboard has them all")
    return out


def _bytes(content: str | bytes) -> bytes:
    return content.encode("utf-8") if isinstance(content, str) else content
