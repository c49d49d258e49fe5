"""Lines into paragraphs: the opening formula, preamble, operative part, trailer and annex."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .footnotes import extract_definitions
from .layout import drop_furniture
from .model import Footnote, Line, Paragraph
from .numbering import Label, label, merge_lone_numbers, number_at_end, split_run_on
from .openers import OpenerMatcher
from .text import join_pieces

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
# "(a) ", "(ii) ", and the French "a) ", "ii) "
_SUBPARAGRAPH = re.compile(r"^(?:\((?:[a-z]{1,2}|[ivxlc]+|\d{1,2})\)|(?:[a-z]|[ivx]{1,4})\))\s")
_MEETING = re.compile(
    r"^(?P<ordinal>\d{1,4}(?:st|nd|rd|th|e|re))\s+(?P<kind>(?:plenary\s+)?meeting|séance(?:\s+plénière)?)\b",
    re.IGNORECASE,
)
# capitalised: a wrapped line may start with "adoptée en 2023 ;"
_ADOPTED = re.compile(r"^\[?\s*(?:Adopted|ADOPTED|Adoptée?|ADOPTÉE?)\b")
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
        # asked for after every line: joined again only when a piece was added
        if getattr(self, "_joined", (None, ""))[0] != len(self.pieces):
            self._joined = (len(self.pieces), join_pieces(self.pieces))
        return self._joined[1]


def _looks_like_heading(text: str) -> bool:
    words = text.split()
    return (
        0 < len(words) <= 8 and len(text) <= 70 and not _TERMINATED.search(text)
        and text[0].isupper() and not _SUBPARAGRAPH.match(text)
    )


def segment(lines: list[Line], matcher: OpenerMatcher, titles: tuple[str, ...] = ()) -> Segments:
    """The lines cut into header, paragraphs, footnotes, trailer and annex."""
    result = Segments()
    opens = lambda text: _opens(matcher, text)  # noqa: E731
    lines, result.footnotes = extract_definitions(lines, opens)
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
    body = drop_furniture(lines[start + 1:], titles, opens)
    _Walk(merge_lone_numbers(body, opens), matcher, result).run()
    return result


class _Walk:
    """One pass over the body's lines, deciding for each where it belongs."""

    def __init__(self, lines: list[Line], matcher: OpenerMatcher, result: Segments):
        self.queue, self.matcher, self.result = list(lines), matcher, result
        self.drafts: list[_Draft] = []
        self.part = "preambular"
        self.current: _Draft | None = None
        self.section: str | None = None  # a heading waiting for the paragraph it precedes
        self.closed = False  # the final "remain seized" paragraph has been read
        self.preamble_count = 0
        self.last_number = 0
        self.last_printed = 0  # the last number as printed, which a repair may have changed
        self.index = 0

    def opens(self, text: str) -> bool:
        return _opens(self.matcher, text)

    def warn(self, where: str, message: str) -> None:
        self.result.warnings.append((where, message))

    def finish(self) -> None:
        if self.current is not None:
            self.drafts.append(self.current)
            self.current = None

    def previous_done(self) -> bool:
        return self.current is None or bool(_TERMINATED.search(self.current.text[-24:]))

    def run(self) -> None:
        while self.index < len(self.queue):
            line = self.queue[self.index]
            self.index += 1
            if not self.step(line):
                break
        self.finish()
        self.result.paragraphs = [_to_paragraph(d, self.matcher) for d in self.drafts]

    def step(self, line: Line) -> bool:
        """Place one line; False ends the walk (trailer or annex reached)."""
        text = self.split(line)
        if self.current is not None and (self.closed or self.part == "operative") and _is_trailer_start(text):
            self.finish()
            _tail(self.queue[self.index - 1:], self.result)
            return False
        if self.closed:
            return self.to_annex("text after the final operative paragraph kept apart as an annex")
        found = label(text)
        if found and self.numbered(line, found):
            return True
        if _SUBPARAGRAPH.match(text) and self.current is not None:
            self.add_subparagraph(text)
            return True
        if self.in_list(text):
            # sub-paragraphs whose letters were lost: "Requesting ...", "Taking note ..." after "...:"
            self.add_subparagraph(text)
            return True
        if self.part == "preambular":
            return self.preambular(line, text)
        return self.operative(line, text)

    def split(self, line: Line) -> str:
        """The line's first paragraph; any others run together on it go back into the queue."""
        text = line.text
        found = label(text)
        expected = self.last_number + 1
        heads = found is not None and found.number == expected and self.previous_done()
        if self.part == "operative" or found or "1" in text:
            pieces = split_run_on(text, expected + 1 if heads else expected, self.opens)
            if len(pieces) > 1:
                self.queue[self.index:self.index] = [Line(p, None, line.page, False) for p in pieces[1:]]
                text = pieces[0]
        at_end = number_at_end(text)
        if at_end and self.index < len(self.queue):
            # "...impunity; 14." with "Requests ..." on the next line
            head, number, dotted = at_end
            following = self.queue[self.index]
            if number > self.last_number and (self.opens(following.text) or dotted and following.text[:1].isupper()):
                self.queue[self.index] = Line(f"{number}{'.' if dotted else ''} {following.text}",
                                              following.italic, following.page, True)
                text = head
        return text

    def numbered(self, line: Line, found: Label) -> bool:
        """Start an operative paragraph at a numbered line if the number fits; True if it did."""
        expected = self.last_number + 1
        rest = found.rest
        opener = self.opens(rest)
        if not (rest[:1].isupper() or line.italic):
            return False
        if not found.dotted and not opener:
            return False  # "15 March 2006, ...": a wrapped line, not "11     Condemns"
        if not self.previous_done() and not opener:
            return False  # "... under agenda item" + "10. The Council ...": a wrapped line
        number = found.number
        if not found.dotted and opener and not expected <= number <= expected + 2 and self.previous_done():
            # a number without a full stop that does not fit is a page number left before a paragraph
            self.finish()
            self.start_operative(expected, rest, line, numbered=False)
            self.current.warnings.append(f"the number {number} before it is not its own (a page number?); dropped")
            return True
        if number == expected:
            warning = None
        elif opener and number > expected and (self.part == "operative" or number == 2):
            # printed numbers are what other texts cite: kept, the gap said
            warning = (f"OP{number}", f"numbering jumps from {self.last_number} to {number}: "
                                      f"paragraph {expected} not found")
        elif opener and number < expected and self.part == "operative" and self.previous_done():
            # a repeated or backward number cannot be kept (ids are unique): numbered in sequence
            if number == self.last_printed:
                how = f"printed as {number} again after paragraph {number}"
            elif number < self.last_printed:
                how = f"printed as {number} after paragraph {self.last_printed}"
            else:
                how = f"printed as {number}, but paragraph {self.last_number} comes before it"
            warning = (f"OP{expected}", f"{how}; numbered {expected} in sequence")
            number = expected
        else:
            return False
        self.finish()
        if warning:
            self.warn(*warning)
        self.last_printed = found.number
        self.start_operative(number, rest, line, numbered=True)
        return True

    def start_operative(self, number: int, text: str, line: Line, numbered: bool) -> None:
        self.part = "operative"
        self.current = _Draft("operative", number, [text], line.italic, numbered=numbered,
                              section=self.section, page=line.page)
        if not numbered:
            self.current.warnings.append("operative paragraph without a number; numbered in sequence")
        self.last_number = number
        self.section = None
        self.closed = bool(_REMAIN_SEIZED.search(text))

    def add_subparagraph(self, text: str) -> None:
        self.current.pieces.append("\n" + text)
        self.current.subparagraphs += 1

    def in_list(self, text: str) -> bool:
        """Inside a list of sub-paragraphs: after its intro ('...:') or an item ('...;') of it."""
        current = self.current
        if current is None or not text[:1].isupper():
            return False
        if _looks_like_heading(text) and self._next_opens(self.part):
            return False
        ending = current.text.rstrip()[-1:]
        if ending == ":":
            return True
        # after "...;", only inside a list already begun: a paragraph ending with ";" is no list
        # intro; an operative opener there is the next paragraph, its number lost
        return ending == ";" and current.subparagraphs > 0 and not (self.part == "operative" and self.opens(text))

    def preambular(self, line: Line, text: str) -> bool:
        current = self.current
        if (line.heading or _looks_like_heading(text)) and self.previous_done() and self._next_opens("preambular"):
            self.finish()
            self.section = text if self.section is None else f"{self.section} / {text}"
            return True
        if line.heading and current is None:
            return True
        starts = _starts_preambular(line, self.matcher, current)
        if starts:
            self.finish()
            self.preamble_count += 1
            self.current = _Draft("preambular", self.preamble_count, [text], line.italic,
                                  section=self.section, page=line.page)
            self.section = None
            if starts == "unknown":
                self.current.warnings.append("opener not in the vocabulary; paragraph start inferred from layout")
            return True
        if self.previous_done() and text[:1].isupper() and self.opens(text) and not self._label_ahead():
            # operative paragraph 1 lost its number: an operative opener after the last preambular paragraph
            self.finish()
            self.start_operative(1, text, line, numbered=False)
            return True
        if current is None:
            self.warn("", f"text before the first paragraph ignored: {text[:60]!r}")
            return True
        current.pieces.append(text)
        return True

    def operative(self, line: Line, text: str) -> bool:
        current = self.current
        complete = current is None or bool(_FINAL.search(current.text[-24:]))
        if complete and (line.heading or _looks_like_heading(text)) and self._next_opens("operative"):
            self.finish()
            self.section = text if self.section is None else f"{self.section} / {text}"
            return True
        if complete and text[:1].isupper() and self.opens(text):
            # a paragraph that lost its number: numbered in sequence
            self.finish()
            self.start_operative(self.last_number + 1, text, line, numbered=False)
            return True
        if current is not None and current.text.rstrip().endswith(".") and not text[:1].islower():
            return self.to_annex("text after the last operative paragraph kept apart as an annex")
        if current is None:
            self.warn("", f"text after a heading ignored: {text[:60]!r}")
            return True
        current.pieces.append(text)
        if _REMAIN_SEIZED.search(current.text[-160:]):
            self.closed = True
        return True

    def to_annex(self, message: str) -> bool:
        self.finish()
        self.warn("", message)
        self.result.annex = self.queue[self.index - 1:]
        return False

    def _label_ahead(self) -> bool:
        """A line further on opens operative paragraph 1 ("1." or "1 Decides"): it has its number."""
        for line in self.queue[self.index:]:
            found = label(line.text)
            if found is not None and found.number == 1 and (found.dotted or self.opens(found.rest)):
                return True
        return False

    def _next_opens(self, part: str) -> bool:
        """A heading is followed (after perhaps another heading line) by a paragraph's first line."""
        for line in self.queue[self.index:self.index + 3]:
            found = label(line.text)
            if found and (found.dotted or self.opens(found.rest)):
                return True
            if self.matcher.match(line.text, part) or part == "preambular" and self.opens(line.text):
                return True
            if not _looks_like_heading(line.text):
                return False
        return False


def _opens(matcher: OpenerMatcher, text: str) -> bool:
    """Text that an operative opener starts, capitalised as a paragraph's first word is."""
    return text[:1].isupper() and matcher.match(text, "operative") is not None


def _starts_preambular(line: Line, matcher: OpenerMatcher, current: _Draft | None) -> str | None:
    text = line.text
    if not text[:1].isupper():
        return None
    previous_done = current is None or bool(_TERMINATED.search(current.text[-24:]))
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
