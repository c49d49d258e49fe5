"""Frames pickled with each column of distinct texts as one text, and Arrow's texts as Arrow's own chunks: a
million ids kept and read back quickly."""

from __future__ import annotations

import io
import pickle

import numpy as np
import pandas as pd

from .distinct import mostly_distinct

_SEPARATOR = "\x00"  # never in a cell read from a CSV file; a column holding one is pickled as it is


def dumps(value) -> bytes:
    """pickle.dumps(value), with every DataFrame in it packed: pickle.loads reads it back as it was."""
    out = io.BytesIO()
    dump(value, out)
    return out.getvalue()


def dump(value, handle) -> None:
    """pickle.dump(value, handle), packed as dumps packs it, written as it is made."""
    _Pickler(handle, protocol=pickle.HIGHEST_PROTOCOL).dump(value)


class _Pickler(pickle.Pickler):
    def reducer_override(self, obj):
        # only a plain frame with a column worth packing; any other is pickled as pandas pickles it
        if type(obj) is not pd.DataFrame or len(obj) < 1024 or type(obj.columns) is not pd.Index \
                or not obj.columns.is_unique:
            return NotImplemented
        parts = [_column(obj.iloc[:, place]) for place in range(obj.shape[1])]
        if not any(part[0] != "array" for part in parts):
            return NotImplemented
        return _frame, (obj.columns, obj.index, parts, dict(obj.attrs))


def _column(series: pd.Series):
    """A column as one text where its cells are many distinct texts (pickling each costs ten times more)."""
    as_it_is = ("array", series.dtype, series.array)
    if isinstance(series.dtype, pd.StringDtype) and series.dtype.storage == "pyarrow":
        # Arrow's texts are their buffers already: pickled chunk by chunk (pandas would join the chunks first)
        return ("arrow", series.dtype, series.array.__arrow_array__())
    if not (series.dtype == object or isinstance(series.dtype, pd.StringDtype)):
        return as_it_is
    values = series.to_numpy(dtype=object)
    if not mostly_distinct(values) or pd.api.types.infer_dtype(values, skipna=False) != "string":
        return as_it_is
    text = _SEPARATOR.join(values)
    if text.count(_SEPARATOR) != len(values) - 1:
        return as_it_is
    return ("packed", series.dtype, text)


def _frame(columns: pd.Index, index: pd.Index, parts: list, attrs: dict) -> pd.DataFrame:
    series = {}
    for place, (how, dtype, cells) in enumerate(parts):
        if how == "packed":
            cells = np.array(cells.split(_SEPARATOR), dtype=object)
        elif how == "arrow":
            cells = dtype.construct_array_type()(cells, dtype=dtype)
        # the dtype given, as the frame had it: pandas would make str of an object column of texts
        series[place] = pd.Series(cells, index=index, dtype=dtype, copy=False)
    frame = pd.DataFrame(series, copy=False)
    frame.columns = columns
    frame.attrs.update(attrs)
    return frame
