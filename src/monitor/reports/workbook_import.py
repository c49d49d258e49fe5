"""Reading an edited workbook back: new assessments from its Assessments sheet into the ledger.

The file is checked before openpyxl parses it (an xlsx is a zip archive of XML: not a zip, a
truncated zip, members that would decompress to gigabytes are refused) and openpyxl parses it
only with defusedxml installed, which refuses XML entity expansion. Sheets and columns are
found by their names (English or French, and the names of earlier builds), never by position,
and rows by their ids. Every edited cell is validated; failing cells are listed by sheet, row,
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

from ..assessments import ASSESSMENT_SCHEMA, ASSESSORS, append_assessments, assessment_identity
from ..dates import parse_date
from ..errors import InputError
from ..pipeline import WorkspaceData, load_workspace
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

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_UNPACKED_BYTES = 2 * 1024 * 1024 * 1024  # declared size of all members together
MAX_RATIO = 200  # a member larger than 10 MB may not be compressed more than this
REQUIRED = ("assessment_id", "commitment_id", "date", "assessor", "status", "rationale", "evidence")
CHANGED_FIELDS = ("status", "rationale", "evidence")
CHANGE_COLUMNS = ["commitment_id", "field", "old", "new", "assessment_id", "row"]


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
    changes: pd.DataFrame  # commitment_id, field, old, new, assessment_id, row
    problems: list[CellProblem] = field(default_factory=list)
    already_recorded: int = 0  # new rows identical to judgments already in the ledger (a repeated import)
    warnings: list[str] = field(default_factory=list)  # assessments recorded that will not change a status

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
        raise InputError(f"{path}: file is {size:,} bytes, too large for a workbook of this project")
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
                raise InputError(f"{path}: refused: its parts would unpack to {unpacked:,} bytes")
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


def _cell_date(value) -> tuple[str | None, str | None]:
    """(YYYY-MM-DD, None) or (None, why not)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, "a date is required"
    if isinstance(value, dt.datetime):
        return value.date().isoformat(), None
    if isinstance(value, dt.date):
        return value.isoformat(), None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        from openpyxl.utils.datetime import from_excel

        try:
            return from_excel(value).date().isoformat(), None
        except (ValueError, OverflowError, TypeError):
            return None, f"not a date: {value!r}"
    text = str(value).strip()
    day = parse_date(text)
    if day is not None:
        return day.isoformat(), None
    return None, f"not a date (YYYY-MM-DD or DD/MM/YYYY): {text!r}"


class _Statuses:
    def __init__(self, reference: Path | None):
        vocabulary = load_vocabulary("statuses", reference)
        self.ids = list(vocabulary["status_id"])
        self.by_text: dict[str, str] = {}
        for row in vocabulary.to_dict("records"):
            for text in (row["status_id"], row["label_en"], row["label_fr"], row["status_id"].replace("_", " ")):
                self.by_text[str(text).strip().casefold()] = row["status_id"]
        self.labels = {lang: list(vocabulary[f"label_{lang}"]) for lang in L.LANGUAGES}

    def read(self, value) -> tuple[str | None, str | None]:
        text = _cell_text(value)
        if not text:
            return None, "a status is required (choose one from the list)"
        found = self.by_text.get(text.casefold())
        if found is None:
            return None, f"unknown status {text!r} (allowed: {', '.join(self.labels['en'])}; or {', '.join(self.ids)})"
        return found, None


def _assessor(value) -> tuple[str | None, str | None]:
    text = _cell_text(value)
    if not text:
        return "analyst", None
    key = text.casefold().replace(" ", "_").replace("-", "_")
    if key in ASSESSORS:
        return key, None
    return None, f"unknown assessor {text!r} (allowed: {', '.join(ASSESSORS)})"


# ---------------------------------------------------------------------------- the import


def _workspace(workspace) -> Workspace:
    if isinstance(workspace, Workspace):
        return workspace
    return Workspace.locate(workspace)


def _check_resolutions(path: Path, sheet: _Sheet, data: WorkspaceData) -> None:
    have = set(data.metadata["resolution_id"]) if not data.metadata.empty else set()
    declared = [s for s in sheet.custom.get("resolutions", "").split("|") if s]
    column = sheet.columns["commitment_id"]
    in_rows = {str(r[column]).split(":")[0] for r in sheet.rows if len(r) > column and r[column]}
    named = set(declared) or in_rows
    if not named:
        return
    strangers = sorted(named - have)
    if strangers and (declared or not (named & have)):
        raise InputError(f"{path}: a workbook of another resolution ({', '.join(strangers)}); this workspace has "
                         f"{', '.join(sorted(have)) or 'none'}: nothing recorded")


def _same(ledger_row: dict, key: str, value) -> bool:
    if key == "date":
        day, _ = _cell_date(value)
        return day == str(ledger_row["date"])[:10]
    return _cell_text(value) == str(ledger_row[key]).strip()


def import_workbook(workspace, path, partial: bool = False, who: str | None = None,
                    today: dt.date | None = None) -> ImportResult:
    """Append the new assessments of an edited workbook to the ledger.

    Raises WorkbookImportError (an InputError, exit 2) naming every failing cell, with nothing
    written, unless partial is set: then the good rows are written and the failing cells are in
    the result's problems. Rows already in the ledger are not added again.
    """
    from openpyxl.utils import get_column_letter

    path = Path(path)
    today = today or dt.date.today()
    who = who or os.environ.get("USER") or "workbook import"
    sheet = _read_assessments_sheet(path)
    workspace = _workspace(workspace)
    data = load_workspace(workspace)
    _check_resolutions(path, sheet, data)
    statuses = _Statuses(workspace.reference)
    ledger = data.curated.assessments
    recorded = {r["assessment_id"]: r for r in ledger.to_dict("records")} if not ledger.empty else {}
    known = set(data.commitments["commitment_id"])
    problems: list[CellProblem] = []
    candidates: list[dict] = []
    seen: dict[tuple, int] = {}

    def problem(row_number: int, key: str, reason: str) -> None:
        problems.append(CellProblem(sheet.name, row_number, get_column_letter(sheet.columns[key] + 1),
                                    sheet.headers[key], reason))

    for offset, row in enumerate(sheet.rows):
        number = sheet.header_row + 1 + offset
        cell = {key: (row[i] if i < len(row) else None) for key, i in sheet.columns.items()}
        assessment_id = _cell_text(cell["assessment_id"])
        commitment_id = _cell_text(cell["commitment_id"])
        if assessment_id:
            existing = recorded.get(assessment_id)
            if existing is None:
                problem(number, "assessment_id", f"no assessment {assessment_id!r} in the ledger "
                        "(ids are given by the ledger: leave the id empty in a new row)")
                continue
            for key in ("commitment_id", "date", "assessor", "status", "rationale", "evidence"):
                value = cell[key]
                if key == "status":
                    value, _ = statuses.read(value)
                if not _same(existing, key, value):
                    problem(number, key, f"{assessment_id} is recorded and cannot be changed (the ledger is "
                            "append-only): put the new judgment in the commitment's empty row")
                    break
            continue
        if not any(_cell_text(cell[k]) for k in ("status", "rationale", "evidence")):
            continue  # an empty row, left as built
        before = len(problems)
        if not commitment_id:
            problem(number, "commitment_id", "a commitment id is required (the row has none)")
        elif commitment_id not in known:
            problem(number, "commitment_id", f"no such commitment {commitment_id!r} in the workspace")
        status, why = statuses.read(cell["status"])
        if why:
            problem(number, "status", why)
        day, why = _cell_date(cell["date"])
        if why:
            problem(number, "date", why)
        elif day > today.isoformat():
            problem(number, "date", f"{day} is in the future: a judgment holds for a past or present date")
        assessor, why = _assessor(cell["assessor"])
        if why:
            problem(number, "assessor", why)
        rationale, evidence = _cell_text(cell["rationale"]), _cell_text(cell["evidence"])
        if not rationale:
            problem(number, "rationale", "a rationale is required: why this status")
        if not evidence:
            problem(number, "evidence", "evidence is required: a document symbol or address")
        if len(problems) > before:
            continue
        candidate = {"commitment_id": commitment_id, "date": day, "assessor": assessor, "status": status,
                     "rationale": rationale, "evidence": evidence, "recorded_by": who, "_row": number}
        identity = assessment_identity(candidate)
        if identity in seen:
            problem(number, "status", f"the same judgment as row {seen[identity]}")
            continue
        seen[identity] = number
        candidates.append(candidate)

    if problems and not partial:
        listing = "; ".join(str(p) for p in problems[:20])
        more = f" (and {len(problems) - 20} more)" if len(problems) > 20 else ""
        raise WorkbookImportError(f"{path}: nothing recorded: {len(problems)} cell(s) failed: {listing}{more}", problems)

    rows = pd.DataFrame(candidates, columns=["commitment_id", "date", "assessor", "status", "rationale", "evidence",
                                             "recorded_by", "_row"])
    added = append_assessments(workspace.curated, rows.drop(columns="_row"), known,
                               vocabulary_values(workspace.reference), str(path), who, today=today,
                               skip_recorded=True) if not rows.empty else pd.DataFrame(columns=ASSESSMENT_SCHEMA.column_names)
    row_of = {assessment_identity(c): c["_row"] for c in candidates}
    changes = []
    for new in added.to_dict("records"):
        previous = ledger[(ledger["commitment_id"] == new["commitment_id"]) & (ledger["assessor"] == new["assessor"])] \
            if not ledger.empty else ledger
        old = previous.sort_values(["date", "recorded_at"]).iloc[-1] if not previous.empty else None
        for key in CHANGED_FIELDS:
            changes.append({"commitment_id": new["commitment_id"], "field": key,
                            "old": "" if old is None else old[key], "new": new[key],
                            "assessment_id": new["assessment_id"], "row": row_of.get(assessment_identity(new))})
    return ImportResult(path, added.reset_index(drop=True), pd.DataFrame(changes, columns=CHANGE_COLUMNS), problems,
                        already_recorded=len(candidates) - len(added), warnings=_overridden(data, added, row_of))


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
