"""The `monitor` command line: parse, commitments, status, indicators, record, validate, build, add, init, setup commands."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from . import forked
from .cache import prefetch_sha256, wait_prefetch
from .errors import InputError, MonitorError

_PARSE_COLUMNS = ["paragraph_id", "kind", "number", "opener", "text"]
_COMMITMENT_COLUMNS = ["commitment_id", "verb", "strength", "kind", "addressee", "themes", "deadline", "text"]


def _date(value: str) -> dt.date:
    from .dates import implausible, parse_date

    day = parse_date(value)
    if day is None:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD or DD/MM/YYYY): {value!r}")
    why = implausible(day)
    if why:
        raise argparse.ArgumentTypeError(why)
    return day


def _ask_number(value: str) -> str:
    from .asks import parse_ask_number

    number, why = parse_ask_number(value)
    if why:
        raise argparse.ArgumentTypeError(why)
    return str(number) if number else ""


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--workspace", default=argparse.SUPPRESS, metavar="DIR",
                        help="workspace folder (default: $MONITOR_WORKSPACE, else the repository's)")
    formats = argparse.ArgumentParser(add_help=False)
    formats.add_argument("--format", choices=("table", "csv", "json"), default="table",
                         help="table for reading (default), csv or json for machines")
    formats.add_argument("--all-columns", action="store_true", help="every column, not the short selection")

    parser = argparse.ArgumentParser(prog="monitor", description="Track the commitments of UN Human Rights Council resolutions.")
    parser.add_argument("--workspace", default=None, metavar="DIR",
                        help="workspace folder (default: $MONITOR_WORKSPACE, else the repository's)")
    parser.add_argument("--version", action="version", version=f"monitor {__import__('monitor').__version__}")
    parser.add_argument("--no-cache", action="store_true",
                        help="compute everything afresh, reading and writing no cache (also MONITOR_NO_CACHE=1)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    parse = commands.add_parser("parse", parents=[common, formats], help="paragraphs of a resolution file")
    parse.add_argument("path", help="a resolution as text, markdown, PDF or AKN4UN XML")
    parse.add_argument("--table", choices=("paragraphs", "references", "metadata", "footnotes"), default="paragraphs",
                       help="what to show (default: paragraphs)")
    parse.add_argument("--language", default=None, metavar="LANG",
                       help="en or fr: the text's language (default: what the file states or its words show)")

    show = commands.add_parser("commitments", parents=[common, formats], help="the workspace's commitments")
    show.add_argument("--resolution", metavar="ID", help="only this resolution (e.g. A/HRC/RES/46/28)")
    show.add_argument("--lang", choices=("en", "fr"), default="en",
                      help="fr shows the French text where the workspace holds a French version")

    diff = commands.add_parser("diff", parents=[common, formats], help="what changed between two resolutions")
    diff.add_argument("old", metavar="OLD", help="resolution id, e.g. A/HRC/RES/46/28")
    diff.add_argument("new", metavar="NEW", help="resolution id, e.g. A/HRC/RES/58/30")
    diff.add_argument("--kind", choices=("operative", "preambular", "all"), default="operative")

    build = commands.add_parser("build", parents=[common], help="generate datasets and deliverables")
    build.add_argument("--as-of", type=_date, default=None, metavar="DATE", help="status date (default: today)")
    build.add_argument("--out", type=Path, default=None, metavar="DIR", help="deliverables folder (default: exports/<as-of>/)")
    build.add_argument("--lang", choices=("en", "fr"), default="en", help="language of the workbook and the dashboard")
    build.add_argument("--no-images", action="store_true", help="skip the static PNG figures (they need Chromium)")
    build.add_argument("--public", action="store_true",
                       help="only rows marked public: every status and figure recomputed from them, restricted "
                            "material left out of every deliverable (default folder: exports/<as-of>-public/)")

    importer_wb = commands.add_parser("import-workbook", parents=[common],
                                      help="take an edited workbook's assessments back into the ledger")
    importer_wb.add_argument("file")
    importer_wb.add_argument("--partial", action="store_true", help="record the good rows even if some cells fail")
    importer_wb.add_argument("--by", default=None, help="who records them (default: $USER)")
    importer_wb.add_argument("--sensitivity", default="", metavar="S",
                             help="of new assessments whose Sensitivity cell is empty: public, internal (default) "
                                  "or confidential (an empty cell of a recorded row keeps that row's)")

    add = commands.add_parser("add", parents=[common], help="add a resolution to the workspace")
    add.add_argument("path", help="the resolution as published (text, markdown, PDF or AKN4UN XML)")
    add.add_argument("--symbol", help="document symbol, when the text does not print it")
    add.add_argument("--adopted", type=_date, default=None, metavar="DATE", help="adoption date, when the text does not print it")
    add.add_argument("--title", default=None, help="title, when the text does not print it")
    add.add_argument("--subject", action="append", default=[], metavar="TERM", dest="subjects",
                     help="a UNBIS Thesaurus subject term (repeat for several); an XML's own come from its classification")

    indicators = commands.add_parser("indicators", parents=[common, formats], help="indicators and their latest values")
    indicators.add_argument("--as-of", type=_date, default=None, metavar="DATE")

    status = commands.add_parser("status", parents=[common, formats], help="status of every commitment on a date")
    status.add_argument("--as-of", type=_date, default=None, metavar="DATE", help="status on this date (default: today)")
    status.add_argument("--known-on", type=_date, default=None, metavar="DATE",
                        help="use only what had been recorded by this date")
    status.add_argument("--resolution", metavar="ID")

    timeline = commands.add_parser("timeline", parents=[common, formats],
                                   help="milestones (events and scheduled dates) against their deadline")
    timeline.add_argument("--as-of", type=_date, default=None, metavar="DATE",
                          help="as known on this date (default: everything recorded)")
    timeline.add_argument("--figure", default=None, metavar="ID",
                          help="one milestones figure of workspace.yml (default: every one)")

    record = commands.add_parser("record", parents=[common], help="append one observation to the ledger")
    record.add_argument("indicator")
    record.add_argument("value")
    record.add_argument("--date", required=True, help="the date the value holds for (YYYY-MM-DD)")
    record.add_argument("--source", required=True, help="UN document symbol or address")
    record.add_argument("--confidence", default="primary", help="primary, mirror, secondary or unverified (default: primary)")
    record.add_argument("--qualifier", default="exact", help="exact, at_least, over, about, at_most, under")
    record.add_argument("--precision", default="day", help="day, month, quarter, year or range")
    record.add_argument("--date-end", default="", help="end of a range")
    record.add_argument("--source-date", default="", help="date of the source document")
    record.add_argument("--note", default="")
    record.add_argument("--sensitivity", default="", metavar="S", help="public, internal (default) or confidential: only public rows go into a public build")
    record.add_argument("--corrects", default="", metavar="OBS_ID",
                        help="the observation this one replaces (it stays in the ledger and no longer counts)")
    record.add_argument("--by", default=None, help="who records it (default: $USER)")

    importer = commands.add_parser("import-observations", parents=[common], help="append observations from a CSV")
    importer.add_argument("file")
    importer.add_argument("--by", default=None, help="who records them (default: $USER)")
    importer.add_argument("--sensitivity", default="", metavar="S",
                          help="for rows whose sensitivity column is empty or missing: public, internal (default) "
                               "or confidential")

    commands.add_parser("validate", parents=[common], help="check every data file; list every problem")

    asks = commands.add_parser("asks", parents=[common, formats], help="every ask (clause that asks something) and its status")
    asks.add_argument("--resolution", metavar="ID", help="only this resolution (e.g. A/HRC/RES/55/25)")
    asks.add_argument("--as-of", type=_date, default=None, metavar="DATE", help="status on this date (default: today)")
    asks.add_argument("--lang", choices=("en", "fr"), default="en",
                      help="fr shows the French clause where the workspace holds a French version")

    commands.add_parser("migrate", parents=[common],
                        help="add the columns newer versions read (ask, sensitivity, row_digest) to the curated files")

    reanchor = commands.add_parser("reanchor", parents=[common],
                                   help="accept a ledger edited by hand on purpose: record why and who in anchors.csv")
    reanchor.add_argument("file", metavar="FILE", help="observations.csv, events.csv or assessments.csv (or its path)")
    reanchor.add_argument("--reason", required=True, metavar="TEXT", help="why the ledger was edited by hand")
    reanchor.add_argument("--by", required=True, metavar="NAME", help="who accepts the edit")

    init = commands.add_parser("init", help="create an empty workspace")
    init.add_argument("dir", type=Path, metavar="DIR", help="the folder to create (or an existing one that holds no workspace)")
    init.add_argument("--title", default="", metavar="TEXT", help="the deliverables' title in English (default: the first resolution's)")
    init.add_argument("--title-fr", default="", metavar="TEXT", help="the deliverables' title in French")
    init.add_argument("--short-name", default="", metavar="NAME",
                      help="names the files, lower-case letters, digits and '-' (default: from the first resolution)")
    _setup_parsers(commands, common)
    return parser


def _setup_parsers(commands, common) -> None:
    """add-indicator, record-event, assess, add-rule: the curated tables filled in from the command line."""
    from .assessments import ASSESSORS
    from .events import EVENT_STATES
    from .indicators import DIRECTIONS, INDICATOR_TYPES
    from .rules import COMPARISONS, RULE_KINDS

    indicator = commands.add_parser("add-indicator", parents=[common], help="add an indicator to indicators.csv")
    indicator.add_argument("indicator_id", metavar="ID", help="short id: lower-case letters, digits and _")
    indicator.add_argument("--name", required=True, metavar="TEXT", help="name in English")
    indicator.add_argument("--name-fr", default="", metavar="TEXT", help="name in French (default: the English name)")
    indicator.add_argument("--type", required=True, choices=INDICATOR_TYPES, help="what kind of value it takes")
    indicator.add_argument("--unit", required=True, metavar="TEXT", help="what one unit counts (testimonies, persons, days, %%)")
    indicator.add_argument("--baseline", default="", metavar="V", help="the value when tracking starts; fits --type")
    indicator.add_argument("--baseline-date", default="", metavar="D", help="the date the baseline holds for (YYYY-MM-DD)")
    indicator.add_argument("--baseline-source", default="", metavar="S", help="where the baseline comes from")
    indicator.add_argument("--target", default="", metavar="V", help="the value asked for, if the text sets one")
    indicator.add_argument("--target-date", default="", metavar="D", help="when the target is due (YYYY-MM-DD)")
    indicator.add_argument("--direction", required=True, choices=DIRECTIONS, help="which way is progress")
    indicator.add_argument("--commitments", required=True, metavar="ID[,ID...]", help="the commitment ids it tracks")
    indicator.add_argument("--note", default="", metavar="TEXT", help="how to read it: what is counted, what is not")
    indicator.add_argument("--rule", choices=("indicator",), default=None,
                           help="also add an indicator status rule for each of its commitments that has none")
    indicator.add_argument("--rule-reason", default="", metavar="TEXT", help="the rules' reason (default: generated)")

    event = commands.add_parser("record-event", parents=[common], help="append one event to the events ledger")
    event.add_argument("type", help="the event type (the event_types vocabulary, e.g. election_held)")
    event.add_argument("--date", required=True, metavar="D", help="when it happened or is scheduled (YYYY-MM-DD)")
    event.add_argument("--title", required=True, metavar="TEXT", help="what happened, in a line")
    event.add_argument("--source", required=True, metavar="S", help="UN document symbol or address")
    event.add_argument("--state", choices=EVENT_STATES, default="occurred",
                       help="occurred (default), scheduled (may lie in the future) or cancelled")
    event.add_argument("--commitments", default="", metavar="ID[,ID...]", help="the commitment ids it bears on")
    event.add_argument("--announced-on", default="", metavar="D", help="when it was announced, if before it happened")
    event.add_argument("--date-end", default="", metavar="D", help="end of a range")
    event.add_argument("--precision", default="day", metavar="P", help="day (default), month, quarter, year or range")
    event.add_argument("--source-date", default="", metavar="D", help="date of the source document")
    event.add_argument("--confidence", default="primary", metavar="C", help="primary (default), mirror, secondary or unverified")
    event.add_argument("--note", default="", metavar="TEXT", help="anything a reader needs to weigh it")
    event.add_argument("--id", default="", help="the event id (default: <type>-<date>, made unique)")
    event.add_argument("--sensitivity", default="", metavar="S", help="public, internal (default) or confidential: only public rows go into a public build")
    event.add_argument("--corrects", default="", metavar="EVENT_ID",
                       help="the event this one replaces (it stays in the ledger and no longer counts)")
    event.add_argument("--by", default=None, metavar="WHO", help="who records it (default: $USER)")

    withdraw = commands.add_parser("withdraw", parents=[common],
                                   help="take a recorded observation or event back (an appended row; nothing is edited)")
    withdraw.add_argument("id", help="the observation id (obs-NNNN) or event id")
    withdraw.add_argument("--reason", required=True, metavar="TEXT", help="why it is taken back")
    withdraw.add_argument("--by", default=None, metavar="WHO", help="who takes it back (default: $USER)")

    assess = commands.add_parser("assess", parents=[common], help="append one status judgment to the assessments ledger")
    assess.add_argument("commitment_id", metavar="COMMITMENT_ID", help="e.g. A/HRC/RES/55/25:OP3")
    assess.add_argument("status", metavar="STATUS", help="a status id (met, partially_met, in_progress, not_started, ...)")
    assess.add_argument("--ask", type=_ask_number, default="", metavar="N",
                        help="judge only the paragraph's ask N ('monitor asks'; default: the whole paragraph)")
    assess.add_argument("--rationale", required=True, metavar="TEXT", help="why, in a sentence or two")
    assess.add_argument("--evidence", required=True, metavar="S", help="the source: document symbol or address")
    assess.add_argument("--date", default=None, metavar="D", help="the date the judgment holds for (default: today)")
    assess.add_argument("--assessor", choices=ASSESSORS, default="analyst", help="whose judgment it is (default: analyst)")
    assess.add_argument("--sensitivity", default="", metavar="S", help="public, internal (default) or confidential: only public rows go into a public build")
    assess.add_argument("--by", default=None, metavar="WHO", help="who records it (default: $USER)")

    rule = commands.add_parser("add-rule", parents=[common], help="say what decides a commitment's status (status_rules.csv)")
    rule.add_argument("commitment_id", metavar="COMMITMENT_ID", help="e.g. A/HRC/RES/55/25:OP3")
    rule.add_argument("rule", choices=RULE_KINDS, help="what decides the status")
    rule.add_argument("--ask", type=_ask_number, default="", metavar="N",
                      help="the rule of the paragraph's ask N only ('monitor asks'; default: the whole paragraph)")
    rule.add_argument("--indicator", default="", metavar="ID", help="indicator rules: the indicator")
    rule.add_argument("--event-type", default="", metavar="T", help="event rules: the type of event that meets it")
    rule.add_argument("--comparison", choices=COMPARISONS, default=None,
                      help="indicator rules: latest value against the target (default: increase over the baseline)")
    rule.add_argument("--target", default="", metavar="V", help="indicator rules: the number that counts as met")
    rule.add_argument("--partial", default="", metavar="V", help="indicator rules: the number that counts as partially met")
    rule.add_argument("--min-confidence", default="secondary", metavar="C",
                      help="the lowest confidence allowed to change the status (default: secondary)")
    rule.add_argument("--superseded-by", default="", metavar="ID[,ID...]", help="event ids that remove its object")
    rule.add_argument("--reason", required=True, metavar="TEXT", help="what the rule means, in words")


def _workspace(args):
    from .workspace import Workspace

    return Workspace.locate(getattr(args, "workspace", None))


def _emit(frame, args, default_columns, data=None) -> None:
    """A table on stdout: codes as labels for people (--format table), codes as they are for machines."""
    from .output import render

    if args.format == "table" and data is not None:
        from .readable import readable

        frame = readable(frame, getattr(args, "lang", "en"), data.workspace.reference, data.country_of)
    if not args.all_columns:
        frame = frame[[c for c in default_columns if c in frame.columns]]
    sys.stdout.write(render(frame, args.format))


def _cmd_parse(args) -> int:
    import pandas as pd

    from .parse import describe, paragraphs_frame, parse_path, references_frame

    workspace = _workspace(args)
    reference = workspace.reference if workspace.reference.is_dir() else None
    resolution = parse_path(Path(args.path), reference, language=args.language)
    if args.table == "metadata":
        frame = pd.DataFrame([describe(resolution)])
        args.all_columns = True
    elif args.table == "references":
        frame = references_frame(resolution, reference)
        args.all_columns = True
    elif args.table == "footnotes":
        frame = pd.DataFrame([
            {"paragraph_id": p.paragraph_id, "marker": f.marker, "text": f.text}
            for p in resolution.paragraphs for f in p.footnotes
        ], columns=["paragraph_id", "marker", "text"])
        args.all_columns = True
    else:
        frame = paragraphs_frame(resolution)
    _emit(frame, args, _PARSE_COLUMNS)
    for where, message in resolution.all_warnings():
        print(f"monitor: warning: {where + ': ' if where else ''}{message}", file=sys.stderr)
    return 0


def _cmd_commitments(args) -> int:
    from .pipeline import load_workspace

    data = load_workspace(_workspace(args))
    frame = data.commitments
    if args.resolution:
        if args.resolution not in set(frame["resolution_id"]):
            raise InputError(f"no resolution {args.resolution!r} in the workspace "
                             f"(have: {', '.join(sorted(set(frame['resolution_id']))) or 'none'})")
        frame = frame[frame["resolution_id"] == args.resolution]
    if args.lang == "fr":
        frame = frame.copy()
        missing = sorted(set(frame.loc[frame["text_fr"].isna(), "resolution_id"]))
        for rid in missing:
            print(f"monitor: note: no French version of {rid} in the workspace; its English text is shown", file=sys.stderr)
        frame["text"] = frame["text_fr"].where(frame["text_fr"].notna(), frame["text"])
    _emit(frame, args, _COMMITMENT_COLUMNS, data)
    return 0


def _cmd_diff(args) -> int:
    from .diff import align
    from .lineage import strengths_of
    from .pipeline import load_workspace

    data = load_workspace(_workspace(args))
    found = {r.resolution_id: r for r in data.resolutions}
    for rid in (args.old, args.new):
        if rid not in found:
            raise InputError(f"no resolution {rid!r} in the workspace (have: {', '.join(sorted(found)) or 'none'})")
    series = data.series_of()
    if series.get(args.old) != series.get(args.new):
        print(f"monitor: note: {args.old} ({series.get(args.old)}) and {args.new} ({series.get(args.new)}) belong to "
              "different series: one does not renew the other, so 'new' and 'dropped' say nothing about a renewal",
              file=sys.stderr)
    frame = align(found[args.old], found[args.new], strengths_of(data.commitments))
    if args.kind != "all":
        frame = frame[frame["kind"] == args.kind]
    _emit(frame, args, ["from_paragraph", "to_paragraph", "change", "similarity", "measure", "reason", "removed", "added"],
          data)
    return 0


def _progress_line():
    """On a terminal, each step of a long command on stderr with the seconds so far; piped, nothing."""
    import time

    if not sys.stderr.isatty():
        return lambda step: None
    start = time.monotonic()
    return lambda step: print(f"monitor: {time.monotonic() - start:5.1f} s  {step} ...", file=sys.stderr, flush=True)


def _cmd_build(args) -> int:
    from .build import build
    from .sensitivity import left_out_sentence

    as_of = args.as_of or dt.date.today()
    result = build(_workspace(args), as_of, args.out, lang=args.lang, images=not args.no_images,
                   progress=_progress_line(), public=args.public)
    data = result.data
    print(f"monitor: built {len(data.resolutions)} resolution(s), {len(data.paragraphs)} paragraphs, "
          f"{len(data.commitments)} commitments as of {as_of.isoformat()}")
    if result.generated:
        print(f"  datasets: {result.generated[0].parent}")
    else:  # a public build leaves the workspace's own datasets, every row in, as they were
        print(f"  public: {left_out_sentence(data.left_out, 'en')}")
    print(f"  deliverables: {result.exported[0].parent}")
    for path in result.exported:
        if path.suffix in (".xlsx", ".html"):
            print(f"  {path.name}")
    if data.problems:
        print(f"  {len(data.problems)} warning(s): see {result.exported[0].parent}/issues-{as_of.isoformat()}.csv")
    for note in result.notes:
        print(f"monitor: note: {note}", file=sys.stderr)
    return 0


def _cmd_import_workbook(args) -> int:
    from .output import to_table
    from .reports.workbook_import import import_workbook

    result = import_workbook(_workspace(args), Path(args.file), partial=args.partial, who=_who(args),
                             sensitivity=args.sensitivity)
    if not result.changes.empty:
        sys.stdout.write(to_table(result.changes[["commitment_id", "field", "old", "new", "assessment_id"]]))
    for line in result.corrections:
        print(f"monitor: {line}")
    print(f"monitor: recorded {len(result.added)} assessment(s) from {args.file}"
          + (f" ({len(result.corrections)} correction(s))" if result.corrections else "")
          + (f"; {result.already_recorded} already recorded" if result.already_recorded else ""))
    for problem in result.problems:
        print(f"monitor: refused: {problem}", file=sys.stderr)
    for warning in result.warnings:
        print(f"monitor: warning: {warning}", file=sys.stderr)
    return 2 if result.problems else 0


def _cmd_add(args) -> int:
    from .intake import add_resolution

    folder = add_resolution(_workspace(args), Path(args.path), args.symbol, adopted=args.adopted, title=args.title,
                            subjects=args.subjects)
    print(f"monitor: added {folder.name} (run 'monitor build' to refresh the datasets)")
    return 0


def _who(args) -> str:
    return args.by or os.environ.get("USER") or "analyst"


def _cmd_indicators(args) -> int:
    from .indicators import latest_values
    from .pipeline import load_workspace

    data = load_workspace(_workspace(args))
    frame = latest_values(data.curated.indicators, data.curated.observations, args.as_of)
    _emit(frame, args, ["indicator_id", "name", "unit", "latest_value", "latest_qualifier", "latest_date", "latest_confidence"],
          data)
    return 0


def _cmd_status(args) -> int:
    from .pipeline import load_workspace

    data = load_workspace(_workspace(args))
    as_of = args.as_of or dt.date.today()
    if args.known_on and args.known_on < as_of:
        print("monitor: note: --known-on is before --as-of: later facts may exist but were not recorded yet", file=sys.stderr)
    frame = data.status(as_of, args.known_on)
    if args.resolution:
        frame = frame[frame["resolution_id"] == args.resolution]
    _emit(frame, args, ["commitment_id", "paragraph_id", "status", "deadline_state", "reason"], data)
    return 0


def _cmd_timeline(args) -> int:
    import pandas as pd

    from .figure_plan import workspace_figures
    from .milestones import milestones_known_on
    from .pipeline import load_workspace

    data = load_workspace(_workspace(args))
    specs = [f for f in workspace_figures(data) if f.kind in ("milestones", "date")]
    if args.figure:
        chosen = [f for f in specs if f.figure_id == args.figure]
        if not chosen:
            raise InputError(f"no milestones figure {args.figure!r} in this workspace "
                             f"(have: {', '.join(f.figure_id for f in specs) or 'none'})")
        specs = chosen
    if not specs:
        raise InputError("no milestones in this workspace: record events (monitor record-event) or observations "
                         "of a date indicator, or name event types in workspace.yml's dashboard.figures")
    frames = []
    for spec in specs:
        frame, deadline, label = milestones_known_on(data, spec, args.as_of or dt.date.max)
        frame.insert(0, "figure", spec.figure_id)
        frame["deadline"] = deadline.isoformat() if deadline else None
        frame["deadline_of"] = label or None
        frames.append(frame)
    args.all_columns = True
    _emit(pd.concat(frames, ignore_index=True), args, [], data)
    return 0


def _cmd_record(args) -> int:
    import pandas as pd

    from .indicators import load_indicators
    from .observations import append_observations, normalise_date, normalise_number
    from .vocab import vocabulary_values

    workspace = _workspace(args)
    # only the indicators are needed to check a value: no resolution is parsed
    indicators = load_indicators(workspace.check().curated)
    row = pd.DataFrame([{
        "indicator_id": args.indicator, "date": normalise_date(args.date), "date_end": normalise_date(args.date_end),
        "precision": args.precision, "value": normalise_number(args.value), "qualifier": args.qualifier,
        "source": args.source.strip(), "source_date": normalise_date(args.source_date), "confidence": args.confidence,
        "note": args.note, "sensitivity": args.sensitivity, "corrects": args.corrects.strip(), "recorded_by": _who(args),
    }])
    added = append_observations(workspace.curated, row, indicators,
                                vocabulary_values(workspace.reference), "record", _who(args))
    print(f"monitor: recorded {added.iloc[0]['observation_id']}: {args.indicator} = {added.iloc[0]['value']} on {added.iloc[0]['date']}")
    return 0


def _cmd_import(args) -> int:
    from .indicators import load_indicators
    from .observations import append_observations, read_observation_csv
    from .vocab import vocabulary_values

    workspace = _workspace(args)
    # only the indicators are needed to check a value: no resolution is parsed
    indicators = load_indicators(workspace.check().curated)
    rows = read_observation_csv(Path(args.file))
    if args.sensitivity:
        given = rows["sensitivity"] if "sensitivity" in rows.columns else [""] * len(rows)
        rows["sensitivity"] = [str(s).strip() or args.sensitivity for s in given]
    added = append_observations(workspace.curated, rows, indicators,
                                vocabulary_values(workspace.reference), args.file, _who(args))
    print(f"monitor: recorded {len(added)} observation(s) from {args.file}")
    return 0


def _cmd_validate(args) -> int:
    from .pipeline import load_workspace

    workspace = _workspace(args)
    data = load_workspace(workspace, strict=False)
    errors = [p for p in data.problems if p.severity == "error"]
    for problem in sorted(data.problems, key=lambda p: p.severity):  # errors first
        print(f"{problem.severity}: {str(problem).replace(str(workspace.root) + '/', '')}")
    print(f"monitor: {len(errors)} error(s), {len(data.problems) - len(errors)} warning(s)")
    return 2 if errors else 0


def _cmd_asks(args) -> int:
    from .pipeline import load_workspace

    data = load_workspace(_workspace(args))
    frame = data.ask_status(args.as_of or dt.date.today())
    if args.resolution:
        if args.resolution not in set(data.commitments["resolution_id"]):
            raise InputError(f"no resolution {args.resolution!r} in the workspace "
                             f"(have: {', '.join(sorted(set(data.commitments['resolution_id']))) or 'none'})")
        frame = frame[frame["resolution_id"] == args.resolution]
    asks = data.asks.set_index("ask_id")
    frame = frame.assign(text=frame["ask_id"].map(asks["text"]), text_fr=frame["ask_id"].map(asks["text_fr"]),
                         strength=frame["ask_id"].map(asks["strength"]), addressees=frame["ask_id"].map(asks["addressees"]))
    if args.lang == "fr":
        missing = sorted(set(frame.loc[frame["text_fr"].isna(), "resolution_id"]))
        if missing:
            print(f"monitor: note: no French clause for some asks of {', '.join(missing)}; their English text is shown",
                  file=sys.stderr)
        frame["text"] = frame["text_fr"].where(frame["text_fr"].notna(), frame["text"])
    _emit(frame.reset_index(drop=True), args,
          ["ask_id", "verb", "addressee", "object", "status", "paragraph_status", "text"], data)
    return 0


def _cmd_migrate(args) -> int:
    from .curated_files import CURATED_FILES
    from .ledger import migrate_file

    workspace = _workspace(args)
    changed = 0
    for name, schema, _ in CURATED_FILES:
        added = migrate_file(workspace.check().curated / name, schema)
        if added:
            changed += 1
            print(f"monitor: {name}: added the column(s) {', '.join(added)}{_migrated_note(added)}")
    if not changed:
        print("monitor: every curated file has every column; nothing changed")
    return 0


def _migrated_note(added: list[str]) -> str:
    """How migrate filled the columns it added: sensitivity from each row's source, digests chained, the others empty."""
    from .chain import DIGEST

    notes = []
    if "sensitivity" in added:
        notes.append("sensitivity public where the row's source is a UN document or an official UN page, else internal")
    if DIGEST in added:
        notes.append("row_digest chained over every row, in the file's order")
    if set(added) - {"sensitivity", DIGEST}:
        notes.append("the others empty in every row" if notes else "empty in every row")
    return f" ({'; '.join(notes)})"


def _cmd_reanchor(args) -> int:
    from .curated_files import CURATED_FILES
    from .chain import ANCHORS_FILE, chained
    from .ledger import reanchor

    curated = _workspace(args).check().curated
    name = Path(args.file).name
    schemas = {n: s for n, s, _ in CURATED_FILES if chained(s) and n != ANCHORS_FILE}
    if name not in schemas or (Path(args.file).parent != Path(".") and Path(args.file).resolve() != (curated / name).resolve()):
        raise InputError(f"{args.file}: not a ledger of this workspace; re-anchor one of {', '.join(schemas)} "
                         f"(in {curated})")
    accepted = reanchor(curated / name, schemas[name], args.reason, args.by)
    if not accepted:
        print(f"monitor: {name}: every row is as recorded; nothing re-anchored")
    for row in accepted:
        print(f"monitor: {name}: line {row['line']} ({row['row_id']}) accepted as it now reads: {row['anchor_id']}")
    return 0


def _cmd_init(args) -> int:
    from .workspace import init_workspace

    workspace = init_workspace(args.dir, args.title, args.title_fr, args.short_name)
    print(f"monitor: created an empty workspace in {workspace.root}")
    return 0


def _id_list(text: str) -> str:
    """'A:OP1,A:OP2' (or with |) as the cell's form 'A:OP1|A:OP2'."""
    return "|".join(part.strip() for part in text.replace("|", ",").split(",") if part.strip())


def _loaded(workspace):
    from .pipeline import load_workspace

    # the ledgers' own problems do not stop a new row; the row itself is checked in full
    return load_workspace(workspace, strict=False)


def _cmd_add_indicator(args) -> int:
    from .indicators import append_indicator
    from .observations import normalise_date, normalise_number
    from .vocab import vocabulary_values

    workspace = _workspace(args)
    data = _loaded(workspace)
    row = {"indicator_id": args.indicator_id.strip(), "name_en": args.name.strip(),
           "name_fr": (args.name_fr or args.name).strip(), "unit": args.unit.strip(), "type": args.type,
           "baseline_value": normalise_number(args.baseline), "baseline_date": normalise_date(args.baseline_date),
           "baseline_source": args.baseline_source.strip(), "target_value": normalise_number(args.target),
           "target_date": normalise_date(args.target_date), "direction": args.direction,
           "commitments": _id_list(args.commitments), "note": args.note}
    added, rules = append_indicator(workspace.curated, row, set(data.commitments["commitment_id"]),
                                    vocabulary_values(workspace.reference), "add-indicator",
                                    with_rules=args.rule == "indicator", rule_reason=args.rule_reason)
    print(f"monitor: added indicator {added['indicator_id']} ({added['type']}, "
          f"tracks {len(added['commitments'].split('|'))} commitment(s))")
    for cid in rules["commitment_id"]:
        print(f"monitor: added an indicator status rule for {cid}")
    if args.rule and rules.empty:
        print("monitor: note: each of its commitments already has a status rule; none added", file=sys.stderr)
    return 0


def _cmd_record_event(args) -> int:
    import pandas as pd

    from .events import append_events
    from .observations import normalise_date
    from .vocab import vocabulary_values

    workspace = _workspace(args)
    commitments = _id_list(args.commitments)
    # the resolutions are parsed only when the event names commitments to check
    known = set(_loaded(workspace).commitments["commitment_id"]) if commitments else set()
    row = pd.DataFrame([{
        "event_id": args.id, "date": normalise_date(args.date), "date_end": normalise_date(args.date_end),
        "precision": args.precision, "type": args.type.strip(), "state": args.state, "title": args.title.strip(),
        "commitments": commitments, "announced_on": normalise_date(args.announced_on), "source": args.source.strip(),
        "source_date": normalise_date(args.source_date), "confidence": args.confidence, "note": args.note,
        "sensitivity": args.sensitivity, "corrects": args.corrects.strip(), "recorded_by": _who(args),
    }])
    added = append_events(workspace.check().curated, row, known, vocabulary_values(workspace.reference),
                          "record-event", _who(args)).iloc[0]
    print(f"monitor: recorded event {added['event_id']}: {added['type']} {added['state']} on {added['date']}")
    return 0


def _cmd_withdraw(args) -> int:
    from .events import append_events, load_events
    from .indicators import load_indicators
    from .observations import append_observations, load_observations
    from .vocab import vocabulary_values

    workspace = _workspace(args)
    curated = workspace.check().curated
    observation = args.id.startswith("obs-")
    ledger = load_observations(curated) if observation else load_events(curated)
    key = "observation_id" if observation else "event_id"
    found = ledger[ledger[key] == args.id]
    if found.empty:
        raise InputError(f"withdraw: no recorded {'observation' if observation else 'event'} {args.id!r}")
    # the withdrawal repeats the row it takes back, so that it reads as that row's own record
    row = found.iloc[[0]].copy()
    row["corrects"], row["withdrawn"], row["note"] = args.id, "yes", args.reason
    row["recorded_by"] = _who(args)
    vocabularies = vocabulary_values(workspace.reference)
    if observation:
        added = append_observations(curated, row.drop(columns=[key]), load_indicators(curated), vocabularies,
                                    "withdraw", _who(args)).iloc[0]
    else:
        row[key] = f"{args.id}-withdrawn"
        named = _id_list(row.iloc[0]["commitments"])
        known = set(_loaded(workspace).commitments["commitment_id"]) if named else set()
        added = append_events(curated, row, known, vocabularies, "withdraw", _who(args)).iloc[0]
    print(f"monitor: withdrew {args.id} (recorded as {added[key]}): {args.reason}")
    return 0


def _cmd_assess(args) -> int:
    import pandas as pd

    from .asks import ask_counts
    from .assessments import append_assessments
    from .observations import normalise_date
    from .vocab import vocabulary_values

    workspace = _workspace(args)
    data = _loaded(workspace)
    row = pd.DataFrame([{
        "commitment_id": args.commitment_id, "ask": args.ask,
        "date": normalise_date(args.date or dt.date.today().isoformat()),
        "assessor": args.assessor, "status": args.status, "rationale": args.rationale, "evidence": args.evidence,
        "sensitivity": args.sensitivity, "recorded_by": _who(args),
    }])
    added = append_assessments(workspace.curated, row, set(data.commitments["commitment_id"]),
                               vocabulary_values(workspace.reference), "assess", _who(args),
                               ask_counts=ask_counts(data.asks)).iloc[0]
    print(f"monitor: recorded {added['assessment_id']}: {added['commitment_id']}"
          f"{' ask ' + added['ask'] if added['ask'] else ''} {added['status']} "
          f"on {added['date']} ({added['assessor']})")
    return 0


def _cmd_add_rule(args) -> int:
    from .asks import ask_counts
    from .observations import normalise_number
    from .rules import append_rule
    from .vocab import vocabulary_values

    workspace = _workspace(args)
    data = _loaded(workspace)
    row = {"commitment_id": args.commitment_id.strip(), "ask": args.ask, "rule": args.rule,
           "indicator_id": args.indicator.strip(),
           "event_type": args.event_type.strip(), "comparison": args.comparison or "",
           "target": normalise_number(args.target), "partial": normalise_number(args.partial),
           "min_confidence": args.min_confidence, "superseded_by": _id_list(args.superseded_by), "reason": args.reason}
    added = append_rule(workspace.curated, row, set(data.commitments["commitment_id"]), data.curated.indicators,
                        set(data.curated.events["event_id"]), vocabulary_values(workspace.reference), "add-rule",
                        ask_counts=ask_counts(data.asks))
    print(f"monitor: added the {added['rule']} rule for {added['commitment_id']}"
          f"{' ask ' + added['ask'] if added['ask'] else ''}")
    return 0


def _hash_ledgers_meanwhile(argv: list[str]) -> None:
    """The workspace's large ledgers hashed in a thread while the command's modules load (monitor.cache's
    prefetch_sha256): the cache key needs their digests, which take a third of a second at 10^6 rows."""
    from .workspace import Workspace

    named = next((argv[i + 1] for i, a in enumerate(argv[:-1]) if a == "--workspace"), None) \
        or next((a.split("=", 1)[1] for a in argv if a.startswith("--workspace=")), None)
    try:
        curated = Workspace.locate(named).curated
        prefetch_sha256(sorted(curated.glob("*.csv")))
    except OSError:  # no such folder: the command says so
        pass


def main(argv: list[str] | None = None) -> int:
    _hash_ledgers_meanwhile(sys.argv[1:] if argv is None else [str(a) for a in argv])
    parser = _parser()
    args = parser.parse_args(argv)
    handlers = {"parse": _cmd_parse, "commitments": _cmd_commitments, "build": _cmd_build, "add": _cmd_add, "init": _cmd_init,
                "indicators": _cmd_indicators, "status": _cmd_status, "timeline": _cmd_timeline,
                "record": _cmd_record, "withdraw": _cmd_withdraw, "diff": _cmd_diff, "import-workbook": _cmd_import_workbook, "import-observations": _cmd_import, "validate": _cmd_validate,
                "add-indicator": _cmd_add_indicator, "record-event": _cmd_record_event, "assess": _cmd_assess,
                "add-rule": _cmd_add_rule, "asks": _cmd_asks, "migrate": _cmd_migrate,
                "reanchor": _cmd_reanchor}
    disabled = os.environ.get("MONITOR_NO_CACHE")
    if args.no_cache:
        os.environ["MONITOR_NO_CACHE"] = "1"  # for this command only: main() also runs inside notebooks and tests
    try:
        return handlers[args.command](args)
    except MonitorError as exc:
        print(f"monitor: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the last resort: one line, exit 1, traceback on request
        if os.environ.get("MONITOR_DEBUG"):
            raise
        print(f"monitor: unexpected error: {exc.__class__.__name__}: {exc} "
              "(set MONITOR_DEBUG=1 for the traceback)", file=sys.stderr)
        return 1
    finally:
        forked.wait_all()  # a cache entry being written in the background is whole before the command returns
        wait_prefetch()  # and no thread outlives it (main also runs inside notebooks and tests)
        if args.no_cache:
            if disabled is None:
                os.environ.pop("MONITOR_NO_CACHE", None)
            else:
                os.environ["MONITOR_NO_CACHE"] = disabled


if __name__ == "__main__":
    sys.exit(main())
