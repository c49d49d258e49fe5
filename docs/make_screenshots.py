"""Screenshots of the dashboard for the README: the phone view, drawn by Chromium at 390 px.

    .venv/bin/python docs/make_screenshots.py                      # docs/dashboard-phone.png
    .venv/bin/python docs/make_screenshots.py --as-of 2025-12-31 --height 2600

Builds the workspace's dashboard into a temporary folder (no images, no exports/ touched), opens it in
Debian's Chromium ($CHROMIUM, else /usr/bin/chromium) through Playwright, waits until the figures are
fitted to the screen and keeps the top of the page (header, summary and the first figures) as a PNG.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import tempfile
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

from monitor.dashboards import write_dashboard
from monitor.pipeline import load_workspace
from monitor.workspace import Workspace

HERE = Path(__file__).resolve().parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"]
PHONE = {"width": 390, "height": 844}  # CSS px of a current phone
LIMIT = 600_000  # bytes: the README's image stays small


def screenshot(page_path: Path, height: int, scale: float) -> bytes:
    """The top `height` CSS px of the page at a phone's width, as a PNG."""
    with sync_playwright() as manager:
        browser = manager.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            context = browser.new_context(viewport=PHONE, device_scale_factor=scale)
            page = context.new_page()
            page.goto(page_path.as_uri(), wait_until="load")
            page.wait_for_function("document.documentElement.dataset.fitted !== undefined", timeout=60_000)
            page.wait_for_timeout(500)  # plotly's last redraw
            return page.screenshot(full_page=True, clip={"x": 0, "y": 0, "width": PHONE["width"], "height": height})
        finally:
            browser.close()


def small_png(png: bytes) -> bytes:
    """The PNG with a 256-colour palette (the dashboard uses few colours), optimised."""
    image = Image.open(io.BytesIO(png)).convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date(2025, 12, 31))
    parser.add_argument("--height", type=int, default=3200, help="CSS px of the page kept, from its top")
    parser.add_argument("--scale", type=float, default=1.0, help="device pixels per CSS px")
    parser.add_argument("--out", type=Path, default=HERE / "dashboard-phone.png")
    options = parser.parse_args()
    data = load_workspace(Workspace.locate(None))
    with tempfile.TemporaryDirectory() as folder:
        page = write_dashboard(data, options.as_of, Path(folder) / "dashboard.html", "en")
        png = small_png(screenshot(page, options.height, options.scale))
    if len(png) > LIMIT:
        raise SystemExit(f"{len(png)} bytes: more than {LIMIT}; lower --height or --scale")
    options.out.write_bytes(png)
    print(f"{options.out} ({len(png) // 1000} kB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
