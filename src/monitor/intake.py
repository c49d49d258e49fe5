"""`monitor add`: copy a resolution into data/raw/ with its source.yml, after it parses."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
import time
from pathlib import Path

import yaml

from .errors import InputError
from .files import creatable_mode, remove_stale_folders, sha256_of
from .parse import detect_format, parse_path
from .sources import SOURCE_FILE, UN_SOURCE_NOTE, check_symbol, list_raw, slug
from .workspace import Workspace

STAGING_PREFIX = ".adding-"  # hidden, so never loaded as a resolution while it is being written
_EXTENSIONS = {"text": ".md", "pdf": ".pdf", "xml": ".xml"}


_LANGUAGES = {"en": "English", "fr": "French", "es": "Spanish", "ar": "Arabic", "ru": "Russian", "zh": "Chinese"}


def _describe(language: str, kind: str) -> str:
    text = f"{_LANGUAGES.get(language, language)} version of the UN document, as provided to the project"
    if kind == "xml":
        text += " (AKN4UN XML: an unofficial copy prepared by the UN from the official file)"
    return text


def add_resolution(workspace: Workspace, path: Path, symbol: str | None = None,
                   description: str | None = None, adopted: dt.date | None = None,
                   title: str | None = None, subjects: list[str] | None = None) -> Path:
    """Parse, then record a new raw resolution; refuse duplicates. Returns its folder.

    subjects: UNBIS Thesaurus terms for a text or PDF, which carries none (an XML's own come from its classification).
    """
    started = time.time()
    workspace.check()
    remove_stale_staging(workspace.raw, started)
    path = Path(path)
    subjects = _subject_terms(subjects or [], path)
    resolution = parse_path(path, workspace.reference)
    if symbol and resolution.symbol and symbol != resolution.symbol:
        raise InputError(f"{path}: the document says {resolution.symbol}, not {symbol}")
    symbol = symbol or resolution.symbol
    if not symbol:
        raise InputError(f"{path}: no document symbol in the text; give it with --symbol (e.g. S/RES/2584 (2021))")
    check_symbol(symbol, f"{path}: --symbol" if symbol != resolution.symbol else str(path))
    if adopted and resolution.adoption_date and adopted != resolution.adoption_date:
        raise InputError(f"{path}: the document says it was adopted on {resolution.adoption_date}, not {adopted}")
    resolution.adoption_date = resolution.adoption_date or adopted
    resolution.title = resolution.title or title
    if resolution.adoption_date is None:
        raise InputError(f"{path}: no adoption date in the text; give it with --adopted YYYY-MM-DD")
    digest = sha256_of(path)
    for existing in list_raw(workspace.raw):
        if existing.symbol == symbol and existing.language == resolution.language:
            raise InputError(f"{path}: {symbol} ({resolution.language}) is already in the workspace ({existing.folder.name})")
        if existing.sha256 == digest:
            raise InputError(f"{path}: the same file is already in the workspace as {existing.symbol}")
    folder_name = slug(symbol) if resolution.language == "en" else f"{slug(symbol)}-{resolution.language}"
    target = workspace.raw / folder_name
    if target.exists():
        raise InputError(f"{target}: already exists")
    kind = detect_format(path.read_bytes()[:2048])
    file_name = folder_name.upper().replace("-", "_") + _EXTENSIONS.get(kind, path.suffix)
    record = {
        "symbol": symbol,
        "title": resolution.title or "",
        "body": resolution.body or "",
        "session": resolution.session,
        "adoption_date": resolution.adoption_date,
        "language": resolution.language,
        "format": kind,
        "file": file_name,
        "sha256": digest,
        "description": description or _describe(resolution.language, kind),
        "original_name": path.name,
        "source": "United Nations",
        "licence_note": UN_SOURCE_NOTE,
        "recorded_on": dt.date.today(),
    }
    if subjects:
        record["subjects"] = subjects
    if not record["title"]:
        raise InputError(f"{path}: no title found in the text; give it with --title")
    workspace.raw.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=workspace.raw))
    try:
        os.chmod(staging, creatable_mode(0o777))  # mkdtemp makes 0700; the folder is shared like the rest of data/
        shutil.copyfile(path, staging / file_name)
        (staging / SOURCE_FILE).write_text(yaml.safe_dump(record, sort_keys=False, allow_unicode=True), encoding="utf-8")
        os.rename(staging, target)  # the folder appears whole or not at all
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _name_workspace(workspace, resolution)
    return target


def _subject_terms(given: list[str], path: Path) -> list[str]:
    """The --subject terms, each once, as one-line cells; refused when empty, or holding '|', the list separator."""
    terms = []
    for term in given:
        cleaned = " ".join(term.split())
        if not cleaned or any(ord(c) < 32 or ord(c) == 127 for c in term) or "|" in term or len(cleaned) > 200:
            raise InputError(f"{path}: --subject {term!r} is not a subject term: one line of at most 200 characters, "
                             "not empty, without '|' (give one --subject per term, e.g. --subject 'HUMAN RIGHTS')")
        terms.append(cleaned)
    return list(dict.fromkeys(terms))


def remove_stale_staging(raw: Path, started: float) -> list[Path]:
    """Remove the staging folders a killed `add` left behind: those last touched before this command began."""
    return remove_stale_folders(raw, STAGING_PREFIX, started)


def _name_workspace(workspace: Workspace, resolution) -> None:
    """After the first resolution, workspace.yml's empty title and short name are taken from it."""
    from .config import fill_missing_names
    from .pipeline import default_short_name, default_title
    from .series import assign_series

    series = assign_series([resolution])
    # each language's title from the version in that language (the French names come with the French text);
    # a title already given is never replaced
    titles = {resolution.language: default_title(series, resolution.language)} \
        if resolution.language in ("en", "fr") else {}
    fill_missing_names(workspace.root, titles, default_short_name(series))
