"""The UN's AKN4UN XML printed as text the way its PDF prints, with the layouts extraction produces.

A test helper, not part of the package: it renders each XML resolution as pdftotext or a
copy-paste would give it (no italics, lines wrapped at 80 columns, masthead, running
headers, footers with page and job numbers, footnotes at page bottoms), then in each layout
that broke the text reader (`LAYOUTS`), and says what the XML reader's paragraphs become
in that layout (`expected_paragraphs`), so that the text path can be measured against the XML path.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from defusedxml.ElementTree import fromstring

WIDTH = 80
LINES_PER_PAGE = 48
_MARK = "\x01"  # stands for a footnote marker inside rendered text: _MARK + marker + _MARK
_ITALIC, _ROMAN = "\x02", "\x03"  # an italic span (the opener) starts and ends


@dataclass
class Para:
    kind: str  # "preambular" | "operative"
    number: int
    intro: str  # the text, footnote markers as _MARK<n>_MARK
    points: list[tuple[str, str]] = field(default_factory=list)  # (label, text)
    notes: dict[str, str] = field(default_factory=dict)  # marker -> footnote text


@dataclass
class Document:
    language: str
    symbol: str
    masthead: list[str]
    title: str
    formula: str
    paragraphs: list[Para]
    trailer: list[str]


@dataclass(frozen=True)
class Layout:
    """How one rendering differs from the UN's print (all off: the clean print)."""

    name: str = "clean"
    bare_numbers: bool = False  # "11     Condemns": numbers without a full stop
    lost_numbers: bool = False  # numbers lost for a run of operative paragraphs
    run_on: bool = False  # several numbered paragraphs on one line
    number_wraps: bool = False  # wrapped lines that start with a number ("15 March 2006")
    headings: bool = False  # section headings in the preamble and the operative part
    period_preamble: bool = False  # preambular paragraphs ending with "." instead of ","
    lost_letters: bool = False  # sub-paragraph letters lost
    furniture_between: bool = False  # page breaks (headers, footers) between paragraphs
    notes_between: bool = False  # footnote texts between paragraphs, without the rule
    final_subparagraphs: bool = False  # the text ends with a paragraph's sub-paragraphs


LAYOUTS = [
    Layout(),
    Layout("bare-numbers", bare_numbers=True),
    Layout("lost-numbers", lost_numbers=True),
    Layout("run-on", run_on=True),
    Layout("number-wraps", number_wraps=True),
    Layout("headings", headings=True),
    Layout("period-preamble", period_preamble=True),
    Layout("lost-letters", lost_letters=True),
    Layout("furniture-between", furniture_between=True),
    Layout("notes-between", notes_between=True),
    Layout("final-subparagraphs", final_subparagraphs=True),
    Layout("all", bare_numbers=True, lost_numbers=True, run_on=True, number_wraps=True, headings=True,
           period_preamble=True, lost_letters=True, furniture_between=True, notes_between=True,
           final_subparagraphs=True),
]

_HEADINGS = {
    "en": ("Human rights situation", "Accountability and justice", "Technical assistance and cooperation"),
    "fr": ("Situation des droits de l’homme", "Responsabilité et justice", "Assistance technique et coopération"),
}


# -- reading the XML: independent of monitor.parse.akn, so that one measures the other --

def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(element, name: str) -> list:
    return [child for child in element if _local(child.tag) == name]


def _squash(text: str) -> str:
    text = re.sub(r"[ \t\r\n]+", " ", text)
    # a space just inside an italic span belongs outside it ("<i>Recognizing </i>the")
    text = re.sub(rf"{_ITALIC}\s+", f" {_ITALIC}", text)
    text = re.sub(rf"\s+{_ROMAN}", f"{_ROMAN} ", text)
    return re.sub(r" {2,}", " ", text).strip()


def _text(element, notes: dict[str, str]) -> str:
    """Running text; an authorialNote becomes a marker in place, its text goes to notes."""
    # a marker printed before the space that follows it stays glued to the word before
    return re.sub(rf"\s+(?={_MARK}\w+{_MARK})", "", _squash(_runs(element, notes)))


def _runs(element, notes: dict[str, str]) -> str:
    parts = [element.text or ""]
    for child in element:
        name = _local(child.tag)
        if name == "authorialNote":
            marker = child.get("marker") or str(len(notes) + 1)
            notes[marker] = _squash("".join(child.itertext()))
            parts.append(f"{_MARK}{marker}{_MARK}")
        elif name in ("eol", "br"):
            parts.append(" ")
        elif name == "span" and "italic" in (child.get("class") or "").split():
            parts.append(f"{_ITALIC}{_runs(child, notes)}{_ROMAN}")
        elif name:
            parts.append(_runs(child, notes))
        parts.append(child.tail or "")
    return "".join(parts)


def read(path: Path) -> Document:
    root = fromstring(Path(path).read_bytes())
    document = next(child for child in root if _local(child.tag))
    language = "fr" if any(n.get("language") == "fra" for n in document.iter() if _local(n.tag) == "FRBRlanguage") else "en"
    masthead = [_squash("".join(p.itertext())) for p in _all(document, "coverPage", "p")]
    masthead = [line for line in masthead if line]
    symbol = next((_squash("".join(n.itertext())) for n in document.iter()
                   if _local(n.tag) == "docNumber" and n.get("refersTo") == "#symbol"), "")
    preface = next(n for n in document.iter() if _local(n.tag) == "preface")
    title = " ".join(_squash("".join(n.itertext())) for n in preface.iter() if _local(n.tag) in ("docNumber", "docTitle"))
    paragraphs: list[Para] = []
    formula = ""
    for part in document:
        if _local(part.tag) in ("preamble", "mainBody"):
            formula = _read_part(part, paragraphs) or formula
    trailer = []
    for p in _all(document, "conclusions", "p"):
        trailer += [line for line in (_squash(t) for t in _lines_of(p)) if line]
    return Document(language, symbol, masthead, _squash(title), formula, paragraphs, trailer)


def opening_italic(para: Para) -> str | None:
    """The italic phrase a paragraph opens with: its opener, by the UN's markup."""
    found = re.match(rf"\s*{_ITALIC}([^{_ROMAN}]*){_ROMAN}", para.intro)
    return _squash(found.group(1)).strip(" ,") if found else None


def _all(document, container: str, name: str) -> list:
    found = []
    for node in document.iter():
        if _local(node.tag) == container:
            found += [n for n in node.iter() if _local(n.tag) == name]
    return found


def _lines_of(element) -> list[str]:
    lines, current = [], [element.text or ""]
    for node in element.iter():
        if node is element:
            continue
        if _local(node.tag) == "eol":
            lines.append("".join(current))
            current = []
        elif not len(node):
            current.append(node.text or "")
        current.append(node.tail or "")
    return lines + ["".join(current)]


def _read_part(part, paragraphs: list[Para]) -> str | None:
    formula = None
    for child in part.iter():
        name = _local(child.tag)
        if name == "formula":
            formula = _text(child, {})
        elif name == "container" or (name == "paragraph" and not _children(child, "num")):
            notes: dict[str, str] = {}
            count = sum(p.kind == "preambular" for p in paragraphs)
            paragraphs.append(Para("preambular", count + 1, _text(child, notes), notes=notes))
        elif name == "paragraph":
            notes = {}
            number = int(re.search(r"\d+", "".join(_children(child, "num")[0].itertext())).group(0))
            intro = " ".join(_text(n, notes) for n in child.iter() if _local(n.tag) == "intro")
            if not intro:
                intro = " ".join(_text(n, notes) for n in _children(child, "content"))
            points = [("".join(_children(point, "num")[0].itertext()).strip(),
                       " ".join(_text(n, notes) for n in _children(point, "content")))
                      for point in child.iter() if _local(point.tag) == "point"]
            paragraphs.append(Para("operative", number, intro, points, notes))
    return formula


# -- what the XML reader's paragraphs become in a layout --

def _kept(document: Document, layout: Layout) -> list[Para]:
    if not layout.final_subparagraphs:
        return list(document.paragraphs)
    listed = [i for i, p in enumerate(document.paragraphs) if p.points]
    return document.paragraphs[:listed[-1] + 1] if listed else list(document.paragraphs)


def _period_numbers(document: Document) -> set[int]:
    count = sum(p.kind == "preambular" for p in document.paragraphs)
    return {n for n in range(2, count + 1, 3)} | {count}


def _operative_numbers(document: Document) -> list[int]:
    return [p.number for p in document.paragraphs if p.kind == "operative"]


# -- printing --

def render(document: Document, layout: Layout = Layout()) -> list[list[str]]:
    """Pages of lines: masthead, paragraphs, furniture and footnotes, in the layout."""
    return [[_plain(line) for line in page] for page in marked_pages(document, layout)]


def marked_pages(document: Document, layout: Layout = Layout()) -> list[list[str]]:
    """The pages with footnote markers and italic spans still marked, for a printer that shows them."""
    return _paginate(document, _blocks(document, layout), layout)


def runs(line: str, italic: bool = False) -> tuple[list[tuple[str, str]], bool]:
    """A marked line as (style, text) runs, style '', 'italic' or 'super'; italic: the line starts inside one."""
    out: list[tuple[str, str]] = []
    for piece in re.split(rf"({_MARK}\w+{_MARK}|{_ITALIC}|{_ROMAN})", line):
        if piece in (_ITALIC, _ROMAN):
            italic = piece == _ITALIC
        elif piece.startswith(_MARK):
            out.append(("super", piece.strip(_MARK)))
        elif piece:
            out.append(("italic" if italic else "", piece))
    return out, italic


def render_text(document: Document, layout: Layout = Layout()) -> str:
    """The rendering as pdftotext writes it: pages separated by form feeds."""
    return "\f".join("\n".join(page) + "\n" for page in render(document, layout))


@dataclass
class _Block:
    lines: list[str]
    notes: dict[str, str]
    keep_apart: bool = False  # a page may break before this block (between paragraphs)


def _positions(document: Document) -> dict[str, set[int]]:
    """Which operative paragraphs a layout touches: apart from each other, so each stays explainable."""
    numbers = _operative_numbers(document)
    n = len(numbers)
    first_lost = n // 4
    run_on = first_lost + 5
    return {
        "lost": set(numbers[first_lost:first_lost + 4]),
        "run_on": {numbers[run_on], numbers[run_on + 1], numbers[-1]},
        "headings": {numbers[1], numbers[run_on + 3]},
    }


def _blocks(document: Document, layout: Layout) -> list[_Block]:
    blocks = [_Block(document.masthead[:2], {}), _Block(document.masthead[2:], {})]
    blocks += [_Block(_wrap(document.title), {}), _Block([document.formula], {})]
    paragraphs = _kept(document, layout)
    where = _positions(document)
    lost = where["lost"] if layout.lost_numbers else set()
    run_on = where["run_on"] if layout.run_on else set()
    headings = iter(_HEADINGS[document.language])
    preamble = [p for p in paragraphs if p.kind == "preambular"]
    heading_at = {("preambular", preamble[len(preamble) // 2].number)} | \
        {("operative", n) for n in where["headings"]} if layout.headings else set()
    periods = _period_numbers(document) if layout.period_preamble else set()
    for para in paragraphs:
        if (para.kind, para.number) in heading_at:
            blocks.append(_Block([next(headings)], {}, keep_apart=True))
        intro = para.intro
        if para.kind == "preambular" and para.number in periods:
            intro = re.sub(r",(\s*(?:\x01\w+\x01)?)$", r".\1", intro)
        label = "" if para.kind == "preambular" or para.number in lost else _label(para.number, layout)
        lines = _paragraph_lines(intro, label, para.number, layout)
        points = []
        for point_label, point in para.points:
            shown = "" if layout.lost_letters else point_label
            points += _paragraph_lines(point, shown, para.number, layout, point=True)
        if para.kind == "operative" and para.number in run_on:
            # the paragraph continues the last line of the one before it
            previous = blocks[-1]
            joined = " ".join([previous.lines.pop()] + [line.strip() for line in lines])
            previous.lines += _wrap(joined, layout.number_wraps) + points
            previous.notes.update(para.notes)
            continue
        blocks.append(_Block(lines + points, dict(para.notes), keep_apart=True))
    blocks.append(_Block(document.trailer, {}, keep_apart=True))
    return blocks


def _label(number: int, layout: Layout) -> str:
    bare = layout.bare_numbers and number % 2 == 1
    return f"{number}" if bare else f"{number}."


def _paragraph_lines(text: str, label: str, number: int, layout: Layout, point: bool = False) -> list[str]:
    if label and not point and number % 4 == 3:
        # pdftotext sets some numbers apart from their text, on a line of their own
        return [label] + _wrap(text, layout.number_wraps)
    if label:
        return _wrap(f"{label}{' ' * (6 if not point else 4)}{text}", layout.number_wraps)
    return _wrap(text, layout.number_wraps)


def _wrap(text: str, before_numbers: bool = False) -> list[str]:
    """Lines of at most WIDTH columns; with before_numbers, break before numbers when it can."""
    words = text.split(" ")
    if not before_numbers:
        return textwrap.wrap(text, WIDTH, break_long_words=False, break_on_hyphens=True) or [""]
    lines, current = [], ""
    for position, word in enumerate(words):
        starts_number = position > 3 and re.match(r"\d", word) and len(current) > WIDTH // 3
        if current and (len(current) + 1 + len(word) > WIDTH or starts_number):
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    return lines + [current]


def _paginate(document: Document, blocks: list[_Block], layout: Layout) -> list[list[str]]:
    job = _job_number(document)
    pages: list[list[str]] = [[]]
    notes: dict[str, str] = {}  # footnotes whose marker is on the current page

    def close_page(last: bool = False) -> None:
        page = pages[-1]
        if notes and not layout.notes_between:
            page += ["", "_______________", ""] + [_note_line(m, t) for m, t in notes.items()]
        notes.clear()
        number = len(pages)
        if number == 1:
            recycle = "Please recycle" if document.language == "en" else "Merci de recycler"
            page += ["", job, f"*{re.sub(r'[^0-9]', '', job)}*", recycle]
        else:
            page += ["", str(number), job.split(" ")[0]]
        if not last:
            pages.append([document.symbol, ""])

    def place(lines: list[str], block: _Block) -> None:
        page = pages[-1]
        if len(page) > 2 or (page and page[0] != document.symbol):
            page.append("")
        page += lines
        notes.update(_notes_in(lines, block.notes))

    for block in blocks:
        lines = list(block.lines)
        while len(pages[-1]) + len(lines) + 1 > LINES_PER_PAGE:
            room = LINES_PER_PAGE - len(pages[-1]) - 1
            if layout.furniture_between and block.keep_apart or room < 2:
                close_page()  # the break falls between paragraphs
                break
            place(lines[:room], block)  # the break falls inside the paragraph
            lines = lines[room:]
            close_page()
        place(lines, block)
        if layout.notes_between and block.notes:
            pages[-1] += [""] + [_note_line(m, t) for m, t in block.notes.items()]
    close_page(last=True)
    return pages


def _notes_in(lines: list[str], notes: dict[str, str]) -> dict[str, str]:
    joined = "\n".join(lines)
    return {m: t for m, t in notes.items() if f"{_MARK}{m}{_MARK}" in joined}


def _note_line(marker: str, text: str) -> str:
    return f"{marker} {text}"


def _plain(line: str) -> str:
    # pdftotext prints a raised marker as a plain number glued to the word before it, and no italics
    return re.sub(rf"{_MARK}(\w+){_MARK}", r"\1", line).replace(_ITALIC, "").replace(_ROMAN, "")


def _job_number(document: Document) -> str:
    digits = re.sub(r"\D", "", document.symbol)[-4:].rjust(4, "0")
    suffix = "(F)" if document.language == "fr" else "(E)"
    return f"GE.24-0{digits} {suffix}"


# -- measuring a reader against the XML reader --

@dataclass
class Agreement:
    """How far the paragraphs read from a rendering agree with the XML reader's, field by field."""

    total: int
    texts: int
    openers: int
    kinds: int
    numbers: int
    footnotes: int
    mismatches: list[str]

    @property
    def full(self) -> bool:
        return not self.mismatches


def expected_paragraphs(xml_resolution, document: Document, layout: Layout) -> list[tuple]:
    """(paragraph_id, kind, number, text, opener) the XML reader gives, as the layout changes them."""
    paragraphs = list(xml_resolution.paragraphs)
    if layout.final_subparagraphs:
        listed = [i for i, p in enumerate(paragraphs) if p.subparagraphs]
        paragraphs = paragraphs[:listed[-1] + 1] if listed else paragraphs
    periods = _period_numbers(document) if layout.period_preamble else set()
    rows = []
    for p in paragraphs:
        text = p.text
        if p.kind == "preambular" and p.number in periods:
            text = re.sub(r",$", ".", text)
        if layout.lost_letters:
            text = re.sub(r"\n\(?(?:[a-z]{1,2}|[ivx]+)\)\s", "\n", text)  # "(a) ", French "a) "
        rows.append((p.paragraph_id, p.kind, p.number, _squash(text), p.opener, _notes(p)))
    return rows


def _notes(paragraph) -> tuple:
    return tuple((f.marker, _squash(f.text or "")) for f in paragraph.footnotes)


def compare(xml_resolution, read_resolution, document: Document, layout: Layout) -> Agreement:
    want = expected_paragraphs(xml_resolution, document, layout)
    got = [(p.paragraph_id, p.kind, p.number, _squash(p.text), p.opener, _notes(p)) for p in read_resolution.paragraphs]
    mismatches = []
    counts = dict(texts=0, openers=0, kinds=0, numbers=0, footnotes=0)
    got_by_id = {row[0]: row for row in got}
    for row in want:
        other = got_by_id.get(row[0])
        if other is None:
            mismatches.append(f"{row[0]}: missing")
            continue
        for field_name, index in (("kinds", 1), ("numbers", 2), ("texts", 3), ("openers", 4), ("footnotes", 5)):
            if row[index] == other[index]:
                counts[field_name] += 1
            else:
                mismatches.append(f"{row[0]} {field_name[:-1]}: expected {_clip(row[index], other[index])}")
    extra = [row[0] for row in got if row[0] not in {r[0] for r in want}]
    mismatches += [f"{pid}: not in the XML" for pid in extra]
    return Agreement(len(want), mismatches=mismatches, **counts)


def _clip(want, got) -> str:
    if not isinstance(want, str):
        return f"{want!r}, read {got!r}"
    start = next((i for i, (a, b) in enumerate(zip(want, got)) if a != b), min(len(want), len(got)))
    start = max(0, start - 30)
    return f"{want[start:start + 90]!r}, read {got[start:start + 90]!r}"
