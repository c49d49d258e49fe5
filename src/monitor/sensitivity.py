"""Sensitivity of curated rows (public, internal, confidential) and the public view of a workspace."""

from __future__ import annotations

import dataclasses

import re

import pandas as pd

from .citations import citations

PUBLIC = "public"
DEFAULT = "internal"  # a new row is shared with no one outside the team until someone says otherwise
# The ledgers that carry a sensitivity, and the column holding each one's source.
SOURCE_COLUMNS = {"observations": "source", "events": "source", "assessments": "evidence"}
# Hosts whose pages the UN publishes itself (any subdomain): a row resting on one is public already.
OFFICIAL_HOSTS = ("un.org", "undocs.org", "ohchr.org", "unmissions.org", "ungeneva.org", "unog.ch")
UN_DOCUMENTS = "https://docs.un.org/"
# The UN's press releases (press.un.org) carry symbols of their own, which citations does not link.
PRESS_RELEASE = re.compile(r"(?:SC|GA|SG/SM|HRC|ECOSOC|GA/SHC)/\d+")


def is_official(source) -> bool:
    """Whether every part of a source is a UN document symbol or an official UN page."""
    found = citations(source)
    return bool(found) and all(_official_part(c) for c in found)


def _official_part(part) -> bool:
    if PRESS_RELEASE.fullmatch(part.text):
        return True
    if not part.url:
        return False
    if part.url.startswith(UN_DOCUMENTS) and part.label == part.text:  # a symbol, made a link to docs.un.org
        return True
    return any(part.label == host or part.label.endswith("." + host) for host in OFFICIAL_HOSTS)


def migrated_sensitivity(row: dict, source_column: str) -> str:
    """What `monitor migrate` writes in a row recorded before sensitivity: public if its source is the UN's."""
    return PUBLIC if is_official(row.get(source_column, "")) else DEFAULT


def with_default(values) -> list[str]:
    """Each given sensitivity, stripped, with the default where none is given."""
    return [str(v or "").strip() or DEFAULT for v in values]


def is_public(frame: pd.DataFrame) -> pd.Series:
    """Which rows are marked public (an empty cell, from a file before sensitivity, is not)."""
    if "sensitivity" not in frame.columns:
        return pd.Series(False, index=frame.index)
    return frame["sensitivity"].astype(str).str.strip() == PUBLIC


def public_curated(curated):
    """The curated tables with only the public rows of each ledger, and how many rows of each were left out.

    An indicator's baseline that does not rest on a UN source is emptied (its value, date and source),
    as a row's would be: the indicators table has no sensitivity of its own.
    """
    tables, left_out = {}, {}
    for name in SOURCE_COLUMNS:
        frame = getattr(curated, name)
        keep = is_public(frame)
        tables[name] = frame[keep].reset_index(drop=True)
        left_out[name] = int((~keep).sum())
    indicators = curated.indicators.copy()
    restricted = [bool(str(s).strip()) and not is_official(s) for s in indicators.get("baseline_source", [])]
    for column in ("baseline_value", "baseline_date", "baseline_source"):
        if column in indicators.columns:
            indicators.loc[restricted, column] = ""
    left_out["baselines"] = int(sum(restricted))
    return dataclasses.replace(curated, indicators=indicators, **tables), left_out


def as_shared(data, public: bool):
    """The workspace as a deliverable shares it: its public view when public, else the whole of it."""
    return public_only(data) if public else data


def public_only(data):
    """A WorkspaceData (monitor.pipeline) as a public build sees it: public ledger rows only, and none of the
    problems that name a ledger's rows (a warning may quote a restricted value); `left_out` says how many."""
    curated, left_out = public_curated(data.curated)
    restricted = _restricted_ids(data.curated, curated) | _restricted_baselines(data.curated, curated)
    problems = [p for p in data.problems if not _about_ledgers(p, restricted)]
    recorded = public_curated(data.recorded)[0] if data.recorded is not None else None
    return dataclasses.replace(data, curated=curated, recorded=recorded, problems=problems, left_out=left_out,
                               _statuses={})


def _restricted_ids(whole, public) -> set[str]:
    ids = set()
    for name, key in (("observations", "observation_id"), ("events", "event_id"), ("assessments", "assessment_id")):
        ids |= set(getattr(whole, name)[key]) - set(getattr(public, name)[key])
    return ids


def _restricted_baselines(whole, public) -> set[str]:
    """The baseline sources a public view empties."""
    before = set(whole.indicators.get("baseline_source", []))
    return {str(s) for s in before - set(public.indicators.get("baseline_source", []))}


def _about_ledgers(problem, restricted: set[str]) -> bool:
    """Whether a problem is about a ledger's rows (it may quote one) or names what a public view leaves out."""
    said = f"{problem.source} {problem.location} {problem.field} {problem.message}"
    return any(f"{name}.csv" in said for name in SOURCE_COLUMNS) or any(i and i in said for i in restricted)


def left_out_total(left_out: dict | None) -> int:
    """How many rows a public build left out (0 for a full build)."""
    return sum((left_out or {}).get(name, 0) for name in SOURCE_COLUMNS)


def public_manifest(left_out: dict | None) -> dict:
    """What a public build's manifest records: that it is public, and how many rows it left out."""
    return {"public": True, "left_out": dict(left_out or {})}


def left_out_sentence(left_out: dict | None, lang: str) -> str:
    """What a public deliverable says it left out ('' for a full build), in lang."""
    from .labels import text

    if left_out is None:
        return ""
    counts = {name: _counted(name, left_out.get(name, 0), lang) for name in (*SOURCE_COLUMNS, "baselines")}
    sentence = text("public_left_out", lang, **counts)
    if left_out.get("baselines"):
        sentence += " " + text("public_baselines_left_out", lang, baselines=counts["baselines"])
    return sentence


def _counted(name: str, n: int, lang: str) -> str:
    from .labels import text

    one, many = text(f"count_{name}", lang, n=n).split("|")
    return one if n == 1 or (n == 0 and lang == "fr") else many  # French counts zero in the singular
