"""Text columns held by Arrow: a ledger's cells read by pyarrow's CSV reader, and tested and joined whole at C
speed, where a million Python texts would otherwise be made and visited one by one."""

from __future__ import annotations

import codecs
import functools
import io
import re

import pandas as pd

try:
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as arrow_csv
except ImportError:  # a declared dependency; without it pandas' reader and Python's tests do the same work
    pa = pc = arrow_csv = None


def text_columns(data: bytes, header: list[str]) -> pd.DataFrame | None:
    """The cells of a CSV file's bytes under its header (as monitor.ledger.file_header reads it), every one a
    text, an empty cell '': what pandas' own reader gives, with far fewer objects, sooner. None where this
    reader cannot say the same: no pyarrow, a byte-order mark, invalid UTF-8, a row of more or fewer cells
    than the header, a header it reads otherwise; pandas' reader then reads the file, and names the fault."""
    if pa is None or not header or data.startswith(codecs.BOM_UTF8):
        return None
    try:
        table = arrow_csv.read_csv(
            io.BytesIO(data),
            # one thread: the machine's other core is the forked copies' (monitor.forked), and a process that
            # started no thread pool forks safely
            read_options=arrow_csv.ReadOptions(use_threads=False, block_size=1 << 24),
            parse_options=arrow_csv.ParseOptions(newlines_in_values=True),  # a note may hold line breaks
            convert_options=arrow_csv.ConvertOptions(
                column_types={name: pa.string() for name in header}, strings_can_be_null=False,
                quoted_strings_can_be_null=False))
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        return None
    if table.column_names != header or any(not pa.types.is_string(t) for t in table.schema.types):
        return None
    return table.to_pandas(use_threads=False)  # as above: no thread pool before a fork


def arrow_of(series: pd.Series):
    """The Arrow array of a text column that Arrow holds (pandas' str columns, where pyarrow is installed),
    else None: its cells are then Python objects, for the caller's Python to test."""
    dtype = series.dtype
    if pa is None or not isinstance(dtype, pd.StringDtype) or dtype.storage != "pyarrow" or series.hasnans:
        return None
    return pa.chunked_array(series.array.__arrow_array__())  # the column's own chunks: nothing copied


@functools.lru_cache(maxsize=1)
def _python_spaces() -> str:
    """Every character Python's str.strip removes, as the inside of a character class of RE2 (Arrow's): all
    in the Basic Multilingual Plane (U+3000 is the last), so the rest of Unicode need not be visited."""
    return "".join(f"\\x{{{code:x}}}" for code in range(0x10000) if chr(code).isspace())


def all_not_blank(array) -> bool:
    """Whether every cell holds a character that Python's str.strip keeps."""
    if len(array) == 0 or pc.all(pc.match_substring_regex(array, f"^[^{_python_spaces()}]")).as_py():
        return True  # the usual case, settled by each cell's first character
    return pc.all(pc.match_substring_regex(array, f"[^{_python_spaces()}]")).as_py()


# Python's constructs that RE2 reads otherwise or lacks: RE2's \d, \w and \s are ASCII, so they match fewer
# cells than Python's (a cell they miss is then tested by Python), but the negated classes and the word
# boundary would match others; a pattern with one of these is tested by Python alone
_UNSAFE = re.compile(r"\\[DSWBbZAG1-9]|\[\^|\(\?[^:]")


def all_full_match(array, pattern: str) -> bool:
    """Whether every cell fully matches pattern (Python's re), tested by RE2 only where a match there is a match
    in Python; False where unsure, for the caller's Python to test each cell."""
    if _UNSAFE.search(pattern):
        return False
    try:
        return len(array) == 0 or pc.all(pc.match_substring_regex(array, f"^(?:{pattern})$")).as_py()
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return False


def is_arrow(values) -> bool:
    """Whether values is an Arrow array (arrow_of's), not a list of Python texts."""
    return pa is not None and isinstance(values, (pa.Array, pa.ChunkedArray))


def _text(value):
    return pa.scalar(value, pa.large_string()) if isinstance(value, str) else value.cast(pa.large_string())


def joined(columns: list, separator: str):
    """Each row's cells of columns (Arrow arrays or texts, one length) joined by separator: an Arrow array."""
    if len(columns) == 1:
        return _text(columns[0])
    return pc.binary_join_element_wise(*map(_text, columns), _text(separator))


def with_tagged(texts, cells, tag: str):
    """Each of texts, followed by tag and its row's cell where that cell is not empty."""
    cells = _text(cells)
    if pc.all(pc.not_equal(cells, "")).as_py():  # the usual case: a column every row fills
        return joined([texts, tag, cells], "")
    return joined([texts, pc.if_else(pc.equal(cells, ""), _text(""), joined([tag, cells], ""))], "")


def any_filled(cells) -> bool:
    """Whether any cell is not empty."""
    return len(cells) > 0 and pc.any(pc.not_equal(cells, "")).as_py()


def after(first: str, cells):
    """first, then each cell but the last: the row before each row."""
    if not len(cells):
        return pa.chunked_array([], pa.large_string())
    return pa.chunked_array([pa.array([first], pa.large_string()), *_text(cells)[:len(cells) - 1].chunks])


def utf8(texts) -> list[bytes]:
    """Each text's UTF-8 bytes, made at once."""
    return texts.cast(pa.large_binary()).to_pylist()
