"""Reading an edited workbook back: new assessments from its Assessments sheet into the ledger.

The file is checked before openpyxl parses it (an xlsx is a zip archive of XML: not a zip, a
truncated zip, members that would decompress to gigabytes are refused) and openpyxl parses it
only with defusedxml installed, which refuses XML entity expansion. Sheets and columns are
found by their names (English or French, and the names of earlier builds), never by position,
and rows by their ids. A row without an id is a new assessment; a recorded row whose judgment was
edited is a correction: a new assessment whose `corrects` names the row it replaces, which then no
longer counts (the ledger stays append-only). Coded cells (status, assessor) read their ids or their
English or French labels. Every edited cell is validated; failing cells are listed by sheet, row,
column and reason, and then nothing is written unless partial=True.
"""

from __future__ import annotations

import datetime as dt
import os
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..assessments import (ASSESSMENT_SCHEMA, ASSESSORS, append_assessments, assessment_identity, corrections_of,
                           current_assessments)
from ..dates import implausible, parse_date
from ..errors import InputError
from ..sensitivity import DEFAULT
from ..pipeline import WorkspaceData, load_workspace
from ..sources import symbol_id
from ..status import resolve_rules, rule_decides
from ..vocab import vocabulary_values
from ..vocab import load_vocabulary
from ..workspace import Workspace
from .. import labels as L

# Header names used by earlier builds, so their workbooks still import.
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "assessment_id": ("assessment id", "id"),
    "commitment_id": ("commitment id",),
}


def header_keys_by_name(keys) -> dict[str, str]:
    """Every header of the given column keys in every language, their aliases and the key itself -> key."""
    found: dict[str, str] = {}
    for key in keys:
        for name in (*L.header_names(key), *HEADER_ALIASES.get(key, ()), key):
            found[name.strip().casefold()] = key
    return found

# The project's own workbooks are a few megabytes; ten times the largest is still far below these.
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_BYTES = 256 * 1024 * 1024  # declared size of all members together
MAX_CELL_CHARS = 32_767  # Excel's own limit for a cell: a longer one was not typed in Excel
MAX_RATIO = 200  # a member larger than 10 MB may not be compressed more than this
REQUIRED = ("assessment_id", "commitment_id", "date", "assessor", "status", "rationale", "evidence")
CHANGED_FIELDS = ("status", "rationale", "evidence")
CHANGE_COLUMNS = ["commitment_id", "field", "old", "new", "assessment_id", "corrects", "row"]


@dataclass(frozen=True)
class CellProblem:
    sheet: str
    row: int
    column: str  # the column letter
    header: str
    reason: str

    def __str__(self) -> str:
        return f"sheet {self.sheet}, row {self.row}, column {self.column} ({self.header}): {self.reason}"


@dataclass
class ImportResult:
    path: Path
    added: pd.DataFrame  # the assessments appended to the ledger, with their new ids
    changes: pd.DataFrame  # commitment_id, field, old, new, assessment_id, corrects, row
    problems: list[CellProblem] = field(default_factory=list)
    already_recorded: int = 0  # new rows identical to judgments already in the ledger (a repeated import)
    warnings: list[str] = field(default_factory=list)  # assessments recorded that will not change a status
    corrections: list[str] = field(default_factory=list)  # one line per recorded row corrected

    def problems_frame(self) -> pd.DataFrame:
        return pd.DataFrame([vars(p) for p in self.problems], columns=["sheet", "row", "column", "header", "reason"])


class WorkbookImportError(InputError):
    """Failing cells: nothing was written. The cells are in .problems."""

    def __init__(self, message: str, problems: list[CellProblem]):
        super().__init__(message)
        self.problems = problems


# ---------------------------------------------------------------------------- the file


def _check_archive(path: Path) -> None:
    """Refuse what is not a sound xlsx before any XML is parsed."""
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if not path.is_file():
        raise InputError(f"{path}: is not a file")
    size = path.stat().st_size
    if size == 0:
        raise InputError(f"{path}: file is empty")
    if size > MAX_FILE_BYTES:
        raise InputError(f"{path}: file is {size:,} bytes, above the limit of {MAX_FILE_BYTES:,} bytes for a "
                         "workbook of this project")
    with open(path, "rb") as handle:
        magic = handle.read(8)
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(f"{path}: an old-style .xls (or encrypted) file; save it as an Excel workbook (.xlsx)")
    if not magic.startswith(b"PK\x03\x04"):
        raise InputError(f"{path}: not an Excel workbook (.xlsx): the file is not a zip archive")
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            names = {m.filename for m in members}
            if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
                raise InputError(f"{path}: a zip archive, but not an Excel workbook (no xl/workbook.xml)")
            unpacked = sum(m.file_size for m in members)
            if unpacked > MAX_UNPACKED_BYTES:
                raise InputError(f"{path}: refused: its parts would unpack to {unpacked:,} bytes, above the "
                                 f"limit of {MAX_UNPACKED_BYTES:,}")
            for member in members:
                if member.file_size > 10 * 1024 * 1024 and member.file_size > MAX_RATIO * max(member.compress_size, 1):
                    raise InputError(f"{path}: refused: {member.filename} would expand {member.file_size:,} bytes "
                                     f"from {member.compress_size:,} (a zip bomb?)")
            damaged = archive.testzip()
            if damaged is not None:
                raise InputError(f"{path}: damaged workbook: part {damaged} fails its checksum")
    except zipfile.BadZipFile as exc:
        raise InputError(f"{path}: damaged or truncated workbook (not a complete zip archive: {exc})") from None
    except (OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise InputError(f"{path}: damaged or truncated workbook ({type(exc).__name__}: {exc})") from None


def _refusal(path: Path, exc: Exception) -> InputError:
    try:
        from defusedxml import DefusedXmlException
    except ImportError:  # pragma: no cover - defusedxml is a dependency
        DefusedXmlException = ()  # noqa: N806
    cause = exc
    while cause is not None:
        if DefusedXmlException and isinstance(cause, DefusedXmlException):
            return InputError(f"{path}: refused: its XML declares entities or a DTD "
                              f"(an expansion attack?): {type(cause).__name__}")
        cause = cause.__cause__ or cause.__context__
    first = str(exc).splitlines()[0] if str(exc) else ""
    return InputError(f"{path}: cannot be read as an Excel workbook ({type(exc).__name__}: {first})")


def _check_cell_sizes(path: Path, sheet: str, rows: list[tuple]) -> None:
    """Refuse a cell longer than Excel lets anyone type: it was planted, and every build would carry it."""
    from openpyxl.utils import get_column_letter

    for number, row in enumerate(rows, start=1):
        for position, value in enumerate(row):
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                raise InputError(f"{path}: sheet {sheet}, row {number}, column {get_column_letter(position + 1)}: "
                                 f"{len(value):,} characters, above Excel's limit of {MAX_CELL_CHARS:,} for a cell: "
                                 "nothing recorded")


@dataclass
class _Sheet:
    name: str
    header_row: int  # 1-based
    columns: dict[str, int]  # key -> 0-based position
    headers: dict[str, str]  # key -> header text as found
    rows: list[tuple]
    custom: dict[str, str]


def _read_assessments_sheet(path: Path) -> _Sheet:
    import openpyxl
    from openpyxl.xml import DEFUSEDXML

    if not DEFUSEDXML:
        raise InputError("refusing to read workbooks: defusedxml is not installed, and without it openpyxl "
                         "does not guard against XML expansion attacks (install defusedxml)")
    _check_archive(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
            try:
                custom = {p.name: str(p.value) for p in getattr(book, "custom_doc_props", []) if p.name}
                by_name = {name.casefold(): name for name in book.sheetnames}
                sheets = [L.sheet_name("assessments", lang) for lang in L.LANGUAGES]
                wanted = [name.casefold() for name in sheets]
                found = next((by_name[n] for n in wanted if n in by_name), None)
                if found is None:
                    raise InputError(f"{path}: no sheet named {' or '.join(sheets)} "
                                     f"(renamed or removed?); the workbook has: {', '.join(book.sheetnames)}")
                rows = [tuple(r) for r in book[found].iter_rows(values_only=True)]
                _check_cell_sizes(path, found, rows)
            finally:
                book.close()
    except InputError:
        raise
    except Exception as exc:  # openpyxl, zipfile and the XML parser raise many kinds
        raise _refusal(path, exc) from None
    names = header_keys_by_name(L.keys_with("header:"))
    for index, row in enumerate(rows[:10]):
        keys = {}
        headers = {}
        for position, value in enumerate(row):
            key = names.get(str(value).strip().casefold()) if value is not None else None
            if key and key not in keys:
                keys[key] = position
                headers[key] = str(value).strip()
        if "commitment_id" in keys:
            missing = [k for k in REQUIRED if k not in keys]
            if missing:
                wanted = ", ".join("'{}' ('{}')".format(*L.header_names(k)) for k in missing)
                raise InputError(f"{path}: sheet {found}: no column {wanted} (renamed or removed?); "
                                 f"columns: {', '.join(str(v) for v in row if v is not None)}")
            return _Sheet(found, index + 1, keys, headers, rows[index + 1:], custom)
    raise InputError(f"{path}: sheet {found}: no header row with a '{L.header('commitment_id', 'en')}' column "
                     "in its first 10 rows (renamed or removed?)")


# ---------------------------------------------------------------------------- values


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# A spreadsheet's date serials: 1 is 1900-01-01 and 2958465 is 9999-12-31; anything else is no day at all
# (openpyxl would turn -5 into 1899-12-25).
SERIAL_RANGE = (1, 2958465)


def _cell_day(value) -> tuple[dt.date | None, str | None]:
    """The cell as a day, or why it is none."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, "a date is required"
    if isinstance(value, dt.datetime):
        return value.date(), None
    if isinstance(value, dt.date):
        return value, None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        from openpyxl.utils.datetime import from_excel

        if not SERIAL_RANGE[0] <= value <= SERIAL_RANGE[1]:  # False for NaN too
            return None, (f"a date serial of {value!r} is outside the spreadsheet calendar "
                          f"({SERIAL_RANGE[0]} = 1900-01-01 to {SERIAL_RANGE[1]} = 9999-12-31)")
        try:
            return from_excel(value).date(), None
        except (ValueError, OverflowError, TypeError):
            return None, f"not a date: {value!r}"
    text = str(value).strip()
    day = parse_date(text)
    if day is not None:
        return day, None
    return None, f"not a date (YYYY-MM-DD or DD/MM/YYYY): {text!r}"


def _cell_date(value) -> tuple[str | None, str | None]:
    """(YYYY-MM-DD, None) or (None, why not): a real day, and a plausible one (dates.implausible)."""
    day, why = _cell_day(value)
    why = why or implausible(day)
    return (None, why) if why else (day.isoformat(), None)


def _match_key(text) -> str:
    """What a coded cell is matched on: case and runs of whitespace do not count."""
    return " ".join(str(text).split()).casefold()


class _Codes:
    """A coded column's ids, read from the id itself or its English or French label."""

    def __init__(self, labels: dict[str, dict[str, str]], noun: str):
        self.noun = noun
        self.labels = labels  # lang -> id -> label
        self.by_text: dict[str, str] = {}
        for code in labels["en"]:
            for text in (code, code.replace("_", " "), *(labels[lang][code] for lang in L.LANGUAGES)):
                self.by_text[_match_key(text)] = code

    def read(self, value, default: str | None = None) -> tuple[str | None, str | None]:
        """(id, None) or (None, why not); an empty cell is the default, if there is one."""
        text = _cell_text(value)
        if not text:
            if default:
                return default, None
            return None, f"a {self.noun} is required (choose one from the list)"
        key = _match_key(text)
        found = self.by_text.get(key) or self.by_text.get(key.replace("-", " "))  # "independent-expert" too
        if found is None:
            return None, (f"unknown {self.noun} {text!r} (allowed: {', '.join(self.labels['en'].values())}; "
                          f"or in French: {', '.join(self.labels['fr'].values())}; or {', '.join(self.labels['en'])})")
        return found, None


def _statuses(reference: Path | None) -> _Codes:
    """The status vocabulary's ids and labels."""
    vocabulary = load_vocabulary("statuses", reference)
    labels = {lang: dict(zip(vocabulary["status_id"], vocabulary[f"label_{lang}"])) for lang in L.LANGUAGES}
    return _Codes(labels, "status")


def _sensitivities(reference: Path | None) -> _Codes:
    """The sensitivity vocabulary's ids and labels."""
    vocabulary = load_vocabulary("sensitivity", reference)
    labels = {lang: dict(zip(vocabulary["sensitivity_id"], vocabulary[f"label_{lang}"])) for lang in L.LANGUAGES}
    return _Codes(labels, "sensitivity")


def _assessors() -> _Codes:
    """The assessors' ids and labels (labels.csv, assessor:<id>)."""
    return _Codes({lang: {a: L.assessor_labels(lang).get(a, a) for a in ASSESSORS} for lang in L.LANGUAGES},
                  "assessor")


# ---------------------------------------------------------------------------- the import


def _workspace(workspace) -> Workspace:
    if isinstance(workspace, Workspace):
        return workspace
    return Workspace.locate(workspace)


def _check_resolutions(path: Path, sheet: _Sheet, data: WorkspaceData) -> None:
    have = set(data.metadata["resolution_id"]) if not data.metadata.empty else set()
    known = have | {symbol_id(r) for r in have}  # a commitment id holds the symbol without its spaces
    # a long list is cut to Excel's 255 characters and ends with an ellipsis (excel.fit_property)
    declared = [s for s in sheet.custom.get("resolutions", "").split("|") if s and s != "…"]
    column = sheet.columns["commitment_id"]
    in_rows = {str(r[column]).split(":")[0] for r in sheet.rows if len(r) > column and r[column]}
    named = set(declared) or in_rows
    if not named:
        return
    strangers = sorted(named - known)
    if strangers and (declared or not (named & known)):
        raise InputError(f"{path}: a workbook of another resolution ({', '.join(strangers)}); this workspace has "
                         f"{', '.join(sorted(have)) or 'none'}: nothing recorded")


JUDGMENT_FIELDS = ("date", "assessor", "status", "rationale", "evidence")


@dataclass
class _Reader:
    """Reads the cells of one sheet's rows, noting each failing cell."""

    sheet: _Sheet
    statuses: _Codes
    assessors: _Codes
    today: dt.date
    problems: list[CellProblem] = field(default_factory=list)
    sensitivities: _Codes | None = None

    def problem(self, row_number: int, key: str, reason: str) -> None:
        from openpyxl.utils import get_column_letter

        self.problems.append(CellProblem(self.sheet.name, row_number, get_column_letter(self.sheet.columns[key] + 1),
                                         self.sheet.headers[key], reason))

    def judgment(self, number: int, cell: dict, default_assessor: str = "analyst") -> dict | None:
        """date, assessor, status, rationale and evidence of a row, or None when a cell fails."""
        before = len(self.problems)
        status, why = self.statuses.read(cell["status"])
        if why:
            self.problem(number, "status", why)
        day, why = _cell_date(cell["date"])
        if why:
            self.problem(number, "date", why)
        elif day > self.today.isoformat():
            self.problem(number, "date", f"{day} is in the future: a judgment holds for a past or present date")
        assessor, why = self.assessors.read(cell["assessor"], default_assessor)
        if why:
            self.problem(number, "assessor", why)
        rationale, evidence = _cell_text(cell["rationale"]), _cell_text(cell["evidence"])
        if not rationale:
            self.problem(number, "rationale", "a rationale is required: why this status")
        if not evidence:
            self.problem(number, "evidence", "evidence is required: a document symbol or address")
        if len(self.problems) > before:
            return None
        return {"date": day, "assessor": assessor, "status": status, "rationale": rationale, "evidence": evidence}

    def changed(self, existing: dict, cell: dict) -> list[str]:
        """The judgment fields of a recorded row whose cells no longer read as the ledger has them."""
        read = {"status": lambda v: self.statuses.read(v)[0],
                "assessor": lambda v: self.assessors.read(v, existing["assessor"])[0],
                "date": lambda v: _cell_date(v)[0]}
        fields = [key for key in JUDGMENT_FIELDS if not _as_recorded(read.get(key, _cell_text)(cell[key]), existing, key)]
        recorded = existing.get("sensitivity") or DEFAULT
        if "sensitivity" in self.sheet.columns and self.sensitivities.read(cell["sensitivity"], recorded)[0] != recorded:
            fields.append("sensitivity")  # a row made public, or restricted, is a correction like any other
        return fields

    def sensitivity(self, number: int, cell: dict, default: str) -> str | None:
        """The row's sensitivity: its cell's, else default (an empty cell, a sheet without the column)."""
        if "sensitivity" not in self.sheet.columns:
            return default
        found, why = self.sensitivities.read(cell["sensitivity"], default)
        if why:
            self.problem(number, "sensitivity", why)
        return found


def _as_recorded(value: str | None, existing: dict, key: str) -> bool:
    """Whether a cell reads as the ledger has it: a date without its time, a text the workbook cut short."""
    recorded = str(existing[key]).strip()
    if key == "date":
        return value == recorded[:10]
    if value and value.endswith("…") and len(recorded) > len(value):  # longer than a cell holds (excel.py)
        return recorded.startswith(value[:-1])
    return value == recorded


def _new_row(reader: _Reader, number: int, cell: dict, known: set[str]) -> dict | None:
    """A judgment written into a row without an id: a new assessment, or None when a cell fails."""
    commitment_id = _cell_text(cell["commitment_id"])
    if not commitment_id:
        reader.problem(number, "commitment_id", "a commitment id is required (the row has none)")
    elif commitment_id not in known:
        reader.problem(number, "commitment_id", f"no such commitment {commitment_id!r} in the workspace")
    judgment = reader.judgment(number, cell)
    if judgment is None or not commitment_id or commitment_id not in known:
        return None
    return {"commitment_id": commitment_id, "ask": "", "corrects": "", **judgment}


def _correction(reader: _Reader, number: int, cell: dict, ledger: pd.DataFrame, recorded: dict,
                corrected_in: dict[str, int]) -> dict | None:
    """A recorded row as edited: a new assessment correcting it; None when unchanged or a cell fails."""
    assessment_id = _cell_text(cell["assessment_id"])
    existing = recorded.get(assessment_id)
    if existing is None:
        reader.problem(number, "assessment_id", f"no assessment {assessment_id!r} in the ledger: was the id edited? "
                       "Restore it to correct that assessment, or clear it (and fill in the row) to record a new one")
        return None
    if _cell_text(cell["commitment_id"]) != existing["commitment_id"]:
        reader.problem(number, "commitment_id", f"{assessment_id} is an assessment of {existing['commitment_id']}: a "
                       "correction keeps its commitment (judge another one in that commitment's empty row)")
        return None
    changed = reader.changed(existing, cell)
    if not changed:
        return None  # as recorded
    if assessment_id in corrected_in:
        reader.problem(number, changed[0], f"{assessment_id} is corrected in row {corrected_in[assessment_id]} already")
        return None
    corrected_in[assessment_id] = number
    judgment = reader.judgment(number, cell, default_assessor=existing["assessor"])
    if judgment is None:
        return None
    candidate = {"commitment_id": existing["commitment_id"], "ask": existing.get("ask", ""),
                 "corrects": assessment_id, **judgment}
    earlier = corrections_of(ledger, assessment_id).to_dict("records")
    if earlier and assessment_identity(candidate) not in {assessment_identity(r) for r in earlier}:
        # two corrections of one row would both count: a correction is corrected by editing it
        later = earlier[-1]
        reader.problem(number, changed[0], f"{assessment_id} was corrected already, by {later['assessment_id']} "
                       f"({later['status']} on {later['date']}): edit that row instead")
        return None
    return candidate  # the same correction as one recorded is left out when appending: a repeated import


def import_workbook(workspace, path, partial: bool = False, who: str | None = None,
                    today: dt.date | None = None, sensitivity: str = "") -> ImportResult:
    """Append the new assessments and the corrections of an edited workbook to the ledger.

    A row without an id is a new assessment; a recorded row whose judgment was edited becomes a new
    assessment that corrects it (its `corrects` holds the edited row's id), which then no longer counts.
    Raises WorkbookImportError (an InputError, exit 2) naming every failing cell, with nothing
    written, unless partial is set: then the good rows are written and the failing cells are in
    the result's problems. Rows already in the ledger are not added again. A row's Sensitivity cell
    says who may see it; where it is empty (or the sheet has no such column), a new row takes
    sensitivity (default internal) and a correction that of the row it corrects.
    """
    path = Path(path)
    today = today or dt.date.today()
    who = who or os.environ.get("USER") or "workbook import"
    sheet = _read_assessments_sheet(path)
    workspace = _workspace(workspace)
    data = load_workspace(workspace)
    _check_resolutions(path, sheet, data)
    reader = _Reader(sheet, _statuses(workspace.reference), _assessors(), today,
                     sensitivities=_sensitivities(workspace.reference))
    ledger = data.curated.assessments
    recorded = {r["assessment_id"]: r for r in ledger.to_dict("records")} if not ledger.empty else {}
    known = set(data.commitments["commitment_id"])
    candidates: list[dict] = []
    seen: dict[tuple, int] = {}
    corrected_in: dict[str, int] = {}

    for offset, row in enumerate(sheet.rows):
        number = sheet.header_row + 1 + offset
        cell = {key: (row[i] if i < len(row) else None) for key, i in sheet.columns.items()}
        if _cell_text(cell["assessment_id"]):
            candidate = _correction(reader, number, cell, ledger, recorded, corrected_in)
        elif any(_cell_text(cell[k]) for k in ("status", "rationale", "evidence")):
            candidate = _new_row(reader, number, cell, known)
        else:
            continue  # an empty row, left as built
        if candidate is None:
            continue
        identity = assessment_identity(candidate)
        if identity in seen:
            reader.problem(number, "status", f"the same judgment as row {seen[identity]}")
            continue
        seen[identity] = number
        kept = recorded.get(candidate["corrects"], {}).get("sensitivity", "") if candidate["corrects"] else ""
        chosen = reader.sensitivity(number, cell, sensitivity.strip() or kept or DEFAULT)
        if chosen is None:
            continue
        candidates.append({**candidate, "sensitivity": chosen, "recorded_by": who, "_row": number})

    problems = reader.problems
    if problems and not partial:
        listing = "; ".join(str(p) for p in problems[:20])
        more = f" (and {len(problems) - 20} more)" if len(problems) > 20 else ""
        raise WorkbookImportError(f"{path}: nothing recorded: {len(problems)} cell(s) failed: {listing}{more}", problems)

    rows = pd.DataFrame(candidates, columns=["commitment_id", "ask", "corrects", *JUDGMENT_FIELDS, "sensitivity",
                                             "recorded_by", "_row"])
    added = append_assessments(workspace.curated, rows.drop(columns="_row"), known,
                               vocabulary_values(workspace.reference), str(path), who, today=today,
                               skip_recorded=True) if not rows.empty else pd.DataFrame(columns=ASSESSMENT_SCHEMA.column_names)
    row_of = {assessment_identity(c): c["_row"] for c in candidates}
    return ImportResult(path, added.reset_index(drop=True), _changes(ledger, added, row_of), problems,
                        already_recorded=len(candidates) - len(added), warnings=_overridden(data, added, row_of),
                        corrections=[_correction_line(recorded[c["corrects"]], c) for c in added.to_dict("records")
                                     if c["corrects"]])


def _changes(ledger: pd.DataFrame, added: pd.DataFrame, row_of: dict) -> pd.DataFrame:
    """What each appended assessment changed: a correction against the row it corrects, a new one
    against its assessor's latest judgment of the commitment."""
    current = current_assessments(ledger)
    changes = []
    for new in added.to_dict("records"):
        if new["corrects"]:
            old = ledger[ledger["assessment_id"] == new["corrects"]].iloc[0]
            fields = [k for k in (*JUDGMENT_FIELDS, "sensitivity") if str(old.get(k, "")) != str(new.get(k, ""))]
        else:
            previous = current[(current["commitment_id"] == new["commitment_id"])
                               & (current["assessor"] == new["assessor"])] if not current.empty else current
            old = previous.sort_values(["date", "recorded_at"]).iloc[-1] if not previous.empty else None
            fields = CHANGED_FIELDS
        for key in fields:
            changes.append({"commitment_id": new["commitment_id"], "field": key,
                            "old": "" if old is None else old[key], "new": new[key],
                            "assessment_id": new["assessment_id"], "corrects": new["corrects"],
                            "row": row_of.get(assessment_identity(new))})
    return pd.DataFrame(changes, columns=CHANGE_COLUMNS)


def _correction_line(old: dict, new: dict) -> str:
    """The report's line for a correction: what it changed and which judgment it replaces."""
    return (f"corrected: {new['commitment_id']}{' ask ' + new['ask'] if new.get('ask') else ''} {old['status']} "
            f"→ {new['status']}, superseding the assessment of {old['date']} by {old['assessor']} "
            f"({old['assessment_id']}, now {new['assessment_id']})")


def _overridden(data: WorkspaceData, added: pd.DataFrame, row_of: dict) -> list[str]:
    """One warning per recorded assessment whose commitment's status its rule decides, not the assessment."""
    rules = resolve_rules(data.commitments, data.curated.rules)
    warned = []
    for new in added.to_dict("records"):
        rule = rules.get(new["commitment_id"])
        if rule is not None and rule_decides(rule, data.curated.indicators):
            row = row_of.get(assessment_identity(new))
            warned.append(f"{'row ' + str(row) + ': ' if row else ''}recorded, but will not change the status: "
                          f"{new['commitment_id']} is decided by its {rule['rule']} rule")
    return warned
