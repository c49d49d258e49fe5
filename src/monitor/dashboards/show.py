"""Figures in a notebook: interactive, with a static image beside them so that a converted notebook shows them."""

from __future__ import annotations

import base64
import os

import plotly.graph_objects as go

from .images import IMAGE_WIDTH, find_browser


class WithImage:
    """A plotly figure whose notebook output also carries a PNG (drawn by kaleido where a browser exists).

    JupyterLab shows the interactive figure; nbconvert, GitHub and other readers that do not run
    plotly.js show the PNG.
    """

    def __init__(self, figure: go.Figure):
        self.figure = figure

    def __getattr__(self, name):
        # the figure's own attributes (layout, data, ...) stay at hand; its display hooks do not, or IPython
        # would show the figure alone, without the image
        if name.startswith(("_ipython", "_repr")):
            raise AttributeError(name)
        return getattr(self.figure, name)

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = self.figure._repr_mimebundle_(include, exclude) or {}
        png = static_png(self.figure)
        if png is not None:
            bundle["image/png"] = base64.b64encode(png).decode("ascii")
        bundle.setdefault("text/plain", str(self.figure.layout.title.text or "figure"))
        return bundle


def static_png(figure: go.Figure) -> bytes | None:
    """The figure as PNG bytes, or None where no Chromium is installed (the interactive figure still shows).

    None too in a live JupyterLab session (the server names it in JPY_SESSION_NAME): there the reader has
    the interactive figure, and drawing every image as the notebook runs keeps the page waiting; a notebook
    executed headless (jupytext --execute, nbconvert --execute) carries the images.
    """
    if find_browser() is None or os.environ.get("JPY_SESSION_NAME"):
        return None
    import kaleido

    from .images import start_image_server

    start_image_server()
    content = kaleido.calc_fig_sync(figure.to_dict(), opts={"format": "png", "width": IMAGE_WIDTH,
                                                            "height": figure.layout.height or 600})
    if isinstance(content, BaseException):
        raise content
    return content


def notebook_figures(figures: dict[str, go.Figure]) -> dict[str, WithImage]:
    """Each figure wrapped to carry its static image in a notebook's output."""
    return {name: WithImage(figure) for name, figure in figures.items()}


def show_figures(figures: dict, names) -> list[str]:
    """Display each named figure (a notebook draws only a cell's last value otherwise); returns the names shown."""
    from IPython.display import display  # the notebook's own display; only imported where one runs

    shown = []
    for name in names:
        name = getattr(name, "figure_id", name)
        if name in figures:
            figure = figures[name]
            display(figure if isinstance(figure, WithImage) else WithImage(figure))
            shown.append(name)
    return shown
