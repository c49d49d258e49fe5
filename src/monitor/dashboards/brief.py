"""The brief at the top of the dashboard: the same monitor.brief the workbook's first sheet prints."""

from __future__ import annotations

import html

from .. import labels as L
from ..brief import Brief, SeriesBrief
from ..citations import Citation, citation


def _e(value) -> str:
    return html.escape(str(value), quote=True)


def _link(item: Citation) -> str:
    """A source part: a link only for http(s) and UN symbols (monitor.citations), never a script."""
    if item.url:
        return f'<a href="{_e(item.url)}" rel="noopener noreferrer" title="{_e(item.text)}">{_e(item.label)}</a>'
    return _e(item.label)


def _counts(title: str, counts, styles, lang: str) -> str:
    colon = L.book_text("colon", lang)
    items = "".join(
        f'<li><span class="swatch" style="background:{_e(styles.get(c.status, "#ccc"))}"></span>{_e(c.label)}{_e(colon)}'
        f"<b>{c.count}</b></li>" for c in counts)
    return f'<h4>{_e(title)}</h4><ul class="counts">{items}</ul>'


def _series_html(part: SeriesBrief, lang: str, styles: dict[str, str], several: bool) -> str:
    resolution = _link(citation(part.resolution, lang)) if part.resolution else "—"
    adopted = L.text("brief:adopted", lang, date=L.long_date(part.adopted, lang)) if part.adopted else ""
    colon = L.book_text("colon", lang)
    earlier = ", ".join(f"{_link(citation(r, lang))} ({day.year})" if day else _link(citation(r, lang))
                        for r, day in part.predecessors) or _e(L.text("brief:no_predecessor", lang))
    parts = [f"<h3>{_e(part.label)}</h3>" if several else "",
             f'<p class="in-force"><b>{_e(L.text("brief:in_force", lang))}{_e(colon)}</b>{resolution}, '
             f"{_e(adopted)}{_e(colon) if part.title else ''}{_e(part.title)}</p>",
             f'<p class="note">{_e(L.text("brief:predecessors", lang))}{_e(colon)}{earlier}</p>',
             '<div class="brief-counts">',
             _counts(L.text("brief:asked", lang, count=part.asked_total), part.asked, styles, lang),
             _counts(L.text("brief:council", lang, count=part.council_total), part.council, styles, lang),
             "</div>",
             f'<h4>{_e(L.text("brief:overdue", lang, count=len(part.overdue) + part.more_overdue))}</h4>']
    if part.overdue:
        rows = "".join(f"<li><b>{_e(a.paragraph)}</b> ({_e(a.addressee)}, {_e(L.long_date(a.deadline, lang))}, "
                       f"{_e(a.status_label)}){_e(colon)}{_e(a.text)}</li>" for a in part.overdue)
        parts.append(f'<ul class="overdue">{rows}</ul>')
        if part.more_overdue:
            parts.append(f"<p>{_e(L.text('brief:more_overdue', lang, count=part.more_overdue, sheet=L.sheet_name('asks', lang)))}</p>")
    else:
        parts.append(f"<p>{_e(L.text('brief:overdue_none', lang))}</p>")
    if part.earlier_overdue:
        parts.append(f'<p class="note">{_e(L.text("brief:earlier_overdue", lang, count=part.earlier_overdue, sheet=L.sheet_name("asks", lang)))}</p>')
    parts.append(f'<h4>{_e(L.text("brief:indicators", lang))}</h4>')
    if not part.indicators:
        parts.append(f"<p>{_e(L.text('brief:no_indicator', lang))}</p>")
    else:
        rows = []
        for item in part.indicators:
            value = item.value if item.value != "—" else L.text("brief:no_value", lang)
            sources = "; ".join(_link(c) for c in item.sources)
            when = f" ({_e(L.long_date(item.date, lang))})" if item.date else ""
            trust = f", {_e(item.confidence)}" if item.confidence else ""
            rows.append(f"<li>{_e(item.name)}{_e(colon)}<b>{_e(value)}</b>{when}"
                        + (f' <span class="source">— {sources}{trust}</span>' if sources else "") + "</li>")
        parts.append(f'<ul class="key-indicators">{"".join(rows)}</ul>')
    return f'<section class="brief-series" id="brief-{_e(part.series_id or "all")}">{"".join(parts)}</section>'


# the brief's own rules, kept with it; narrow screens stack the two count lists
STYLE = """<style>
.brief{border:2px solid #1F3864;border-radius:4px;padding:.5em 1em;margin:1em 0;background:#fff}
.brief h2{font-size:1.2em;margin:.3em 0;color:#1F3864}.brief h3{margin:.6em 0 .2em}.brief h4{margin:.8em 0 .2em}
.brief-counts{display:flex;flex-wrap:wrap;gap:0 2em}.brief-counts>*{flex:1 1 16em}
.brief ul{padding-left:1.2em;margin:.2em 0}.brief ul.counts{columns:1;padding:0}
.brief li,.brief p{overflow-wrap:anywhere}.brief .source{color:#444;font-size:.9em}
</style>"""


def brief_html(brief: Brief, status_colours: dict[str, str]) -> str:
    """The brief as an HTML block: every value escaped, every link an http(s) or UN document address."""
    lang = brief.lang
    heading = L.text("brief:as_of", lang, date=L.long_date(brief.as_of, lang))
    series = "".join(_series_html(p, lang, status_colours, len(brief.series) > 1) for p in brief.series)
    return STYLE + f'<div class="brief" id="brief"><h2>{_e(L.text("brief:title", lang))} · {_e(heading)}</h2>{series}</div>'
