"""A PDF's characters, words, rules and images read with pypdfium2, as pdfplumber would give them."""

from __future__ import annotations

import ctypes
import re
from collections import deque
from dataclasses import dataclass
from itertools import repeat

import numpy as np

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
_SPACE = re.compile(r"\s")  # what str.isspace calls a space
WORD_KEYS = ("text", "x0", "x1", "top", "bottom", "upright", "fontname", "size")


class Unsupported(Exception):
    """A PDF this reader cannot read as pdfplumber would; the caller reads it with pdfplumber."""


@dataclass
class PageChars:
    width: float
    height: float
    columns: tuple[list, ...]  # the words' WORD_KEYS, a list each (parse/pdf.py reads them so)
    strokes: list[tuple[float, float, float, float]]  # x0, x1, top, bottom of each line and rectangle
    images: int

    @property
    def words(self) -> list[dict]:
        """The words as pdfplumber's extract_words(extra_attrs=["fontname", "size"]) gives them."""
        return [dict(zip(WORD_KEYS, values)) for values in zip(*self.columns)]


@dataclass
class _Font:
    name: str
    descent: float  # per unit of size, negative
    handle: object
    widths: dict


class _Chars:
    """A page's characters as columns: the rows worked out at once, then those added one by one."""

    def __init__(self) -> None:
        self.keys: list[tuple] = []  # fontname, size, upright: what pdfplumber groups characters by
        self._key_ids: dict[tuple, int] = {}
        self.fonts: list[_Font] = []
        self._font_ids: dict[int, int] = {}
        self.columns: list = []  # code, x0, x1, top, bottom, key of the rows worked out at once
        self.added: list[tuple] = []
        self.size = 0

    def key(self, name: str, size: float, upright: bool) -> int:
        found = self._key_ids.get((name, size, upright))
        if found is None:
            found = self._key_ids[(name, size, upright)] = len(self.keys)
            self.keys.append((name, size, upright))
        return found

    def font(self, font: _Font) -> int:
        found = self._font_ids.get(id(font))
        if found is None:
            found = self._font_ids[id(font)] = len(self.fonts)
            self.fonts.append(font)
        return found

    def extend(self, code, x0, x1, top, bottom, key) -> int:
        """The first row of these (they come before any added)."""
        self.columns = [code, x0, x1, top, bottom, key]
        self.size = len(code)
        return 0

    def add(self, code: int, x0: float, x1: float, top: float, bottom: float, name: str, size: float,
            upright: bool) -> int:
        self.added.append((code, x0, x1, top, bottom, self.key(name, size, upright)))
        self.size += 1
        return self.size - 1

    def ordered(self, order: list[int]) -> list:
        """The columns (code, x0, x1, top, bottom, key) of the rows in order."""
        columns = self.columns or [np.empty(0, np.int64), *(np.empty(0) for _ in range(4)), np.empty(0, np.int64)]
        if self.added:
            more = list(zip(*self.added))
            columns = [np.concatenate([column, np.array(values, column.dtype)])
                       for column, values in zip(columns, more)]
        rows = np.array(order, np.int64)
        return [column[rows] for column in columns]


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
        # and those made for every object
        self.object_font = _declare(raw.FPDFTextObj_GetFont, void, void)
        self.char_matrix = _declare(raw.FPDFText_GetMatrix, integer, void, integer, void)
        self.font_size = _declare(raw.FPDFText_GetFontSize, ctypes.c_double, void, integer)
        self.map_error = _declare(raw.FPDFText_HasUnicodeMapError, integer, void, integer)
        self.page_object = _declare(raw.FPDFPage_GetObject, void, void, integer)
        self.form_object = _declare(raw.FPDFFormObj_GetObject, void, void, ctypes.c_ulong)
        self.form_count = _declare(raw.FPDFFormObj_CountObjects, integer, void)
        self.kind = _declare(raw.FPDFPageObj_GetType, integer, void)
        self.object_matrix = _declare(raw.FPDFPageObj_GetMatrix, integer, void, void)
        self.bounds = _declare(raw.FPDFPageObj_GetBounds, integer, void, void, void, void, void)
        self.object_size = _declare(raw.FPDFTextObj_GetFontSize, integer, void, void)
        self.matrix_at = ctypes.addressof(self.matrix)
        self.box = (ctypes.c_float * 4)()
        self.box_at = [ctypes.addressof(self.box) + 4 * side for side in range(4)]

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
                chars, by_object = self._chars(textpage.raw, left, top)
            finally:
                textpage.close()
            order: list[int] = []  # the rows of chars in the order of the page's content
            strokes: list[tuple[float, float, float, float]] = []
            images = 0
            for handle, kind, form in self._objects(page.raw):
                if kind == _TEXT:
                    own = by_object.get(handle)
                    if own is not None:
                        for rows in own:
                            order.extend(rows)
                    else:
                        order.extend(chars.add(*row) for row in self._dropped(handle, form, left, top))
                elif kind == _IMAGE:
                    images += 1
                elif kind == _PATH:
                    strokes += _strokes(raw, ctypes.cast(handle, raw.FPDF_PAGEOBJECT), form, left, top)
            return PageChars(right - left, top - bottom, _words(chars, order), strokes, images)
        finally:
            page.close()

    def _chars(self, textpage, left: float, top: float) -> tuple[_Chars, dict[int, list[range]]]:
        """The page's characters as pdfplumber's (text, x0, x1, top, bottom, fontname, size, upright), and
        the rows of each text object.

        The caller puts them back in the order of the page's content, which pdfplumber follows and pdfium
        does not (it sorts the objects of a line by position). Spaces pdfium generates are left out:
        pdfplumber sees no character there. pdfium lists an object's characters together (each object
        once), so each object's run of characters is found in a few calls; the text comes in one call,
        the origins in one pass without a Python frame per character, and the boxes are worked out for
        the whole page at once.
        """
        raw = self.raw
        count = raw.FPDFText_CountChars(textpage)
        address = ctypes.cast(textpage, ctypes.c_void_p).value
        get_object, get_unicode, get_origin, generated = self.text_object, self.unicode, self.origin, self.generated
        codes = self._codes(textpage, address, count)
        for at in np.flatnonzero(codes == 0xFFFE).tolist():  # a line-end hyphen or a character without text
            codes[at] = get_unicode(address, at)
        kept = codes != 0
        spaces = np.flatnonzero(codes == 0x20)
        kept[spaces[np.fromiter(map(generated, repeat(address), spaces.tolist()), bool, len(spaces))]] = False
        codes[codes == _HYPHEN_MARK] = 0x2D
        xs, ys = (ctypes.c_double * count)(), (ctypes.c_double * count)()
        x_at, y_at = ctypes.addressof(xs), ctypes.addressof(ys)
        deque(map(get_origin, repeat(address), range(count), range(x_at, x_at + 8 * count, 8),
                  range(y_at, y_at + 8 * count, 8)), maxlen=0)
        xs, ys = np.frombuffer(xs, np.float64, count), np.frombuffer(ys, np.float64, count)

        chars = _Chars()
        segment_of = np.full(count, -1, np.int64)  # which straight run of an object each character is in
        straight: list[tuple] = []  # per run: scale, lift, height, key, font
        skewed: list[tuple] = []
        owners: list[int] = []
        index = 0
        while index < count:
            handle = get_object(address, index)
            if not handle:  # a line break or space pdfium generated between objects (one character each)
                index += 1
                continue
            end = _run_end(get_object, address, index, handle, count)
            state = self.objects.get(handle)
            if state is None:
                state = self.objects[handle] = self._object_state(address, index, handle)
            font, size, a, b, c, d, upright = state
            if b == 0 and c == 0:
                segment_of[index:end] = len(straight)
                straight.append((size * a, font.descent * size * d, size * d,
                                 chars.key(font.name, size * abs(d), upright), chars.font(font)))
                owners.append(handle)
            else:
                skewed.append((index, end, handle, state))
            index = end

        by_object: dict[int, list[range]] = {}
        at = np.flatnonzero(kept & (segment_of >= 0))
        if len(at):
            run = segment_of[at]
            params = np.array([s[:3] for s in straight], np.float64)
            scale, lift, height = params[run, 0], params[run, 1], params[run, 2]
            key = np.array([s[3] for s in straight], np.int64)[run]
            font = np.array([s[4] for s in straight], np.int64)[run]
            code = codes[at]
            x0, baseline = xs[at] - left, top - ys[at]
            # a ligature pdfium split into its letters: they share its box
            piece = np.zeros(len(at), bool)
            piece[1:] = (x0[1:] == x0[:-1]) & (run[1:] == run[:-1])
            advance = self._advances(chars, font, code)
            advance[piece] = 0.0
            x1 = x0 + advance * scale
            # no code for this text in the font (a ligature's letters, 'é' written as e and an accent):
            # the loose box spans the glyph's advance
            for k in np.flatnonzero(~(advance > 0)).tolist():
                raw.FPDFText_GetLooseCharBox(textpage, int(at[k]), self.rect)
                x1[k] = self.rect.right - left
                if piece[k]:
                    x1[k] = x1[k - 1] = max(x1[k], x1[k - 1])
            # the box pdfminer draws: the advance wide, from the descent up one font size
            bottom = baseline - lift
            first = chars.extend(code, x0, x1, bottom - height, bottom, key)
            counts = np.bincount(run, minlength=len(straight)).tolist()
            for handle, number in zip(owners, counts):
                by_object.setdefault(handle, []).append(range(first, first + number))
                first += number
        for index, end, handle, state in skewed:
            rows = [chars.add(*row) for row in self._skewed(codes, kept, xs, ys, index, end, state, left, top)]
            by_object.setdefault(handle, []).append(rows)
        return chars, by_object

    def _codes(self, textpage, address: int, count: int):
        """The page's character codes: its text in one call, when pdfium's text has one character for each."""
        buffer = (ctypes.c_ushort * (count + 1))()
        written = self.raw.FPDFText_GetText(textpage, 0, count, buffer)
        text = ctypes.string_at(buffer, 2 * max(written - 1, 0)).decode("utf-16-le", "replace")
        if written == count + 1 and len(text) == count:
            return np.frombuffer(text.encode("utf-32-le"), np.uint32).astype(np.int64)
        return np.fromiter(map(self.unicode, repeat(address), range(count)), np.int64, count)

    def _advances(self, chars: _Chars, font, code):
        """Each character's advance per unit of size, each font's glyph widths asked for once."""
        pair = font * 0x110000 + code
        unique, inverse = np.unique(pair, return_inverse=True)
        widths = []
        for value in unique.tolist():
            owner, glyph = chars.fonts[value // 0x110000], value % 0x110000
            width = owner.widths.get(glyph)
            if width is None:
                width = owner.widths[glyph] = self._advance(owner, glyph)
            widths.append(width)
        return np.array(widths, np.float64)[inverse.reshape(-1)]

    def _skewed(self, codes, kept, xs, ys, index: int, end: int, state: tuple, left: float, top: float) -> list[tuple]:
        """The characters of an object whose matrix rotates or skews it, one by one: pdfminer's corners."""
        font, size, a, b, c, d, upright = state
        rows = []
        previous_x0 = None
        for at in range(index, end):
            if not kept[at]:
                continue
            code = int(codes[at])
            x0, baseline = float(xs[at]) - left, top - float(ys[at])
            piece = x0 == previous_x0
            previous_x0 = x0
            advance = 0.0 if piece else font.widths.get(code)
            if advance is None:
                advance = font.widths[code] = self._advance(font, code)
            box = _skewed_box(x0, baseline, advance, size, font.descent, a, b, c, d)
            rows.append((code, *box[:4], font.name, box[4], upright))
        return rows

    def _advance(self, font: _Font, code: int) -> float:
        ok = self.raw.FPDFFont_GetGlyphWidth(font.handle, code, ctypes.c_float(1.0), self.pwidth)
        return self.width.value if ok else 0.0

    def _dropped(self, handle, form: tuple, left: float, top: float) -> list[tuple]:
        """A text object pdfium read no character from: one of zero width, which holds spaces (Word writes
        each space between two runs as one); pdfplumber sees a space there, which ends a word."""
        if not self.bounds(handle, *self.box_at) or abs(self.box[2] - self.box[0]) > 0.01:
            return []  # a duplicate pdfium left out (a bold drawn twice): pdfplumber's words would repeat
        font = self._font_of(handle)
        self.object_size(handle, self.box_at[0])
        size = self.box[0]
        self.object_matrix(handle, self.matrix_at)
        m = _compose((self.matrix.a, self.matrix.b, self.matrix.c, self.matrix.d, self.matrix.e, self.matrix.f),
                     form)
        x0, baseline = m[4] - left, top - m[5]
        bottom = baseline - font.descent * size * m[3]
        return [(0x20, x0, x0, bottom - size * m[3], bottom, font.name, size * abs(m[3]),
                 0 < m[0] * m[3] and m[1] * m[2] <= 0)]

    def _object_state(self, textpage: int, index: int, handle: int) -> tuple:
        font = self._font_of(handle)
        self.char_matrix(textpage, index, self.matrix_at)
        m = self.matrix
        size = self.font_size(textpage, index)  # the Tf size; the matrix scales it
        if self.map_error(textpage, index):
            raise Unsupported("a font without a Unicode mapping")
        upright = 0 < m.a * m.d and m.b * m.c <= 0
        return font, size, m.a, m.b, m.c, m.d, upright

    def _font_of(self, handle: int) -> _Font:
        key = self.object_font(handle)
        font = self.fonts.get(key)
        if font is None:
            font = self.fonts[key] = self._font(ctypes.cast(key, self.raw.FPDF_FONT))
        return font

    def _objects(self, page) -> list[tuple]:
        """(address, type, matrix of the form holding it) of the page's objects in the order of its content,
        the objects of form XObjects in their place."""
        found: list[tuple] = []
        kind_of, matrix = self.kind, self.matrix

        def walk(handles, form):
            for handle in handles:
                kind = kind_of(handle)
                if kind == _FORM:
                    self.object_matrix(handle, self.matrix_at)
                    inner = _compose((matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), form)
                    walk(list(map(self.form_object, repeat(handle), range(self.form_count(handle)))), inner)
                else:
                    found.append((handle, kind, form))

        address = ctypes.cast(page, ctypes.c_void_p).value
        walk(list(map(self.page_object, repeat(address), range(self.raw.FPDFPage_CountObjects(page)))), _IDENTITY)
        return found

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
    """The C function behind a pypdfium2 declaration, declared again with the given types.

    Declared as PYFUNCTYPE, which keeps the GIL during the call: these calls are short and never call
    back, and releasing and taking the GIL again is a tenth of each call's cost.
    """
    return ctypes.PYFUNCTYPE(restype, *argtypes)(ctypes.cast(function, ctypes.c_void_p).value)


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


def _words(chars: _Chars, order: list[int]) -> tuple[list, ...]:
    """Characters into words the way pdfplumber's extract_words does with its default settings, as
    columns (WORD_KEYS).

    Runs of characters with the same orientation, font and size are split into lines (tops chained
    within Y_TOLERANCE of each other), each line sorted left to right (a stable sort) and cut into
    words at spaces, at a gap wider than X_TOLERANCE and where the next character starts left of the
    previous one. The whole page is cut at once: the tests are the same for every pair of neighbours.
    """
    if not order:
        return tuple([] for _ in WORD_KEYS)
    code, x0, x1, top, bottom, key = chars.ordered(order)
    count = len(order)
    run = np.cumsum(np.concatenate([[True], key[1:] != key[:-1]]))
    # the lines: a run's distinct tops, sorted, start a new line where one is further than Y_TOLERANCE
    # from the one before (cluster_objects); the lines of a run follow each other from the top
    by_top = np.lexsort((top, run))
    tops, runs = top[by_top], run[by_top]
    line = np.empty(count, np.int64)
    line[by_top] = np.cumsum(np.concatenate([[True], (runs[1:] != runs[:-1]) | (tops[1:] > tops[:-1] + Y_TOLERANCE)]))
    across = np.lexsort((x0, line))  # stable: characters at one x0 keep the content's order
    code, x0, x1, top, bottom, key, line = (column[across] for column in (code, x0, x1, top, bottom, key, line))
    text = code.astype("<u4").tobytes().decode("utf-32-le", "surrogatepass")
    space = np.zeros(count, bool)
    space[[found.start() for found in _SPACE.finditer(text)]] = True
    cut = np.concatenate([[True], (line[1:] != line[:-1]) | space[:-1] | (x0[1:] < x0[:-1])
                          | (x0[1:] > x1[:-1] + X_TOLERANCE) | (np.abs(top[1:] - top[:-1]) > Y_TOLERANCE)])
    letter = ~space
    if not letter.any():
        return tuple([] for _ in WORD_KEYS)
    x0, x1, top, bottom, key, cut = (column[letter] for column in (x0, x1, top, bottom, key, cut))
    text = _SPACE.sub("", text)
    starts = np.flatnonzero(cut)
    bounds = starts.tolist() + [len(text)]
    names, sizes, uprights = zip(*map(chars.keys.__getitem__, key[starts].tolist()))
    return ([text[begin:end] for begin, end in zip(bounds, bounds[1:])], x0[starts].tolist(),
            np.maximum.reduceat(x1, starts).tolist(), np.minimum.reduceat(top, starts).tolist(),
            np.maximum.reduceat(bottom, starts).tolist(), list(uprights), list(names), list(sizes))
