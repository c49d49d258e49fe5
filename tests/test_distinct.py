"""Distinct cells: told apart by type and value, as a check row by row would see them."""

import numpy as np

from monitor.distinct import distinct, per_row


def test_distinct_keeps_types_apart():
    values = np.array([1, 1.0, True, "1", "1", None, [1]], dtype=object)
    codes, uniques = distinct(values)
    assert [uniques[c] for c in codes][:6] == [1, 1.0, True, "1", "1", None]
    assert len(set(codes[:5])) == 4 and [type(uniques[c]) for c in codes[:4]] == [int, float, bool, str]


def test_per_row_maps_back():
    codes, uniques = distinct(np.array(["b", "a", "b", "c"], dtype=object))
    assert list(per_row([u.upper() for u in uniques], codes, object)) == ["B", "A", "B", "C"]
    assert list(per_row([], np.zeros(0, dtype=np.int64), bool)) == []
