"""Lines into paragraphs: the opening formula, preamble, operative part, trailer and annex."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .layout import is_footnote_rule, is_furniture
from .model import Footnote, Line, Paragraph
from .openers import OpenerMatcher

BODIES = {
    "human rights council": "HRC", "general assembly": "GA", "security council": "SC",
    "conseil des droits de l'homme": "HRC", "assemblée générale": "GA", "conseil de sécurité": "SC",
}
OPENING_FORMULA = re.compile(
    r"^(?:The|Le|La|L['’])\s*(Human Rights Council|General Assembly|Security Council|"
    r"Conseil des droits de l['’]homme|Assemblée générale|Conseil de sécurité)\s*[,:]?\s*$",
    re.IGNORECASE,
)
_NUMBERED = re.compile(r"^(\d{1,3})\.\s*(?=\S)")
_NUMBER_ALONE = re.compile(r"^(?:\d{1,3}\.|\((?:[a-z]{1,2}|[ivxlc]+|\d{1,2})\))$")
_SUBPARAGRAPH = re.compile(r"^\((?:[a-z]{1,2}|[ivxlc]+|\d{1,2})\)\s")
_FOOTNOTE_DEF = re.compile(r"^\[\^(\w{1,4})\]:?\s*(.*)$")
_PLAIN_FOOTNOTE_DEF = re.compile(r"^(\d{1,3}|[*†‡])\s+(\S.*)$")
_MEETING = re.compile(
    r"^(?P<ordinal>\d{1,4}(?:st|nd|rd|th|e|re))\s+(?P<kind>(?:plenary\s+)?meeting|séance(?:\s+plénière)?)\b",
    re.IGNORECASE,
)
_ADOPTED = re.compile(r"^\[?\s*(?:Adopted|Adoptée?)\b", re.IGNORECASE)
_ANNEX = re.compile(r"^(?:Annex(?:es)?|Annexe|Appendix|Appendice)(?:\s+[IVX\d]+)?\.?$", re.IGNORECASE)
_REMAIN_SEIZED = re.compile(
    r"(?:remain|rester)\s+(?:actively\s+)?(?:seized|saisi)\s+(?:of\s+(?:the|this)\s+(?:matter|question)|de la question)\.?$",
    re.IGNORECASE,
)
# A paragraph is complete when it ends in punctuation, perhaps followed by a footnote
# marker ("[^2]", or a bare "2" glued on in PDF text).
_TERMINATED = re.compile(r"[,;:.!?]\s*(?:\[\^\w+\]|\d{1,2})*\s*$")
_FINAL = re.compile(r"[.;]\s*(?:\[\^\w+\]|\d{1,2})*\s*$")
_UNKNOWN_OPENER = re.compile(r"^([A-Z][a-z]+(?:ing|ed))\b")


@dataclass
class Segments:
    header: list[Line] = field(default_factory=list)
    formula: str | None = None
    body_name: str | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)
    footnotes: dict[str, str] = field(default_factory=dict)
    trailer: list[Line] = field(default_factory=list)
    annex: list[Line] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class _Draft:
    kind: str
    number: int
    pieces: list[str]
    italic: str | None
    numbered: bool = True
    section: str | None = None
    page: int | None = None
    subparagraphs: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return join_pieces(self.pieces)


def join_pieces(pieces: list[str]) -> str:
    text = ""
    for piece in pieces:
        if not text:
            text = piece
        elif piece.startswith("\n"):
            text = text.rstrip() + piece
        elif re.search(r"[a-z]-$", text) and re.match(r"[a-z]", piece):
            text += piece  # a word hyphenated across a line break: keep the hyphen, drop the break
        else:
            text = text.rstrip() + " " + piece.lstrip()
    return text


def extract_footnotes(lines: list[Line]) -> tuple[list[Line], dict[str, str]]:
    """Footnote definitions out of the stream: '[^1]: text', '<sup>1</sup> text', or after a rule."""
    kept: list[Line] = []
    notes: dict[str, str] = {}
    current: str | None = None
    after_rule = False
    for line in lines:
        if is_footnote_rule(line.text):
            after_rule, current = True, None
            continue
        found = _FOOTNOTE_DEF.match(line.text)
        if found and found.group(2):
            current = found.group(1)
            notes[current] = found.group(2).strip()
            continue
        if after_rule:
            plain = _PLAIN_FOOTNOTE_DEF.match(line.text)
            if plain and not _NUMBERED.match(line.text):
                current = plain.group(1)
                notes[current] = plain.group(2).strip()
                continue
        if current is not None and not line.blank_before and not is_furniture(line.text):
            notes[current] = join_pieces([notes[current], line.text])
            continue
        current = None
        if line.blank_before or is_furniture(line.text):
            after_rule = after_rule and not line.blank_before
        kept.append(line)
    return kept, notes


def _merge_lone_numbers(lines: list[Line]) -> list[Line]:
    merged: list[Line] = []
    pending: Line | None = None
    for line in lines:
        if pending is not None:
            merged.append(Line(f"{pending.text} {line.text}", line.italic or pending.italic,
                               pending.page, pending.blank_before, False))
            pending = None
            continue
        if _NUMBER_ALONE.match(line.text):
            pending = line
            continue
        merged.append(line)
    if pending is not None:
        merged.append(pending)
    return merged


def _looks_like_heading(text: str) -> bool:
    words = text.split()
    return (
        0 < len(words) <= 8 and len(text) <= 70 and not _TERMINATED.search(text)
        and text[0].isupper() and not _SUBPARAGRAPH.match(text)
    )


def segment(lines: list[Line], matcher: OpenerMatcher, titles: tuple[str, ...] = ()) -> Segments:
    result = Segments()
    lines, result.footnotes = extract_footnotes(lines)
    start = None
    for index, line in enumerate(lines):
        found = OPENING_FORMULA.match(line.text)
        if found:
            start = index
            result.formula = line.text.rstrip(",: ")
            result.body_name = BODIES.get(found.group(1).lower().replace("’", "'"))
            break
    if start is None:
        # No formula: the body starts at the first line that opens a paragraph.
        for index, line in enumerate(lines):
            numbered = _NUMBERED.match(line.text)
            rest = line.text[numbered.end():] if numbered else line.text
            if (numbered and numbered.group(1) == "1" and matcher.match(rest, "operative")) or (
                not numbered and matcher.match(line.text, "preambular")
            ):
                start = index - 1
                break
        if start is None:
            result.header = lines
            return result
        result.warnings.append(("", "no opening formula ('The Human Rights Council,' ...) found"))
    result.header = lines[:max(start, 0)]
    body = [l for l in lines[start + 1:] if not is_furniture(l.text, titles)]
    _walk(_merge_lone_numbers(body), matcher, result)
    return result


def _split_run_on(text: str, expected: int) -> list[str]:
    """'...; 10. Confirms ... 11. Reaffirms' -> separate numbered pieces (expected 10)."""
    pieces: list[str] = []
    while True:
        found = re.search(rf"(?<=[;.:])\s+({expected})\.\s+(?=[A-Z])", text)
        if not found:
            pieces.append(text)
            return pieces
        pieces.append(text[:found.start()])
        text = text[found.start():].lstrip()
        expected += 1


def _walk(lines: list[Line], matcher: OpenerMatcher, result: Segments) -> None:
    drafts: list[_Draft] = []
    part = "preambular"
    current: _Draft | None = None
    section: str | None = None
    closed = False  # the final "remain seized" paragraph has been read
    preamble_count = 0
    last_number = 0
    index = 0
    queue = list(lines)

    def finish() -> None:
        nonlocal current
        if current is not None:
            drafts.append(current)
            current = None

    while index < len(queue):
        line = queue[index]
        index += 1
        text = line.text
        numbered = _NUMBERED.match(text)
        expected = last_number + 1
        if part == "operative" or numbered:
            # several numbered paragraphs run together on one line in some extractions
            heads_line = numbered is not None and int(numbered.group(1)) == expected
            pieces = _split_run_on(text, expected + 1 if heads_line else expected)
            if len(pieces) > 1:
                queue[index:index] = [Line(p, None, line.page, False) for p in pieces[1:]]
                text = pieces[0]
                numbered = _NUMBERED.match(text)
        if current is not None and (closed or part == "operative") and _is_trailer_start(text):
            finish()
            _tail(queue[index - 1:], result)
            break
        if closed:
            finish()
            result.warnings.append(("", "text after the final operative paragraph kept apart as an annex"))
            result.annex = queue[index - 1:]
            break
        if numbered:
            number = int(numbered.group(1))
            rest = text[numbered.end():]
            starts_upper = rest[:1].isupper() or bool(line.italic)
            if starts_upper and (number == expected or (
                part == "operative" and number > expected and matcher.match(rest, "operative")
            )):
                finish()
                if number != expected:
                    result.warnings.append((f"OP{number}", f"numbering jumps from {last_number} to {number}"))
                part = "operative"
                current = _Draft("operative", number, [rest], line.italic, section=section, page=line.page)
                last_number = number
                section = None
                closed = bool(_REMAIN_SEIZED.search(rest))
                continue
        if _SUBPARAGRAPH.match(text) and current is not None:
            current.pieces.append("\n" + text)
            current.subparagraphs += 1
            continue
        if line.heading and part == "preambular" and current is None:
            continue
        if part == "preambular":
            starts = _starts_preambular(line, matcher, current)
            if starts:
                finish()
                preamble_count += 1
                current = _Draft("preambular", preamble_count, [text], line.italic, page=line.page)
                if starts == "unknown":
                    current.warnings.append("opener not in the vocabulary; paragraph start inferred from layout")
                continue
            if current is None:
                result.warnings.append(("", f"text before the first paragraph ignored: {text[:60]!r}"))
                continue
            current.pieces.append(text)
            continue
        # operative part, unnumbered line
        complete = current is None or bool(_FINAL.search(current.text))
        if complete and (line.heading or _looks_like_heading(text)) and _next_opens(queue, index):
            finish()
            section = text if section is None else f"{section} / {text}"
            continue
        if complete and text[:1].isupper() and matcher.match(text, "operative"):
            finish()
            last_number += 1
            current = _Draft("operative", last_number, [text], line.italic, numbered=False,
                             section=section, page=line.page)
            current.warnings.append("operative paragraph without a number; numbered in sequence")
            closed = bool(_REMAIN_SEIZED.search(text))
            continue
        if current is not None and current.text.rstrip().endswith(".") and not text[:1].islower():
            finish()
            result.warnings.append(("", "text after the last operative paragraph kept apart as an annex"))
            result.annex = queue[index - 1:]
            break
        current.pieces.append(text)
        if _REMAIN_SEIZED.search(current.text):
            closed = True
    finish()
    result.paragraphs = [_to_paragraph(d, matcher) for d in drafts]


def _starts_preambular(line: Line, matcher: OpenerMatcher, current: _Draft | None) -> str | None:
    text = line.text
    if not text[:1].isupper():
        return None
    previous_done = current is None or bool(_TERMINATED.search(current.text))
    if matcher.match(text, "preambular"):
        if previous_done or line.blank_before or line.italic:
            if not previous_done:
                current.warnings.append("paragraph does not end with punctuation")
            return "known"
        return None
    if line.italic and len(line.italic.split()) <= 6 and (previous_done or line.blank_before):
        return "unknown"
    if previous_done and _UNKNOWN_OPENER.match(text) and (current is None or current.text.rstrip()[-1:] in ",;."):
        return "unknown"
    return None


def _next_opens(queue: list[Line], index: int) -> bool:
    for line in queue[index:index + 3]:
        if _NUMBERED.match(line.text):
            return True
        if not _looks_like_heading(line.text):
            return False
    return False


def _is_trailer_start(text: str) -> bool:
    return bool(_MEETING.match(text) or _ADOPTED.match(text) or _ANNEX.match(text))


def _tail(lines: list[Line], result: Segments) -> None:
    for position, line in enumerate(lines):
        if _ANNEX.match(line.text) or line.heading and _ANNEX.match(line.text.split()[0]):
            result.annex = lines[position:]
            return
        result.trailer.append(line)


_MARKER = re.compile(r"\s?\[\^(\w{1,4})\]")


def _to_paragraph(draft: _Draft, matcher: OpenerMatcher) -> Paragraph:
    text = draft.text
    markers = _MARKER.findall(text)
    text = _MARKER.sub("", text)
    text = re.sub(r"(?<=[a-z])- (?=[a-z])(?!and |or )", "-", text)  # "three- dimensional"
    paragraph = Paragraph(
        kind=draft.kind, number=draft.number, text=text.strip(), numbered=draft.numbered,
        section=draft.section, page=draft.page, subparagraphs=draft.subparagraphs,
        warnings=list(draft.warnings),
        footnotes=[Footnote(marker, None) for marker in markers],
    )
    apply_opener(paragraph, matcher, draft.italic)
    return paragraph


def apply_opener(paragraph: Paragraph, matcher: OpenerMatcher, italic: str | None) -> None:
    text = paragraph.text
    found = matcher.match(text, paragraph.kind)
    if found is None:
        other = matcher.match(text, "operative" if paragraph.kind == "preambular" else "preambular")
        if other is not None:
            found = other
            paragraph.warnings.append(f"opener '{other.opener}' is usually {other.part}")
    if found is not None:
        paragraph.opener, paragraph.lemma = found.opener, found.lemma
        paragraph.modifiers = list(found.modifiers)
        return
    if italic and len(italic.split()) <= 6 and text.startswith(italic):
        paragraph.opener = italic.rstrip(",")
    else:
        first = re.match(r"[A-ZÀ-Ý][\w'’-]*", text)
        paragraph.opener = first.group(0) if first else ""
    paragraph.lemma = paragraph.opener.lower()
    paragraph.warnings.append(f"opener '{paragraph.opener}' is not in the vocabulary")
