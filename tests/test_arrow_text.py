"""Arrow's reading and whole-column tests of text columns say what pandas' reader and Python's tests say, or
leave the work to them; a chain checked on Arrow's columns breaks where it breaks on lists of texts."""

import io
import re

import pandas as pd
import pytest

from monitor import arrow_text, ledger
from monitor.chain import walk
from monitor.observations import OBSERVATION_SCHEMA
from cli_helpers import curated

pytest.importorskip("pyarrow")

TRICKY = (
    'id,note,when\r\n'
    'a-1,"a note, with a comma",2024-01-01\r\n'
    'a-2,"she said ""no""",\r\n'
    'a-3,"two\nlines",2024-01-02\n'
    'a-4,"a\r\nwindows line",\n'
    'a-5,,""\n'
    'a-6, spaced ,café ☕\n'
    '\n'
    'a-7,"",x\n'
).encode("utf-8")


def pandas_read(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8")


def test_arrow_reads_what_pandas_reads():
    found = arrow_text.text_columns(TRICKY, ["id", "note", "when"])
    expected = pandas_read(TRICKY)
    assert found is not None
    pd.testing.assert_frame_equal(found, expected)
    assert found["note"].tolist()[:4] == ["a note, with a comma", 'she said "no"', "two\nlines", "a\r\nwindows line"]
    assert found["when"].tolist()[4] == "" and found["note"].tolist()[5] == " spaced "


@pytest.mark.parametrize("data", [b'id,note\na,x"y\n', b'id,note\na,"abc"def\n', b'id,note\na,  "q"\n',
                                  b'id,note\r\na,b\rc,d\n', b'id,note\na,b\n\n\n', b'id,note\n   \na,b\n',
                                  b'id,note\na,""""\n', b'id,note\n'])
def test_cells_hand_edited_oddly_read_as_pandas_reads_them_or_are_left_to_pandas(data):
    found = arrow_text.text_columns(data, ["id", "note"])
    if found is not None:
        pd.testing.assert_frame_equal(found, pandas_read(data))


@pytest.mark.parametrize("data, header", [
    (b"\xef\xbb\xbfid,note\na,b\n", ["\ufeffid", "note"]),  # a byte-order mark
    (b"id,note\na,\xff\n", ["id", "note"]),  # not UTF-8
    (b"id,note\na,b,c\n", ["id", "note"]),  # a row of more cells than the header
    (b"id,note\na\n", ["id", "note"]),  # and of fewer
    (b"id,note\na,b\n", ["id", "other"]),  # a header read otherwise
    (b"id,note\na,b\n", []),
])
def test_what_arrow_cannot_say_as_pandas_does_is_left_to_pandas(data, header):
    assert arrow_text.text_columns(data, header) is None


CELLS = ["obs-0001", " padded ", "\u3000", "\x1c", "\xa0x\xa0", "", "obs-١٢٣٤", "OBS-0001", "obs-12", "tab\t"]


@pytest.mark.parametrize("cells", [[c] for c in CELLS] + [CELLS, ["a", "b c", "d"]])
def test_a_column_is_plainly_not_blank_only_where_python_says_so(cells):
    array = arrow_text.arrow_of(pd.Series(cells, dtype="str"))
    assert arrow_text.all_not_blank(array) == all(map(str.strip, cells))


@pytest.mark.parametrize("pattern", [r"obs-\d{4,}", r"[0-9a-f]{64}", r"OP\d+", r"[a-z0-9][a-z0-9_-]*",
                                     r"\S+:OP\d+", r"(?i)obs-\d+", r"a\b", r"[^x]+"])
@pytest.mark.parametrize("cells", [[c] for c in CELLS] + [["obs-0001", "obs-12345"], ["a" * 64, "0" * 64]])
def test_a_whole_column_matches_only_where_each_cell_matches_in_python(pattern, cells):
    array = arrow_text.arrow_of(pd.Series(cells, dtype="str"))
    python = all(re.fullmatch(pattern, c) for c in cells)
    arrow = arrow_text.all_full_match(array, pattern)
    assert python or not arrow  # never a match that Python would refuse; a miss is tested by Python after
    if pattern in (r"\S+:OP\d+", r"(?i)obs-\d+", r"a\b", r"[^x]+"):
        assert not arrow  # constructs RE2 reads otherwise are left to Python
    elif pattern == r"obs-\d{4,}" and cells == ["obs-0001", "obs-12345"]:
        assert arrow


def test_only_a_column_arrow_holds_is_given_as_arrow():
    assert arrow_text.arrow_of(pd.Series(["a", "b"], dtype="str")) is not None
    assert arrow_text.arrow_of(pd.Series(["a", "b"], dtype=object)) is None
    assert arrow_text.arrow_of(pd.Series(["a", None], dtype="str")) is None  # a missing cell: Python decides


def _edited(path, line: int, column: int, value: str) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    cells = lines[line].split(",")
    cells[column] = value
    lines[line] = ",".join(cells)
    path.write_text("\n".join(lines), encoding="utf-8")


@pytest.mark.parametrize("edit", [None, (3, 5, "99999"), (9, -1, ""), (12, 10, ""), (6, 12, "obs-0001")])
def test_a_chain_checked_on_arrow_columns_breaks_where_it_breaks_on_lists(workspace_copy, edit):
    path = curated(workspace_copy, "observations.csv")
    if edit:  # a changed value, a row added by hand (no digest), an emptied sensitivity, a filled corrects
        _edited(path, *edit)
    frame = pandas_read(path.read_bytes())
    arrow_columns = ledger._chain_columns(frame)
    assert all(arrow_text.is_arrow(c) for c in arrow_columns)
    on_lists = walk(ledger._columns(frame), list(frame.columns), OBSERVATION_SCHEMA, set(ledger.ADDED_COLUMNS),
                    set(), stop_at_first=False)
    on_arrow = walk(arrow_columns, list(frame.columns), OBSERVATION_SCHEMA, set(ledger.ADDED_COLUMNS), set(),
                    stop_at_first=False)
    assert on_arrow == on_lists
    assert [b.index for b in on_lists[1]] == ([] if edit is None else [edit[0] - 1])


def test_a_ledger_is_read_by_arrow_as_pandas_reads_it(workspace_copy, monkeypatch):
    path = curated(workspace_copy, "observations.csv")
    monkeypatch.setenv("MONITOR_NO_CACHE", "1")
    by_arrow = ledger.read_ledger(path, OBSERVATION_SCHEMA)
    monkeypatch.setattr(ledger, "text_columns", lambda *a: None)
    by_pandas = ledger.read_ledger(path, OBSERVATION_SCHEMA)
    pd.testing.assert_frame_equal(by_arrow, by_pandas)
    assert len(by_arrow) == 64 and by_arrow["note"].str.contains(",").any()


def test_a_ledger_with_a_column_arrow_does_not_hold_is_chained_by_python(workspace_copy):
    path = curated(workspace_copy, "observations.csv")
    frame = pandas_read(path.read_bytes())
    frame["note"] = frame["note"].astype(object)  # a column of Python objects beside Arrow's
    columns = ledger._chain_columns(frame)
    assert not any(arrow_text.is_arrow(c) for c in columns)
    assert ledger.chain_breaks(path, OBSERVATION_SCHEMA, frame)[1] == []
