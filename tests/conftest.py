"""Shared fixtures: the seed resolution, the parser corpus and throwaway workspaces."""

from __future__ import annotations

import csv
import os
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


# --------------------------------------------------------------------------- the session's Chromium
# (tests/browser/test_browser.py and tests/test_scale.py drive it; one Playwright per worker process)

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Chromium as root on a headless machine (see the stack notes); Playwright gives each launch a fresh profile.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage"]


def missing(reason: str):
    """Skip on a machine without the client; fail in CI, where .ci/run installs it."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so this fails instead of skipping)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium() -> str:
    if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)):
        missing(f"no Chromium at {CHROMIUM}: install Debian's (apt-get install chromium) to run the browser tests")
    return CHROMIUM


@pytest.fixture(scope="session")
def browser(chromium):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("Playwright (Python) is not installed in this environment")
    manager = sync_playwright().start()
    try:
        instance = manager.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
    except Exception as error:  # noqa: BLE001 - reported as the reason
        manager.stop()
        missing(f"Chromium at {chromium} did not start under Playwright: {error}")
    yield instance
    instance.close()
    manager.stop()
