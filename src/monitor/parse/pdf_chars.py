"""A PDF's characters, words, rules and images read with pypdfium2, as pdfplumber would give them."""

from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass
from itertools import groupby

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
        self.px, self.py = ctypes.byref(self.x), ctypes.byref(self.y)
        self.width = ctypes.c_float()
        self.pwidth = ctypes.byref(self.width)
        self.matrix = raw.FS_MATRIX()
        self.rect = raw.FS_RECTF()
        self.name = ctypes.create_string_buffer(_NAME_BYTES)
        # FPDFText_GetTextObject as a plain address, so that it can key a dict without a cast per character
        self.text_object = ctypes.cast(raw.FPDFText_GetTextObject, ctypes.c_void_p)
        self.text_object = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)(self.text_object.value)

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
        pdfplumber sees no character there.
        """
        raw = self.raw
        count = raw.FPDFText_CountChars(textpage)
        by_object: dict[int, list[tuple]] = {}
        get_object, get_unicode, get_origin = self.text_object, raw.FPDFText_GetUnicode, raw.FPDFText_GetCharOrigin
        objects = self.objects
        px, py, x, y = self.px, self.py, self.x, self.y
        previous_origin = None
        for index in range(count):
            handle = get_object(textpage, index)
            if not handle:
                continue  # a line break or space pdfium generated between objects
            code = get_unicode(textpage, index)
            if code == 0x20 and raw.FPDFText_IsGenerated(textpage, index) or code == 0:
                continue
            state = objects.get(handle)
            if state is None:
                state = objects[handle] = self._object_state(textpage, index, handle)
                by_object[handle] = []
            font, size, a, b, c, d, upright = state
            get_origin(textpage, index, px, py)
            x0, baseline = x.value - left, top - y.value
            if code == _HYPHEN_MARK:
                code = 0x2D
            origin = (x0, baseline)
            piece = origin == previous_origin  # a ligature pdfium split into letters: they share its box
            previous_origin = origin
            advance = 0.0 if piece else font.widths.get(code)
            if advance is None:
                ok = raw.FPDFFont_GetGlyphWidth(font.handle, code, ctypes.c_float(1.0), self.pwidth)
                advance = font.widths[code] = self.width.value if ok else 0.0
            # the box pdfminer draws: the advance wide, from the descent up one font size
            if b == 0 and c == 0:
                if advance > 0:
                    x1 = x0 + advance * size * a
                else:
                    # no code for this text in the font (a ligature's letters, 'é' written as e and an
                    # accent): the loose box spans the glyph's advance
                    raw.FPDFText_GetLooseCharBox(textpage, index, self.rect)
                    x1 = self.rect.right - left
                bottom = baseline - font.descent * size * d
                char_top = bottom - size * d
                char_size = size * abs(d)
            else:
                x0, x1, char_top, bottom, char_size = _skewed_box(x0, baseline, advance, size, font.descent,
                                                                  a, b, c, d)
            own = by_object[handle]
            if piece and own:
                own[-1] = own[-1][:2] + (x1,) + own[-1][3:]
            own.append((chr(code), x0, x1, char_top, bottom, font.name, char_size, upright))
        return by_object

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
    for _, run in groupby(chars, key=lambda c: (c[7], c[5], c[6])):
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
    ordered = sorted(run, key=lambda c: cluster_of[c[3]])
    return [sorted(group, key=lambda c: c[1]) for _, group in groupby(ordered, key=lambda c: cluster_of[c[3]])]


def _merge(chars: list[tuple]) -> dict:
    first = chars[0]
    return {
        "text": "".join(c[0] for c in chars),
        "x0": min(c[1] for c in chars), "x1": max(c[2] for c in chars),
        "top": min(c[3] for c in chars), "bottom": max(c[4] for c in chars),
        "upright": first[7], "fontname": first[5], "size": first[6],
    }
