"""Plain text and markdown into lines with layout hints (italics, headings, footnote markers)."""

from __future__ import annotations

import re
import unicodedata

from .model import Line

# Typesetting characters that carry no meaning for analysis.
_TRANSLATE = str.maketrans({
    "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2011": "-", "\u00ad": "",
    "\u200b": "", "\ufeff": "", "\t": " ",
})
_SUP = re.compile(r"<sup>\s*([0-9]{1,3}|[*†‡])\s*</sup>", re.IGNORECASE)
_HTML_TAG = re.compile(r"</?(?:sup|sub|em|i|b|strong|span|br)\b[^>]*>", re.IGNORECASE)
_NUMBER_PREFIX = re.compile(r"^(\d{1,3}\.\s+)")
_ITALIC_START = re.compile(r"^(\*{1,2}|_)(?=\S)(.+?)(?<=\S)\1(?!\*)")
_EMPHASIS = re.compile(r"(?<![\w*])(\*{1,3}|_{1,2})(?=\S)(.+?)(?<=\S)\1(?![\w*])")
_PAGE_BREAK = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,}\s*$)")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")


def split_front_matter(text: str) -> tuple[dict, str]:
    """YAML front matter ('---' ... '---' at the top) as a dict, and the rest."""
    stripped = text.lstrip("\n")
    if not stripped.startswith("---\n"):
        return {}, text
    end = stripped.find("\n---", 4)
    if end == -1 or stripped[4:end].count("\n") > 80:
        return {}, text
    block = stripped[4:end]
    if not re.search(r"^[A-Za-z_][\w-]*\s*:", block, flags=re.MULTILINE):
        return {}, text
    import yaml  # only a text with front matter pays for the import

    try:
        data = yaml.safe_load(block)
    except yaml.YAMLError:
        return {}, text
    if not isinstance(data, dict):
        return {}, text
    rest = stripped[end + 4:]
    return {str(k): v for k, v in data.items()}, rest.lstrip("-")


def normalise(text: str) -> str:
    # NFC: some UN files write "é" as "e" + a combining accent, which no vocabulary phrase matches
    text = unicodedata.normalize("NFC", text)
    return text.replace("\r\n", "\n").replace("\r", "\n").translate(_TRANSLATE)


def to_lines(text: str) -> list[Line]:
    """Lines of a markdown or plain-text resolution, with italics and headings as hints."""
    lines: list[Line] = []
    blank = True
    for raw in normalise(text).split("\n"):
        raw = raw.rstrip()
        if not raw.strip():
            blank = True
            continue
        if raw.strip() in {"---", "***", "* * *"} or re.fullmatch(r"\s*-{3,}\s*", raw):
            # a page or section break in converted markdown: a boundary, not content
            blank = True
            continue
        heading = bool(_HEADING.match(raw))
        content = _HEADING.sub("", raw) if heading else raw
        content = _SUP.sub(lambda m: f"[^{m.group(1)}]", content)
        content = _HTML_TAG.sub("", content)
        content = content.replace("\\*", "*").strip()
        italic = None
        number = _NUMBER_PREFIX.match(content)
        body = content[number.end():] if number else content
        found = _ITALIC_START.match(body)
        if found:
            italic = _EMPHASIS.sub(r"\2", found.group(2)).strip()
        body = _EMPHASIS.sub(r"\2", body)
        # unmatched emphasis marks (an italic run across lines) are dropped
        body = re.sub(r"(?<![\w*])\*{1,3}(?=\S)|(?<=\S)\*{1,3}(?![\w*])", "", body)
        body = re.sub(r"^\*+\s*|\s*\*+$", "", body)
        content = (number.group(1) if number else "") + body
        content = re.sub(r"[ ]{2,}", " ", content).strip()
        if not content:
            blank = True
            continue
        lines.append(Line(text=content, italic=italic, blank_before=blank, heading=heading))
        blank = False
    return lines


def join_pieces(pieces: list[str]) -> str:
    """Wrapped lines joined into running text; a piece starting with a newline keeps its own line."""
    text = ""
    for piece in pieces:
        if not text:
            text = piece
        elif piece.startswith("\n"):
            text = text.rstrip() + piece
        elif text[-1:] == "-" and text[-2:-1].isalnum() and piece[:1].isalnum():
            # a word hyphenated across a line break ("Haut-|Commissariat", "COVID-|19"):
            # keep the hyphen, drop the break
            text += piece
        else:
            text = text.rstrip() + " " + piece.lstrip()
    return text
