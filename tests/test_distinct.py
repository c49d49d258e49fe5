"""Distinct cells: told apart by type and value, as a check row by row would see them."""

import numpy as np

from monitor.distinct import distinct, mostly_distinct, per_row, stripped_text


def test_distinct_keeps_types_apart():
    values = np.array([1, 1.0, True, "1", "1", None, [1]], dtype=object)
    codes, uniques = distinct(values)
    assert [uniques[c] for c in codes][:6] == [1, 1.0, True, "1", "1", None]
    assert len(set(codes[:5])) == 4 and [type(uniques[c]) for c in codes[:4]] == [int, float, bool, str]


def test_per_row_maps_back():
    codes, uniques = distinct(np.array(["b", "a", "b", "c"], dtype=object))
    assert list(per_row([u.upper() for u in uniques], codes, object)) == ["B", "A", "B", "C"]
    assert list(per_row([], np.zeros(0, dtype=np.int64), bool)) == []


def test_stripped_text_merges_cells_equal_once_stripped():
    codes, uniques = distinct(np.array([" a", "a", "b ", 1, "1", None], dtype=object))
    new_codes, texts = stripped_text(codes, uniques)
    assert [texts[c] for c in new_codes] == ["a", "a", "b", "1", "1", "None"]
    assert new_codes[0] == new_codes[1] and new_codes[3] == new_codes[4]


def test_stripped_text_of_a_stripped_column_keeps_its_codes():
    codes, uniques = distinct(np.array(["b", "a", "b"], dtype=object))
    assert stripped_text(codes, uniques) == (codes, uniques)


def test_mostly_distinct_reads_the_first_cells():
    ids = np.array([f"id-{n}" for n in range(2000)], dtype=object)
    assert mostly_distinct(ids)
    assert not mostly_distinct(np.array(["x", "y"] * 1000, dtype=object))
    assert not mostly_distinct(ids[:100])  # too short to be worth it
    lists = np.empty(2000, dtype=object)
    lists[:] = [[n] for n in range(2000)]
    assert not mostly_distinct(lists)  # list cells cannot be told apart by hashing: found one by one
