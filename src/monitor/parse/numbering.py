"""Paragraph numbers as extraction leaves them: with or without a full stop, alone, run together."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Line

_DOTTED = re.compile(r"^(\d{1,3})\.\s*(?=\S)")
# "11     Condemns": a number whose full stop was lost; only an opener after it makes it one
_BARE = re.compile(r"^(\d{1,3})\s+(?=\S)")
_ALONE = re.compile(r"^(?:\d{1,3}\.?|\((?:[a-z]{1,2}|[ivxlc]+|\d{1,2})\)|(?:[a-z]|[ivx]+)\))$")
# "...; 40. Recognizes ... ; 41. Requests": a number inside a line, after the end of a paragraph
_INSIDE = re.compile(r"(?<=[;.:,])\s+(\d{1,3})(\.?)\s+(?=[^\W\d_])")
# "...impunity; 14." at the end of a line, its paragraph on the next
_AT_END = re.compile(r"(?<=[;.:])\s+(\d{1,3})(\.?)$")


@dataclass(frozen=True)
class Label:
    number: int
    rest: str  # the text after the number
    dotted: bool  # printed "11." rather than "11"


def label(text: str) -> Label | None:
    """The paragraph number a line starts with, if it starts with one."""
    found = _DOTTED.match(text)
    if found:
        return Label(int(found.group(1)), text[found.end():], True)
    found = _BARE.match(text)
    if found:
        return Label(int(found.group(1)), text[found.end():], False)
    return None


def merge_lone_numbers(lines: list[Line], opens) -> list[Line]:
    """A number or sub-paragraph letter alone on its line joins the line after it.

    A bare number ("11", no full stop) joins only a line that `opens` (an operative opener):
    alone, it is more often a page number.
    """
    merged: list[Line] = []
    pending: Line | None = None
    for line in lines:
        if pending is not None:
            text = pending.text if pending.text[-1:] in ".)" or opens(line.text) else None
            if text is not None:
                merged.append(Line(f"{text} {line.text}", line.italic or pending.italic,
                                   pending.page, pending.blank_before, False))
                pending = None
                continue
            merged.append(pending)
            pending = None
        if _ALONE.match(line.text):
            pending = line
            continue
        merged.append(line)
    if pending is not None:
        merged.append(pending)
    return merged


def split_run_on(text: str, expected: int, opens) -> list[str]:
    """'...; 10. Confirms ... 11. Reaffirms' -> separate numbered pieces, 10 being expected.

    A number inside a line starts a paragraph when it is the one expected and the text after
    it starts with a capital (an opener when it lost its full stop), or when it is one or two
    further on and an opener follows; only operative paragraph 1 may follow a comma (the
    preamble's last paragraph).
    """
    pieces: list[str] = []
    start = 0
    for found in _INSIDE.finditer(text):
        number, dotted = int(found.group(1)), bool(found.group(2))
        rest = text[found.end():]
        if text[found.start() - 1] == "," and number != 1:
            continue
        opener = opens(rest)
        if (number == expected and (opener or dotted and rest[:1].isupper())) or \
                (expected < number <= expected + 2 and opener):
            pieces.append(text[start:found.start()])
            start = found.start()
            expected = number + 1
    pieces.append(text[start:])
    return [piece.strip() for piece in pieces]


def number_at_end(text: str) -> tuple[str, int, bool] | None:
    """('...impunity;', 14, True) for '...impunity; 14.': a number left at the end of a line."""
    found = _AT_END.search(text)
    if not found:
        return None
    return text[:found.start()], int(found.group(1)), bool(found.group(2))
