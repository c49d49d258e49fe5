"""Footnote markers resolved to their text, including markers glued to words in PDF text."""

from __future__ import annotations

import re

from .model import Footnote, Paragraph


def _glued(number: str) -> re.Pattern:
    # "Nations1 are", "Aspects,1 and", "weapons;7", "Development; 8" at a paragraph's end
    return re.compile(
        rf"(?<=[a-z,;.:)\]”’])({number})(?=[\s,;.:)]|$)|(?<=[;,.:] )({number})\s*$"
    )


def resolve_footnotes(paragraphs: list[Paragraph], definitions: dict[str, str],
                      has_annex: bool) -> tuple[list[Footnote], list[tuple[str, str]]]:
    """Attach footnote texts to paragraphs; return all footnotes and the warnings."""
    warnings: list[tuple[str, str]] = []
    explicit = {f.marker for p in paragraphs for f in p.footnotes}
    numeric = [int(k) for k in list(definitions) + list(explicit) if k.isdigit()]
    if numeric:
        position = (0, 0)
        for number in range(1, max(numeric) + 1):
            marker = str(number)
            if marker in explicit:
                position = _position_of_explicit(paragraphs, marker, position)
                continue
            found = _find_glued(paragraphs, marker, position)
            if found is None:
                continue
            index, start, end = found
            paragraph = paragraphs[index]
            paragraph.text = (paragraph.text[:start] + paragraph.text[end:]).rstrip()
            paragraph.text = re.sub(r"\s+([,;.])", r"\1", paragraph.text) if start < len(paragraph.text) else paragraph.text
            paragraph.footnotes.append(Footnote(marker, None))
            paragraph.footnotes.sort(key=lambda f: int(f.marker) if f.marker.isdigit() else 0)
            position = (index, start)
    referenced: set[str] = set()
    for paragraph in paragraphs:
        for footnote in paragraph.footnotes:
            footnote.text = definitions.get(footnote.marker)
            referenced.add(footnote.marker)
            if footnote.text is None:
                paragraph.warnings.append(f"footnote {footnote.marker} has no text in the document")
    for marker in definitions:
        if marker not in referenced and not has_annex:
            warnings.append(("", f"footnote {marker} is not referenced by any paragraph"))
    notes = [Footnote(marker, text) for marker, text in definitions.items()]
    return notes, warnings


def _position_of_explicit(paragraphs, marker, position):
    for index in range(position[0], len(paragraphs)):
        if any(f.marker == marker for f in paragraphs[index].footnotes):
            return (index, 0)
    return position


def _find_glued(paragraphs, marker, position):
    pattern = _glued(marker)
    for index in range(position[0], len(paragraphs)):
        offset = position[1] if index == position[0] else 0
        found = pattern.search(paragraphs[index].text, offset)
        if found:
            group = 1 if found.group(1) else 2
            return index, found.start(group), found.end(group)
    return None
