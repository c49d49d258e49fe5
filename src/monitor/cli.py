"""The `monitor` command line: parse, commitments, build, add, init."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from .errors import InputError, MonitorError

_PARSE_COLUMNS = ["paragraph_id", "kind", "number", "opener", "text"]
_COMMITMENT_COLUMNS = ["commitment_id", "verb", "strength", "kind", "addressee", "themes", "deadline", "text"]


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


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
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    parse = commands.add_parser("parse", parents=[common, formats], help="paragraphs of a resolution file")
    parse.add_argument("path", help="a resolution as text or markdown")
    parse.add_argument("--table", choices=("paragraphs", "references", "metadata", "footnotes"), default="paragraphs",
                       help="what to show (default: paragraphs)")

    show = commands.add_parser("commitments", parents=[common, formats], help="the workspace's commitments")
    show.add_argument("--resolution", metavar="ID", help="only this resolution (e.g. A/HRC/RES/46/28)")

    build = commands.add_parser("build", parents=[common], help="generate datasets and deliverables")
    build.add_argument("--as-of", type=_date, default=None, metavar="DATE", help="status date (default: today)")
    build.add_argument("--out", type=Path, default=None, metavar="DIR", help="deliverables folder (default: exports/<as-of>/)")

    add = commands.add_parser("add", parents=[common], help="add a resolution to the workspace")
    add.add_argument("path", help="the resolution as published (text or markdown)")
    add.add_argument("--symbol", help="document symbol, when the text does not print it")

    init = commands.add_parser("init", help="create an empty workspace")
    init.add_argument("dir", type=Path)
    return parser


def _workspace(args):
    from .workspace import Workspace

    return Workspace.locate(getattr(args, "workspace", None))


def _emit(frame, args, default_columns) -> None:
    from .output import render

    if not args.all_columns:
        frame = frame[[c for c in default_columns if c in frame.columns]]
    sys.stdout.write(render(frame, args.format))


def _cmd_parse(args) -> int:
    import pandas as pd

    from .parse import describe, paragraphs_frame, parse_path, references_frame

    workspace = _workspace(args)
    reference = workspace.reference if workspace.reference.is_dir() else None
    resolution = parse_path(Path(args.path), reference)
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
    _emit(frame, args, _COMMITMENT_COLUMNS)
    return 0


def _cmd_build(args) -> int:
    from .build import build

    as_of = args.as_of or dt.date.today()
    result = build(_workspace(args), as_of, args.out)
    data = result.data
    print(f"monitor: built {len(data.resolutions)} resolution(s), {len(data.paragraphs)} paragraphs, "
          f"{len(data.commitments)} commitments as of {as_of.isoformat()}")
    print(f"  datasets: {result.generated[0].parent}")
    print(f"  deliverables: {result.exported[0].parent}")
    if data.problems:
        print(f"  {len(data.problems)} warning(s): see {result.exported[0].parent}/issues-{as_of.isoformat()}.csv")
    return 0


def _cmd_add(args) -> int:
    from .intake import add_resolution

    folder = add_resolution(_workspace(args), Path(args.path), args.symbol)
    print(f"monitor: added {folder.name} (run 'monitor build' to refresh the datasets)")
    return 0


def _cmd_init(args) -> int:
    from .workspace import init_workspace

    workspace = init_workspace(args.dir)
    print(f"monitor: created an empty workspace in {workspace.root}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    handlers = {"parse": _cmd_parse, "commitments": _cmd_commitments, "build": _cmd_build, "add": _cmd_add, "init": _cmd_init}
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


if __name__ == "__main__":
    sys.exit(main())
