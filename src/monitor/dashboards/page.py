"""The dashboard: every figure for an as-of date, in one self-contained offline HTML file."""

from __future__ import annotations

import datetime as dt
import html
import json
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from .. import cache
from ..actors import actor_labels
from ..dates import day_or_none
from ..figure_plan import figure_names, workspace_figures
from ..files import write_atomic
from ..milestones import milestones_known_on
from ..provenance import stamp
from ..scope import short_id
from ..sensitivity import left_out_sentence, public_manifest
from ..vocab import load_vocabulary
from . import figures as F
from . import indicator_figures as I
from . import tables
from ..brief import build_brief
from .brief import brief_html
from .phone import NARROW, phone_figure
from ..labels import check_language, text

PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}
SUMMARY_IDS = 10  # the summary names a status's paragraphs when there are at most this many
SCOPE_SYMBOLS = 6  # the subtitles and the summary name the resolutions covered when there are at most this many


def _symbols(data, as_of: dt.date | None = None, lang: str = "en") -> str:
    """The resolutions covered (those adopted by as_of), in order of adoption; past SCOPE_SYMBOLS, the first
    and the latest two and how many (a subtitle naming 150 symbols would fill a phone's screen)."""
    adopted = tables.adoption_dates(data.metadata)
    chosen = [r for r in sorted(adopted, key=adopted.get) if as_of is None or adopted[r] <= as_of]
    if len(chosen) > SCOPE_SYMBOLS:
        return text("scope_many", lang, first=", ".join(chosen[:2]), last=", ".join(chosen[-2:]), count=len(chosen))
    return ", ".join(chosen)


def _adoption(data, series_id: str | None = None) -> tuple[str, dt.date] | None:
    """The first resolution adopted (of one series, when given) and its date."""
    adopted = tables.adoption_dates(data.metadata)
    if series_id:
        members = set(data.series.loc[data.series["series_id"] == series_id, "resolution_id"])
        adopted = {r: d for r, d in adopted.items() if r in members}
    if not adopted:
        return None
    symbol = min(adopted, key=adopted.get)
    return symbol, adopted[symbol]


def addressees_by_country(data, lang: str) -> tuple[pd.DataFrame, dict[str, str]]:
    """The commitments with addressees a reader can tell apart, and their labels.

    With one country, the actor ids and labels bound to it ("Government of Haiti"). With several,
    an actor whose label names the country becomes '<actor>@<series>', so that no country's asks
    are counted under another's Government.
    """
    reference = data.workspace.reference
    countries = {s: data.series_country(s) for s in dict.fromkeys(data.series["series_id"])}
    if len(set(countries.values())) <= 1:
        return data.commitments, actor_labels(lang, reference, next(iter(countries.values()), None))
    series = data.series_of()
    names: dict[str, str] = {}
    per_series = {s: actor_labels(lang, reference, c) for s, c in countries.items()}
    shared = {a for a in next(iter(per_series.values())) if len({labels[a] for labels in per_series.values()}) == 1}
    keys = []
    for actor, resolution_id in zip(data.commitments["addressee"], data.commitments["resolution_id"]):
        if not isinstance(actor, str) or not actor:
            keys.append(actor)
            continue
        labels = per_series.get(series.get(resolution_id), {})
        key = actor if actor in shared else f"{actor}@{series.get(resolution_id)}"
        names[key] = labels.get(actor, actor)
        keys.append(key)
    return data.commitments.assign(addressee=keys), names


def _asks_shown(data, as_of: dt.date) -> pd.DataFrame:
    """The asks' status on as_of with what each asks (object, and the French clause) for the paragraph map."""
    asks = data.ask_status(as_of)
    if asks.empty:
        return asks
    clauses = data.asks.set_index("ask_id")["text_fr"]
    return asks.assign(text_fr=asks["ask_id"].map(clauses))


def dashboard_figures(data, as_of: dt.date, lang: str = "en") -> dict[str, go.Figure]:
    """Every dashboard figure for the workspace as of a date, by id, in the dashboard's order."""
    check_language(lang)
    reference = data.workspace.reference
    curated = data.curated
    status = tables.adopted_by(data.status(as_of), data.metadata, as_of)
    rank = F._ranks(reference)
    adoption = _adoption(data)
    scope = _symbols(data, as_of, lang)
    addressed, actor_names = addressees_by_country(data, lang)
    figures: dict[str, go.Figure] = {
        "status_overview": F.status_overview_figure(status, addressed, as_of, lang, reference, scope, actor_names),
        "paragraph_map": F.paragraph_map_figure(tables.paragraph_grid(
            status, data.commitments, lang=lang, asks=_asks_shown(data, as_of),
            actors={r: actor_labels(lang, reference, data.country_of(r)) for r in set(data.commitments["resolution_id"])}),
            as_of, lang, reference, symbols=scope),
        "status_history": F.status_history_figure(tables.status_history(data, as_of), as_of, lang, reference,
                                                  scope),
        "evolution": F.evolution_figure(
            tables.change_counts(tables.paragraph_changes(data.resolutions, data.commitments, as_of, data.alignments,
                                                          data.series_of()), reference),
            as_of, lang, reference, scope, adopted=tables.adoption_dates(data.metadata)),
    }
    observations, indicators = curated.observations, curated.indicators
    for spec in workspace_figures(data):
        first = _adoption(data, spec.series) or adoption
        if spec.kind == "count":
            figure = I.count_figure(spec, observations, indicators, as_of, lang, reference, events=curated.events,
                                    rules=curated.rules, adoption=first, confidence_rank=rank)
        elif spec.kind == "panels":
            figure = I.panels_figure(spec, observations, indicators, as_of, lang, reference, adoption=first,
                                     confidence_rank=rank)
        elif spec.kind == "percent":
            figure = I.percent_figure(spec, observations, indicators, as_of, lang, reference, adoption=first,
                                      confidence_rank=rank)
        elif spec.kind == "yesno":
            figure = I.yesno_figure(spec, observations, indicators, as_of, lang, reference, confidence_rank=rank)
        else:  # milestones and dates
            frame, deadline, label = milestones_known_on(data, spec, as_of)
            figure = I.milestones_figure(spec, frame, indicators, deadline, label, as_of, lang, reference)
        figures[spec.figure_id] = figure
    figures["reporting_calendar"] = F.reporting_calendar_figure(
        tables.session_table(reference),
        tables.reporting_items(data.commitments, curated.rules, curated.events, as_of), as_of, lang,
        reference, start=adoption[1] if adoption else None)
    names = figure_names(data.config.dashboard, workspace_figures(data))
    return {name: figures[name] for name in names if name in figures}


def summary(data, as_of: dt.date, lang: str = "en", status=None) -> dict:
    """The facts the dashboard's summary states: status counts, deadline states, overdue and disputed paragraphs."""
    if status is None:
        status = tables.adopted_by(data.status(as_of), data.metadata, as_of)
    counts = tables.status_counts(status, data.workspace.reference)
    states = status["deadline_state"].value_counts().to_dict()
    overdue = status[status["deadline_state"] == "overdue"]
    return {
        "date": as_of.isoformat(), "count": int(len(status)), "symbols": _symbols(data, as_of, lang),
        "statuses": counts[counts["count"] > 0].to_dict("records"),
        "deadlines": {k: int(states.get(k, 0)) for k in ("overdue", "due", "upcoming")}
        | {"met": int(states.get("met_on_time", 0) + states.get("met_late", 0))},
        "overdue": [f"{i} ({d})" for i, d in zip(tables.paragraph_labels(overdue), overdue["deadline"])],
        "disagreement": tables.paragraph_labels(status[status["disagreement"].astype(bool)]),
    }


def summary_table(data, as_of: dt.date, lang: str = "en") -> pd.DataFrame:
    """Status, its label, how many paragraphs and which, as of a date (resolutions adopted by then)."""
    status = tables.adopted_by(data.status(as_of), data.metadata, as_of)
    counts = tables.status_counts(status, data.workspace.reference)
    labels = F.status_styles(lang, data.workspace.reference).set_index("status_id")["label"]
    return counts.assign(label=counts["status"].map(labels))[["status", "label", "count", "paragraphs"]]


def deadline_table(data, as_of: dt.date, lang: str = "en") -> pd.DataFrame:
    """The deadlines as of a date, as a reader names them: overdue, due now, upcoming, met; and which paragraphs."""
    status = tables.adopted_by(data.status(as_of), data.metadata, as_of)
    groups = {"overdue": ("overdue",), "due": ("due",), "upcoming": ("upcoming",), "met": ("met_on_time", "met_late")}
    rows = []
    for key, states in groups.items():
        mine = status[status["deadline_state"].isin(states)]
        rows.append({"deadline_state": text(f"deadline_{key}", lang), "count": int(len(mine)),
                     "paragraphs": ", ".join(f"{p} ({d})" for p, d in zip(tables.paragraph_labels(mine), mine["deadline"]))})
    disputed = status[status["disagreement"].astype(bool)]
    rows.append({"deadline_state": text("assessors_disagree", lang), "count": int(len(disputed)),
                 "paragraphs": ", ".join(tables.paragraph_labels(disputed))})
    return pd.DataFrame(rows, columns=["deadline_state", "count", "paragraphs"])


def _summary_html(facts: dict, lang: str, reference) -> str:
    styles = F.status_styles(lang, reference).set_index("status_id")
    items = "".join(
        f'<li><span class="swatch" style="background:{styles.loc[s["status"], "colour"]}"></span>'
        f'{html.escape(styles.loc[s["status"], "label"])}: <b>{s["count"]}</b>'
        + (f' <span class="ids">({html.escape(s["paragraphs"])})</span>' if s["count"] <= SUMMARY_IDS else "")
        + "</li>" for s in facts["statuses"])
    lead = text("summary_lead", lang, date=facts["date"], count=facts["count"], symbols=facts["symbols"])
    parts = [f"<p>{html.escape(lead)}</p>",
             f'<ul class="counts">{items}</ul>',
             f"<p>{html.escape(text('summary_deadlines', lang, **facts['deadlines']))}"]
    if facts["overdue"]:
        parts.append(" " + html.escape(text("summary_overdue", lang, items=", ".join(facts["overdue"]))))
    if facts["disagreement"]:
        parts.append(" " + html.escape(text("summary_disagreement", lang, items=", ".join(facts["disagreement"]))))
    parts.append(f"</p><p class=\"note\">{html.escape(text('summary_offline', lang))}</p>")
    return "".join(parts)


def _provenance_html(manifest: dict, lang: str, left_out: str = "") -> str:
    built = text("provenance_built", lang, built_at=manifest["built_at"], tool=manifest["tool"],
                 version=manifest["version"], commit=manifest["commit"] or "—", workspace=manifest["workspace"])
    inputs = "".join(f"<li>{html.escape(text('provenance_input', lang, **i))}</li>" for i in manifest["inputs"])
    raw = html.escape(json.dumps(manifest, indent=2, ensure_ascii=False))
    public = f'<p class="public" id="left-out">{html.escape(left_out)}</p>' if left_out else ""
    return (f'<footer id="provenance"><h2>{html.escape(text("provenance", lang))}</h2>{public}<p>{html.escape(built)}</p>'
            f'<ul>{inputs}</ul><details><summary>JSON</summary><pre>{raw}</pre></details></footer>')


_STYLE = """
body{font-family:"DejaVu Sans",Arial,sans-serif;margin:0 auto;max-width:1200px;padding:1em 1.5em;color:#222}
h1{font-size:1.5em;margin:.2em 0}.summary{border:1px solid #ccc;border-radius:4px;padding:.5em 1em;background:#fafafa}
ul.counts{columns:2;list-style:none;padding:0}ul.counts li{margin:.15em 0}
.swatch{display:inline-block;width:.9em;height:.9em;border:1px solid #555;margin-right:.4em;vertical-align:middle}
.ids{color:#666;font-size:.85em}.note{color:#555;font-size:.9em}section.figure{margin:1.5em 0;break-inside:avoid}
section.figure,section.figure .js-plotly-plot{max-width:100%}
footer{border-top:1px solid #ccc;margin-top:2em;font-size:.85em;color:#444}pre{white-space:pre-wrap}
footer,pre,p,li{overflow-wrap:anywhere}
@media (max-width:600px){body{padding:.6em 20px}h1{font-size:1.25em}section.figure{margin:1em 0}}
"""

# Each figure drawn in its phone layout while narrower than NARROW px, in its own layout again when wider
# (a phone turned sideways); <html data-fitted> holds the window width the figures were last fitted to.
_FIT_SCRIPT = """<script type="text/javascript">(function () {
  var narrow = %d, saved = {};
  function fit() {
    var drawn = [];
    document.querySelectorAll('section.figure .js-plotly-plot').forEach(function (div) {
      var phone = document.getElementById('phone-' + div.id), small = div.parentNode.clientWidth < narrow;
      var wanted = small ? 'phone' : 'desktop';
      if (!phone || (div.dataset.fitted || 'desktop') === wanted) { div.dataset.fitted = wanted; return; }
      var box = div.parentNode;  // plotly's wrapper, whose height is the figure's
      if (!saved[div.id]) saved[div.id] = {data: div.data, layout: div.layout, height: box.style.height};
      var chosen = small ? JSON.parse(phone.textContent) : saved[div.id];
      div.dataset.fitted = wanted;
      box.style.height = small ? chosen.layout.height + 'px' : saved[div.id].height;
      try { drawn.push(Plotly.react(div, chosen.data, chosen.layout)); } catch (error) { console.error(div.id, error); }
    });
    Promise.all(drawn).then(function () { document.documentElement.dataset.fitted = window.innerWidth; });
  }
  var timer;
  window.addEventListener('resize', function () { clearTimeout(timer); timer = setTimeout(fit, 150); });
  if (document.readyState === 'complete') fit(); else window.addEventListener('load', fit);
})();</script>""" % NARROW


def _phone_json(name: str, figure: go.Figure, workspace=None) -> str:
    """The figure's phone layout as a JSON island beside it ('</' escaped so that no text ends the script),
    kept in the workspace's cache on the figure and the code: after a `record`, only the figures it changed
    are laid out again."""
    key = cache.digest("phone", cache.code_digest(), figure.to_json()) if workspace is not None else ""
    body = cache.load(workspace, "phone", key) if workspace is not None else None
    if not isinstance(body, str):
        body = phone_figure(figure).to_json().replace("</", "<\\/")
        if workspace is not None:
            cache.store(workspace, "phone", key, body, keep=256)
    return f'<script type="application/json" id="phone-fig-{name}">{body}</script>'


def _status_colours(lang: str, reference) -> dict[str, str]:
    styles = F.status_styles(lang, reference)
    return dict(zip(styles["status_id"], styles["colour"]))


def render_dashboard(data, as_of: dt.date, lang: str = "en", figures: dict[str, go.Figure] | None = None) -> str:
    """The dashboard's HTML: plotly.js inlined once, the summary, every figure, the provenance stamp."""
    check_language(lang)
    figures = figures if figures is not None else dashboard_figures(data, as_of, lang)
    reference = data.workspace.reference
    status = tables.adopted_by(data.status(as_of), data.metadata, as_of)
    inputs = [{"symbol": s.symbol, "file": str(s.file.relative_to(data.workspace.root)), "sha256": s.sha256}
              for s in data.sources]
    manifest = stamp(data.workspace.root, as_of, inputs)
    if data.left_out is not None:
        manifest.update(public_manifest(data.left_out))
    title = data.title(lang)
    sections = []
    for name, figure in figures.items():
        div = figure.to_html(full_html=False, include_plotlyjs=False, include_mathjax=False, div_id=f"fig-{name}",
                             config=PLOTLY_CONFIG | {"toImageButtonOptions": {"filename": f"{name}-{as_of}"}})
        sections.append(f'<section class="figure" id="section-{name}">{div}{_phone_json(name, figure, data.workspace)}</section>')
    return "\n".join([
        "<!DOCTYPE html>",
        f'<html lang="{lang}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(title)} · {as_of.isoformat()}</title><style>{_STYLE}</style>",
        f'<script type="text/javascript">{get_plotlyjs()}</script>',
        "</head><body>",
        f"<header><h1>{html.escape(title)}</h1>"
        f"<p>{html.escape(text('as_of', lang, date=as_of.isoformat()))}</p></header>",
        brief_html(build_brief(data, as_of, lang), _status_colours(lang, reference)),
        f'<div class="summary" id="summary">{_summary_html(summary(data, as_of, lang, status), lang, reference)}</div>',
        *sections,
        _provenance_html(manifest, lang, left_out_sentence(data.left_out, lang)),
        _FIT_SCRIPT,
        "</body></html>",
    ])


def write_dashboard(data, as_of: dt.date, path: Path, lang: str = "en", *,
                    figures: dict[str, go.Figure] | None = None) -> Path:
    """Write the dashboard for as_of to path (through a temporary file and a rename); return the path."""
    content = render_dashboard(data, as_of, lang, figures)
    path = Path(path)
    write_atomic(path, content)
    return path


__all__ = ["dashboard_figures", "render_dashboard", "summary",
           "write_dashboard"]
