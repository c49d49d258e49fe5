"""Reading a resolution (text or markdown) into metadata, paragraphs, footnotes and references."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from ..country import find_country
from ..errors import InputError
from ..files import decode_text, read_input_bytes
from ..references import find_references
from ..sessions import SessionCalendar
from ..vocab import load_vocabulary
from .footnotes import resolve_footnotes
from .language import detect_language, language_code
from .layout import running_titles
from .metadata import describe, fill_metadata
from .model import Footnote, Line, Paragraph, Resolution
from .openers import matcher_for
from .structure import segment
from .text import split_front_matter, to_lines

__all__ = [
    "Resolution", "Paragraph", "Footnote", "parse_path", "parse_text", "paragraphs_frame",
    "references_frame", "describe", "parse_lines", "Line", "detect_language",
]

PARAGRAPH_COLUMNS = [
    "resolution_id", "paragraph_id", "kind", "number", "opener", "lemma", "modifiers", "text",
    "footnotes", "section", "numbered", "subparagraphs", "warnings",
]


def detect_format(data: bytes) -> str:
    head = data[:2048].lstrip()
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(b"<?xml") or b"<akomaNtoso" in head:
        return "xml"
    return "text"


def parse_path(path: Path | str, reference_dir: Path | None = None, language: str | None = None) -> Resolution:
    """Parse a resolution file; bad input raises InputError naming the file and the reason.

    language ('en', 'fr') overrides the one the file states or its words show.
    """
    path = Path(path)
    data = read_input_bytes(path)
    kind = detect_format(data)
    if kind == "pdf" or path.suffix.lower() == ".pdf":
        # a file named .pdf goes to the PDF reader even when it is not one, so that a
        # PNG or zip renamed .pdf is told apart by name ("not a PDF but a PNG image")
        from .pdf import parse_pdf  # pdfplumber is slow to import; only PDF input pays for it

        resolution = parse_pdf(path, reference_dir, language)
    elif kind == "zip":
        raise InputError(f"{path}: a zip archive (docx/xlsx?), not a resolution text")
    elif kind == "xml":
        from .akn import parse_akn  # only XML input pays for the XML parser

        resolution = parse_akn(path, data, reference_dir, language)
    else:
        resolution = parse_text(decode_text(data, str(path)), origin=str(path), reference_dir=reference_dir,
                                language=language)
        resolution.source_path = str(path)
    resolution.country_names = find_country(resolution)
    return resolution


def parse_text(text: str, origin: str = "<text>", reference_dir: Path | None = None,
               language: str | None = None) -> Resolution:
    """Parse the text of a resolution; raises InputError when it holds no resolution.

    The language is, in this order: the argument, `language:` in the front matter, the text's words.
    """
    front_matter, body = split_front_matter(text)
    resolution = parse_lines(to_lines(body), origin, front_matter, reference_dir, language)
    resolution.source_format = "text"
    resolution.country_names = find_country(resolution)
    return resolution


def parse_lines(lines: list[Line], origin: str, front_matter: dict | None = None,
                reference_dir: Path | None = None, language: str | None = None,
                footnotes: dict[str, str] | None = None) -> Resolution:
    """The format-neutral core: lines with layout hints into a Resolution.

    Front ends (text, PDF) turn their input into Line objects; footnote definitions a
    front end found itself (by font size, say) come in `footnotes`, markers as '[^n]'.
    """
    front_matter = front_matter or {}
    if not lines:
        raise InputError(f"{origin}: no text")
    language = _language(language, front_matter, lines)
    matcher, missing = matcher_for(language, reference_dir)
    titles = _candidate_titles(lines, front_matter)
    segments = segment(lines, matcher, titles)
    if footnotes:
        segments.footnotes = {**footnotes, **segments.footnotes}
    resolution = Resolution(language=language)
    bodies = dict(zip(*load_vocabulary("bodies", reference_dir)[["body_id", "resolution_symbol"]].T.values))
    fill_metadata(resolution, segments.header, segments.trailer, front_matter, segments.body_name, bodies)
    resolution.paragraphs = segments.paragraphs
    if not resolution.operative():
        raise InputError(
            f"{origin}: no operative paragraph found (expected numbered paragraphs such as "
            "'1. Decides ...' after 'The Human Rights Council,'); not a resolution?"
        )
    resolution.annex = "\n".join(line.text for line in segments.annex) or None
    notes, warnings = resolve_footnotes(resolution.paragraphs, segments.footnotes, bool(segments.annex))
    resolution.footnotes = notes
    resolution.warnings = missing + segments.warnings + warnings
    if not resolution.symbol:
        resolution.warnings.append(("", "no document symbol in the text; give one with --symbol when adding it"))
    return resolution


def _language(given: str | None, front_matter: dict, lines: list[Line]) -> str:
    """The argument, else the front matter's `language:` (or `lang:`), else what the words say."""
    for value in (given, front_matter.get("language"), front_matter.get("lang")):
        if value:
            return language_code(value) or str(value).strip().lower()
    return detect_language("\n".join(line.text for line in lines))


def _candidate_titles(lines: list[Line], front_matter: dict) -> tuple[str, ...]:
    from .metadata import _NUMBER_TITLE

    titles = [str(front_matter.get("title") or "").rstrip(" :")]
    for line in lines[:40]:
        found = _NUMBER_TITLE.match(line.text)
        if found:
            titles.append(found.group(2))
            break
    return running_titles(*titles)


def paragraphs_frame(resolution: Resolution) -> pd.DataFrame:
    rows = []
    for p in resolution.paragraphs:
        rows.append({
            "resolution_id": resolution.resolution_id,
            "paragraph_id": p.paragraph_id,
            "kind": p.kind,
            "number": p.number,
            "opener": p.opener,
            "lemma": p.lemma,
            "modifiers": list(p.modifiers),
            "text": p.text,
            "footnotes": [f"{f.marker}: {f.text}" if f.text else f.marker for f in p.footnotes],
            "section": p.section,
            "numbered": p.numbered,
            "subparagraphs": p.subparagraphs,
            "warnings": list(p.warnings),
        })
    return pd.DataFrame(rows, columns=PARAGRAPH_COLUMNS)


REFERENCE_COLUMNS = [
    "resolution_id", "paragraph_id", "type", "text", "value", "date", "precision", "in_footnote", "detail",
]


def references_frame(resolution: Resolution, reference_dir: Path | None = None) -> pd.DataFrame:
    calendar = SessionCalendar(reference_dir)
    rows = []
    for p in resolution.paragraphs:
        sources = [(p.text, False)] + [(f.text, True) for f in p.footnotes if f.text]
        for text, in_footnote in sources:
            for ref in find_references(text, own_body=resolution.body,
                                       adoption_date=resolution.adoption_date, calendar=calendar):
                rows.append({
                    "resolution_id": resolution.resolution_id,
                    "paragraph_id": p.paragraph_id,
                    "type": ref.type,
                    "text": ref.text,
                    "value": ref.value,
                    "date": ref.date.isoformat() if ref.date else None,
                    "precision": ref.precision,
                    "in_footnote": in_footnote,
                    "detail": json.dumps(ref.detail, ensure_ascii=False, sort_keys=True) if ref.detail else "",
                })
    return pd.DataFrame(rows, columns=REFERENCE_COLUMNS)
