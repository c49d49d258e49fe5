"""Footnotes: their definitions taken out of the lines, their markers (glued to words in PDF text) resolved."""

from __future__ import annotations

import re

from .layout import is_footnote_rule, is_furniture
from .model import Footnote, Line, Paragraph
from .text import join_pieces

_DEFINITION = re.compile(r"^\[\^(\w{1,4})\]:?\s*(.*)$")
_PLAIN_DEFINITION = re.compile(r"^(\d{1,3}|[*†‡])\s+(\S.*)$")
_NUMBERED = re.compile(r"^\d{1,3}\.\s")
# What a footnote's text starts with: a document symbol, a reference, a source
_NOTE_START = re.compile(
    r"^(?:[A-Z]{1,5}(?:\.\d+)?/\S|See\b|Voir\b|Ibid|Idem|Official Records|Documents officiels|"
    r"Resolution|Résolution|Decision|Décision|General Assembly|Assemblée générale|Security Council|"
    r"Conseil de sécurité|United Nations|Nations Unies|Available|Disponible|https?://|www\.)"
)


def extract_definitions(lines: list[Line], opens=lambda text: False) -> tuple[list[Line], dict[str, str]]:
    """Footnote definitions out of the stream: '[^1]: text', '<sup>1</sup> text', after a rule, or bare.

    A bare '2 A/HRC/58/79.' between paragraphs (text pasted from a PDF, without the rule)
    is a definition when marker 2 is glued to a word just before it and the text reads like
    a footnote, not like a paragraph that lost its number's full stop (`opens`).
    """
    kept: list[Line] = []
    notes: dict[str, str] = {}
    current: str | None = None
    bare = False  # the current note was found without a rule: it ends at its full stop
    after_rule = False
    for line in lines:
        if is_footnote_rule(line.text):
            after_rule, current = True, None
            continue
        found = _DEFINITION.match(line.text)
        if found and found.group(2):
            current, bare = found.group(1), False
            notes[current] = found.group(2).strip()
            continue
        plain = _PLAIN_DEFINITION.match(line.text)
        if plain and not _NUMBERED.match(line.text):
            if after_rule or _bare_definition(plain.group(1), plain.group(2), kept, notes, opens):
                current, bare = plain.group(1), not after_rule
                notes[current] = plain.group(2).strip()
                continue
        if current is not None and not line.blank_before and not is_furniture(line.text) and not (
                bare and notes[current].endswith(".") and line.text[:1].isupper()):
            notes[current] = join_pieces([notes[current], line.text])
            continue
        current = None
        if line.blank_before or is_furniture(line.text):
            after_rule = after_rule and not line.blank_before
        kept.append(line)
    return kept, notes


def _bare_definition(marker: str, text: str, kept: list[Line], notes: dict[str, str], opens) -> bool:
    if marker in notes or opens(text) or not (_NOTE_START.match(text) or len(text.split()) <= 12 and text.endswith(".")):
        return False
    recent = " ".join(line.text for line in kept[-40:])  # the marker is on the same page
    return f"[^{marker}]" in recent or bool(_glued(re.escape(marker)).search(recent))


def _glued(number: str) -> re.Pattern:
    # "Nations1 are", "Aspects,1 and", "weapons;7", "Development; 8" at a paragraph's end
    return re.compile(
        rf"(?<=[a-zß-öø-ÿ,;.:)\]”’»])({number})(?=[\s,;.:)]|$)|(?<=[;,.:] )({number})\s*$"
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
            before, after = paragraph.text[:start], paragraph.text[end:]
            if before.endswith(" ") and after.lstrip()[:1] in (",", ";", "."):
                before = before.rstrip()  # "Development 8;": the marker stood between word and stop
            paragraph.text = (before + after).rstrip()
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
