"""The workspace file, workspace.yml: what a workspace tracks, its names, languages, series and figures."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import InputError

CONFIG_FILE = "workspace.yml"
LANGUAGES = ("en", "fr")
# Figure kinds the dashboard draws from data (monitor.dashboards.figures.INDICATOR_FIGURES and the milestones);
# the status figures are always there unless hidden by name.
FIGURE_KINDS = ("count", "panels", "percent", "yesno", "date", "milestones")
STATUS_FIGURES = ("status_overview", "paragraph_map", "status_history", "evolution", "reporting_calendar")
_TOP_KEYS = ("title", "short_name", "languages", "series", "dashboard")
_SERIES_KEYS = ("id", "title", "country", "resolutions")
_DASHBOARD_KEYS = ("figures", "hide", "key_indicators")
_FIGURE_KEYS = ("id", "kind", "title", "indicators", "markers", "event_types", "schedules", "series")
_SHORT_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,59}")
_ID = re.compile(r"[a-z0-9][a-z0-9_-]*")


@dataclass(frozen=True)
class FigureConfig:
    """One figure the workspace asks for: a kind and the indicators or event types it draws."""

    figure_id: str
    kind: str
    title: dict[str, str] = field(default_factory=dict)  # lang -> title; empty: the figure's own default
    indicators: tuple[str, ...] = ()
    markers: tuple[str, ...] = ()  # count figures: counts drawn as markers on a second axis
    event_types: tuple[str, ...] = ()  # milestones: the event types drawn
    schedules: tuple[str, ...] = ()  # milestones: date indicators (a scheduled date, as announced)
    series: str | None = None  # only this series' commitments (deadlines) and events


@dataclass(frozen=True)
class SeriesConfig:
    """Resolutions that renew one another, with the country they concern."""

    series_id: str
    resolutions: tuple[str, ...]
    title: dict[str, str] = field(default_factory=dict)
    country: dict[str, str] = field(default_factory=dict)  # lang -> name, overriding the one read from the title


@dataclass(frozen=True)
class DashboardConfig:
    figures: tuple[FigureConfig, ...] | None = None  # None: one figure per indicator, chosen by its type
    hide: tuple[str, ...] = ()  # figure ids or indicator ids left out
    key_indicators: tuple[str, ...] = ()  # the brief's indicators; empty: all


@dataclass(frozen=True)
class WorkspaceConfig:
    title: dict[str, str] = field(default_factory=dict)  # lang -> title; empty: from the first resolution
    short_name: str = ""  # used in file names; empty: from the first resolution
    languages: tuple[str, ...] = LANGUAGES
    series: tuple[SeriesConfig, ...] = ()  # empty: detected from the resolutions' titles
    dashboard: DashboardConfig = field(default_factory=DashboardConfig)
    path: Path | None = None  # the file it was read from, if any

    def title_in(self, lang: str, fallback: str = "") -> str:
        return self.title.get(lang) or self.title.get("en") or fallback


def _fail(path: Path, key: str, message: str):
    raise InputError(f"{path}: {key}: {message}")


def _text_map(value, path: Path, key: str) -> dict[str, str]:
    """A label given as one string (English) or as {en: ..., fr: ...}."""
    if value is None or value == "":
        return {}
    if isinstance(value, str):
        return {"en": value.strip()}
    if isinstance(value, dict):
        unknown = [k for k in value if k not in LANGUAGES]
        if unknown:
            _fail(path, f"{key}.{unknown[0]}", f"unknown language (allowed: {', '.join(LANGUAGES)})")
        bad = [k for k, v in value.items() if not isinstance(v, str)]
        if bad:
            _fail(path, f"{key}.{bad[0]}", "must be text")
        return {k: v.strip() for k, v in value.items() if v and v.strip()}
    _fail(path, key, "must be text or a mapping of languages (en, fr) to text")


def _id_list(value, path: Path, key: str, pattern: re.Pattern | None = _ID) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        _fail(path, key, "must be a list of ids")
    for item in value:
        if pattern is not None and not pattern.fullmatch(item):
            _fail(path, key, f"{item!r} is not an id (lower-case letters, digits, '_' and '-')")
    return tuple(value)


def _mapping(value, path: Path, key: str, allowed: tuple[str, ...]) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        _fail(path, key, "must be a mapping")
    unknown = [k for k in value if k not in allowed]
    if unknown:
        _fail(path, f"{key}.{unknown[0]}" if key else str(unknown[0]), f"unknown key (allowed: {', '.join(allowed)})")
    return value


def _figure(raw, path: Path, key: str) -> FigureConfig:
    raw = _mapping(raw, path, key, _FIGURE_KEYS)
    kind = raw.get("kind")
    if kind not in FIGURE_KINDS:
        _fail(path, f"{key}.kind", f"{kind!r} is not a figure kind (allowed: {', '.join(FIGURE_KINDS)})")
    figure_id = raw.get("id")
    if not isinstance(figure_id, str) or not _ID.fullmatch(figure_id):
        _fail(path, f"{key}.id", "each figure needs an id (lower-case letters, digits, '_' and '-')")
    figure = FigureConfig(
        figure_id=figure_id, kind=kind, title=_text_map(raw.get("title"), path, f"{key}.title"),
        indicators=_id_list(raw.get("indicators"), path, f"{key}.indicators"),
        markers=_id_list(raw.get("markers"), path, f"{key}.markers"),
        event_types=_id_list(raw.get("event_types"), path, f"{key}.event_types"),
        schedules=_id_list(raw.get("schedules"), path, f"{key}.schedules"),
        series=raw.get("series") or None,
    )
    if kind == "milestones" and not (figure.event_types or figure.schedules):
        _fail(path, key, "a milestones figure names event_types or schedules (date indicators)")
    if kind != "milestones" and not figure.indicators:
        _fail(path, f"{key}.indicators", f"a {kind} figure names the indicators it draws")
    return figure


def parse_config(raw, path: Path) -> WorkspaceConfig:
    """A WorkspaceConfig from the YAML's content; a wrong or unknown key is refused, naming it."""
    raw = _mapping(raw, path, "", _TOP_KEYS)
    short_name = raw.get("short_name") or ""
    if short_name and (not isinstance(short_name, str) or not _SHORT_NAME.fullmatch(short_name)):
        _fail(path, "short_name", f"{short_name!r} must be lower-case letters, digits and '-' (it names files)")
    languages = _id_list(raw.get("languages"), path, "languages", None) or LANGUAGES
    unknown = [lang for lang in languages if lang not in LANGUAGES]
    if unknown:
        _fail(path, "languages", f"unknown language {unknown[0]!r} (allowed: {', '.join(LANGUAGES)})")
    series_raw = raw.get("series") or []
    if not isinstance(series_raw, list):
        _fail(path, "series", "must be a list of series")
    series, seen = [], set()
    for index, item in enumerate(series_raw):
        key = f"series[{index}]"
        item = _mapping(item, path, key, _SERIES_KEYS)
        series_id = item.get("id")
        if not isinstance(series_id, str) or not _ID.fullmatch(series_id):
            _fail(path, f"{key}.id", "each series needs an id (lower-case letters, digits, '_' and '-')")
        if series_id in seen:
            _fail(path, f"{key}.id", f"series {series_id!r} is named twice")
        seen.add(series_id)
        resolutions = _id_list(item.get("resolutions"), path, f"{key}.resolutions", None)
        if not resolutions:
            _fail(path, f"{key}.resolutions", "a series lists its resolutions by symbol")
        series.append(SeriesConfig(series_id, resolutions, _text_map(item.get("title"), path, f"{key}.title"),
                                   _text_map(item.get("country"), path, f"{key}.country")))
    claimed: dict[str, str] = {}
    for entry in series:
        for symbol in entry.resolutions:
            if symbol in claimed:
                _fail(path, "series", f"{symbol} is in both {claimed[symbol]!r} and {entry.series_id!r}")
            claimed[symbol] = entry.series_id
    board = _mapping(raw.get("dashboard"), path, "dashboard", _DASHBOARD_KEYS)
    figures = None
    if board.get("figures") is not None:
        if not isinstance(board["figures"], list):
            _fail(path, "dashboard.figures", "must be a list of figures")
        figures = tuple(_figure(f, path, f"dashboard.figures[{i}]") for i, f in enumerate(board["figures"]))
        ids = [f.figure_id for f in figures]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            _fail(path, "dashboard.figures", f"figure id {twice[0]!r} is used twice")
    dashboard = DashboardConfig(figures, _id_list(board.get("hide"), path, "dashboard.hide"),
                                _id_list(board.get("key_indicators"), path, "dashboard.key_indicators"))
    return WorkspaceConfig(_text_map(raw.get("title"), path, "title"), short_name, tuple(languages), tuple(series),
                           dashboard, path)


def load_config(root: Path) -> WorkspaceConfig:
    """The workspace's workspace.yml, or the defaults where it has none."""
    path = Path(root) / CONFIG_FILE
    if not path.is_file():
        return WorkspaceConfig()
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot be read ({exc.__class__.__name__})") from None
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" at line {where.line + 1}" if where is not None else ""
        raise InputError(f"{path}: not valid YAML{line} ({getattr(exc, 'problem', None) or exc.__class__.__name__})") from None
    return parse_config(raw if raw is not None else {}, path)


def check_references(config: WorkspaceConfig, resolutions: set[str], indicators: dict[str, str],
                     event_types: set[str]) -> None:
    """Refuse names in the file that the workspace does not hold (indicators: id -> type)."""
    path = config.path or Path(CONFIG_FILE)
    for index, entry in enumerate(config.series):
        for symbol in entry.resolutions:
            if symbol not in resolutions:
                _fail(path, f"series[{index}].resolutions", f"no resolution {symbol!r} in the workspace")
    series_ids = {s.series_id for s in config.series}
    for index, figure in enumerate(config.dashboard.figures or ()):
        key = f"dashboard.figures[{index}]"
        for name in ("indicators", "markers", "schedules"):
            for indicator_id in getattr(figure, name):
                if indicator_id not in indicators:
                    _fail(path, f"{key}.{name}", f"no indicator {indicator_id!r} in data/curated/indicators.csv")
        for indicator_id in figure.schedules:
            if indicators[indicator_id] != "date":
                _fail(path, f"{key}.schedules", f"{indicator_id!r} is a {indicators[indicator_id]} indicator, not a date")
        for event_type in figure.event_types:
            if event_type not in event_types:
                _fail(path, f"{key}.event_types", f"unknown event type {event_type!r} (see the event_types vocabulary)")
        if figure.series and series_ids and figure.series not in series_ids:
            _fail(path, f"{key}.series", f"no series {figure.series!r} in the file")
    for indicator_id in config.dashboard.key_indicators:
        if indicator_id not in indicators:
            _fail(path, "dashboard.key_indicators", f"no indicator {indicator_id!r} in data/curated/indicators.csv")


def slugify(text: str) -> str:
    """A short name from a country or a title: 'the Central African Republic' -> 'central-african-republic'."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    plain = re.sub(r"^the\s+", "", plain)
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:50] or "workspace"


_TEMPLATE = """\
# What this workspace tracks. `monitor init` wrote this file; edit it by hand.
# Every key is optional; a wrong or unknown key is refused with its name.
title:                 # the deliverables' title; empty: taken from the first resolution added
  en: {title_en}
  fr: {title_fr}
short_name: {short_name}        # names the files (<short_name>-<as-of>.xlsx); empty: from the first resolution
languages: [en, fr]    # the languages the deliverables are built in (the first is the default)
# series:              # which resolutions renew one another; empty: detected from their titles
#   - id: my-country
#     resolutions: [A/HRC/RES/54/31, A/HRC/RES/57/35]
#     country: {{en: the Central African Republic, fr: République centrafricaine}}   # if the title does not say it
# dashboard:
#   key_indicators: [indicator_id]          # the brief's indicators; empty: all
#   hide: [figure_or_indicator_id]           # leave figures out
#   figures:                                 # empty: one figure per indicator, chosen by its type
#     - {{id: testimonies, kind: count, indicators: [indicator_id], markers: [another_count_id]}}
#     - {{id: integration, kind: panels, indicators: [stock_id, batch_id, plan_id]}}
#     - {{id: elections, kind: milestones, event_types: [election_scheduled, election_postponed, election_held],
#        schedules: [date_indicator_id]}}
"""


def _quoted(value: str) -> str:
    return yaml.safe_dump(value, default_style='"', allow_unicode=True).strip() if value else '""'


def initial_config(title_en: str = "", title_fr: str = "", short_name: str = "") -> str:
    """The text `monitor init` writes: the keys with their values and a commented example of the rest."""
    if short_name and not _SHORT_NAME.fullmatch(short_name):
        raise InputError(f"--short-name {short_name!r}: use lower-case letters, digits and '-' (it names files)")
    text = _TEMPLATE.format(title_en=_quoted(title_en), title_fr=_quoted(title_fr), short_name=_quoted(short_name))
    parse_config(yaml.safe_load(text), Path(CONFIG_FILE))  # what init writes always loads
    return text


def fill_missing_names(root: Path, title: dict[str, str], short_name: str) -> bool:
    """Write a title and short name into workspace.yml where it leaves them empty (after the first `add`).

    Only the empty values' lines change, so the user's comments and other keys stay as they are.
    Returns whether the file changed.
    """
    from .files import write_atomic

    path = Path(root) / CONFIG_FILE
    if not path.is_file():
        return False
    config = load_config(root)
    text = path.read_text(encoding="utf-8")
    changed = text
    if not config.short_name and short_name:
        changed = re.sub(r'(?m)^short_name:[ \t]*(?:""|\'\'|~|null)?[ \t]*(#.*)?$',
                         lambda m: f"short_name: {_quoted(short_name)}" + (f"        {m.group(1)}" if m.group(1) else ""),
                         changed, count=1)
    for lang in LANGUAGES:
        if not config.title.get(lang) and title.get(lang):
            changed = re.sub(rf'(?m)^(\s+){lang}:[ \t]*(?:""|\'\'|~|null)?[ \t]*$',
                             lambda m, lang=lang: f"{m.group(1)}{lang}: {_quoted(title[lang])}", changed, count=1)
    if changed == text:
        return False
    parse_config(yaml.safe_load(changed), path)
    write_atomic(path, changed)
    return True
