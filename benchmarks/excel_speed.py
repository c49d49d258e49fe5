"""Time the formatted workbook against pandas with the same engine and a plain row writer of the same cells.

Usage: .venv/bin/python benchmarks/excel_speed.py [--scale real|synthetic] [--as-of DATE] [--repeats N]
                                                  [--no-openpyxl]

real: the workspace of this repository. synthetic: 20,000 commitments and 300,000 observations
generated here (about 4 million cells; takes minutes on a 2-core machine). Every export writes
the same tables (the sheets' display values) into a temporary folder: our workbook, which adds
styles, fills, frozen panes, filters, validation, protection, charts and properties;
DataFrame.to_excel with xlsxwriter, the engine ours uses, given the same workbook options; and a
plain xlsxwriter writer of the same cells, row by row, with nothing else (what no formatting at all
costs). The exports run interleaved (ours, pandas, row writer, ours ...) in one process, and the
median of each is compared. pandas with openpyxl, another engine, is an extra line, for reference
only. The time to compute the tables (status, latest values, timeline) is shown apart: every export
starts from tables already computed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

from timing import interleaved

import pandas as pd

from monitor.assessments import ASSESSMENT_SCHEMA
from monitor.curated import CuratedTables
from monitor.events import EVENT_SCHEMA
from monitor.indicators import INDICATOR_SCHEMA
from monitor.observations import OBSERVATION_SCHEMA
from monitor.pipeline import WorkspaceData, load_workspace
from monitor.rules import RULE_SCHEMA
from monitor.reports.excel import render_workbook, workbook_content
from monitor.labels import header, sheet_name
from monitor.workspace import Workspace

RID = "A/HRC/RES/99/1"
WORDS = ("human rights violations abuses civilians authorities transitional justice reconciliation victims "
         "commission report council independent expert elections accountability security forces protection "
         "children women humanitarian access detention trial reparation agreement peace dialogue").split()


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def _in_schema(frame: pd.DataFrame, schema) -> pd.DataFrame:
    """The frame in the schema's columns, as strings, '' for a column it lacks (as the ledgers are read)."""
    return pd.DataFrame({c: frame[c].astype(str) if c in frame.columns else "" for c in schema.column_names})


def synthetic_workspace(folder: Path, commitments: int = 20_000, observations: int = 300_000,
                        seed: int = 46_28) -> WorkspaceData:
    """A workspace of one large made-up resolution, built in memory (vocabularies are the package's)."""
    from monitor.vocab import load_vocabulary

    rng = random.Random(seed)
    actors = list(load_vocabulary("actors")["actor_id"])
    themes = list(load_vocabulary("themes")["theme_id"])
    kinds = list(load_vocabulary("kinds")["kind_id"])
    statuses = list(load_vocabulary("statuses")["status_id"])
    openers = ["Calls upon", "Urges", "Encourages", "Requests", "Decides", "Welcomes", "Condemns"]
    rows = []
    for n in range(1, commitments + 1):
        deadline = dt.date(2021, 1, 1) + dt.timedelta(days=rng.randrange(0, 1800)) if rng.random() < 0.2 else None
        rows.append({
            "commitment_id": f"{RID}:OP{n}", "resolution_id": RID, "paragraph_id": f"OP{n}", "number": n,
            "opener": rng.choice(openers), "kind": rng.choice(kinds), "strength": rng.randrange(1, 6),
            "addressees": rng.sample(actors, rng.randrange(0, 3)), "themes": rng.sample(themes, rng.randrange(1, 4)),
            "deadline": deadline.isoformat() if deadline else None,
            "deadline_opens": (deadline - dt.timedelta(days=60)).isoformat() if deadline else None,
            "deadline_text": "by its sixtieth session" if deadline else None,
            "text": _sentence(rng, rng.randrange(30, 120)),
            "curation_notes": [f"addressees: ={_sentence(rng, 6)}"] if rng.random() < 0.01 else [],
            "sdg_targets": [], "subjects": [],
        })
    frame = pd.DataFrame(rows)
    indicators = pd.DataFrame([{
        "indicator_id": f"ind_{i:03d}", "name_en": f"Indicator {i}", "name_fr": f"Indicateur {i}", "unit": "persons",
        "type": "count", "baseline_value": str(rng.randrange(0, 1000)), "baseline_date": "2020-01-01",
        "baseline_source": RID, "target_value": "", "target_date": "", "direction": "increase",
        "commitments": f"{RID}:OP{i + 1}", "note": ""} for i in range(200)])
    start = dt.date(2020, 1, 2)
    obs = pd.DataFrame({
        "observation_id": [f"obs-{i:06d}" for i in range(1, observations + 1)],
        "indicator_id": [f"ind_{rng.randrange(200):03d}" for _ in range(observations)],
        "date": [(start + dt.timedelta(days=rng.randrange(0, 1600))).isoformat() for _ in range(observations)],
        "date_end": "", "precision": "day",
        "value": [str(rng.randrange(0, 100_000)) for _ in range(observations)],
        "qualifier": "exact",
        "source": [f"https://example.org/report/{rng.randrange(10_000)}" for _ in range(observations)],
        "source_date": "", "confidence": [rng.choice(("primary", "mirror", "secondary")) for _ in range(observations)],
        "note": [_sentence(rng, rng.randrange(0, 12)) if rng.random() < 0.5 else "" for _ in range(observations)],
        "recorded_at": "2026-01-01", "recorded_by": "benchmark",
    })
    events = pd.DataFrame([{
        "event_id": f"ev-{i}", "date": (start + dt.timedelta(days=rng.randrange(0, 1600))).isoformat(), "date_end": "",
        "precision": "day", "type": rng.choice(("report_presented", "law_adopted", "judgment", "other")),
        "state": "occurred", "title": _sentence(rng, 8), "commitments": f"{RID}:OP{rng.randrange(1, commitments)}",
        "announced_on": "", "source": "https://example.org", "source_date": "", "confidence": "primary", "note": "",
        "recorded_at": "2026-01-01", "recorded_by": "benchmark"} for i in range(2_000)])
    assessments = pd.DataFrame([{
        "assessment_id": f"asm-{i:04d}", "commitment_id": f"{RID}:OP{rng.randrange(1, commitments)}",
        "date": (start + dt.timedelta(days=rng.randrange(0, 1600))).isoformat(),
        "assessor": "analyst", "status": rng.choice(statuses[:5]), "rationale": _sentence(rng, 20),
        "evidence": "https://example.org", "recorded_at": "2026-01-01", "recorded_by": "benchmark"} for i in range(1, 501)])
    rules = pd.DataFrame([{
        "commitment_id": f"{RID}:OP{n}", "rule": rng.choice(("assessment", "assessment", "position", "decision")),
        "indicator_id": "", "event_type": "", "comparison": "", "target": "", "partial": "",
        "min_confidence": "secondary", "superseded_by": "", "reason": "benchmark"} for n in range(1, commitments + 1)])
    from monitor.problems import Problem

    problems = [Problem("warning", "synthetic", f"OP{n}", "", "a made-up warning") for n in range(1, 1_001)]
    return WorkspaceData(
        workspace=Workspace(folder), sources=[], resolutions=[],
        metadata=pd.DataFrame([{"resolution_id": RID, "title": "A synthetic resolution", "adoption_date": "2020-01-01"}]),
        paragraphs=pd.DataFrame(), references=pd.DataFrame(), commitments=frame, problems=problems,
        curated=CuratedTables(indicators=_in_schema(indicators, INDICATOR_SCHEMA),
                              observations=_in_schema(obs, OBSERVATION_SCHEMA), events=_in_schema(events, EVENT_SCHEMA),
                              assessments=_in_schema(assessments, ASSESSMENT_SCHEMA), rules=_in_schema(rules, RULE_SCHEMA)),
    )


# The options our workbook gives xlsxwriter (monitor.reports.excel.render_workbook): every writer here gets them,
# so that each writes the same cells the same way and only the formatting differs
XLSXWRITER_OPTIONS = {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                      "strings_to_numbers": False, "default_date_format": "yyyy-mm-dd"}


def _cell(value):
    if isinstance(value, list):
        return "; ".join(map(str, value))
    return value


def sheets(content) -> list[tuple[str, pd.DataFrame]]:
    """The tables every export writes: the workbook's own sheets' values, one frame per sheet, lists joined."""
    lang = content.lang
    out = [(sheet_name("about", lang),
            pd.DataFrame(content.about, columns=["label", "value", "style"])[["label", "value"]]),
           (sheet_name("summary", lang),
            pd.concat([b.frame.assign(table=b.title) for b in content.blocks], ignore_index=True))]
    for table in content.tables:
        frame = table.frame[[c.key for c in table.columns]].copy()
        for column in frame.columns:
            if frame[column].map(lambda v: isinstance(v, list)).any():
                frame[column] = frame[column].map(_cell)
        frame.columns = [header(c.key, lang) for c in table.columns]
        out.append((sheet_name(table.key, lang), frame))
    return out


def pandas_export(tables, path: Path, engine: str) -> None:
    """The same tables, unformatted, as DataFrame.to_excel writes them with the engine named."""
    # not constant_memory: pandas writes a sheet column by column, and xlsxwriter in that mode keeps only the
    # last row it was given (a file a quarter the size, most cells lost)
    options = {k: v for k, v in XLSXWRITER_OPTIONS.items() if k != "constant_memory"}
    kwargs = {"engine_kwargs": {"options": options}} if engine == "xlsxwriter" else {}
    with pd.ExcelWriter(path, engine=engine, **kwargs) as writer:
        for name, frame in tables:
            frame.to_excel(writer, sheet_name=name, index=False)


def row_writer_export(tables, path: Path) -> None:
    """The same cells written row by row with xlsxwriter and nothing else: the floor for any xlsxwriter workbook."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path), XLSXWRITER_OPTIONS)
    for name, frame in tables:
        sheet = workbook.add_worksheet(name)
        sheet.write_row(0, 0, [str(c) for c in frame.columns])
        for r, row in enumerate(frame.itertuples(index=False, name=None), 1):
            for c, value in enumerate(row):
                if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
                    continue  # an empty cell, as pandas leaves it
                sheet.write(r, c, value)
    workbook.close()


def _cells_in(path: Path) -> int:
    """The cells holding a value in a written workbook (read back, so that no export is timed losing cells)."""
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return sum(1 for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
                   for value in row if value not in (None, ""))
    finally:
        book.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=("real", "synthetic"), default="real")
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date(2025, 6, 30))
    parser.add_argument("--repeats", type=int, default=None,
                        help="interleaved runs per export (median; default 5 real, 3 synthetic)")
    parser.add_argument("--lang", choices=("en", "fr"), default="en")
    parser.add_argument("--no-openpyxl", action="store_true", help="leave out the extra openpyxl line (slow at scale)")
    args = parser.parse_args(argv)
    repeats = args.repeats or (5 if args.scale == "real" else 3)
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        start = time.perf_counter()
        if args.scale == "real":
            data = load_workspace(Workspace.locate(None))
        else:
            data = synthetic_workspace(folder / "ws")
        loaded = time.perf_counter() - start
        start = time.perf_counter()
        content = workbook_content(data, args.as_of, args.lang)
        prepared = time.perf_counter() - start
        tables = sheets(content)
        cells = sum(frame.size for _, frame in tables)
        rows = {t.key: len(t.frame) for t in content.tables}
        runs = {
            "formatted": lambda: render_workbook(content, folder / "formatted.xlsx"),
            "pandas_xlsxwriter": lambda: pandas_export(tables, folder / "pandas_xlsxwriter.xlsx", "xlsxwriter"),
            "row_writer": lambda: row_writer_export(tables, folder / "row_writer.xlsx"),
        }
        if not args.no_openpyxl:
            runs["pandas_openpyxl"] = lambda: pandas_export(tables, folder / "pandas_openpyxl.xlsx", "openpyxl")
        medians = interleaved(runs, repeats)
        sizes = {name: (folder / f"{name}.xlsx").stat().st_size for name in runs}
        written = {name: _cells_in(folder / f"{name}.xlsx") for name in runs}
    labels = {
        "formatted": "our workbook (xlsxwriter: styles, charts, brief, ...)",
        "pandas_xlsxwriter": "DataFrame.to_excel, engine xlsxwriter",
        "row_writer": "plain xlsxwriter row writer, same cells",
        "pandas_openpyxl": "extra: DataFrame.to_excel, engine openpyxl",
    }
    print(f"scale: {args.scale}; as of {args.as_of}; {cells:,} table cells (empty ones included); table rows: "
          + ", ".join(f"{k} {v:,}" for k, v in rows.items()))
    print(f"load {loaded:.2f} s; tables (status, indicators, timeline) {prepared:.2f} s, before any export; "
          f"median of {repeats} interleaved run(s) of each, in one process")
    print(f"{'export':<56} {'seconds':>9} {'MB':>7} {'cells':>10} {'ours / it':>10}")
    for name, label in labels.items():
        if name in medians:
            print(f"{label:<56} {medians[name]:>9.2f} {sizes[name] / 1e6:>7.2f} {written[name]:>10,} "
                  f"{medians['formatted'] / medians[name]:>9.2f}x")
    print("the xlsxwriter lines: the same engine with our workbook's options (no string conversion; constant_memory "
          "for ours and the row writer, not for pandas, which writes column by column); the openpyxl line is another "
          "engine, for reference only")
    return 0


if __name__ == "__main__":
    sys.exit(main())
