"""A PDF's characters, words, rules and images read with pypdfium2, as pdfplumber would give them."""

from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter

# pdfplumber's extract_words defaults, which parse/pdf.py uses: a gap wider than this starts a word,
# a top further than this from the previous character's starts a line
X_TOLERANCE = 3.0
Y_TOLERANCE = 3.0

# pdfminer takes the metrics of fonts with these names from its own AFM tables, not from the file
# (pdfminer.fontmetrics): such a PDF is left to pdfplumber, whose boxes would differ from the file's
_STANDARD_FONTS = frozenset({
    "Courier", "Courier-Bold", "Courier-BoldOblique", "Courier-Oblique",
    "Helvetica", "Helvetica-Bold", "Helvetica-BoldOblique", "Helvetica-Oblique",
    "Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic", "Symbol", "ZapfDingbats",
    "Arial", "Arial,Bold", "Arial,Italic", "Arial,BoldItalic",
    "CourierNew", "CourierNew,Bold", "CourierNew,Italic", "CourierNew,BoldItalic",
    "TimesNewRoman", "TimesNewRoman,Bold", "TimesNewRoman,Italic", "TimesNewRoman,BoldItalic",
})
# a font descriptor written as an object of its own (not inside a compressed object stream)
_DESCRIPTOR = re.compile(rb"/Type\s*/FontDescriptor\b")
_FONT_NAME = re.compile(rb"/FontName\s*/([^\s/<>\[\]()]+)")
_METRIC = {key: re.compile(rb"/" + key + rb"\s+(-?[\d.]+)") for key in (b"Ascent", b"Descent")}
_HYPHEN_MARK = 0x02  # pdfium's code for a hyphen that ends a line; the PDF has "-" there
_TEXT, _PATH, _IMAGE, _FORM = 1, 2, 3, 5  # FPDF_PAGEOBJ_*
_MOVETO = 2  # FPDF_SEGMENT_MOVETO
_NAME_BYTES = 256
_RUN_KEY = itemgetter(7, 5, 6)  # upright, font, size: what pdfplumber groups characters by
_X0 = itemgetter(1)


class Unsupported(Exception):
    """A PDF this reader cannot read as pdfplumber would; the caller reads it with pdfplumber."""


@dataclass
class PageChars:
    width: float
    height: float
    words: list[dict]  # as pdfplumber's extract_words(extra_attrs=["fontname", "size"]) gives them
    strokes: list[tuple[float, float, float, float]]  # x0, x1, top, bottom of each line and rectangle
    images: int


@dataclass
class _Font:
    name: str
    descent: float  # per unit of size, negative
    handle: object
    widths: dict


def read_document(data: bytes) -> list[PageChars]:
    """Every page's words, rules and images; raises Unsupported (or pdfium's own error) when it cannot."""
    import pypdfium2 as pdfium  # only PDF input pays for the import

    document = pdfium.PdfDocument(data)
    try:
        reader = _Reader(pdfium, _unmeasured_fonts(data))
        return [reader.page(document, index) for index in range(len(document))]
    finally:
        document.close()


class _Reader:
    """The raw pdfium calls, set up once per document with the types that keep them cheap."""

    def __init__(self, pdfium, unmeasured: frozenset[str]) -> None:
        raw = pdfium.raw
        self.raw = raw
        self.unmeasured = unmeasured
        self.fonts: dict[int, _Font] = {}
        self.objects: dict[int, tuple] = {}
        self.x, self.y = ctypes.c_double(), ctypes.c_double()
        self.width = ctypes.c_float()
        self.pwidth = ctypes.byref(self.width)
        self.matrix = raw.FS_MATRIX()
        self.rect = raw.FS_RECTF()
        self.name = ctypes.create_string_buffer(_NAME_BYTES)
        # the calls made for every character, declared on plain addresses: pypdfium2's own declarations
        # check a pointer type on each call, which costs five times the call (2.8 against 0.5 µs here);
        # a text object's address also keys a dict without a cast
        void, integer = ctypes.c_void_p, ctypes.c_int
        self.text_object = _declare(raw.FPDFText_GetTextObject, void, void, integer)
        self.unicode = _declare(raw.FPDFText_GetUnicode, ctypes.c_uint, void, integer)
        self.origin = _declare(raw.FPDFText_GetCharOrigin, integer, void, integer, void, void)
        self.generated = _declare(raw.FPDFText_IsGenerated, integer, void, integer)
        self.x_at, self.y_at = ctypes.addressof(self.x), ctypes.addressof(self.y)

    def page(self, document, index: int) -> PageChars:
        raw = self.raw
        page = document[index]
        try:
            if page.get_rotation():
                raise Unsupported("a rotated page")
            left, bottom, right, top = page.get_mediabox()
            # handles are only good while their page is open
            self.objects.clear()
            self.fonts.clear()
            textpage = page.get_textpage()
            try:
                by_object = self._chars(textpage.raw, left, top)
            finally:
                textpage.close()
            chars: list[tuple] = []
            strokes: list[tuple[float, float, float, float]] = []
            images = 0
            for handle, kind, form in _objects(raw, page.raw):
                if kind == _TEXT:
                    address = ctypes.cast(handle, ctypes.c_void_p).value
                    own = by_object.get(address)
                    if own is not None:
                        chars += own
                    else:
                        chars += self._dropped(handle, form, left, top)
                elif kind == _IMAGE:
                    images += 1
                elif kind == _PATH:
                    strokes += _strokes(raw, handle, form, left, top)
            return PageChars(right - left, top - bottom, _words(chars), strokes, images)
        finally:
            page.close()

    def _chars(self, textpage, left: float, top: float) -> dict[int, list[tuple]]:
        """(text, x0, x1, top, bottom, fontname, size, upright) per character, by text object.

        The caller puts them back in the order of the page's content, which pdfplumber follows and pdfium
        does not (it sorts the objects of a line by position). Spaces pdfium generates are left out:
        pdfplumber sees no character there. pdfium lists an object's characters together (each object
        once), so the text comes in one call and each object's run of characters is found in a few.
        """
        raw = self.raw
        count = raw.FPDFText_CountChars(textpage)
        address = ctypes.cast(textpage, ctypes.c_void_p).value
        text = self._text(textpage, count)
        by_object: dict[int, list[tuple]] = {}
        get_object, get_unicode, get_origin, generated = self.text_object, self.unicode, self.origin, self.generated
        x, y, x_at, y_at = self.x, self.y, self.x_at, self.y_at
        index = 0
        while index < count:
            handle = get_object(address, index)
            if not handle:  # a line break or space pdfium generated between objects (one character each)
                index += 1
                continue
            end = _run_end(get_object, address, index, handle, count)
            state = self.objects.get(handle)
            if state is None:
                state = self.objects[handle] = self._object_state(textpage, index, handle)
            font, size, a, b, c, d, upright = state
            name, widths, straight = font.name, font.widths, b == 0 and c == 0
            scale, lift, height, char_size = size * a, font.descent * size * d, size * d, size * abs(d)
            own = by_object.setdefault(handle, [])
            previous_x0 = None
            for at in range(index, end):
                code = ord(text[at]) if text is not None else get_unicode(address, at)
                if code == 0xFFFE:  # in the page's text, a line-end hyphen or a character without text
                    code = get_unicode(address, at)
                if code == 0x20:
                    if generated(address, at):
                        continue
                elif code == 0:
                    continue
                elif code == _HYPHEN_MARK:
                    code = 0x2D
                get_origin(address, at, x_at, y_at)
                x0, baseline = x.value - left, top - y.value
                piece = x0 == previous_x0  # a ligature pdfium split into its letters: they share its box
                previous_x0 = x0
                advance = 0.0 if piece else widths.get(code)
                if advance is None:
                    advance = widths[code] = self._advance(font, code)
                if not straight:
                    box = _skewed_box(x0, baseline, advance, size, font.descent, a, b, c, d)
                    own.append((chr(code), *box[:4], name, box[4], upright))
                    continue
                if advance > 0:
                    x1 = x0 + advance * scale
                else:
                    # no code for this text in the font (a ligature's letters, 'é' written as e and an
                    # accent): the loose box spans the glyph's advance
                    raw.FPDFText_GetLooseCharBox(textpage, at, self.rect)
                    x1 = self.rect.right - left
                    if piece and own:
                        x1 = max(x1, own[-1][2])
                        own[-1] = own[-1][:2] + (x1,) + own[-1][3:]
                # the box pdfminer draws: the advance wide, from the descent up one font size
                bottom = baseline - lift
                own.append((chr(code), x0, x1, bottom - height, bottom, name, char_size, upright))
            index = end
        return by_object

    def _text(self, textpage, count: int) -> str | None:
        """The page's characters in one call, when pdfium's text has one character for each."""
        buffer = (ctypes.c_ushort * (count + 1))()
        written = self.raw.FPDFText_GetText(textpage, 0, count, buffer)
        text = ctypes.string_at(buffer, 2 * max(written - 1, 0)).decode("utf-16-le", "replace")
        return text if written == count + 1 and len(text) == count else None

    def _advance(self, font: _Font, code: int) -> float:
        ok = self.raw.FPDFFont_GetGlyphWidth(font.handle, code, ctypes.c_float(1.0), self.pwidth)
        return self.width.value if ok else 0.0

    def _dropped(self, handle, form: tuple, left: float, top: float) -> list[tuple]:
        """A text object pdfium read no character from: one of zero width, which holds spaces (Word writes
        each space between two runs as one); pdfplumber sees a space there, which ends a word."""
        raw = self.raw
        l, b, r, t = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
        if not raw.FPDFPageObj_GetBounds(handle, l, b, r, t) or abs(r.value - l.value) > 0.01:
            return []  # a duplicate pdfium left out (a bold drawn twice): pdfplumber's words would repeat
        font_handle = raw.FPDFTextObj_GetFont(handle)
        key = ctypes.cast(font_handle, ctypes.c_void_p).value
        font = self.fonts.get(key)
        if font is None:
            font = self.fonts[key] = self._font(font_handle)
        size = ctypes.c_float()
        raw.FPDFTextObj_GetFontSize(handle, size)
        raw.FPDFPageObj_GetMatrix(handle, self.matrix)
        m = _compose((self.matrix.a, self.matrix.b, self.matrix.c, self.matrix.d, self.matrix.e, self.matrix.f),
                     form)
        x0, baseline = m[4] - left, top - m[5]
        bottom = baseline - font.descent * size.value * m[3]
        return [(" ", x0, x0, bottom - size.value * m[3], bottom, font.name, size.value * abs(m[3]),
                 0 < m[0] * m[3] and m[1] * m[2] <= 0)]

    def _object_state(self, textpage, index: int, handle: int) -> tuple:
        raw = self.raw
        font_handle = raw.FPDFTextObj_GetFont(ctypes.cast(handle, raw.FPDF_PAGEOBJECT))
        key = ctypes.cast(font_handle, ctypes.c_void_p).value
        font = self.fonts.get(key)
        if font is None:
            font = self.fonts[key] = self._font(font_handle)
        raw.FPDFText_GetMatrix(textpage, index, self.matrix)
        m = self.matrix
        size = raw.FPDFText_GetFontSize(textpage, index)  # the Tf size; the matrix scales it
        if raw.FPDFText_HasUnicodeMapError(textpage, index):
            raise Unsupported("a font without a Unicode mapping")
        upright = 0 < m.a * m.d and m.b * m.c <= 0
        return font, size, m.a, m.b, m.c, m.d, upright

    def _font(self, handle) -> _Font:
        raw = self.raw
        length = raw.FPDFFont_GetBaseFontName(handle, self.name, _NAME_BYTES)
        name = self.name.raw[:max(length - 1, 0)].decode("latin-1")
        if name in _STANDARD_FONTS:
            raise Unsupported(f"the standard font {name}")
        descent = ctypes.c_float()
        raw.FPDFFont_GetDescent(handle, ctypes.c_float(1.0), ctypes.byref(descent))
        # a descriptor giving no ascent or descent (LibreOffice writes 0 for both): pdfium measures the
        # glyphs, pdfminer takes the 0
        return _Font(name, 0.0 if name in self.unmeasured else descent.value, handle, {})


def _run_end(get_object, address: int, start: int, handle, count: int) -> int:
    """The end of the run of characters from start that belong to handle: galloping, then halving."""
    step, low = 1, start
    while low + step < count and get_object(address, low + step) == handle:
        low += step
        step *= 2
    high = min(low + step, count)  # low is in the run, high is not (or is the end)
    while high - low > 1:
        middle = (low + high) // 2
        if get_object(address, middle) == handle:
            low = middle
        else:
            high = middle
    return high


def _declare(function, restype, *argtypes):
    """The C function behind a pypdfium2 declaration, declared again with the given types."""
    return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(function, ctypes.c_void_p).value)


def _unmeasured_fonts(data: bytes) -> frozenset[str]:
    """Names (without subset tag) of the fonts whose descriptor says 0 for both ascent and descent."""
    names = set()
    for match in _DESCRIPTOR.finditer(data):
        start = data.rfind(b" obj", 0, match.start())
        end = data.find(b"endobj", match.end())
        body = data[start if start != -1 else match.start():end if end != -1 else len(data)]
        name = _FONT_NAME.search(body)
        metrics = [_METRIC[key].search(body) for key in (b"Ascent", b"Descent")]
        if name and all(m is None or float(m.group(1)) == 0 for m in metrics):
            names.add(name.group(1).decode("latin-1").split("+", 1)[-1])
    return frozenset(names)


def _skewed_box(x0, baseline, advance, size, descent, a, b, c, d):
    """pdfminer's box for a character whose matrix rotates or skews it: the corners' bounds."""
    width, low, high = advance * size, descent * size, (descent + 1) * size
    corners = [(x0 + a * u + c * v, baseline - (b * u + d * v)) for u in (0.0, width) for v in (low, high)]
    xs, ys = [p[0] for p in corners], [p[1] for p in corners]
    return min(xs), max(xs), min(ys), max(ys), max(ys) - min(ys)


_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _compose(inner: tuple, outer: tuple) -> tuple:
    """The matrix that applies inner, then outer (PDF's row-vector convention)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _objects(raw, page) -> list[tuple]:
    """(handle, type, matrix of the form holding it) of the page's objects in the order of its content,
    the objects of form XObjects in their place."""
    found: list[tuple] = []
    matrix = raw.FS_MATRIX()

    def walk(count, get, form):
        for index in range(count):
            handle = get(index)
            kind = raw.FPDFPageObj_GetType(handle)
            if kind == _FORM:
                raw.FPDFPageObj_GetMatrix(handle, matrix)
                inner = _compose((matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), form)
                walk(raw.FPDFFormObj_CountObjects(handle), lambda i, h=handle: raw.FPDFFormObj_GetObject(h, i), inner)
            else:
                found.append((handle, kind, form))

    walk(raw.FPDFPage_CountObjects(page), lambda i: raw.FPDFPage_GetObject(page, i), _IDENTITY)
    return found


def _strokes(raw, path, form: tuple, left: float, top: float) -> list[tuple[float, float, float, float]]:
    """(x0, x1, top, bottom) of each straight line or upright rectangle in a path, as pdfminer finds them.

    pdfminer splits a path at each move; a piece of two points is a line, of four corners of an
    upright rectangle a rectangle; curves and other shapes count as neither.
    """
    raw_matrix = raw.FS_MATRIX()
    raw.FPDFPageObj_GetMatrix(path, raw_matrix)
    a, b, c, d, e, f = _compose((raw_matrix.a, raw_matrix.b, raw_matrix.c, raw_matrix.d, raw_matrix.e, raw_matrix.f),
                                form)
    x, y = ctypes.c_float(), ctypes.c_float()
    pieces: list[list[tuple[float, float]]] = []
    curved: list[bool] = []
    for index in range(raw.FPDFPath_CountSegments(path)):
        segment = raw.FPDFPath_GetPathSegment(path, index)
        raw.FPDFPathSegment_GetPoint(segment, x, y)
        kind = raw.FPDFPathSegment_GetType(segment)
        point = (a * x.value + c * y.value + e - left, top - (b * x.value + d * y.value + f))
        if kind == _MOVETO or not pieces:
            pieces.append([point])
            curved.append(False)
        else:
            pieces[-1].append(point)
            curved[-1] = curved[-1] or kind != 0  # FPDF_SEGMENT_LINETO
    strokes = []
    for points, curve in zip(pieces, curved):
        distinct = list(dict.fromkeys(points))
        if curve or not 2 <= len(distinct) <= 4:
            continue
        xs, ys = [p[0] for p in distinct], [p[1] for p in distinct]
        if len(distinct) == 3 or (len(distinct) == 4 and (len(set(xs)) != 2 or len(set(ys)) != 2)):
            continue
        strokes.append((min(xs), max(xs), min(ys), max(ys)))
    return strokes


def _words(chars: list[tuple]) -> list[dict]:
    """Characters into words the way pdfplumber's extract_words does with its default settings.

    Runs of characters with the same orientation, font and size are split into lines (tops within
    Y_TOLERANCE of each other), each line sorted left to right and cut into words at spaces, at a gap
    wider than X_TOLERANCE and where the next character starts left of the previous one.
    """
    words: list[dict] = []
    for _, run in groupby(chars, key=_RUN_KEY):
        for line in _lines(list(run)):
            word: list[tuple] = []
            for char in line:
                if char[0].isspace():
                    if word:
                        words.append(_merge(word))
                    word = []
                    continue
                if word:
                    last = word[-1]
                    if char[1] < last[1] or char[1] > last[2] + X_TOLERANCE or abs(char[3] - last[3]) > Y_TOLERANCE:
                        words.append(_merge(word))
                        word = []
                word.append(char)
            if word:
                words.append(_merge(word))
    return words


def _lines(run: list[tuple]) -> list[list[tuple]]:
    """pdfplumber's cluster_objects on the tops: distinct tops chained within Y_TOLERANCE, in order."""
    tops = sorted({c[3] for c in run})
    cluster_of: dict[float, int] = {}
    cluster, last = 0, None
    for value in tops:
        if last is not None and value > last + Y_TOLERANCE:
            cluster += 1
        cluster_of[value] = cluster
        last = value
    if cluster == 0:
        return [sorted(run, key=_X0)]
    ordered = sorted(run, key=lambda c: cluster_of[c[3]])
    return [sorted(group, key=_X0) for _, group in groupby(ordered, key=lambda c: cluster_of[c[3]])]


def _merge(chars: list[tuple]) -> dict:
    first = chars[0]  # the leftmost: a line is sorted by x0
    if len(chars) == 1:
        return {"text": first[0], "x0": first[1], "x1": first[2], "top": first[3], "bottom": first[4],
                "upright": first[7], "fontname": first[5], "size": first[6]}
    texts, _, x1s, tops, bottoms = list(zip(*chars))[:5]
    return {"text": "".join(texts), "x0": first[1], "x1": max(x1s), "top": min(tops), "bottom": max(bottoms),
            "upright": first[7], "fontname": first[5], "size": first[6]}
