"""Observations: the append-only ledger of dated, sourced indicator values, and how new ones are checked."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd

from .dates import day_or_none, implausible, parse_date
from .distinct import Columns, distinct, of_series, per_row, stripped_text
from .errors import InputError
from .ledger import locked, read_ledger, refuse, stamp_rows
from .ledger_index import append_indexed, load_index
from .corrections import CORRECTION_COLUMNS, check_corrections, is_correction
from .problems import Problem
from .chain import DIGEST_COLUMN
from .schemas import Column, Schema
from .sensitivity import with_default

OBSERVATIONS_FILE = "observations.csv"
PRECISIONS = ("day", "month", "quarter", "year", "range")
QUALIFIERS = ("exact", "at_least", "over", "about", "at_most", "under")
# how a qualified value reads: "> 30,000" (over), "≈ 1,700" (about)
QUALIFIER_SIGNS = {"exact": "", "at_least": "≥ ", "over": "> ", "about": "≈ ", "at_most": "≤ ", "under": "< "}

OBSERVATION_SCHEMA = Schema(
    "observations",
    (
        Column("observation_id", pattern=r"obs-\d{4,}", description="obs-NNNN, given when recorded"),
        Column("indicator_id", description="the indicator observed (indicators.csv)"),
        Column("date", "date", description="the date the value holds for (start of a range)"),
        Column("date_end", "date", required=False, description="end of a range; empty otherwise"),
        Column("precision", choices=PRECISIONS, description="how exactly the source dates the value"),
        Column("value", description="the value, fitting the indicator's type (a number, a date, yes or no, text)"),
        Column("qualifier", choices=QUALIFIERS, description="how the source qualifies the value (\"over 30,000\": over)"),
        Column("source", description="UN document symbol or address"),
        Column("source_date", "date", required=False, description="date of the source document"),
        Column("confidence", choices="confidence", description="how directly the source was seen"),
        Column("sensitivity", required=False, choices="sensitivity",
               description="public, internal or confidential: only public rows go into a public build; empty: internal"),
        Column("note", required=False, multiline=True, description="anything a reader needs to weigh the value"),
        *CORRECTION_COLUMNS,
        Column("recorded_at", description="when it was recorded (ISO date or date-time)"),
        Column("recorded_by", description="who recorded it"),
        DIGEST_COLUMN,
    ),
    key=("observation_id",),
    description="Append-only: one row per value per source",
)

# A French-locale spreadsheet writes "19 800" (with a space, no-break space or narrow
# no-break space), "1,5" and 31/03/2022; the ledger stores 19800, 1.5 and 2022-03-31.
_GROUP_SPACES = re.compile(r"(?<=\d)[ \u00a0\u202f\u2009'](?=\d{3}\b)")
FRENCH_HEADERS = {
    "indicateur": "indicator_id", "date_fin": "date_end", "précision": "precision", "precision": "precision",
    "valeur": "value", "qualificatif": "qualifier", "date_source": "source_date",
    "confiance": "confidence", "fiabilité": "confidence", "remarque": "note", "enregistré_par": "recorded_by",
    "sensibilité": "sensitivity", "sensibilite": "sensitivity", "diffusion": "sensitivity",
}


def normalise_number(text: str, decimal_comma: bool = False) -> str:
    """'19 800' -> '19800'; '1,5' -> '1.5' where the comma is decimal, '1,730' -> '1730' where not."""
    value = _GROUP_SPACES.sub("", str(text).strip())
    if decimal_comma:
        value = value.replace(".", "") if re.fullmatch(r"-?\d{1,3}(?:\.\d{3})+(?:,\d+)?", value) else value
        if re.fullmatch(r"-?\d+,\d+", value):
            value = value.replace(",", ".")
    elif re.fullmatch(r"-?\d{1,3}(?:,\d{3})+(?:\.\d+)?", value):
        value = value.replace(",", "")
    return value


def normalise_date(text: str) -> str:
    """A date as the ledger stores it (YYYY-MM-DD); text that is no date is kept, for the check to name it."""
    day = parse_date(text)
    return day.isoformat() if day else str(text).strip()


# A plain decimal number: Python's float() also takes 'nan', 'inf', '1_000' and ' 5 ', which no source prints.
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d{1,3})?")
# Beyond 10^15 a float no longer holds every whole number, and no indicator counts that many of anything.
MAX_MAGNITUDE = 1e15


def read_number(value: str, indicator_type: str) -> tuple[float | None, str | None]:
    """The value as a finite number within range, or why it is not one."""
    if not _PLAIN_NUMBER.fullmatch(value):
        return None, (f"value {value!r} is not a number (the indicator is a {indicator_type}): write digits, "
                      "with '.' for decimals (no NaN, inf or '_')")
    number = float(value)
    if not math.isfinite(number) or abs(number) > MAX_MAGNITUDE:
        return None, f"value {value!r} is out of range: numbers up to {MAX_MAGNITUDE:,.0f} in size are taken"
    return number, None


def check_value(value: str, indicator_type: str) -> str | None:
    """Why a value does not fit its indicator's type, or None."""
    if indicator_type in ("count", "stock", "flow", "plan", "percent"):
        number, why = read_number(value, indicator_type)
        if why:
            return why
        if indicator_type == "count" and (number < 0 or number != int(number)):
            return f"value {value!r} is not a whole, non-negative count"
        if indicator_type == "stock" and number < 0:
            return f"value {value!r} is negative"
        if indicator_type == "percent" and not 0 <= number <= 100:
            return f"value {value!r} is not a percentage from 0 to 100 (write 45.5 for 45.5%, not 0.455)"
    elif indicator_type == "date":
        if parse_date(value, day_first=False) is None or len(value) != 10:
            return f"value {value!r} is not a date YYYY-MM-DD (the indicator is a milestone date)"
        why = implausible(parse_date(value, day_first=False))
        if why:
            return f"value {why}"
    elif indicator_type == "yesno" and value.lower() not in ("yes", "no"):
        return f"value {value!r} is not yes or no"
    return None


def check_observations(rows: pd.DataFrame, source: str, indicators: pd.DataFrame,
                       existing: pd.DataFrame | None, today: dt.date,
                       vocabularies: dict[str, set[str]], first_row: int = 2) -> list[Problem]:
    """Every problem in rows (new or already in the ledger): schema, types, dates, duplicates.

    Each test runs on whole columns, each distinct value once (a ledger of a million rows repeats its
    values); only the failing rows are named, in row order and, within a row, in the order of the tests.
    """
    columns = Columns(rows)
    problems = OBSERVATION_SCHEMA.check(rows, source, vocabularies, first_row=first_row, columns=columns)
    if any(p.location == "header" for p in problems) or rows.empty:
        return problems
    types = dict(zip(indicators["indicator_id"], indicators["type"]))
    found: list[tuple[int, int, Problem]] = []  # (row offset, test's place in the row, problem)

    def report(test: int, mask: np.ndarray, field: str, message) -> None:
        for offset in np.flatnonzero(mask):
            found.append((int(offset), test, Problem("error", source, f"row {offset + first_row}", field,
                                                     message(int(offset)))))

    codes, uniques = columns("indicator_id")
    typed = [types.get(u) if _hashable(u) else None for u in uniques]
    known = per_row([t is not None for t in typed], codes, bool)
    report(0, ~known, "indicator_id", lambda i: f"unknown indicator {uniques[codes[i]]!r}")
    # each (value, type) is checked once: the value's code and the type's code make one code
    type_codes, type_names = pd.factorize(np.asarray(typed, dtype=object)[codes] if len(uniques) else codes)
    value_codes, stripped = stripped_text(*columns("value"))
    pair_codes, firsts = np.unique(value_codes.astype(np.int64) * (len(type_names) + 1) + type_codes,
                                   return_index=True)
    pair_of = np.searchsorted(pair_codes, value_codes.astype(np.int64) * (len(type_names) + 1) + type_codes)
    why_first = [check_value(stripped[value_codes[i]], type_names[type_codes[i]]) if type_codes[i] >= 0 else None
                 for i in firsts]
    why_value = np.asarray(why_first, dtype=object)[pair_of]
    report(1, known & per_row([bool(w) for w in why_first], pair_of, bool), "value", lambda i: why_value[i])
    days, ordinals = {}, {}
    for name in ("date", "date_end", "source_date"):
        codes, uniques = columns(name)
        found_days = [day_or_none(u) for u in uniques]
        days[name] = (codes, found_days)
        ordinals[name] = per_row([d.toordinal() if d else 0 for d in found_days], codes, np.int64)
    for test, name in ((2, "date"), (3, "date_end")):
        codes, found_days = days[name]
        report(test, per_row([bool(d and d > today) for d in found_days], codes, bool), name,
               lambda i, c=name: f"{_day(days[c], i).isoformat()} is in the future: an observed value cannot be")
    for test, name in ((4, "date"), (5, "date_end"), (6, "source_date")):
        codes, found_days = days[name]
        why = [implausible(d, today) for d in found_days]
        report(test, per_row([bool(w) for w in why], codes, bool), name, lambda i, c=codes, w=why: w[c[i]])
    start, end = ordinals["date"], ordinals["date_end"]
    report(7, (start > 0) & (end > 0) & (end < start), "date_end",
           lambda i: (f"{_day(days['date_end'], i).isoformat()} is before the start date "
                      f"{_day(days['date'], i).isoformat()}: a range ends after it starts"))
    codes, uniques = columns("date_end")
    no_end = per_row([not u for u in uniques], codes, bool)
    codes, uniques = columns("precision")
    report(8, per_row([u == "range" for u in uniques], codes, bool) & no_end, "date_end", lambda i: "a range needs date_end")
    # an exact duplicate of an earlier row, or of one already recorded, is refused; a withdrawal repeats
    # the row it takes back
    existing = _could_repeat(existing, columns) if existing is not None and len(existing) else existing
    ids = identity_codes(rows, existing, columns)
    duplicate = np.array(pd.Series(ids).duplicated(keep="first").to_numpy()[:len(rows)])
    if existing is not None and len(existing):
        duplicate |= np.isin(ids[:len(rows)], ids[len(rows):])
    if "corrects" in rows.columns:
        codes, uniques = columns("corrects")
        duplicate &= ~per_row([bool(str(u or "").strip()) for u in uniques], codes, bool)
    report(9, duplicate, "", lambda i: "exact duplicate of an observation already recorded")
    found.sort(key=lambda item: (item[0], item[1]))
    return problems + [problem for _, _, problem in found]


def check_appended(frame: pd.DataFrame, known: int, source: str, indicators: pd.DataFrame, today: dt.date,
                   vocabularies: dict[str, set[str]]) -> list[Problem]:
    """The problems check_observations(frame) names in the rows after the first known ones, which were checked
    before: the appended rows alone, and against the earlier rows (an exact duplicate, an id already used)."""
    rows, earlier = frame.iloc[known:].reset_index(drop=True), frame.iloc[:known]
    problems = check_observations(rows, source, indicators, earlier, today, vocabularies, first_row=known + 2)
    if any(p.location == "header" for p in problems):
        return problems
    if len(rows) and len(earlier):
        # an appended row whose id an earlier row holds; a second appended row of one id is named by the
        # appended rows' own check already
        ids = rows["observation_id"].astype(str)
        # a set of the earlier ids, not Series.isin: on Arrow's texts that visits each of a million values
        earlier_ids = set(earlier["observation_id"].astype(str).tolist())
        used = pd.Series([i in earlier_ids for i in ids.tolist()], index=ids.index) & ~ids.duplicated(keep="first")
        for offset in np.flatnonzero(used.to_numpy(dtype=bool)):
            problems.append(Problem("error", source, f"row {offset + known + 2}", "observation_id",
                                    f"duplicate key {ids.iloc[offset]!r}"))
    return problems


def _day(coded: tuple, row: int) -> dt.date:
    codes, found_days = coded
    return found_days[codes[row]]


def _hashable(value) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


# what makes two observations the same record: an exact duplicate is refused
IDENTITY_COLUMNS = ("indicator_id", "date", "date_end", "value", "qualifier", "source")


def _could_repeat(existing: pd.DataFrame, columns: Columns) -> pd.DataFrame:
    """The rows of existing that could be exact duplicates of the checked rows (whose distinct cells columns
    holds): those whose indicator and date, stripped, one of them has. The ledger's distinct indicators
    and dates are few, so this narrows a million recorded rows to a handful before their identities are read."""
    keep = np.ones(len(existing), dtype=bool)
    for name in ("indicator_id", "date"):
        if name not in existing.columns or name not in columns.frame.columns:
            continue
        wanted = {str(u).strip() for u in columns(name)[1]}
        codes, uniques = of_series(existing[name])
        keep &= per_row([str(u).strip() in wanted for u in uniques], codes, bool)
    return existing if keep.all() else existing[keep]


def identity_codes(rows: pd.DataFrame, existing: pd.DataFrame | None, columns: Columns | None = None) -> np.ndarray:
    """One integer per row of rows, then of existing, equal exactly where their identities are: the
    IDENTITY_COLUMNS' cells, each as text without surrounding spaces (a column a frame lacks is empty).
    columns: the distinct cells of rows, when the caller has them."""
    frames = [rows] + ([existing] if existing is not None and len(existing) else [])
    combined = np.zeros(sum(len(f) for f in frames), dtype=np.int64)
    bound = 1  # combined is below it
    for name in IDENTITY_COLUMNS:
        if len(frames) == 1 and name in rows.columns:
            found = (columns or Columns(rows))(name)
        else:
            found = distinct(np.concatenate([f[name].to_numpy(dtype=object) if name in f.columns
                                             else np.full(len(f), "", dtype=object) for f in frames]))
        codes, stripped = stripped_text(*found)
        # the codes of the columns so far and this one's make one number; they are renumbered (below the row
        # count) only where the next product could pass what an int64 holds
        if bound * (len(stripped) + 1) >= 2 ** 62:
            combined, _ = pd.factorize(combined)
            combined, bound = combined.astype(np.int64), len(combined) + 1
        combined = combined * (len(stripped) + 1) + codes
        bound *= len(stripped) + 1
    return combined


def load_observations(curated_dir: Path, defer: bool = False) -> pd.DataFrame:
    """The observations ledger (defer: see monitor.ledger.read_ledger; the caller settles it)."""
    return read_ledger(Path(curated_dir) / OBSERVATIONS_FILE, OBSERVATION_SCHEMA, defer=defer)


def append_observations(curated_dir: Path, rows: pd.DataFrame, indicators: pd.DataFrame,
                        vocabularies: dict[str, set[str]], origin: str, who: str,
                        today: dt.date | None = None, first_row: int = 2) -> pd.DataFrame:
    """Validate rows and append them all, or refuse them all naming every bad row."""
    path = Path(curated_dir) / OBSERVATIONS_FILE
    today = today or dt.date.today()
    rows = stamp_rows(rows, OBSERVATION_SCHEMA, who)
    rows["qualifier"] = [q or "exact" for q in rows["qualifier"]]
    rows["precision"] = [p or "day" for p in rows["precision"]]
    rows["sensitivity"] = with_default(rows["sensitivity"])
    with locked(path):
        index = load_index(path, OBSERVATION_SCHEMA, IDENTITY_COLUMNS)
        rows["observation_id"] = index.next_ids("obs", len(rows))
        # the ledger's rows are read only where the index cannot settle it: a correction names a recorded
        # row, and a row whose identity hash is already there may be an exact duplicate
        whole = any(is_correction(r) for r in rows.to_dict("records")) or any(index.has_rows(rows))
        existing = load_observations(curated_dir) if whole else rows.iloc[0:0]
        problems = check_observations(rows, origin, indicators, existing if whole else None, today, vocabularies,
                                      first_row=first_row)
        problems += check_corrections(rows, existing, "observation_id", origin, first_row)
        if problems:
            refuse(problems)
        append_indexed(path, OBSERVATION_SCHEMA, rows, index)
    return rows


def read_observation_csv(path: Path) -> pd.DataFrame:
    """A CSV of new observations, from any spreadsheet locale, normalised to the ledger's forms."""
    from .files import MAX_IMPORT_BYTES, decode_text, read_input_bytes

    text = decode_text(read_input_bytes(Path(path), MAX_IMPORT_BYTES, "an import CSV"), str(path))
    try:
        dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=";,\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    try:
        frame = pd.read_csv(io.StringIO(text), sep=delimiter, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, ValueError) as exc:
        raise InputError(f"{path}: not a readable CSV file ({exc})") from None
    frame.columns = [FRENCH_HEADERS.get(c.strip().lower(), c.strip().lower()) for c in frame.columns]
    required = ("indicator_id", "date", "value", "source")
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise InputError(f"{path}: missing column(s) {', '.join(missing)} (have: {', '.join(frame.columns)})")
    unknown = [c for c in frame.columns if c not in OBSERVATION_SCHEMA.column_names]
    if unknown:
        raise InputError(f"{path}: unknown column(s) {', '.join(unknown)}")
    # a semicolon-separated file comes from a locale whose decimal mark is the comma
    decimal_comma = delimiter == ";"
    frame["value"] = frame["value"].map(lambda v: normalise_number(v, decimal_comma))
    for column in ("date", "date_end", "source_date"):
        if column in frame.columns:
            frame[column] = frame[column].map(normalise_date)
    return frame
