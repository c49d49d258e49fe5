"""AKN4UN (Akoma Ntoso for the UN) XML into a Resolution, straight from the markup."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.common import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring

from ..dates import parse_day_month_year
from ..errors import InputError
from ..vocab import load_vocabulary
from .model import Footnote, Paragraph, Resolution
from .language import language_code
from .openers import matcher_for
from .structure import BODIES, OPENING_FORMULA, apply_opener
from .text import normalise

# FRBRlanguage carries ISO 639-2 codes; the vocabularies and Resolution use ISO 639-1.
_LANGUAGES = {"eng": "en", "fra": "fr", "fre": "fr", "spa": "es", "ara": "ar", "rus": "ru",
              "zho": "zh", "chi": "zh"}
# The author part of the FRBR URI ("/akn/un/statement/deliberation/unga-hrc/...").
_AUTHORS = {"unga-hrc": "HRC", "hrc": "HRC", "unga": "GA", "ga": "GA", "unsc": "SC", "sc": "SC"}
# Elements that only group others: walked into, never read as one run of text.
_GROUPS = {"content", "list", "blockList", "intro", "listIntroduction", "wrapUp", "listWrapUp",
           "blockContainer", "container", "paragraph", "subparagraph", "point", "item", "alinea"}
_POINTS = {"point", "item"}
_AFTER_POINTS = {"wrapUp", "listWrapUp"}
_PARAGRAPH_LIKE = {"paragraph", "container", "p", "blockContainer", "recital"}
_NUMBER = re.compile(r"\d{1,3}")
_URI_NUMBER = re.compile(r"^(S-)?(\d{1,3})-(\d{1,4})$", re.IGNORECASE)
_MEETING = re.compile(r"\b(\d{1,4}(?:st|nd|rd|th|e|re))\s+((?:plenary\s+)?(?:meeting|séance(?:\s+plénière)?))",
                      re.IGNORECASE)
_RECORDED_EN = re.compile(r"\bvote of (\d+) to (\d+)(?:,? with (\d+|no) abstentions?)?", re.IGNORECASE)
_RECORDED_FR = re.compile(r"\b(\d+) voix contre (\d+)(?:,? avec (\d+|aucune) abstentions?)?", re.IGNORECASE)
_WITHOUT_VOTE = re.compile(r"\bwithout (?:a )?vote\b|\bsans vote\b|\bsans (?:le )?mettre aux voix\b",
                           re.IGNORECASE)
_CONSENSUS = re.compile(r"\bconsensus\b", re.IGNORECASE)
_TERMINAL = re.compile(r"[,;:.!?]\s*$")


def parse_akn(path: Path | str, data: bytes, reference_dir: Path | None = None,
              language: str | None = None) -> Resolution:
    """Parse AKN4UN XML; bad or unsafe XML raises InputError naming the file and the reason.

    language, when given, overrides the markup's FRBRlanguage.
    """
    origin = str(path)
    root = _parse_xml(data, origin)
    if _local(root.tag) != "akomaNtoso":
        raise InputError(f"{origin}: XML but not an Akoma Ntoso (AKN4UN) document "
                         f"(root element <{_local(root.tag)}>)")
    document = next((child for child in root if _local(child.tag)), None)
    if document is None:
        raise InputError(f"{origin}: Akoma Ntoso file without a document inside <akomaNtoso>")
    resolution = Resolution(source_format="xml", source_path=origin)
    try:
        _read_identity(resolution, document)
        if language:
            resolution.language = language_code(language) or language.strip().lower()
        notes = _notes(document)
        matcher, missing = matcher_for(resolution.language, reference_dir)
        resolution.warnings += missing
        reader = _Reader(matcher, {id(note): i for i, note in enumerate(notes, 1)})
        reader.document(document)
        _read_metadata(resolution, document, reader.formula, reference_dir)
    except RecursionError:
        # our walkers recurse per element; expat accepts nesting far deeper than any resolution
        raise InputError(f"{origin}: XML nested too deeply to be a resolution") from None
    resolution.paragraphs = reader.paragraphs
    if not resolution.operative():
        raise InputError(f"{origin}: no operative paragraph (<paragraph> with <num>) in the "
                         "Akoma Ntoso markup; not a resolution?")
    resolution.footnotes = [_footnote(note, index) for index, note in enumerate(notes, 1)]
    resolution.annex = _annex(document)
    resolution.warnings = reader.warnings + resolution.warnings
    if not resolution.symbol:
        resolution.warnings.append(("", "no document symbol in the markup; give one with --symbol when adding it"))
    return resolution


def _parse_xml(data: bytes, origin: str):
    """The element tree, with every way XML can be broken or hostile turned into one clear line."""
    try:
        return fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except EntitiesForbidden:
        raise InputError(f"{origin}: XML declares entities; refused (entity expansion such as a "
                         "'billion laughs' bomb is not allowed)") from None
    except ExternalReferenceForbidden:
        raise InputError(f"{origin}: XML refers to external entities; refused") from None
    except DTDForbidden:
        raise InputError(f"{origin}: XML with a document type definition; refused") from None
    except DefusedXmlException as exc:
        raise InputError(f"{origin}: unsafe XML refused ({type(exc).__name__})") from None
    except ParseError as exc:
        reason = str(exc).replace("\n", " ")
        raise InputError(f"{origin}: malformed or truncated XML ({reason})") from None
    except (ValueError, RecursionError) as exc:
        raise InputError(f"{origin}: unreadable XML ({type(exc).__name__})") from None


# -- element helpers: AKN may come with or without its namespace, so match local names --

def _local(tag) -> str:
    # comments and processing instructions have a function as tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _all(element, name: str) -> list:
    return [node for node in element.iter() if _local(node.tag) == name]


def _first(element, name: str, **attributes):
    for node in element.iter():
        if _local(node.tag) == name and all(wanted in (node.get(key) or "") for key, wanted in attributes.items()):
            return node
    return None


def _clean(text: str) -> str:
    # the markup indents with tabs and newlines; the text parser's typography rules apply too
    return re.sub(r"\s+", " ", normalise(text)).strip()


def _date(value: str | None) -> dt.date | None:
    try:
        found = dt.date.fromisoformat((value or "")[:10])
    except ValueError:
        return None
    # "0001-01-01" stands for "no date" in the workflow steps
    return found if found.year >= 1945 else None


def _without_notes(element):
    """element and its descendants in document order, skipping footnote bodies."""
    yield element
    for child in element:
        if _local(child.tag) != "authorialNote":
            yield from _without_notes(child)


# -- text: inline runs, footnotes lifted out, points on their own lines --

def _inline(element, notes: list) -> str:
    """The running text of element; authorialNotes go to notes instead of into the text."""
    parts = [element.text or ""]
    for child in element:
        name = _local(child.tag)
        if name == "authorialNote":
            notes.append(child)
        elif name in ("eol", "br"):
            parts.append(" ")
        elif name:
            parts.append(_inline(child, notes))
        parts.append(child.tail or "")
    return "".join(parts)


def _pieces(element, notes: list) -> list[str]:
    """Blocks of a paragraph; a piece starting with a newline opens a line of its own."""
    pieces: list[str] = []
    for child in element:
        name = _local(child.tag)
        if not name or name == "num":
            continue  # the paragraph's own number is read by the caller
        if name == "authorialNote":
            notes.append(child)
        elif name in _POINTS:
            pieces += _point(child, notes)
        elif name in _GROUPS:
            inner = _pieces(child, notes)
            if name in _AFTER_POINTS and inner:
                inner[0] = "\n" + inner[0].lstrip("\n")
            pieces += inner
        else:
            text = _clean(_inline(child, notes))
            if text:
                pieces.append(text)
    return pieces


def _point(point, notes: list) -> list[str]:
    number = next((_clean(c.text or "") for c in point if _local(c.tag) == "num"), "")
    inner = _pieces(point, notes)
    if inner and not inner[0].startswith("\n"):
        inner[0] = f"\n{number} {inner[0]}" if number else "\n" + inner[0]
    elif number:
        inner.insert(0, "\n" + number)
    return inner


def _join(pieces: list[str]) -> str:
    text = ""
    for piece in pieces:
        text = text.rstrip() + piece if piece.startswith("\n") or not text else f"{text} {piece}"
    return text.strip()


def _italic(element) -> str | None:
    """The first italic run (the opener by AKN4UN convention), joining spans split by the markup."""
    nodes = list(_without_notes(element))
    parents = {id(child): parent for parent in nodes for child in parent}
    for node in nodes:
        if not _is_italic(node):
            continue
        text, tail = "".join(node.itertext()), node.tail or ""
        # "<span class=italic>Taking</span> <span class=italic>note</span>" is one opener
        following = _next_sibling(parents.get(id(node)), node)
        while not tail.strip() and following is not None and _is_italic(following):
            text += tail + "".join(following.itertext())
            tail = following.tail or ""
            following = _next_sibling(parents.get(id(node)), following)
        return _clean(text) or None
    return None


def _is_italic(node) -> bool:
    name = _local(node.tag)
    return name == "i" or (name == "span" and "italic" in (node.get("class") or "").split())


def _next_sibling(parent, node):
    if parent is None:
        return None
    children = list(parent)
    position = next(i for i, child in enumerate(children) if child is node)
    return children[position + 1] if position + 1 < len(children) else None


def _footnote(note, index: int) -> Footnote:
    # a note without a marker keeps its place in the sequence
    marker = (note.get("marker") or "").strip() or str(index)
    text = _clean(_inline(note, []))
    return Footnote(marker, text or None)


def _notes(document) -> list:
    notes = _all(document, "authorialNote")
    nested = {id(inner) for note in notes for inner in _all(note, "authorialNote") if inner is not note}
    return [note for note in notes if id(note) not in nested]


# -- paragraphs: preamble and body blocks, read in document order --

@dataclass
class _Reader:
    matcher: object
    note_index: dict[int, int]  # id(authorialNote) -> its place among the document's notes
    paragraphs: list[Paragraph] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    formula: str | None = None
    preambular: int = 0
    last_number: int = 0
    operative_started: bool = False
    section: str | None = None  # a heading waiting for the operative paragraph it precedes

    def document(self, document) -> None:
        # 58/30 (French) alternates <preamble> and <mainBody> several times: order matters
        for part in document:
            name = _local(part.tag)
            if name == "preamble":
                self.preamble(part)
            elif name in ("mainBody", "body", "mainContent"):
                self.body(part)

    def preamble(self, element) -> None:
        for child in element:
            name = _local(child.tag)
            if name == "formula":
                self.formula = _clean(_inline_all(child))
            elif name in _PARAGRAPH_LIKE:
                self.add(child, "preambular")
            elif len(child):
                self.preamble(child)  # recitals, hcontainer ...: groups of preambular paragraphs

    def body(self, element) -> None:
        # a wrapper (hcontainer, section, division ...) is named by its own <num> and <heading>
        label = " ".join(_clean(_inline_all(c)) for c in element if _local(c.tag) == "num")
        for child in element:
            name = _local(child.tag)
            if name in ("heading", "subheading"):
                self.set_section(_clean(f"{label} {_inline_all(child)}"))
            elif name in _PARAGRAPH_LIKE and not _all_below(child, "paragraph"):
                self.body_paragraph(child)
            elif name == "formula":
                self.formula = self.formula or _clean(_inline_all(child))
            elif len(child) and name not in ("num", "authorialNote"):
                self.body(child)

    def set_section(self, text: str) -> None:
        if text:
            self.section = text if self.section is None else f"{self.section} / {text}"

    def body_paragraph(self, element) -> None:
        num = next((c for c in element if _local(c.tag) == "num"), None)
        found = _NUMBER.search("".join(num.itertext())) if num is not None else None
        if found:
            number = int(found.group(0))
            if number != self.last_number + 1:
                self.warnings.append((f"OP{number}", f"numbering jumps from {self.last_number} to {number}"))
            self.operative_started, self.last_number = True, number
            self.add(element, "operative", number)
        elif not self.operative_started:
            # AKN4UN puts some preambular paragraphs (no <num>) in <mainBody> before paragraph 1
            self.add(element, "preambular")
        elif self.looks_like_heading(element):
            self.set_section(_clean(_inline_all(element)))
        else:
            self.last_number += 1
            paragraph = self.add(element, "operative", self.last_number, numbered=False)
            if paragraph is not None:
                paragraph.warnings.append("operative paragraph without a number; numbered in sequence")

    def looks_like_heading(self, element) -> bool:
        text = _clean(_inline_all(element))
        return (0 < len(text.split()) <= 8 and not _TERMINAL.search(text) and _italic(element) is None
                and not _all_below(element, "point"))

    def add(self, element, kind: str, number: int | None = None, numbered: bool = True) -> Paragraph | None:
        notes: list = []
        text = _join(_pieces(element, notes)) if _local(element.tag) in _GROUPS else _clean(_inline(element, notes))
        if not text:
            if kind == "operative":
                self.warnings.append((f"OP{number}", "empty operative paragraph in the markup"))
            return None
        if kind == "preambular":
            self.preambular += 1
            number = self.preambular
        paragraph = Paragraph(
            kind=kind, number=number, text=text, numbered=numbered,
            subparagraphs=len([p for p in _without_notes(element) if _local(p.tag) in _POINTS]),
            footnotes=[_footnote(note, self.note_index.get(id(note), 0)) for note in notes],
        )
        if kind == "operative":
            paragraph.section, self.section = self.section, None
        apply_opener(paragraph, self.matcher, _italic(element))
        self.paragraphs.append(paragraph)
        return paragraph


def _inline_all(element) -> str:
    return _inline(element, [])


def _all_below(element, name: str) -> bool:
    return any(_local(node.tag) == name for node in element.iter() if node is not element)


# -- metadata: <meta>, the cover page, the preface and the conclusions --

def _read_identity(resolution: Resolution, document) -> None:
    """Language first: the opener vocabulary depends on it."""
    language = _first(document, "FRBRlanguage")
    code = (language.get("language") or "").strip().lower() if language is not None else ""
    if not code:
        expression = _first(document, "FRBRExpression")
        uri = _first(expression, "FRBRuri") if expression is not None else None
        found = re.search(r"/([a-z]{3})@", uri.get("value") or "") if uri is not None else None
        code = found.group(1) if found else ""
    if not code:
        resolution.warnings.append(("", "no FRBRlanguage in the markup; read as English"))
        code = "eng"
    resolution.language = _LANGUAGES.get(code, code[:2])


def _read_metadata(resolution: Resolution, document, formula: str | None, reference_dir) -> None:
    work = _first(document, "FRBRWork")
    uri = _work_uri(work) if work is not None else ""
    author, number = _uri_parts(uri)
    if "hrc" in author.split("-"):
        author = "hrc"
    resolution.body = _AUTHORS.get(author) or _body_from_names(document, formula)
    resolution.number = _number(number) or _preface_number(document)
    resolution.adoption_date = _adoption_date(document, work)
    resolution.title = _title(document)
    _read_cover(resolution, document)
    if resolution.session is None and resolution.number:
        found = re.match(r"(?:S-)?(\d+)/", resolution.number)
        resolution.session = int(found.group(1)) if found else None
    resolution.symbol = _symbol(resolution, document, reference_dir)
    _read_classification(resolution, document)
    _read_workflow(resolution, document)
    _read_vote(resolution, document)
    if resolution.adoption_date is None:
        resolution.warnings.append(("", "no adoption date in the markup"))


def _work_uri(work) -> str:
    for name in ("FRBRuri", "FRBRthis"):
        node = _first(work, name)
        if node is not None and node.get("value"):
            return node.get("value")
    return ""


def _uri_parts(uri: str) -> tuple[str, str]:
    """('unga-hrc', '55-25') from '/akn/un/statement/deliberation/unga-hrc/2024-04-04/55-25/'."""
    parts = [p for p in uri.split("/") if p]
    for index, part in enumerate(parts):
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", part) and 0 < index < len(parts) - 1:
            return parts[index - 1].lower(), parts[index + 1]
    return "", ""


def _number(uri_number: str) -> str | None:
    found = _URI_NUMBER.match(uri_number)
    if found:
        return f"{'S-' if found.group(1) else ''}{found.group(2)}/{found.group(3)}"
    return None


def _preface_number(document) -> str | None:
    preface = _first(document, "preface")
    node = _first(preface, "docNumber") if preface is not None else None
    if node is None:
        return None
    found = re.search(r"(?:S-)?\d{1,3}/\d{1,4}", "".join(node.itertext()))
    return found.group(0) if found else None


def _body_from_names(document, formula: str | None) -> str | None:
    found = OPENING_FORMULA.match(formula or "")
    if found:
        return BODIES.get(found.group(1).lower().replace("’", "'"))
    named = [_clean("".join(node.itertext())).lower().replace("’", "'") for node in _all(document, "docAuthority")]
    found = [BODIES[name] for name in named if name in BODIES]
    # "General Assembly" heads every HRC document too: a more specific body wins
    return next((body for body in found if body != "GA"), found[0] if found else None)


def _adoption_date(document, work) -> dt.date | None:
    # FRBRdate "adoption" is the day of the vote; the workflow's "adopted" step is a later publication date
    for node in _all(work, "FRBRdate") if work is not None else []:
        if node.get("name") == "adoption" and _date(node.get("date")):
            return _date(node.get("date"))
    node = _first(document, "docDate", refersTo="adoption")
    if node is not None and _date(node.get("date")):
        return _date(node.get("date"))
    cover = _first(document, "coverPage")
    for title in _all(cover, "docTitle") if cover is not None else []:
        found = parse_day_month_year(_clean("".join(title.itertext())))
        if found:
            return found
    return None


def _title(document) -> str | None:
    preface = _first(document, "preface")
    if preface is None:
        return None
    node = _first(preface, "docTitle", refersTo="resolutionTitle")
    node = node if node is not None else _first(preface, "docTitle")
    if node is None:
        return None
    return _clean("".join(node.itertext())) or None


def _read_cover(resolution: Resolution, document) -> None:
    cover = _first(document, "coverPage")
    if cover is None:
        return
    session = _first(cover, "session")
    if session is not None and (session.get("value") or "").strip().isdigit():
        resolution.session = int(session.get("value"))
    issued = _first(cover, "docDate", refersTo="dateOfIssuance")
    resolution.distribution_date = _date(issued.get("date")) if issued is not None else None
    for node in _all(cover, "inline"):
        if node.get("name") == "originalLanguage":
            text = _clean("".join(node.itertext()))
            resolution.original_language = text.split(":", 1)[-1].strip() or None
        elif node.get("name") == "agenda item" and resolution.agenda_item is None:
            found = re.search(r"\d{1,3}(?:\s*\([a-z]\))?", node.get("title") or "".join(node.itertext()))
            resolution.agenda_item = found.group(0) if found else None


def _symbol(resolution: Resolution, document, reference_dir) -> str | None:
    bodies = load_vocabulary("bodies", reference_dir)
    templates = dict(zip(bodies["body_id"], bodies["resolution_symbol"]))
    built = None
    template = templates.get(resolution.body or "")
    if template and resolution.number and "/" in resolution.number and "{session}" in template:
        session, number = resolution.number.split("/", 1)
        built = template.format(session=session, number=number, year="")
    cover = _first(document, "docNumber", refersTo="symbol")
    stated = _clean("".join(cover.itertext())) if cover is not None else ""
    if built and stated and stated.replace(" ", "") != built:
        resolution.warnings.append(("", f"the cover page reads symbol {stated}, the FRBR URI gives {built}"))
    return built or stated or None


def _read_classification(resolution: Resolution, document) -> None:
    for keyword in _all(document, "keyword"):
        value = (keyword.get("showAs") or keyword.get("value") or "").strip()
        if keyword.get("refersTo", "").lstrip("#") == "agenda":
            # the classification's agenda item outranks the cover page's wording
            resolution.agenda_item = (keyword.get("value") or "").strip() or resolution.agenda_item
        elif "UNBIS" in (keyword.get("dictionary") or "") and value and value not in resolution.subjects:
            resolution.subjects.append(value)


def _read_workflow(resolution: Resolution, document) -> None:
    for step in _all(document, "step"):
        outcome = step.get("outcome") or ""
        if outcome == "draftResolution":
            resolution.draft_symbol = (step.get("as") or "").strip() or resolution.draft_symbol
        if outcome in ("draftResolution", "draftResolutionAdditionalSponsors"):
            for sponsor in _split_sponsors(step.get("by") or ""):
                if sponsor not in resolution.sponsors:
                    resolution.sponsors.append(sponsor)
        elif outcome == "adopted" and resolution.meeting is None:
            found = _MEETING.search(step.get("as") or "")
            resolution.meeting = f"{found.group(1)} {found.group(2).lower()}" if found else None
    meeting = _first(document, "location", refersTo="adoptionMeeting")
    if meeting is not None and _clean("".join(meeting.itertext())):
        resolution.meeting = _clean("".join(meeting.itertext()))


def _split_sponsors(text: str) -> list[str]:
    # commas inside "(on behalf of ...)" do not separate sponsors
    names, depth, current = [], 0, ""
    for char in text:
        depth += (char == "(") - (char == ")")
        if char in ",;" and depth <= 0:
            names.append(current)
            current = ""
        else:
            current += char
    names.append(current)
    return [name.strip().lstrip("#") for name in names if name.strip().lstrip("#")]


def _read_vote(resolution: Resolution, document) -> None:
    voting = _first(document, "voting")
    outcome = (voting.get("outcome") or "").lower() if voting is not None else ""
    counts = _vote_counts(document)
    said = " ".join(_clean("".join(n.itertext())) for n in _all(document, "conclusions"))
    recorded = _RECORDED_EN.search(said) or _RECORDED_FR.search(said)
    if counts is None and recorded:
        counts = tuple(0 if g in (None, "no", "aucune") else int(g) for g in recorded.groups())
    if counts is not None:
        resolution.votes_for, resolution.votes_against, resolution.abstentions = counts
        resolution.vote = (f"recorded vote: {counts[0]} in favour, {counts[1]} against, "
                           f"{counts[2]} abstentions")
    elif "withoutvote" in outcome or (not outcome and _WITHOUT_VOTE.search(said)):
        resolution.vote = "without a vote"
    elif "consensus" in outcome or (not outcome and _CONSENSUS.search(said)):
        resolution.vote = "by consensus"
    elif outcome:
        resolution.vote = outcome
        resolution.warnings.append(("", f"vote '{outcome}' without counts in the markup"))


def _vote_counts(document) -> tuple[int, int, int] | None:
    """In favour, against, abstaining from <voting>/<vote> elements that carry counts."""
    found: dict[str, int] = {}
    for container in _all(document, "voting") + _all(document, "vote"):
        for node in container.iter():
            role = (node.get("refersTo") or "").lower()
            value = (node.get("value") or "".join(node.itertext())).strip()
            if not value.isdigit():
                continue
            for key, words in (("for", ("favour", "favor")), ("against", ("against",)), ("abstain", ("abstain",))):
                if any(word in role for word in words):
                    found.setdefault(key, int(value))
    if "for" not in found or "against" not in found:
        return None
    return found["for"], found["against"], found.get("abstain", 0)


def _annex(document) -> str | None:
    lines = [_clean(_inline_all(p)) for part in document if _local(part.tag) in ("attachments", "components")
             for p in _all(part, "p")]
    return "\n".join(line for line in lines if line) or None
