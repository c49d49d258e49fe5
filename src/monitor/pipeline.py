"""The workspace's way through: raw resolutions -> paragraphs -> commitments, loaded and checked."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from .commitments import COMMITMENT_SCHEMA, build_commitments
from .curation import ANNOTATIONS_FILE, apply_annotations, check_annotations, read_annotations
from .errors import InputError
from .lineage import build_lineage
from .parse import Resolution, describe, paragraphs_frame, parse_path, references_frame
from .problems import Problem, errors_only, problems_frame
from .sources import RawResolution, list_raw
from .status import Ledgers, status_as_of
from .translations import choose_primary, pair_paragraphs
from .validate import check_ledgers
from .vocab import load_vocabulary, vocabulary_values
from .workspace import Workspace


@dataclass
class WorkspaceData:
    workspace: Workspace
    sources: list[RawResolution]
    resolutions: list[Resolution]
    metadata: pd.DataFrame
    paragraphs: pd.DataFrame
    references: pd.DataFrame
    commitments: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    curated: dict[str, pd.DataFrame] = field(default_factory=dict)
    alignments: dict[tuple[str, str], pd.DataFrame] = field(default_factory=dict)  # consecutive renewals
    _statuses: dict = field(default_factory=dict, repr=False)

    def issues(self) -> pd.DataFrame:
        return problems_frame(self.problems)

    def ledgers(self) -> Ledgers:
        confidence = load_vocabulary("confidence", self.workspace.reference)
        return Ledgers(
            commitments=self.commitments,
            resolutions=self.metadata if not self.metadata.empty else pd.DataFrame(columns=["resolution_id", "adoption_date"]),
            indicators=self.curated["indicators"],
            observations=self.curated["observations"],
            events=self.curated["events"],
            assessments=self.curated["assessments"],
            rules=self.curated["rules"],
            confidence_rank=dict(zip(confidence["confidence_id"], confidence["rank"].astype(int))),
        )

    def status(self, as_of, known_on=None) -> pd.DataFrame:
        """Status as of a date; computed once per date, as the workbook, dashboard and build all ask."""
        key = (as_of, known_on)
        if key not in self._statuses:
            self._statuses[key] = status_as_of(self.ledgers(), as_of, known_on)
        return self._statuses[key].copy()


def load_resolution(source: RawResolution, workspace: Workspace) -> Resolution:
    source.verify()
    resolution = parse_path(source.file, workspace.reference)
    if resolution.symbol and resolution.symbol != source.symbol:
        raise InputError(
            f"{source.file}: the text is {resolution.symbol} but source.yml says {source.symbol}"
        )
    resolution.symbol = source.symbol
    resolution.warnings = [w for w in resolution.warnings if "no document symbol" not in w[1]]
    if resolution.title is None:
        resolution.title = source.title
    if resolution.adoption_date is None:
        resolution.adoption_date = source.adoption_date
    return resolution


def load_workspace(workspace: Workspace, strict: bool = True) -> WorkspaceData:
    """Parse every raw resolution, build commitments and apply curation; bad data raises InputError."""
    workspace.check()
    sources = list_raw(workspace.raw)
    versions: dict[str, list[Resolution]] = {}
    for source in sources:
        versions.setdefault(source.symbol, []).append(load_resolution(source, workspace))
    resolutions: list[Resolution] = []
    french: dict[str, dict[str, str]] = {}  # resolution_id -> paragraph_id -> French text
    problems: list[Problem] = []
    for symbol, group in versions.items():
        primary, others = choose_primary(group)
        primary.languages = sorted(r.language for r in group)
        resolutions.append(primary)
        for other in others:
            paired, warnings = pair_paragraphs(primary, other)
            if other.language == "fr":
                french[symbol] = paired
            problems += [Problem("warning", symbol, "", "", message) for message in warnings]
    for resolution in resolutions:
        problems += [Problem("warning", resolution.resolution_id, where, "", message)
                     for where, message in resolution.all_warnings()]
    frames = [build_commitments(r, workspace.reference) for r in resolutions]
    commitments = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=COMMITMENT_SCHEMA.column_names)
    annotations = read_annotations(workspace.curated)
    vocabularies = vocabulary_values(workspace.reference)
    annotation_problems = check_annotations(
        annotations, str(workspace.curated / ANNOTATIONS_FILE), set(commitments["commitment_id"]), vocabularies
    )
    errors = errors_only(annotation_problems)
    if errors:
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise InputError(f"{errors[0]}{more}")
    commitments = apply_annotations(commitments, annotations)
    # after curation, so that a curated strength is what classifies a change as strengthened
    lineage, alignments = build_lineage(resolutions, commitments)
    order = list(commitments.columns)
    commitments = commitments.drop(columns=[c for c in lineage.columns if c != "commitment_id"])
    commitments = commitments.merge(lineage, on="commitment_id", how="left")[order]
    commitments["text_fr"] = [french.get(r, {}).get(p) for r, p in zip(commitments["resolution_id"], commitments["paragraph_id"])]
    for row in commitments.to_dict("records"):
        problems += [Problem("warning", row["resolution_id"], row["paragraph_id"], "", message)
                     for message in row["warnings"]]
    schema_errors = errors_only(COMMITMENT_SCHEMA.check(commitments, "commitments", vocabularies))
    if schema_errors:
        first = schema_errors[0]
        where = first.location
        if where.startswith("row "):
            where = commitments.iloc[int(where[4:]) - 2]["commitment_id"]
        raise InputError(f"commitment {where}, {first.field}: {first.message} (check the vocabularies and curated data)")
    curated, ledger_problems = check_ledgers(workspace.curated, workspace.reference, commitments)
    ledger_errors = errors_only(ledger_problems)
    if strict and ledger_errors:
        more = f" (and {len(ledger_errors) - 1} more; 'monitor validate' lists them all)" if len(ledger_errors) > 1 else ""
        raise InputError(f"{ledger_errors[0]}{more}")
    problems += ledger_problems

    def concat(parts, columns=None):
        parts = [p for p in parts if not p.empty]
        return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)
    return WorkspaceData(
        workspace=workspace,
        sources=sources,
        resolutions=resolutions,
        metadata=pd.DataFrame([{**describe(r), "languages": ", ".join(r.languages)} for r in resolutions]),
        paragraphs=concat([
            paragraphs_frame(r).assign(text_fr=lambda f, r=r: f["paragraph_id"].map(french.get(r.resolution_id, {})))
            for r in resolutions
        ]),
        references=concat([references_frame(r, workspace.reference) for r in resolutions]),
        commitments=commitments,
        problems=problems,
        curated=curated,
        alignments=alignments,
    )
