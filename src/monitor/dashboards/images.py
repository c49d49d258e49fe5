"""Static PNG or SVG images of the figures, drawn by kaleido in the machine's Chromium.

Kaleido's browser starts once (a server kept for the process) and is never downloaded: if no
Chromium or Chrome is installed, writing images fails with the command that installs one.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from pathlib import Path

import plotly.graph_objects as go

from ..errors import InputError
from ..files import write_atomic

FORMATS = ("png", "svg")
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
IMAGE_WIDTH = 1200


def find_browser() -> str | None:
    """The browser kaleido will drive: $BROWSER_PATH, else the first Chromium or Chrome on PATH."""
    chosen = os.environ.get("BROWSER_PATH")
    if chosen:
        return chosen if Path(chosen).is_file() else None
    for name in BROWSER_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def start_image_server() -> None:
    """Start kaleido's browser once for this process (later calls do nothing)."""
    import kaleido

    if kaleido._global_server.is_running():  # noqa: SLF001 - kaleido exposes no public test
        return
    browser = find_browser()
    if browser is None:
        raise InputError("no Chromium or Chrome found for static images: install Debian's "
                         "(apt-get install chromium) or set BROWSER_PATH; nothing is downloaded")
    # mathjax=False: no CDN request; plotly.js comes from the installed plotly package.
    kaleido.start_sync_server(path=browser, mathjax=False, silence_warnings=True)


def stop_image_server() -> None:
    import kaleido

    kaleido.stop_sync_server(silence_warnings=True)


def _drawn_by() -> tuple:
    """What else decides the pixels: kaleido's and plotly's versions and the browser."""
    from importlib.metadata import version

    return version("kaleido"), version("plotly"), find_browser()


def write_images(figures: Mapping[str, go.Figure], folder: Path, fmt: str = "png", *,
                 width: int = IMAGE_WIDTH, scale: float = 1.0, workspace=None) -> list[Path]:
    """Write each figure to folder/<name>.<fmt> (atomically); return the paths in order.

    With a workspace, an image is kept in its cache (monitor.cache) on the figure's JSON and the drawing
    options, so the browser starts only for a figure that changed."""
    import kaleido

    from .. import cache

    if fmt not in FORMATS:
        raise ValueError(f"image format {fmt!r} is not one of {', '.join(FORMATS)}")
    folder = Path(folder)
    written = []
    for name, figure in figures.items():
        height = figure.layout.height or 600
        opts = {"format": fmt, "width": width, "height": height, "scale": scale}
        key = cache.digest("image", figure.to_json(), sorted(opts.items()), _drawn_by()) if workspace else ""
        content = cache.load(workspace, "image", key) if workspace else None
        if not isinstance(content, bytes):
            start_image_server()
            content = kaleido.calc_fig_sync(figure.to_dict(), opts=opts)
            if isinstance(content, BaseException):
                raise content
            if workspace:
                cache.store(workspace, "image", key, content, keep=256)
        path = folder / f"{name}.{fmt}"
        write_atomic(path, content)
        written.append(path)
    return written
