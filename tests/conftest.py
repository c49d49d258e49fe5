"""Shared fixtures: the seed resolution, the parser corpus and throwaway workspaces."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
CORPUS = FIXTURES / "corpus"
SEED = ROOT / "data" / "raw" / "a-hrc-res-46-28" / "A_HRC_RES_46_28-EN.md"


def ground_truth() -> list[dict]:
    with open(CORPUS / "ground-truth.csv", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def seed_resolution():
    from monitor.parse import parse_path

    return parse_path(SEED)


@pytest.fixture()
def workspace_copy(tmp_path) -> Path:
    """A copy of the repository's workspace (data/ only) that a test may damage."""
    target = tmp_path / "ws"
    shutil.copytree(ROOT / "data", target / "data", ignore=shutil.ignore_patterns("generated"))
    shutil.copy2(ROOT / "workspace.yml", target / "workspace.yml")
    (target / "exports").mkdir()
    return target


@pytest.fixture(scope="session")
def country_workspaces(tmp_path_factory) -> dict[str, Path]:
    """The other-country workspaces of tests/workspaces.py, made and built once per test session."""
    from workspaces import WORKSPACES, make_workspace

    root = tmp_path_factory.mktemp("countries")
    return {name: make_workspace(root / name, recipe) for name, recipe in WORKSPACES.items()}
