"""The UN's PDFs (via pypdfium2, or pdfplumber) into lines with layout hints and footnotes for the text parser."""

from __future__ import annotations

import io
import logging
import os
import re
import zlib
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property, lru_cache
from operator import itemgetter
from pathlib import Path

from ..errors import InputError
from ..files import read_input_bytes
from .layout import is_footnote_rule, is_furniture
from .model import Line, Resolution
from .text import normalise

# What a file that is not a PDF most likely is, by its first bytes.
_SIGNATURES = (
    (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"), (b"MM\x00*", "a TIFF image"),
    (b"PK\x03\x04", "a zip archive (docx/xlsx?)"), (b"\xd0\xcf\x11\xe0", "an old Word/Excel file"),
    (b"{\\rtf", "an RTF document"),
)
# A resolution's PDF inflates to a few megabytes (text, fonts, an emblem); a stream inflating to hundreds
# is a decompression bomb, which pdfminer would hold in memory whole. Streams are inflated here first,
# a megabyte at a time and nothing kept, and the file refused once their total passes the limit.
MAX_INFLATED_BYTES = 64 * 1024 * 1024
# a stream's start: "stream" and a line end, not the "endstream" that closes one (tested after the match:
# a regular expression that looks behind cannot search for its literal quickly)
_STREAM = re.compile(rb"stream\r?\n")
_STEP = 1 << 20

# Which engine reads the characters: pypdfium2 (pdf_chars; about ten times faster) or pdfplumber, which
# also reads every PDF pypdfium2 cannot read as it would (and explains a damaged one). Both give the
# same words, so the same paragraphs (tests/parse/test_pdf_engines.py).
ENGINES = ("pypdfium2", "pdfplumber")
ENGINE_VARIABLE = "MONITOR_PDF_ENGINE"
_log = logging.getLogger(__name__)

_LIGATURES = str.maketrans({
    "ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st",
})
_ITALIC_FONT = re.compile(r"italic|oblique", re.IGNORECASE)
_ITALIC_SUFFIX = re.compile(r"[-,](?:Bold|Semibold|Medium)?It(?:MT)?$")  # "MinionPro-It"
_BOLD_FONT = re.compile(r"bold|black|heavy", re.IGNORECASE)
_NUMBER_LABEL = re.compile(r"^\d{1,3}\.$")
_LABEL = re.compile(r"^(?:\d{1,3}\.|\((?:[a-z]{1,2}|[ivxlc]+|\d{1,2})\))$")
_MARKER = re.compile(r"^(?:\d{1,3}|[*†‡])$")
_PAGE_NUMBER = re.compile(r"^\d{1,3}$")
_HYPHEN_END = re.compile(r"(?<=[A-Za-z0-9])[-\u00ad]$")
_SPACES = re.compile(r"\s{2,}")


@dataclass
class _Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    italic: bool
    bold: bool


@dataclass
class _Row:
    """Words at one height of a page: one physical line before it becomes a Line."""

    words: list[_Word]
    top: float
    bottom: float

    # computed once the row is complete (_rows only appends words before any use)
    @cached_property
    def size(self) -> float:
        # the size most of the characters have: superscripts and punctuation do not count
        return _main_size(self.words)

    @cached_property
    def baseline(self) -> float:
        size = self.size
        return max(w.bottom for w in self.words if abs(w.size - size) < 0.15)

    @cached_property
    def text(self) -> str:
        return _join(self.words, self)

    @cached_property
    def furniture(self) -> bool:
        return is_furniture(self.text)

    @property
    def bold(self) -> bool:
        return all(w.bold for w in self.words if w.text.strip(".,;:"))


@dataclass
class _Page:
    number: int
    width: float
    height: float
    words: list[_Word]
    rules: list[tuple[float, float, float]]  # x0, x1, y of thin horizontal strokes
    images: int


def parse_pdf(path: Path | str, reference_dir: Path | None = None, language: str | None = None,
              engine: str | None = None) -> Resolution:
    """Parse a resolution PDF; bad input raises InputError naming the file and the reason.

    language ('en', 'fr') overrides the one its words show; engine (one of ENGINES, else
    $MONITOR_PDF_ENGINE, else pypdfium2) chooses what reads the characters.
    """
    from . import parse_lines  # the package imports this module lazily; import back at call time

    path = Path(path)
    data = read_input_bytes(path)
    _check_bytes(data, str(path))
    check_inflated_size(data, str(path))
    pages = read_pages(data, str(path), engine)
    _check_text_layer(pages, str(path))
    lines, notes = _layout(pages)
    resolution = parse_lines(lines, str(path), reference_dir=reference_dir, language=language, footnotes=notes)
    resolution.source_format = "pdf"
    resolution.source_path = str(path)
    return resolution


def _check_bytes(data: bytes, origin: str) -> None:
    """Refuse what is not a whole PDF before pdfminer sees it, with a reason a user can act on."""
    if b"%PDF-" not in data[:1024]:
        what = next((name for magic, name in _SIGNATURES if data.startswith(magic)), None)
        if what is None and re.search(rb"<!doctype html|<html", data[:1024], re.IGNORECASE):
            what = "an HTML page"
        raise InputError(f"{origin}: not a PDF but {what}" if what else f"{origin}: not a PDF (no %PDF header)")
    # pdfminer recovers what it can from a cut-off file and would silently yield a
    # resolution with its last pages missing; a complete PDF ends with %%EOF.
    if b"%%EOF" not in data[-2048:]:
        raise InputError(f"{origin}: truncated PDF (no %%EOF end marker); download it again")


def _inflated_size(raw: bytes, cap: int) -> int:
    """How many bytes a Flate stream inflates to, counted up to just past cap (0 for other filters)."""
    inflater = zlib.decompressobj()
    total = 0
    try:
        total += len(inflater.decompress(raw, _STEP))
        while inflater.unconsumed_tail and total <= cap:
            total += len(inflater.decompress(inflater.unconsumed_tail, _STEP))
    except zlib.error:
        pass  # not Flate, or damaged: pdfminer decides
    return total


def check_inflated_size(data: bytes, origin: str, limit: int | None = None) -> None:
    """Refuse a PDF whose streams would inflate beyond limit bytes together."""
    limit = MAX_INFLATED_BYTES if limit is None else limit
    total = 0
    for match in _STREAM.finditer(data):
        if data[max(match.start() - 3, 0):match.start()] == b"end":
            continue
        end = data.find(b"endstream", match.end())
        total += _inflated_size(data[match.end():end if end != -1 else len(data)], limit - total)
        if total > limit:
            raise InputError(f"{origin}: refused: its streams inflate to more than {limit:,} bytes, the limit for "
                             "a resolution's PDF (a decompression bomb?)")


@contextmanager
def _quiet_pdfminer():
    # pdfminer logs warnings about harmless oddities to stderr; the CLI promises one line
    logger = logging.getLogger("pdfminer")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def pdf_engine(engine: str | None = None) -> str:
    """The engine asked for (argument, else the environment variable), checked."""
    chosen = engine or os.environ.get(ENGINE_VARIABLE) or ENGINES[0]
    if chosen not in ENGINES:
        source = "engine" if engine else ENGINE_VARIABLE
        raise InputError(f"{source}={chosen!r}: not a PDF engine; use one of {', '.join(ENGINES)}")
    return chosen


def read_pages(data: bytes, origin: str, engine: str | None = None) -> list[_Page]:
    """The pages' words, rules and images, read by the engine chosen (pdfplumber where pypdfium2 cannot)."""
    if pdf_engine(engine) == "pypdfium2":
        from .pdf_chars import read_document

        try:
            return [_Page(number, page.width, page.height, _words(*_upright(page.columns)),
                          _rules(page.strokes), page.images)
                    for number, page in enumerate(read_document(data), 1)]
        except Exception as exc:  # noqa: BLE001 - pdfium fails on bad files in its own ways; pdfplumber explains
            _log.debug("%s: read with pdfplumber (%s: %s)", origin, type(exc).__name__, exc)
    return _plumber_pages(data, origin)


def _rules(strokes) -> list[tuple[float, float, float]]:
    """x0, x1, top of the thin horizontal strokes: footnote rules, not boxes or letters."""
    return [(float(x0), float(x1), float(top)) for x0, x1, top, bottom in strokes
            if bottom - top <= 2 and x1 - x0 >= 20]


def _plumber_pages(data: bytes, origin: str) -> list[_Page]:
    import pdfplumber  # heavy; only PDF input pays for it

    pages: list[_Page] = []
    try:
        with _quiet_pdfminer(), pdfplumber.open(io.BytesIO(data)) as pdf:
            for number, page in enumerate(pdf.pages, 1):
                words = page.extract_words(extra_attrs=["fontname", "size"])
                upright = _plumber_columns([w for w in words if w.get("upright", True)])
                strokes = [(s["x0"], s["x1"], s["top"], s["bottom"]) for s in list(page.lines) + list(page.rects)]
                pages.append(_Page(number, float(page.width), float(page.height), _words(*upright), _rules(strokes),
                                   len(page.images)))
                page.flush_cache()
    except Exception as exc:  # noqa: BLE001 - pdfminer raises anything from PSEOF to KeyError on bad files
        raise InputError(f"{origin}: {_explain(exc)}") from None
    return pages


def _explain(exc: BaseException) -> str:
    from pdfminer.pdfdocument import PDFEncryptionError
    from pdfplumber.utils.exceptions import PdfminerException

    # pdfplumber wraps pdfminer's exception; the reason is in the inner one
    while isinstance(exc, PdfminerException) and exc.args and isinstance(exc.args[0], BaseException):
        exc = exc.args[0]
    if isinstance(exc, PDFEncryptionError):
        return "encrypted PDF that needs a password; give an unprotected copy"
    detail = " ".join(str(exc).split())[:80]
    return f"damaged PDF, cannot be read ({type(exc).__name__}{': ' + detail if detail else ''})"


_FIELD_NAMES = ("text", "x0", "x1", "top", "bottom", "size", "fontname")  # of a word as extract_words gives it
_FIELDS = itemgetter(*_FIELD_NAMES)


def _plumber_columns(raws: list[dict]) -> list[tuple]:
    """pdfplumber's words as the columns _words takes."""
    return list(zip(*map(_FIELDS, raws))) or [()] * len(_FIELD_NAMES)


def _upright(columns: tuple[list, ...]) -> list:
    """pdf_chars' columns (WORD_KEYS) of the upright words, as _words takes them."""
    text, x0, x1, top, bottom, upright, fontname, size = columns
    if not all(upright):
        kept = [index for index, value in enumerate(upright) if value]
        text, x0, x1, top, bottom, fontname, size = ([column[i] for i in kept]
                                                       for column in (text, x0, x1, top, bottom, fontname, size))
    return [text, x0, x1, top, bottom, size, fontname]


def _words(texts, x0s, x1s, tops, bottoms, sizes, fontnames) -> list[_Word]:
    """A page's words from their columns; their texts normalised in one call, one per line (a word holds
    no line break)."""
    texts = list(texts)
    joined = "\n".join(texts)
    if "\r" in joined or joined.count("\n") != len(texts) - 1:
        normalised = [normalise(text).translate(_LIGATURES) for text in texts]
    else:
        normalised = normalise(joined).translate(_LIGATURES).split("\n") if texts else []
    words = []
    for text, x0, x1, top, bottom, size, fontname, clean in zip(texts, x0s, x1s, tops, bottoms, sizes, fontnames,
                                                                normalised):
        soft = text.endswith("\u00ad")  # an optional hyphen where the line broke: keep it visible
        italic, bold = _font_style(str(fontname or ""))
        words.append(_Word(clean + "\u00ad" if soft else clean, float(x0), float(x1), float(top), float(bottom),
                           float(size), italic, bold))
    return words


@lru_cache(maxsize=None)
def _font_style(fontname: str) -> tuple[bool, bool]:
    """Whether a font's name says italic, and bold."""
    font = fontname.split("+", 1)[-1]  # "BCDEEE+TimesNewRomanPSMT": drop the subset tag
    return bool(_ITALIC_FONT.search(font) or _ITALIC_SUFFIX.search(font)), bool(_BOLD_FONT.search(font))


def _check_text_layer(pages: list[_Page], origin: str) -> None:
    words = [w for page in pages for w in page.words if w.text.strip()]
    if not words:
        if any(page.images for page in pages):
            raise InputError(f"{origin}: no text layer, only images (a scanned document?); OCR is not supported")
        raise InputError(f"{origin}: no text in the PDF (its pages are empty)")
    # fonts without a Unicode map come out as '(cid:12)'; such text is unreadable
    undecodable = sum(w.text.count("(cid:") for w in words)
    if undecodable > len(words) // 2:
        raise InputError(f"{origin}: the PDF's fonts have no Unicode map, its text cannot be read")


def _rows(words: list[_Word]) -> list[_Row]:
    """Group a page's words into rows by vertical overlap, so raised footnote markers stay in their line."""
    rows: list[_Row] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        top, bottom = word.top, word.bottom
        height = bottom - top
        # min(a, b) and max(a, b) written out (b if b < a else a): the same values, without a call each
        for row in reversed(rows[-3:]):
            overlap = (bottom if bottom < row.bottom else row.bottom) - (top if top > row.top else row.top)
            span = row.bottom - row.top
            if overlap >= 0.5 * (height if height < span else span):
                row.words.append(word)
                row.top, row.bottom = min(row.top, top), max(row.bottom, bottom)
                break
        else:
            rows.append(_Row([word], top, bottom))
    for row in rows:
        row.words.sort(key=lambda w: w.x0)
    return rows


def _columns(row: _Row) -> list[_Row]:
    """Split a row at wide gaps: the masthead and footers put separate items on one height."""
    parts = [[row.words[0]]]
    for word in row.words[1:]:
        part = parts[-1]
        previous = part[-1]
        wide = word.x0 - previous.x1 > 3.5 * (previous.size if previous.size > word.size else word.size)
        if wide and not (len(part) == 1 and _LABEL.match(previous.text)):  # not after a lone "1." and a tab
            parts.append([word])
        else:
            part.append(word)
    if len(parts) == 1:
        return [row]
    return [_Row(p, min(w.top for w in p), max(w.bottom for w in p)) for p in parts]


def _is_superscript(word: _Word, row: _Row) -> bool:
    size = row.size
    return word.size < 0.9 * size and word.bottom < row.baseline - 0.2 * size


def _join(words: list[_Word], row: _Row) -> str:
    """Words into text; a space only where the gap is a space (fonts change mid-word: 'S' + '/2021/523')."""
    text = ""
    previous: _Word | None = None
    size = row.size
    for word in words:
        piece = word.text
        superscript = word.size < 0.9 * size and word.bottom < row.baseline - 0.2 * size  # _is_superscript
        if superscript and _MARKER.match(piece):
            piece = f"[^{piece}]"
        if previous is None:
            text = piece
        elif superscript or word.x0 - previous.x1 <= 0.15 * (previous.size if previous.size < word.size else word.size):
            text += piece
        else:
            text += " " + piece
        previous = word
    return _SPACES.sub(" ", text).strip()


def _italic_start(row: _Row) -> str | None:
    """The italic phrase at the start of the content, after an 'N.' number: the opener hint."""
    words = row.words[1:] if _NUMBER_LABEL.match(row.words[0].text) else row.words
    run: list[_Word] = []
    for word in words:
        if not word.italic:
            break
        run.append(word)
    phrase = _join(run, row).strip(" ,;:") if run else ""
    return phrase or None


def _body_size(pages: list[_Page]) -> float:
    return _main_size([word for page in pages for word in page.words])


def _main_size(words: list[_Word]) -> float:
    """The size (to a tenth of a point) most of the words' characters have; a tie goes to the first seen."""
    first = words[0].size
    if all(word.size == first for word in words):
        return round(first, 1)
    exact: dict[float, int] = {}  # each size rounded once, not once per word; the first seen stay first
    for word in words:
        exact[word.size] = exact.get(word.size, 0) + len(word.text)
    sizes = Counter()
    for size, characters in exact.items():
        sizes[round(size, 1)] += characters
    return sizes.most_common(1)[0][0]


def _is_body(row: _Row, body_size: float) -> bool:
    return abs(row.size - body_size) <= 0.6 and not row.furniture


def _left_margin(rows: list[_Row], body_size: float, fallback: float) -> float:
    # continuation lines start at the margin, first lines are indented: the margin is the
    # leftmost start that several body lines share (one stray line does not move it)
    starts = Counter(round(r.words[0].x0) for r in rows if _is_body(r, body_size))
    shared = [x for x, count in starts.items() if count >= 2]
    return float(min(shared)) if shared else fallback


def _line_pitch(pages_rows: list[list[_Row]], body_size: float) -> float:
    """The usual distance between baselines inside a paragraph; more than that is a gap."""
    steps = Counter()
    for rows in pages_rows:
        body = [r for r in rows if _is_body(r, body_size)]
        for above, below in zip(body, body[1:]):
            steps[round(below.baseline - above.baseline, 1)] += 1
    # the smallest step that recurs: paragraph gaps are larger, and may be as frequent
    usual = [step for step, count in steps.items() if count >= 2 and step >= 0.9 * body_size]
    return min(usual) if usual and min(usual) <= 2.2 * body_size else 1.2 * body_size


def _page_rows(page: _Page) -> list[_Row]:
    return [part for row in _rows(page.words) for part in _columns(row)]


def _footnote_rule(page: _Page, rows: list[_Row], left: float, body_size: float) -> float | None:
    """The y of the short rule at the margin that opens the footnote area, if the page has one."""
    candidates = [y for x0, x1, y in page.rules
                  if y > page.height / 3 and abs(x0 - left) <= 2 * body_size and x1 - x0 <= page.width / 2]
    candidates += [r.top for r in rows if is_footnote_rule(r.text) and r.top > page.height / 3]
    return max(candidates) if candidates else None


def _split_page(page: _Page, rows: list[_Row], body_size: float, left: float) -> tuple[list[_Row], list[_Row]]:
    """Body rows and footnote rows of a page, without running headers, footers, job numbers, barcodes."""
    body = [r for r in rows if _is_body(r, body_size)]
    first = body[0].top if body else page.height
    last = body[-1].bottom if body else 0.0
    rule = _footnote_rule(page, rows, left, body_size)
    kept: list[_Row] = []
    notes: list[_Row] = []
    below = rule  # the footnote area runs down from the rule in closely set lines
    for row in rows:
        text = row.text
        if is_footnote_rule(text):
            continue
        if below is not None and row.top >= below - 1 and row.size < body_size - 0.3:
            if row.top - below > 2 * row.size:
                below = None  # a wide gap: what follows is the page footer ("Please recycle")
            elif not row.furniture:
                notes.append(row)
                below = row.bottom
                continue
        # outside the text block (pages after the first: their masthead is a running header)
        in_margin = row.bottom <= first and page.number > 1 or row.top >= last
        if in_margin and (row.furniture or row.size < 0.9 * body_size):
            continue
        kept.append(row)
    # a bare number that opens or closes the page's text is its page number ("2" above "GE.24-05526")
    while kept and _PAGE_NUMBER.match(kept[-1].text):
        kept.pop()
    while kept and _PAGE_NUMBER.match(kept[0].text) and page.number > 1:
        kept.pop(0)
    return kept, notes


def _layout(pages: list[_Page]) -> tuple[list[Line], dict[str, str]]:
    """Lines with italics, page and spacing hints, and the footnote texts by marker."""
    body_size = _body_size(pages)
    pages_rows = [_page_rows(page) for page in pages]
    pitch = _line_pitch(pages_rows, body_size)
    lines: list[Line] = []
    notes: dict[str, str] = {}
    current_note: list[str | None] = [None]
    margin = min((w.x0 for page in pages for w in page.words), default=0.0)
    for page, rows in zip(pages, pages_rows):
        margin = _left_margin(rows, body_size, margin)
        body, note_rows = _split_page(page, rows, body_size, margin)
        _collect_notes(note_rows, notes, current_note)
        previous: _Row | None = None
        for row in body:
            indented = row.words[0].x0 > margin + 0.6 * body_size
            if previous is None:
                # the gap across a page break says nothing; a first-line indent does
                blank = indented
            else:
                blank = row.baseline - previous.baseline > 1.25 * pitch
            numbered = bool(_NUMBER_LABEL.match(row.words[0].text))
            # italics at the start of a continuation line are mid-paragraph verbs
            # ("..., condemning"), not openers: only a line that opens a block gets the hint
            italic = _italic_start(row) if (blank or indented or numbered) else None
            text = row.text
            heading = row.bold and len(text.split()) <= 10 and not text.endswith((",", ";"))
            if lines and not (blank or indented) and _HYPHEN_END.search(lines[-1].text):
                text = _rejoin(lines[-1], text)
                if not text:
                    previous = row
                    continue
            lines.append(Line(text, italic, page.number, blank, heading))
            previous = row
    for line in lines:
        line.text = line.text.replace("\u00ad", "")
    return lines, notes


def _rejoin(line: Line, text: str) -> str:
    """Move the rest of a word hyphenated at a line end up to its first half; return what remains.

    A printed hyphen stays ('Houthi-controlled', 'Secretary-General'); an optional (soft) one goes.
    """
    if not re.match(r"[A-Za-z0-9]", text):
        return text
    head, _, rest = text.partition(" ")
    line.text = line.text[:-1] + head if line.text.endswith("\u00ad") else line.text + head
    return rest


def _collect_notes(rows: list[_Row], notes: dict[str, str], current: list[str | None]) -> None:
    """Footnote rows into notes[marker]; a note without a marker continues the last one (even across pages)."""
    for row in rows:
        first = row.words[0]
        expected = max((int(k) for k in notes if k.isdigit()), default=0) + 1
        marker = None
        if _MARKER.match(first.text) and len(row.words) > 1:
            # a raised marker, or a plain number that continues the sequence (not '2020, para. 5');
            # a document's notes may start at 2, note 1 being on its cover page
            if _is_superscript(first, row) or not first.text.isdigit() or expected <= int(first.text) <= expected + 2:
                marker = first.text
        if marker is not None:
            current[0] = marker
            notes[marker] = _join(row.words[1:], row)
        elif current[0] is not None:
            notes[current[0]] = _join_note(notes[current[0]], row.text)


def _join_note(text: str, more: str) -> str:
    if text.endswith("\u00ad"):
        return text[:-1] + more
    if _HYPHEN_END.search(text):
        return text + more
    return f"{text} {more}"
