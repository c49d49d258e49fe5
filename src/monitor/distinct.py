"""A column's distinct values, told apart by type and value, so that a test runs once per value, not per row."""

from __future__ import annotations

import numpy as np
import pandas as pd


def distinct(values: np.ndarray) -> tuple[np.ndarray, list]:
    """(codes, uniques): uniques[codes[i]] is values[i]. Cells are told apart by type and value, so that 1,
    1.0 and True stay apart as a row-by-row check would see them; each unhashable cell is its own."""
    if len(values) and pd.api.types.infer_dtype(values, skipna=False) == "string":
        codes, uniques = pd.factorize(values)  # every cell a str: pandas' hashing is exact
        return codes, list(uniques)
    codes = np.empty(len(values), dtype=np.int64)
    uniques: list = []
    memo: dict[tuple, int] = {}
    for index, value in enumerate(values):
        try:
            key = (type(value), value)
            code = memo.get(key)
            if code is None:
                code = memo[key] = len(uniques)
                uniques.append(value)
        except TypeError:  # a list cell is not hashable
            code = len(uniques)
            uniques.append(value)
        codes[index] = code
    return codes, uniques


def per_row(per_distinct: list, codes: np.ndarray, dtype) -> np.ndarray:
    """Each row's value from the values of the distinct cells (per_distinct[k] for uniques[k])."""
    if not len(per_distinct):
        return np.zeros(len(codes), dtype=dtype)
    return np.asarray(per_distinct, dtype=dtype)[codes]


class Columns:
    """A frame's columns, each one's distinct cells found once for all the checks that read it."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame
        self._found: dict[str, tuple[np.ndarray, list]] = {}

    def __call__(self, name: str) -> tuple[np.ndarray, list]:
        if name not in self._found:
            self._found[name] = distinct(self.frame[name].to_numpy(dtype=object))
        return self._found[name]


def recoded(codes: np.ndarray, uniques: list, convert) -> tuple[np.ndarray, list]:
    """(codes, uniques) of convert(cell) for each cell, from a column's distinct cells: convert runs once each."""
    converted = [convert(u) for u in uniques]
    if not converted:
        return codes, converted
    new_codes, new_uniques = distinct(np.asarray(converted, dtype=object))
    return new_codes[codes], new_uniques
