"""Real clients, each started once per test session and stopped by its PID: the dashboard HTML in headless
Chromium and the dashboard notebook in JupyterLab, both driven by Playwright, and static images through
kaleido. All use Debian's chromium, never a downloaded browser. Without Chromium (or Playwright) these tests
skip with the reason; when CI is set they fail instead.

(The chromium and browser fixtures live in tests/conftest.py, so that a worker running this file and
tests/test_scale.py starts one Playwright, not one per module that defines them; tests/ has no packages, and
a second module named conftest would shadow the suite's own.)"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import shutil
import signal
import socket
import struct
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from monitor.dashboards import dashboard_figures, write_dashboard, write_images
from monitor.pipeline import load_workspace
from monitor.workspace import Workspace

# The Mali workspace's figures, as workspace.yml and its indicators choose them.
FIGURE_NAMES = ["status_overview", "paragraph_map", "status_history", "evolution", "cvjr", "ddr", "election",
                "in-force", "ie_reports_presented", "reporting_calendar"]

ROOT = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2025, 12, 31)


@pytest.fixture(scope="session")
def image_server(chromium):
    """kaleido's browser, started once for every image test (and never downloaded)."""
    from monitor.dashboards import start_image_server, stop_image_server

    previous = os.environ.get("BROWSER_PATH")
    os.environ["BROWSER_PATH"] = chromium
    start_image_server()
    yield
    stop_image_server()
    if previous is None:
        os.environ.pop("BROWSER_PATH", None)
    else:
        os.environ["BROWSER_PATH"] = previous


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str, timeout: float = 2.0) -> int:
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - local server
        return response.status


@pytest.fixture(scope="session")
def jupyterlab(tmp_path_factory, chromium):
    """JupyterLab on a copy of notebooks/ with the project's Jupyter config (kernel, viewer), all else isolated."""
    home = tmp_path_factory.mktemp("jupyterlab")
    notebooks = home / "notebooks"
    notebooks.mkdir()
    for path in list((ROOT / "notebooks").glob("*.py")) + [ROOT / "notebooks" / "jupytext.toml"]:
        shutil.copy2(path, notebooks / path.name)
    settings = home / "settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    # every cell in the page (no windowing), so all figures are in the DOM to be counted
    (settings / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    port, token = free_port(), secrets.token_hex(16)
    env = {**os.environ,
           "JUPYTER_PATH": str(ROOT / "jupyter_config" / "data"),
           "JUPYTER_CONFIG_PATH": str(ROOT / "jupyter_config" / "config"),
           "JUPYTER_CONFIG_DIR": str(home / "config"), "JUPYTER_DATA_DIR": str(home / "data"),
           "JUPYTER_RUNTIME_DIR": str(home / "runtime"), "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"), "PYTHONDONTWRITEBYTECODE": ""}
    env.pop("MONITOR_WORKSPACE", None)
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
               "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}", f"--notebook-dir={notebooks}",
               "--LabApp.expose_app_in_browser=True"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    log = open(home / "jupyterlab.log", "wb")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=notebooks)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"JupyterLab exited with {process.returncode}:\n"
                                   + (home / "jupyterlab.log").read_text(errors="replace")[-3000:])
            try:
                if get(f"{url}/api/status?token={token}") == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("JupyterLab did not answer within 90 s:\n"
                                   + (home / "jupyterlab.log").read_text(errors="replace")[-3000:])
            time.sleep(0.3)
        yield {"url": url, "token": token, "folder": notebooks, "log": home / "jupyterlab.log", "pid": process.pid}
    finally:
        try:  # a clean shutdown stops its kernels too
            request = urllib.request.Request(f"{url}/api/shutdown?token={token}", method="POST")
            urllib.request.urlopen(request, timeout=5).close()  # noqa: S310 - local server
        except OSError:
            pass
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        log.close()



@pytest.fixture(scope="module")
def figures_and_data():
    data = load_workspace(Workspace.locate(None))
    return dashboard_figures(data, AS_OF, "en"), data


def test_dashboard_draws_every_figure_offline(browser, figures_and_data, tmp_path):
    figures, data = figures_and_data
    path = write_dashboard(data, AS_OF, tmp_path / "dashboard.html", "en", figures=figures)
    context = browser.new_context()
    requests, problems = [], []
    context.route("http*://**", lambda route: (requests.append(route.request.url), route.abort()))
    page = context.new_page()
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    try:
        page.goto(path.as_uri(), wait_until="load")
        page.wait_for_function(f"document.querySelectorAll('.js-plotly-plot .main-svg').length >= {len(FIGURE_NAMES)}",
                               timeout=30_000)
        drawn = page.evaluate("""names => names.map(n => {
            const div = document.getElementById('fig-' + n);
            return div !== null && div.classList.contains('js-plotly-plot') && div.querySelector('.main-svg') !== null
                   && div.querySelectorAll('.trace, .bars, .point').length > 0;
        })""", list(FIGURE_NAMES))
        assert drawn == [True] * len(FIGURE_NAMES), dict(zip(FIGURE_NAMES, drawn))
        assert page.locator(".js-plotly-plot").count() == len(FIGURE_NAMES)
        assert page.locator("#summary li").count() >= 1 and page.locator("#provenance").is_visible()
    finally:
        context.close()
    assert problems == [], f"console errors: {problems}"
    assert requests == [], f"the dashboard asked the network for: {requests}"


def test_jupyterlab_runs_the_dashboard_notebook(browser, jupyterlab):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        page.goto(f"{jupyterlab['url']}/lab/tree/20_status_dashboard.py?token={jupyterlab['token']}")
        page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=60_000)
        # The .py opens as a notebook (jupytext) with the project's kernel, named in its header.
        page.wait_for_function("""() => {
            const widget = window.jupyterapp && window.jupyterapp.shell.currentWidget;
            const kernel = widget && widget.sessionContext && widget.sessionContext.session
                           && widget.sessionContext.session.kernel;
            return kernel && kernel.name === 'monitor' && kernel.status === 'idle';
        }""", timeout=60_000)
        page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
        page.wait_for_function(f"""() => document.querySelectorAll(
            '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea .js-plotly-plot .main-svg').length >= {len(FIGURE_NAMES)}""",
            timeout=120_000)
        page.wait_for_function("""() => {
            const widget = window.jupyterapp.shell.currentWidget;
            return widget.sessionContext.session.kernel.status === 'idle'
                   && !document.querySelector('.jp-InputArea-prompt:not(:empty)')?.textContent.includes('[*]');
        }""", timeout=60_000)
        plots = page.locator(".jp-NotebookPanel .jp-OutputArea .js-plotly-plot")
        assert plots.count() == len(FIGURE_NAMES)
        errors = page.locator(".jp-NotebookPanel [data-mime-type='application/vnd.jupyter.stderr']")
        tracebacks = [t for t in errors.all_inner_texts() if "Traceback" in t or "Error" in t]
        assert tracebacks == [], tracebacks
    finally:
        context.close()


def test_static_images_png_and_svg(image_server, figures_and_data, tmp_path):
    figures, _ = figures_and_data
    written = write_images(figures, tmp_path / "figures", "png")
    assert [p.name for p in written] == [f"{name}.png" for name in FIGURE_NAMES]
    for path in written:
        head = path.read_bytes()[:24]
        assert head[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = struct.unpack(">II", head[16:24])
        assert width == 1200 and height == figures[path.stem].layout.height
    svg = write_images({"cvjr": figures["cvjr"]}, tmp_path / "svg", "svg")[0]
    text = svg.read_text(encoding="utf-8")
    assert text.lstrip().startswith("<svg") and "19,800" in text
    assert sorted(p.name for p in (tmp_path / "svg").iterdir()) == ["cvjr.svg"], "no temporary file left"


# --------------------------------------------------------------------------- the dashboard on any screen

# Measured in the page: its width, each figure's box, and per figure the visible SVG texts (titles, ticks,
# labels, legend, annotations; not plotly's hidden ticks nor the hover layer) that overlap another
# (touching allowed), leave the figure, or points that fall outside their x axis' range.
LAYOUT_PROBE = """() => {
  const visible = el => el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true});
  const rect = el => { const r = el.getBoundingClientRect();
                       return {l: r.left, r: r.right, t: r.top + scrollY, b: r.bottom + scrollY}; };
  const figures = [];
  for (const div of document.querySelectorAll('section.figure .js-plotly-plot')) {
    const box = rect(div), texts = [];
    for (const t of div.querySelectorAll('.main-svg text')) {
      if (!t.textContent.trim() || !visible(t) || t.closest('.hoverlayer')) continue;
      const r = rect(t);
      if (r.r - r.l > 0 && r.b - r.t > 0) texts.push({text: t.textContent.trim(), ...r});
    }
    const overlaps = [];
    texts.forEach((a, i) => texts.slice(i + 1).forEach(b => {
      const w = Math.min(a.r, b.r) - Math.max(a.l, b.l), h = Math.min(a.b, b.b) - Math.max(a.t, b.t);
      if (w > 1 && h > 1) overlaps.push([a.text, b.text]);
    }));
    const outside = texts.filter(t => t.l < box.l - 1 || t.r > box.r + 1 || t.t < box.t - 1 || t.b > box.b + 1)
                         .map(t => t.text);
    const offAxis = [];
    for (const trace of div._fullData) {
      if (trace.type !== 'scatter' || !trace.x || trace.visible !== true) continue;
      const axis = div._fullLayout[trace.xaxis.replace('x', 'xaxis')], [low, high] = axis.range.map(axis.r2l);
      trace.x.forEach(x => { const v = axis.d2l(x); if (v < low || v > high) offAxis.push(`${trace.name}: ${x}`); });
    }
    figures.push({id: div.id.replace(/^fig-/, ''), box, section: rect(div.closest('section')), overlaps, outside,
                  offAxis, texts: texts.length});
  }
  return {scrollWidth: document.documentElement.scrollWidth, figures};
}"""


@pytest.fixture(scope="module")
def dashboards(figures_and_data, tmp_path_factory):
    """The dashboard of this workspace and of another country's (Haiti, as tests/workspaces.py makes it),
    each with the number of figures built for it."""
    from workspaces import AS_OF as OTHER_AS_OF, WORKSPACES, make_workspace

    figures, data = figures_and_data
    folder = tmp_path_factory.mktemp("screens")
    own = write_dashboard(data, AS_OF, folder / "dashboard.html", "en", figures=figures)
    haiti = make_workspace(folder / "haiti", WORKSPACES["haiti"])
    built = dashboard_figures(load_workspace(Workspace.locate(haiti)), OTHER_AS_OF, "en")
    other = haiti / "exports" / OTHER_AS_OF.isoformat() / f"dashboard-{OTHER_AS_OF.isoformat()}.html"
    return {"own": (own, len(figures)), "haiti": (other, len(built))}


def measure_layout(browser, path: Path, width: int) -> dict:
    """LAYOUT_PROBE on the dashboard at a viewport `width` px wide, once its figures are fitted to it."""
    context = browser.new_context(viewport={"width": width, "height": 844})
    page = context.new_page()
    try:
        page.goto(path.as_uri(), wait_until="load")
        page.wait_for_function("document.documentElement.dataset.fitted !== undefined", timeout=30_000)
        return page.evaluate(LAYOUT_PROBE)
    finally:
        context.close()


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("which", ["own", "haiti"])
def test_dashboard_reads_on_phone_and_desktop(browser, dashboards, which, width):
    path, built = dashboards[which]
    layout = measure_layout(browser, path, width)
    figures = layout["figures"]
    assert len(figures) == built and all(f["texts"] > 10 for f in figures), [f["id"] for f in figures]
    assert layout["scrollWidth"] <= width
    for figure in figures:
        box, section = figure["box"], figure["section"]
        assert 0 <= box["l"] and box["r"] <= width, (figure["id"], box)
        assert section["t"] - 1 <= box["t"] and box["b"] <= section["b"] + 1, (figure["id"], box, section)
        assert figure["overlaps"] == [], figure["id"]
        assert figure["outside"] == [], figure["id"]
        assert figure["offAxis"] == [], figure["id"]
    tops = [f["section"]["t"] for f in figures]
    bottoms = [f["section"]["b"] for f in figures]
    assert all(b <= t + 1 for b, t in zip(bottoms, tops[1:])), "figures overlap each other"
