"""The notebooks: thin (no logic of their own, one parameters cell, a why before each step) and
running headless: each .py is converted with jupytext and executed with nbclient in the project's
Python, through a kernelspec made in a temporary JUPYTER_PATH (nothing global changes)."""

from __future__ import annotations

import ast
import base64
import json
import os
import shutil
import sys
from pathlib import Path

import pytest

from monitor.dashboards import find_browser

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
NAMES = ["00_explore_resolution", "10_commitments_and_indicators", "20_status_dashboard", "30_excel_report"]
PLOTLY = "application/vnd.plotly.v1+json"
AS_OF = "2025-12-31"


def read(name: str):
    import jupytext

    return jupytext.read(NOTEBOOKS / f"{name}.py")


def tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


@pytest.fixture(scope="session")
def kernel_name(tmp_path_factory) -> str:
    """A kernelspec named like the notebooks' ("monitor") that runs this very Python."""
    data_dir = tmp_path_factory.mktemp("jupyter-data")
    spec = data_dir / "kernels" / "monitor"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (monitor, test)", "language": "python",
        "env": {"PLOTLY_RENDERER": "plotly_mimetype", "PYTHONDONTWRITEBYTECODE": ""},
    }))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JUPYTER_PATH", str(data_dir))
        patch.setenv("JUPYTER_CONFIG_PATH", str(tmp_path_factory.mktemp("jupyter-config")))
        patch.delenv("MONITOR_WORKSPACE", raising=False)
        yield "monitor"


def execute(name: str, kernel: str, parameters: dict) -> list:
    """Run a notebook with parameters injected after its parameters cell (as papermill does)."""
    import nbformat
    from nbclient import NotebookClient

    notebook = read(name)
    index = next(i for i, c in enumerate(notebook.cells) if "parameters" in tags(c))
    source = "\n".join(f"{key} = {value!r}" for key, value in parameters.items())
    notebook.cells.insert(index + 1, nbformat.v4.new_code_cell(source, metadata={"tags": ["injected-parameters"]}))
    NotebookClient(notebook, kernel_name=kernel, timeout=180, allow_errors=False,
                   resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    return notebook.cells


def outputs(cells, mime: str) -> list:
    return [o["data"][mime] for c in cells if c.cell_type == "code" for o in c.get("outputs", [])
            if mime in o.get("data", {})]


def tables(cells) -> list[str]:
    return [html for html in outputs(cells, "text/html") if "<table" in html]


def has_rows(html: str) -> bool:
    return "<tbody>" in html and "<tr" in html.split("<tbody>", 1)[1]


# --------------------------------------------------------------------------- the scripts themselves

@pytest.mark.parametrize("name", NAMES)
def test_notebook_is_thin_and_explained(name):
    notebook = read(name)
    cells = notebook.cells
    assert cells[0].cell_type == "markdown" and cells[0].source.startswith("# "), "opens by saying what it does"
    assert sum("parameters" in tags(c) for c in cells) == 1, "exactly one parameters cell"
    assert notebook.metadata["kernelspec"]["name"] == "monitor"
    for index, cell in enumerate(cells):
        if cell.cell_type != "code":
            continue
        assert cells[index - 1].cell_type == "markdown", f"cell {index}: a why comes before each step"
        tree = ast.parse(cell.source)
        logic = [type(n).__name__ for n in ast.walk(tree)
                 if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda, ast.For,
                                   ast.While, ast.If, ast.IfExp, ast.ListComp, ast.DictComp, ast.comprehension))]
        assert not logic, f"cell {index} defines logic of its own: {logic}"
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                module = node.module if isinstance(node, ast.ImportFrom) else node.names[0].name
                assert module.split(".")[0] == "monitor", f"cell {index} imports {module}: only monitor is called"


def test_ipynb_files_are_not_the_source():
    assert (NOTEBOOKS / "jupytext.toml").is_file()
    ignored = (ROOT / ".gitignore").read_text()
    assert "/notebooks/*.ipynb" in ignored


# --------------------------------------------------------------------------- executed headless

def test_explore_resolution_runs(kernel_name):
    cells = execute("00_explore_resolution", kernel_name, {"as_of": AS_OF})
    assert len(outputs(cells, PLOTLY)) == 1
    html = tables(cells)
    assert len(html) >= 3 and all(has_rows(t) for t in html), "tables are not empty"
    assert any("OP36" in t for t in html) and any("Strongly condemns" in t for t in html)


def test_commitments_and_indicators_runs(kernel_name):
    cells = execute("10_commitments_and_indicators", kernel_name, {"as_of": AS_OF})
    figures = outputs(cells, PLOTLY)
    # the figures the Mali workspace file names, then one for its other indicator with numbers
    assert [f["layout"]["meta"]["figure"] for f in figures] == ["cvjr", "ddr", "election", "in-force",
                                                               "ie_reports_presented"]
    html = tables(cells)
    assert len(html) >= 5
    assert all(has_rows(t) for t in html), "tables are not empty"
    assert any("cvjr_testimonies" in t for t in html) and any("observation_id" in t for t in html)


def test_status_dashboard_runs_in_french(kernel_name):
    cells = execute("20_status_dashboard", kernel_name, {"as_of": AS_OF, "lang": "fr"})
    figures = outputs(cells, PLOTLY)
    assert [f["layout"]["meta"]["figure"] for f in figures] == [
        "status_overview", "paragraph_map", "status_history", "evolution", "cvjr", "ddr", "election", "in-force",
        "ie_reports_presented", "reporting_calendar"]
    assert all(f["layout"]["meta"]["lang"] == "fr" and f["data"] for f in figures)
    # every figure carries a static image, so that a notebook converted by nbconvert still shows it
    images = outputs(cells, "image/png")
    if os.environ.get("CI") or find_browser():
        assert len(images) == len(figures) and all(base64.b64decode(i)[:8] == b"\x89PNG\r\n\x1a\n" for i in images)
    assert "Situation au 2025-12-31" in figures[0]["layout"]["title"]["subtitle"]["text"]
    html = tables(cells)
    assert html and "Réalisé" in html[0] and has_rows(html[0])
    assert "Échéances dépassées" in html[1] and "overdue" not in html[1], "the deadlines as a table of labels"


def test_excel_report_builds_into_the_folder_given(kernel_name, tmp_path):
    workspace = tmp_path / "ws"
    shutil.copytree(ROOT / "data", workspace / "data", ignore=shutil.ignore_patterns("generated"))
    shutil.copy2(ROOT / "workspace.yml", workspace / "workspace.yml")
    (workspace / "exports").mkdir()
    out = tmp_path / "out"
    cells = execute("30_excel_report", kernel_name, {"as_of": AS_OF, "out": str(out), "workspace": str(workspace)})
    listed = "\n".join(outputs(cells, "text/plain"))
    assert f"status-{AS_OF}.csv" in listed and "manifest.json" in listed
    assert (out / f"status-{AS_OF}.csv").is_file()
    assert (workspace / "data" / "generated" / "status.csv").is_file()
