"""The workspace's way through: raw resolutions -> paragraphs -> commitments, loaded and checked."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from dataclasses import dataclass, field

import pandas as pd

from .ask_status import ask_status_as_of, roll_up
from . import cache, forked
from .asks import ASK_SCHEMA, ask_counts, build_asks
from .commitments import COMMITMENT_SCHEMA, build_commitments, retarget
from .config import WorkspaceConfig, check_references, load_config, slugify
from .corrections import current_tables
from .curated import CuratedTables
from .country import find_country
from .curation import (ANNOTATIONS_FILE, apply_annotations, apply_ask_annotations, carry_paragraph_curation,
                       check_annotations, read_annotations)
from .errors import InputError
from .events import load_events
from .assessments import load_assessments
from .ledger import ChainBroken, large, read_ahead
from .observations import OBSERVATION_SCHEMA, OBSERVATIONS_FILE, load_observations
from .diff import align
from .lineage import build_lineage
from .parse import Resolution, describe, paragraphs_frame, parse_path, references_frame
from .problems import Problem, errors_only, problems_frame
from .series import SERIES_COLUMNS, assign_series, series_map
from .sources import RawResolution, list_raw
from .status import Ledgers, status_as_of
from .translations import choose_primary, pair_paragraphs
from .validate import check_ledgers
from .vocab import load_vocabulary, vocabulary_values
from .workspace import Workspace


_CACHE_KEY = "cache key"  # in WorkspaceData._statuses: the key the whole workspace was loaded under


@dataclass
class WorkspaceData:
    workspace: Workspace
    sources: list[RawResolution]
    resolutions: list[Resolution]
    metadata: pd.DataFrame
    paragraphs: pd.DataFrame
    references: pd.DataFrame
    commitments: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    curated: CuratedTables = field(default_factory=CuratedTables)
    alignments: dict[tuple[str, str], pd.DataFrame] = field(default_factory=dict)  # consecutive renewals
    config: WorkspaceConfig = field(default_factory=WorkspaceConfig)
    series: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=SERIES_COLUMNS))
    asks: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=ASK_SCHEMA.column_names))
    # a public view's rows left out per ledger (monitor.sensitivity.public_only); None: every row is in
    left_out: dict | None = None
    # every row of the ledgers, corrected and withdrawn ones too: what was known on an earlier day
    # (`status --known-on`) is computed from it; `curated` holds the rows that count now
    recorded: CuratedTables | None = None
    _statuses: dict = field(default_factory=dict, repr=False)

    def series_of(self) -> dict[str, str]:
        """resolution_id -> series id."""
        return series_map(self.series)

    def country_of(self, resolution_id: str):
        """The monitor.country.Country a resolution concerns (None where none is read)."""
        found = {r.resolution_id: r for r in self.resolutions}.get(resolution_id)
        return found.country_names if found is not None else None

    def series_country(self, series_id: str):
        """The one country a series' resolutions share (None where they name none or differ)."""
        from .country import common_country

        members = set(self.series.loc[self.series["series_id"] == series_id, "resolution_id"])
        return common_country(r.country_names for r in self.resolutions if r.resolution_id in members)

    def title(self, lang: str = "en") -> str:
        """The deliverables' title: the workspace file's, else from the first series' country or title."""
        if self.config.title_in(lang):
            return self.config.title_in(lang)
        return default_title(self.series, lang)

    @property
    def short_name(self) -> str:
        """What names the files: the workspace file's short name, else from the first series."""
        return self.config.short_name or default_short_name(self.series)

    def issues(self) -> pd.DataFrame:
        return problems_frame(self.problems)

    def ledgers(self, known_on=None) -> Ledgers:
        """The evidence a status is computed from: with known_on, every recorded row (Ledgers.known_on
        keeps those recorded by then and applies only the corrections known by then)."""
        confidence = load_vocabulary("confidence", self.workspace.reference)
        tables = self.recorded if known_on is not None and self.recorded is not None else self.curated
        return Ledgers(
            commitments=self.commitments,
            resolutions=self.metadata if not self.metadata.empty else pd.DataFrame(columns=["resolution_id", "adoption_date"]),
            indicators=self.curated.indicators,
            observations=tables.observations,
            events=tables.events,
            assessments=self.curated.assessments,
            rules=self.curated.rules,
            confidence_rank=dict(zip(confidence["confidence_id"], confidence["rank"].astype(int))),
        )

    def status(self, as_of, known_on=None) -> pd.DataFrame:
        """Status as of a date, each paragraph's rolled up from its asks; computed once per date, as the
        workbook, dashboard and build all ask."""
        return self._status_pair(as_of, known_on)[0].copy()

    def ask_status(self, as_of, known_on=None) -> pd.DataFrame:
        """Every ask's status as of a date, beside its paragraph's (monitor.ask_status)."""
        return self._status_pair(as_of, known_on)[1].copy()

    @property
    def cache_key(self) -> str | None:
        """The digest this workspace was loaded under (monitor.cache); None for a view (public, snapshot)."""
        return self._statuses.get(_CACHE_KEY)

    def derived(self, kind: str, parts: tuple, compute):
        """compute(), a table derived from this workspace and parts, kept in the workspace's cache; a view
        (public, snapshot: see _status_pair) has no cache key and computes it afresh."""
        stored = self._statuses.get(_CACHE_KEY)
        if stored is None:
            return compute()
        key = cache.digest(stored, kind, parts)
        found = cache.load(self.workspace, kind, key)
        if found is None:
            found = compute()
            cache.store(self.workspace, kind, key, found)
        return found

    def _status_pair(self, as_of, known_on):
        key = (as_of, known_on)
        if key not in self._statuses:
            # the workspace's cache key sits in the in-memory cache, so a view made with dataclasses.replace(...,
            # _statuses={}) (public, snapshot) never reads statuses stored for the whole workspace
            stored = self._statuses.get(_CACHE_KEY)
            if stored is not None:
                found = cache.load(self.workspace, "status", cache.digest(stored, as_of, known_on))
                if isinstance(found, tuple) and len(found) == 2:
                    self._statuses[key] = found
                    return found
            ledgers = self.ledgers(known_on)
            own = status_as_of(ledgers, as_of, known_on)
            asks = ask_status_as_of(ledgers, self.asks, own, as_of, known_on)
            opens = dict(zip(self.commitments["commitment_id"], self.commitments["deadline_opens"]))
            rolled = roll_up(own, asks, opens)
            asks["paragraph_status"] = asks["commitment_id"].map(dict(zip(rolled["commitment_id"], rolled["status"])))
            self._statuses[key] = (rolled, asks)
            if stored is not None:
                cache.store(self.workspace, "status", cache.digest(stored, as_of, known_on), (rolled, asks), keep=256)
        return self._statuses[key]


def default_title(series: pd.DataFrame, lang: str = "en") -> str:
    """'Haiti resolution monitor' from the first series' country (its title where no country is read)."""
    if series.empty:
        return "Resolution monitor" if lang == "en" else "Suivi des résolutions"
    first = series.iloc[0]
    country = first["country"] if lang == "en" else (first["country_fr"] or first["country"])
    if isinstance(country, str) and country:
        name = country[4:] if lang == "en" and country.startswith("the ") else country
        return f"{name} resolution monitor" if lang == "en" else f"Suivi des résolutions : {name}"
    return str(first[f"series_title_{lang}"] or first["series_title_en"])


def default_short_name(series: pd.DataFrame) -> str:
    if series.empty:
        return "monitor"
    first = series.iloc[0]
    return f"{slugify(first['country'] or first['series_title_en'] or first['series_id'])}-monitor"


def load_resolution(source: RawResolution, workspace: Workspace) -> Resolution:
    source.verify()
    resolution = parse_path(source.file, workspace.reference)
    if resolution.symbol and resolution.symbol != source.symbol:
        raise InputError(
            f"{source.file}: the text is {resolution.symbol} but source.yml says {source.symbol}"
        )
    resolution.symbol = source.symbol
    resolution.warnings = [w for w in resolution.warnings if "no document symbol" not in w[1]]
    if resolution.title is None:
        resolution.title = source.title
    if resolution.adoption_date is None:
        resolution.adoption_date = source.adoption_date
    # subjects given with `monitor add --subject` join those the XML's classification gives (text and PDF give none)
    resolution.subjects = list(dict.fromkeys([*resolution.subjects, *source.subjects]))
    return resolution


def load_workspace(workspace: Workspace, strict: bool = True) -> WorkspaceData:
    """Parse every raw resolution, build commitments and apply curation; bad data raises InputError.

    Results are kept in the workspace's cache (monitor.cache): each resolution's parse, commitments and asks
    on its raw files, the vocabularies and the code; the whole WorkspaceData on those and the curated files,
    so a query after `record` redoes only what follows the curated tables, and one after nothing, nothing.
    """
    workspace.check()
    config = load_config(workspace.root)
    sources = list_raw(workspace.raw)
    for source in sources:
        source.verify()  # on every load, cached or not: a raw file edited since it was recorded is refused
    groups: dict[str, list[RawResolution]] = {}
    for source in sources:
        groups.setdefault(source.symbol, []).append(source)
    overrides = {symbol: entry.country.get("en") for entry in config.series if entry.country.get("en")
                 for symbol in entry.resolutions}
    code, reference = cache.code_digest(), cache.files_digest(workspace.reference)
    group_keys = {symbol: cache.digest("resolution", code, reference, overrides.get(symbol),
                                       [(str(s.file), s.sha256, repr(sorted(s.record.items(), key=str)))
                                        for s in group])
                  for symbol, group in groups.items()}
    whole_key = cache.digest("workspace", code, reference, list(group_keys.values()),
                             cache.files_digest(workspace.curated), cache.file_digest(workspace.root / "workspace.yml"),
                             strict, str(workspace.root),
                             dt.date.today().isoformat())  # the ledgers' checks refuse dates after today
    cached = cache.load(workspace, "workspace", whole_key)
    if isinstance(cached, WorkspaceData) and isinstance(cached.recorded, CuratedTables):
        cached.workspace, cached.sources = workspace, sources
        cached._statuses = {_CACHE_KEY: whole_key}
        return _with_ledgers(cached)
    resolutions: list[Resolution] = []
    french: dict[str, dict[str, str]] = {}  # resolution_id -> paragraph_id -> French text
    problems: list[Problem] = []
    frames, ask_frames = [], []
    kept = {symbol: cache.load(workspace, "resolution", group_keys[symbol]) for symbol in groups}
    made = _made_beside_ledger(workspace, {symbol: functools.partial(_load_group, group, workspace, overrides.get(symbol))
                                           for symbol, group in groups.items() if kept[symbol] is None})
    for symbol, loaded in made.items():
        cache.store(workspace, "resolution", group_keys[symbol], loaded, keep=None)  # retained below
    for symbol in groups:
        primary, paired, warnings, own_commitments, own_asks = kept[symbol] or made[symbol]
        resolutions.append(primary)
        if paired is not None:
            french[symbol] = paired
        problems += [Problem("warning", symbol, "", "", message) for message in warnings]
        frames.append(own_commitments)
        ask_frames.append(own_asks)
    cache.retain(workspace, "resolution", group_keys.values())
    for resolution in resolutions:
        problems += [Problem("warning", resolution.resolution_id, where, "", message)
                     for where, message in resolution.all_warnings()]
    commitments = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=COMMITMENT_SCHEMA.column_names)
    asks = pd.concat([f for f in ask_frames if not f.empty] or [pd.DataFrame(columns=ASK_SCHEMA.column_names)],
                     ignore_index=True)
    data = _derive(workspace, config, sources, resolutions, french, problems, commitments, asks, strict, group_keys)
    cache.store(workspace, "workspace", whole_key, _without_ledgers(data), keep=2)
    data._statuses[_CACHE_KEY] = whole_key
    return data


# the chained ledgers, whose verified rows their own cache entries keep (monitor.ledger: on their bytes)
_LEDGER_LOADERS = {"observations": load_observations, "events": load_events, "assessments": load_assessments}


def _made_beside_ledger(workspace: Workspace, todo: dict) -> dict:
    """todo's values called (each makes one symbol's resolution), by a forked copy while this process reads a
    large observations ledger ahead: the parse of a million rows and of the resolutions then use both cores.
    Made here where no copy is worth it or the copy failed (a resolution's error is raised here)."""
    path = workspace.curated / OBSERVATIONS_FILE

    def make_all() -> dict:
        return {symbol: make() for symbol, make in todo.items()}
    copy = forked.start(make_all) if todo and large(path) else None
    if copy is None:
        return make_all()
    read_ahead(path, OBSERVATION_SCHEMA)
    made = copy.result(make_all)
    copy.end()
    return made


def _without_ledgers(data: WorkspaceData) -> WorkspaceData:
    """data as the workspace's cache keeps it: without the ledgers' rows, which the ledgers' own entries hold,
    so that a million observations are pickled once, not once more for every state of the workspace."""
    gone = {name: None for name in _LEDGER_LOADERS}
    return dataclasses.replace(data, curated=dataclasses.replace(data.curated, **gone),
                               recorded=dataclasses.replace(data.recorded, **gone), _statuses={})


def _with_ledgers(cached: WorkspaceData) -> WorkspaceData:
    """A WorkspaceData read from the cache, with its ledgers read back (from their own cache entries, as the
    curated files are the bytes the entry's key was made of) and the rows that count now chosen again."""
    tables = {}
    for name, loader in _LEDGER_LOADERS.items():
        try:
            tables[name] = loader(cached.workspace.curated)
        except ChainBroken as exc:  # a broken chain loaded for `validate`, which lists it as a problem
            tables[name] = exc.frame
    cached.recorded = dataclasses.replace(cached.recorded, **tables)
    cached.curated = current_tables(cached.recorded)
    return cached


def _load_group(group: list[RawResolution], workspace: Workspace, country: str | None):
    """One symbol's versions: the primary Resolution (its languages, country and French title set), its French
    text per paragraph (None without a French version), the pairing's warnings, its commitments and asks."""
    primary, others = choose_primary([load_resolution(source, workspace) for source in group])
    primary.languages = sorted(r.language for r in [primary, *others])
    # French names from the French version; workspace.yml's country wins
    primary.country_names = find_country(primary, others, country)
    french, warnings = None, []
    for other in others:
        paired, found = pair_paragraphs(primary, other)
        if other.language == "fr":
            french = paired
            primary.title_fr = other.title  # the series' French title (monitor.series)
        warnings += found
    commitments = build_commitments(primary, workspace.reference)
    asks = build_asks(primary, french, workspace.reference)
    return primary, french, warnings, commitments, asks


def _cached_align(workspace: Workspace, group_keys: dict[str, str]):
    """monitor.diff.align through the cache, on the two texts as parsed and the strengths it reads of them (a
    curated strength changes what is strengthened or weakened); a curated ledger edit leaves it as it was."""
    def aligner(old: Resolution, new: Resolution, strengths: dict[str, dict[str, int]]) -> pd.DataFrame:
        key = cache.digest("alignment", group_keys.get(old.symbol), group_keys.get(new.symbol),
                           sorted(strengths.get(old.resolution_id, {}).items()),
                           sorted(strengths.get(new.resolution_id, {}).items()))
        found = cache.load(workspace, "alignment", key)
        if found is None:
            found = align(old, new, strengths)
            cache.store(workspace, "alignment", key, found, keep=512)
        return found
    return aligner


def _derive(workspace: Workspace, config: WorkspaceConfig, sources: list[RawResolution], resolutions: list[Resolution],
            french: dict[str, dict[str, str]], problems: list[Problem], commitments: pd.DataFrame, asks: pd.DataFrame,
            strict: bool, group_keys: dict[str, str] | None = None) -> WorkspaceData:
    """Curation, series, lineage and the ledgers over the resolutions' own tables."""
    annotations = read_annotations(workspace.curated)
    vocabularies = vocabulary_values(workspace.reference)
    annotation_problems = check_annotations(
        annotations, str(workspace.curated / ANNOTATIONS_FILE), set(commitments["commitment_id"]), vocabularies,
        ask_counts(asks))
    errors = errors_only(annotation_problems)
    if errors:
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise InputError(f"{errors[0]}{more}")
    commitments = retarget(apply_annotations(commitments, annotations), workspace.reference)
    asks = apply_ask_annotations(carry_paragraph_curation(asks, commitments), annotations)
    # after curation, so that a curated strength is what classifies a change as strengthened
    series = assign_series(resolutions, config)
    lineage, alignments = build_lineage(resolutions, commitments, series_map(series), aligner=_cached_align(workspace, group_keys) if group_keys else align)
    order = list(commitments.columns)
    commitments = commitments.drop(columns=[c for c in lineage.columns if c != "commitment_id"])
    commitments = commitments.merge(lineage, on="commitment_id", how="left")[order]
    commitments["text_fr"] = [french.get(r, {}).get(p) for r, p in zip(commitments["resolution_id"], commitments["paragraph_id"])]
    for row in commitments.to_dict("records"):
        problems += [Problem("warning", row["resolution_id"], row["paragraph_id"], "", message)
                     for message in row["warnings"]]
    schema_errors = errors_only(COMMITMENT_SCHEMA.check(commitments, "commitments", vocabularies))
    if schema_errors:
        first = schema_errors[0]
        where = first.location
        if where.startswith("row "):
            where = commitments.iloc[int(where[4:]) - 2]["commitment_id"]
        raise InputError(f"commitment {where}, {first.field}: {first.message} (check the vocabularies and curated data)")
    problems += ask_problems(asks, vocabularies)
    curated, ledger_problems = check_ledgers(workspace.curated, workspace.reference, commitments, asks=asks)
    ledger_errors = errors_only(ledger_problems)
    if strict and ledger_errors:
        more = f" (and {len(ledger_errors) - 1} more; 'monitor validate' lists them all)" if len(ledger_errors) > 1 else ""
        raise InputError(f"{ledger_errors[0]}{more}")
    problems += ledger_problems
    check_references(config, {r.resolution_id for r in resolutions}, curated.indicator_types(),
                     vocabularies["event_types"])

    def concat(parts, columns=None):
        parts = [p for p in parts if not p.empty]
        return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)
    return WorkspaceData(
        workspace=workspace,
        sources=sources,
        resolutions=resolutions,
        metadata=_with_series(pd.DataFrame([{**describe(r), "languages": ", ".join(r.languages)} for r in resolutions]),
                              series),
        paragraphs=concat([
            paragraphs_frame(r).assign(text_fr=lambda f, r=r: f["paragraph_id"].map(french.get(r.resolution_id, {})))
            for r in resolutions
        ]),
        references=concat([references_frame(r, workspace.reference) for r in resolutions]),
        commitments=commitments,
        problems=problems,
        curated=current_tables(curated),
        recorded=curated,
        alignments=alignments,
        config=config,
        series=series,
        asks=asks,
    )


def ask_problems(asks: pd.DataFrame, vocabularies: dict[str, set[str]]) -> list[Problem]:
    """The asks' warnings (no addressee, no French clause to pair with), and an ask that breaks its schema."""
    problems = [Problem("warning", row["resolution_id"], row["ask_id"].split(":")[-1], "ask", message)
                for row in asks.to_dict("records") for message in row["warnings"]
                if not message.startswith("French clause paired by position")]
    errors = errors_only(ASK_SCHEMA.check(asks, "asks", vocabularies))
    if errors:
        first = errors[0]
        where = asks.iloc[int(first.location[4:]) - 2]["ask_id"] if first.location.startswith("row ") else first.location
        raise InputError(f"ask {where}, {first.field}: {first.message} (check the vocabularies and curated data)")
    return problems


def _with_series(metadata: pd.DataFrame, series: pd.DataFrame) -> pd.DataFrame:
    """The metadata with each resolution's series and country (the workspace file's country wins)."""
    if metadata.empty:
        return metadata
    extra = series[["resolution_id", "series_id", "country", "country_fr"]]
    metadata = metadata.drop(columns=[c for c in ("country", "country_fr") if c in metadata.columns])
    return metadata.merge(extra, on="resolution_id", how="left")
