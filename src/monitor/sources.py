"""Raw resolutions in data/raw/<slug>/: the file as published plus source.yml with its sha256."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import InputError
from .files import sha256_of

SOURCE_FILE = "source.yml"
REQUIRED_KEYS = ("symbol", "title", "body", "adoption_date", "language", "format", "file", "sha256", "description")
UN_SOURCE_NOTE = (
    "United Nations documents are reproduced with the United Nations as the source; "
    "the official version is the one in the UN Official Document System."
)


@dataclass(frozen=True)
class RawResolution:
    folder: Path
    symbol: str
    title: str
    body: str
    adoption_date: dt.date
    language: str
    format: str
    file: Path
    sha256: str
    description: str
    record: dict
    subjects: tuple[str, ...] = ()  # UNBIS subject terms given with `monitor add --subject`

    def verify(self) -> None:
        """Refuse a raw file that changed since it was recorded."""
        if not self.file.is_file():
            raise InputError(f"{self.folder / SOURCE_FILE}: names {self.file.name}, which is missing")
        actual = sha256_of(self.file)
        if actual != self.sha256:
            raise InputError(
                f"{self.file}: sha256 is {actual[:12]}..., source.yml records {self.sha256[:12]}...: "
                "raw files are never edited; restore the original or add the new version as a new resolution"
            )


# The UN's document symbols: the issuing body, then parts separated by '/'; a Security Council resolution
# adds its year after a space. The rule is said in full to whoever types a symbol that breaks it.
SYMBOL_RULE = (
    "a UN document symbol is parts separated by '/', the first the issuing body in capital letters (A, S, E, "
    "CCPR ...), each other part letters, digits, '.' or '-' (A/HRC/RES/46/28, S/2021/523, A/HRC/55/L.32/Rev.1, "
    "A/HRC/RES/S-33/1), optionally followed by one space and the year in brackets (S/RES/2584 (2021))"
)
_SYMBOL = re.compile(r"[A-Z]+(?:/[A-Za-z0-9][A-Za-z0-9.\-]*)+(?: \((?:19|20)\d\d\))?")


def check_symbol(symbol: str, origin: str) -> str:
    """The symbol as given if it has one of the UN's forms; refused with the rule otherwise."""
    if not _SYMBOL.fullmatch(symbol):
        raise InputError(f"{origin}: {symbol!r} is not a UN document symbol: {SYMBOL_RULE}")
    return symbol


def symbol_id(symbol: str) -> str:
    """The symbol as it goes into ids (commitment_id, ask_id): without spaces, 'S/RES/2584 (2021)' -> 'S/RES/2584(2021)'."""
    return re.sub(r"\s+", "", symbol)


def slug(symbol: str) -> str:
    """Folder name for a symbol: 'A/HRC/RES/46/28' -> 'a-hrc-res-46-28'."""
    return re.sub(r"[^a-z0-9]+", "-", symbol.lower()).strip("-")


def read_source(folder: Path) -> RawResolution:
    path = Path(folder) / SOURCE_FILE
    try:
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise InputError(f"{path}: not readable YAML ({exc.__class__.__name__})") from None
    if not isinstance(record, dict):
        raise InputError(f"{path}: expected a mapping of keys to values")
    missing = [key for key in REQUIRED_KEYS if not record.get(key)]
    if missing:
        raise InputError(f"{path}: missing {', '.join(missing)}")
    try:
        adopted = record["adoption_date"]
        adopted = adopted if isinstance(adopted, dt.date) else dt.date.fromisoformat(str(adopted))
    except ValueError:
        raise InputError(f"{path}: adoption_date must be YYYY-MM-DD, not {record['adoption_date']!r}") from None
    if not re.fullmatch(r"[0-9a-f]{64}", str(record["sha256"])):
        raise InputError(f"{path}: sha256 must be 64 hexadecimal digits")
    subjects = record.get("subjects") or []
    if not isinstance(subjects, list) or not all(isinstance(s, str) and s.strip() for s in subjects):
        raise InputError(f"{path}: subjects must be a list of subject terms (UNBIS Thesaurus), one per item")
    return RawResolution(
        folder=Path(folder), symbol=str(record["symbol"]), title=str(record["title"]), body=str(record["body"]),
        adoption_date=adopted, language=str(record["language"]), format=str(record["format"]),
        file=Path(folder) / str(record["file"]), sha256=str(record["sha256"]),
        description=str(record["description"]), record=record, subjects=tuple(s.strip() for s in subjects),
    )


def list_raw(raw_dir: Path) -> list[RawResolution]:
    """Every raw resolution of a workspace, ordered by adoption date."""
    if not Path(raw_dir).is_dir():
        return []
    # a hidden folder is never a resolution: `add` stages its folder as .adding-* before renaming it whole
    found = [read_source(folder) for folder in sorted(Path(raw_dir).iterdir())
             if not folder.name.startswith(".") and (folder / SOURCE_FILE).is_file()]
    return sorted(found, key=lambda r: (r.adoption_date, r.symbol))
