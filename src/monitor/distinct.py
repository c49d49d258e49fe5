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


def mostly_distinct(values: np.ndarray, sample: int = 1024) -> bool:
    """Whether a long column's first cells are mostly different (ids, digests, times): finding its distinct
    cells would cost a hash of each and save no test."""
    head = values[:sample]
    try:
        return len(head) == sample and len(pd.unique(head)) > sample // 2
    except TypeError:  # a list cell is not hashable
        return False


class Columns:
    """A frame's columns, each one's distinct cells found once for all the checks that read it."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame
        self._found: dict[str, tuple[np.ndarray, list]] = {}

    def has(self, name: str) -> bool:
        """Whether the column's distinct cells were found already."""
        return name in self._found

    def __call__(self, name: str) -> tuple[np.ndarray, list]:
        if name not in self._found:
            self._found[name] = of_series(self.frame[name])
        return self._found[name]


def of_series(series: pd.Series) -> tuple[np.ndarray, list]:
    """distinct() of a column's cells; a column of texts is hashed as it holds them (by Arrow, where it does),
    without a Python object made for each cell."""
    if isinstance(series.dtype, pd.StringDtype) and not series.hasnans:
        codes, uniques = pd.factorize(series)
        return codes, uniques.tolist()
    return distinct(series.to_numpy(dtype=object))


def stripped_text(codes: np.ndarray, uniques: list) -> tuple[np.ndarray, list]:
    """(codes, uniques) of each cell as text without surrounding spaces, from a column's distinct cells."""
    if uniques and pd.api.types.infer_dtype(uniques, skipna=False) == "string":
        converted = list(map(str.strip, uniques))  # every cell a str already: one pass, no conversion
    else:
        converted = [str(u).strip() for u in uniques]
    if converted == uniques and list(map(type, converted)) == list(map(type, uniques)):
        return codes, converted  # nothing changed (a stripped column already stripped): the codes stand
    new_codes, new_uniques = distinct(np.asarray(converted, dtype=object))
    return new_codes[codes], new_uniques
